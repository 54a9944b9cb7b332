//! The form that opens a support case, checked with the shared rule.

use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{api_error_id, environment_id, msg, support_category_id, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{FieldErrorMessage, FormErrors, FormField, TextField};
use leptos::prelude::*;
use portal_rules::ErrorCode;
use portal_rules::model::Environment;
use portal_rules::support::{
    self, MAX_DESCRIPTION_CHARS, NewSupportCase, SupportCase, SupportCategory,
};

const FIELDS: [FormField; 4] = [
    ("subject", "support-subject", msg::SUPPORT_SUBJECT_LABEL),
    (
        "description",
        "support-description",
        msg::SUPPORT_DESCRIPTION_LABEL,
    ),
    ("reply_to", "support-reply-to", msg::SUPPORT_REPLY_TO_LABEL),
    ("category", "support-category", msg::SUPPORT_CATEGORY_LABEL),
];

/// `on_created` is notified when a case was opened.
#[component]
pub fn SupportCaseForm(on_created: Trigger) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let category = RwSignal::new(SupportCategory::ContactInformation);
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let reply_to = RwSignal::new(
        portal
            .session
            .with_value(|session| session.user.email.clone()),
    );
    let environment = RwSignal::new(Some(portal.environment.get_untracked()));
    // One key per draft: a retried submit of the same draft never opens two cases.
    let idempotency_key = RwSignal::new(dom::random_id());
    let failure = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<SupportCase>);

    let draft = move || NewSupportCase {
        category: category.get(),
        subject: subject.get(),
        description: description.get(),
        reply_to: reply_to.get(),
        environment: environment.get(),
    };
    let errors = FormErrors::new(
        &FIELDS,
        Memo::new(move |_| support::validate_case(&draft()).err().unwrap_or_default()),
    );

    let send = Action::new_local(move |(key, case): &(String, NewSupportCase)| {
        let (key, case) = (key.clone(), case.clone());
        async move {
            match api::create_support_case(&key, &case).await {
                Ok(case) => {
                    announcer.announce(i18n.t_with(
                        msg::SUPPORT_CREATED,
                        &[("reference", case.reference.clone().into())],
                    ));
                    created.set(Some(case));
                    subject.set(String::new());
                    description.set(String::new());
                    errors.reset();
                    idempotency_key.set(dom::random_id());
                    on_created.notify();
                }
                Err(ApiError::Problem(problem)) if problem.code == ErrorCode::ValidationFailed => {
                    errors.show_server(problem.errors);
                    dom::focus_after_render("support-summary");
                }
                Err(error) => {
                    failure.set(Some(error));
                    dom::focus_after_render("support-failure");
                }
            }
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        failure.set(None);
        if !errors.begin_submit() {
            dom::focus_after_render("support-summary");
            return;
        }
        send.dispatch((idempotency_key.get_untracked(), untrack(draft)));
    };

    let count = move || description.with(|text| text.trim().chars().count());

    view! {
        <form class="support-form" novalidate on:submit=on_submit aria-labelledby="support-form-heading">
            <h4 id="support-form-heading">{i18n.tr(msg::SUPPORT_FORM_HEADING)}</h4>
            {move || created.get().map(|case| view! {
                <p class="notice notice-success" id="support-created">
                    {move || i18n.t_with(msg::SUPPORT_CREATED, &[("reference", case.reference.clone().into())])}
                </p>
            })}
            {move || failure.get().map(|error| {
                let id = api_error_id(&error);
                view! { <p class="notice notice-error" id="support-failure" tabindex="-1" role="alert">{i18n.tr(id)}</p> }
            })}
            <ErrorSummary
                id="support-summary"
                items=errors.summary_items()
            />
            <div class="form-field">
                <label for="support-category">{i18n.tr(msg::SUPPORT_CATEGORY_LABEL)}</label>
                <select id="support-category" on:change:target=move |event| {
                    if let Some(value) = SupportCategory::parse(&event.target().value()) {
                        category.set(value);
                    }
                }>
                    {SupportCategory::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() prop:selected=move || category.get() == option>{i18n.tr(support_category_id(option))}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField errors field="subject" value=subject maxlength=200 />
            <div class="form-field">
                <label for="support-description">{i18n.tr(msg::SUPPORT_DESCRIPTION_LABEL)}</label>
                <textarea
                    id="support-description"
                    rows="6"
                    prop:value=move || description.get()
                    aria-invalid=errors.invalid("description")
                    aria-describedby=errors.described_by("description", Some("support-description-counter"))
                    on:input:target=move |event| description.set(event.target().value())
                    on:blur=move |_| errors.touch("description")
                ></textarea>
                <p class="hint" id="support-description-counter">
                    {move || i18n.t_with(msg::SUPPORT_DESCRIPTION_COUNTER, &[("count", count().into()), ("max", MAX_DESCRIPTION_CHARS.into())])}
                </p>
                <FieldErrorMessage errors field="description" />
            </div>
            <TextField errors field="reply_to" value=reply_to input_type="email" autocomplete="email" />
            <div class="form-field">
                <label for="support-environment">{i18n.tr(msg::SUPPORT_ENVIRONMENT_LABEL)}</label>
                <select id="support-environment" on:change:target=move |event| environment.set(Environment::parse(&event.target().value()))>
                    <option value="" prop:selected=move || environment.get().is_none()>{i18n.tr(msg::SUPPORT_ENVIRONMENT_NONE)}</option>
                    {Environment::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() prop:selected=move || environment.get() == Some(option)>{i18n.tr(environment_id(option))}</option>
                    }).collect_view()}
                </select>
            </div>
            // aria-disabled, not disabled: a disabled button would drop keyboard focus.
            <button type="submit" class="button button-primary" aria-disabled=move || send.pending().get().to_string()>
                {move || i18n.t(if send.pending().get() { msg::SUPPORT_SUBMITTING } else { msg::SUPPORT_SUBMIT })}
            </button>
        </form>
    }
}
