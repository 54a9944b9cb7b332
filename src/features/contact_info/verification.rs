//! Verified contact addresses: each saved address shows whether it is confirmed (with the
//! date), still pending, failed (the mail bounced or its link expired) or without a link yet
//! (saved before verification existed), as text next to its chip (or the public contact's
//! input); Configuration → Contact information adds a
//! summary ("2 of 6 addresses are not yet confirmed") from which Administrators and Editors
//! send a link again, the result announced. The statuses come with the contact information
//! (`ContactInfoResponse::verifications`), so a save shows its new addresses as pending.

use crate::api::{self, ApiError};
use crate::i18n::{I18n, msg, use_i18n};
use crate::state::{Portal, use_announcer, use_portal};
use crate::ui::action::local_action;
use crate::ui::chip_input::ChipStatus;
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use portal_rules::verification::{self, AddressVerification, VerificationStatus};

const FAILURE_ID: &str = "verification-failure";

/// The text and style of one address's status.
pub fn status_of(i18n: I18n, entry: &AddressVerification) -> ChipStatus {
    match entry.status {
        VerificationStatus::Verified => ChipStatus {
            text: i18n.t_with(
                msg::VERIFICATION_VERIFIED,
                &[(
                    "date",
                    crate::intl::format_date(
                        i18n.locale().code(),
                        entry.verified_at.as_deref().unwrap_or_default(),
                    )
                    .into(),
                )],
            ),
            class: "status-verified",
        },
        VerificationStatus::Pending => ChipStatus {
            text: i18n.t(msg::VERIFICATION_PENDING),
            class: "status-pending",
        },
        VerificationStatus::Failed => ChipStatus {
            text: i18n.t(msg::VERIFICATION_FAILED),
            class: "status-failed",
        },
        VerificationStatus::Unsent => ChipStatus {
            text: i18n.t(msg::VERIFICATION_UNSENT),
            class: "status-pending",
        },
    }
}

/// The status of a saved address (none for one not saved yet), read reactively.
pub fn status_for(portal: Portal, i18n: I18n, address: &str) -> Option<ChipStatus> {
    portal.contact_info.with(|info| {
        let info = info.as_ref()?.as_ref().ok()?;
        verification::find(&info.verifications, address).map(|entry| status_of(i18n, entry))
    })
}

/// The chips' status callback.
pub fn chip_status(portal: Portal, i18n: I18n) -> Callback<String, Option<ChipStatus>> {
    Callback::new(move |address: String| status_for(portal, i18n, &address))
}

/// Marks `address` pending in the loaded contact information (a new link is on its way).
fn mark_pending(portal: Portal, address: &str) {
    if let Some(Ok(mut info)) = portal.contact_info.get_untracked() {
        for entry in &mut info.verifications {
            if entry.address == address {
                entry.status = VerificationStatus::Pending;
                entry.verified_at = None;
            }
        }
        portal.contact_info.set(Some(Ok(info)));
    }
}

#[component]
pub fn VerificationSummary() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let can_edit = portal
        .session
        .with_value(|session| session.user.role.can_edit_contact_info());
    let entries = Memo::new(move |_| {
        portal
            .contact_info
            .get()
            .and_then(Result::ok)
            .map(|info| info.verifications)
            .unwrap_or_default()
    });
    let failure = RwSignal::new(None::<ApiError>);
    // The address to send a link to, set by the button that dispatches (one action type for
    // every form and dialog, `ui::action`).
    let target = RwSignal::new(String::new());
    let resend = local_action(move || {
        let address = target.get_untracked();
        async move {
            match api::resend_verification(address.clone()).await {
                Ok(()) => {
                    failure.set(None);
                    announcer.announce(i18n.t_with(
                        msg::VERIFICATION_RESENT,
                        &[("address", address.clone().into())],
                    ));
                    mark_pending(portal, &address);
                }
                Err(error) => {
                    announcer.announce(i18n.api_error(&error));
                    failure.set(Some(error));
                }
            }
        }
    });
    let summary = move || {
        let (total, unconfirmed) = entries.with(|entries| {
            let open = entries
                .iter()
                .filter(|entry| entry.status != VerificationStatus::Verified)
                .count();
            (entries.len(), open)
        });
        let total_arg = ("total", i64::try_from(total).unwrap_or_default().into());
        if unconfirmed == 0 {
            i18n.t_with(msg::VERIFICATION_SUMMARY_ALL, &[total_arg])
        } else {
            let open = (
                "unconfirmed",
                i64::try_from(unconfirmed).unwrap_or_default().into(),
            );
            i18n.t_with(msg::VERIFICATION_SUMMARY, &[open, total_arg])
        }
    };
    let rows = move || {
        entries
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                let status = status_of(i18n, &entry);
                let status_id = format!("verification-{index}-status");
                // Named by its visible text and, for screen readers, the address.
                let button =
                    (can_edit && entry.status != VerificationStatus::Verified).then(|| {
                        // An address that never had a link gets its first one.
                        let label = if entry.status == VerificationStatus::Unsent {
                            msg::VERIFICATION_SEND
                        } else {
                            msg::VERIFICATION_RESEND
                        };
                        let address = entry.address.clone();
                        let hidden = format!(" {address}");
                        view! {
                            <button
                                type="button"
                                class="button button-small"
                                aria-describedby=status_id.clone()
                                aria-disabled=move || resend.pending().get().to_string()
                                on:click=move |_| {
                                    if !resend.pending().get_untracked() {
                                        target.set(address.clone());
                                        resend.dispatch(());
                                    }
                                }
                            >
                                {i18n.tr(label)}
                                <span class="visually-hidden">{hidden}</span>
                            </button>
                        }
                    });
                view! {
                    <li>
                        <span class="verification-address">{entry.address}</span>
                        " "
                        <span id=status_id class=format!("chip-status {}", status.class)>
                            {status.text}
                        </span>
                        {button}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !entries.with(Vec::is_empty)>
            <section class="verification" aria-labelledby="verification-heading">
                <h2 id="verification-heading" class="section-heading">
                    {i18n.tr(msg::VERIFICATION_HEADING)}
                </h2>
                <p>{i18n.tr(msg::VERIFICATION_INTRO)}</p>
                <p class="verification-summary">{summary}</p>
                <FailureNotice id=FAILURE_ID failure />
                <ul class="verification-list">{rows}</ul>
            </section>
        </Show>
    }
}
