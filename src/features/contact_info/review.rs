//! The periodic review: once the server says the contact information is due for review
//! (`review_due`: its re-confirmation period has passed), editors see a banner on every
//! signed-in page asking them to check it, with "Still correct" (records the confirmation)
//! and "Review" (the full form on Configuration → Contact information). Not a dialog: it
//! blocks nothing. Incomplete contact information is the blocking modal's job, not this.

use crate::api::{self, ApiError};
use crate::i18n::{msg, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::ui::action::local_action;
use crate::ui::status::ErrorNotice;
use leptos::prelude::*;
use portal_rules::ErrorCode;

/// Where "Review" leads: the full form (which also offers a kept draft back).
pub const FORM_PATH: &str = "/configuration/contact-information";

#[component]
pub fn ReviewBanner() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let can_edit = portal
        .session
        .with_value(|session| session.user.role.can_edit_contact_info());
    // The version due for review and when it was last confirmed, while one is due and the
    // contact information is complete for the active environment.
    let due = Memo::new(move |_| {
        let environment = portal.environment.get();
        portal
            .contact_info
            .get()
            .and_then(Result::ok)
            .filter(|info| {
                can_edit && info.review_due && info.completeness.is_complete(environment)
            })
            .map(|info| (info.version, info.confirmed_at))
    });
    let failure = RwSignal::new(None::<ApiError>);
    let confirm = local_action(move || {
        let version = due.get_untracked().map(|(version, _)| version);
        async move {
            let Some(version) = version else { return };
            match api::confirm_contact_info(version).await {
                Ok(confirmed) => {
                    failure.set(None);
                    announcer.announce(i18n.t(msg::REVIEW_CONFIRMED));
                    // Not due any more: the banner goes.
                    portal.contact_info.set(Some(Ok(confirmed)));
                }
                Err(ApiError::Problem(problem))
                    if problem.code == ErrorCode::PreconditionFailed =>
                {
                    // Someone saved or confirmed it meanwhile: show what the server has (a
                    // save or confirmation by somebody else ends the review) and say so.
                    let current = problem.current.clone();
                    failure.set(Some(ApiError::Problem(problem)));
                    if let Some(current) = current {
                        portal.contact_info.set(Some(Ok(current)));
                    }
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let text = move |confirmed_at: Option<String>| match confirmed_at {
        Some(at) => {
            let date = crate::intl::format_date(i18n.locale().code(), &at);
            i18n.t_with(msg::REVIEW_DUE, &[("date", date.into())])
        }
        None => i18n.t(msg::REVIEW_DUE_NEVER),
    };
    let content = move || {
        due.get().map(|(_, confirmed_at)| {
            view! {
                <section
                    class="review-banner notice notice-info"
                    aria-label=move || i18n.t(msg::REVIEW_BANNER_LABEL)
                >
                    <p>{move || text(confirmed_at.clone())}</p>
                    <div class="review-banner-actions">
                        <button
                            type="button"
                            class="button button-primary"
                            id="review-still-correct"
                            aria-disabled=move || confirm.pending().get().then_some("true")
                            on:click=move |_| {
                                if !confirm.pending().get_untracked() {
                                    confirm.dispatch(());
                                }
                            }
                        >
                            {i18n.tr(msg::REVIEW_STILL_CORRECT)}
                        </button>
                        <a class="button" href=FORM_PATH id="review-open-form">
                            {i18n.tr(msg::REVIEW_OPEN_FORM)}
                        </a>
                    </div>
                    {move || {
                        failure
                            .get()
                            .map(|error| {
                                view! {
                                    <ErrorNotice
                                        error
                                        retry=move |()| {
                                            if !confirm.pending().get_untracked() {
                                                confirm.dispatch(());
                                            }
                                        }
                                    />
                                }
                            })
                    }}
                </section>
            }
        })
    };
    view! { {move || content()} }
}
