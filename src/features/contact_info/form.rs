//! The contact-information form, used in the blocking modal and on Configuration →
//! Contact information. Validation runs from the shared rules as the user types (after
//! they first leave a field) and on submit; the server re-validates and its codes are
//! shown in the same places.

use super::alert_contacts::AlertContactsPicker;
use super::conflict::{CONFLICT_ID, ConflictNotice};
use super::hours::{RowError, SupportHoursEditor, control_id};
use super::labels::{is_required, required_marker_id};
use super::public_contact::PublicContactInput;
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{MsgId, field_help_id, field_label_id, msg, use_i18n};
use crate::state::{Portal, use_announcer, use_live_feed, use_portal};
use crate::ui::chip_input::EmailListInput;
use crate::ui::deferred::Deferred;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{FormErrors, FormField, FormSpec, SubmitButton};
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use portal_rules::api::{ContactInfoResponse, SaveContactInfo};
use portal_rules::contact::{self, ContactInfo, Field, ValidationContext, row_target};
use portal_rules::model::Environment;
use portal_rules::{ErrorCode, FieldError};

const fn form_field(field: Field, input_id: &'static str) -> FormField {
    FormField {
        rule: field.as_str(),
        input_id,
        label: field_label_id(field),
    }
}

/// Input ids are `field-<rule>`, which the pickers' hints and errors build on.
const FORM: FormSpec = FormSpec {
    summary_id: "contact-form-summary",
    failure_id: "contact-form-failure",
    fields: &[
        form_field(Field::AlertContacts, "field-alert_contacts"),
        form_field(Field::TechnicalEmergency, "field-technical_emergency"),
        form_field(
            Field::TechnicalNonEmergency,
            "field-technical_non_emergency",
        ),
        form_field(Field::MerchantIssues, "field-merchant_issues"),
        form_field(Field::OperationalGoogle, "field-operational_google"),
        form_field(Field::OperationalPublic, "field-operational_public"),
        form_field(Field::SupportHours, "field-support_hours"),
    ],
};

/// Where the error summary's link for an error of a support-hours row leads: the control
/// the error is about.
fn error_target(error: &FieldError) -> Option<String> {
    row_target(&error.field).map(|(row, part)| control_id(row, part))
}

/// The shared rules applied to the draft, in the active environment.
fn client_errors(
    portal: Portal,
    draft: RwSignal<ContactInfo>,
) -> Memo<Vec<portal_rules::FieldError>> {
    let uses_merchant_contact = portal
        .session
        .with_value(|session| session.account.uses_merchant_contact);
    Memo::new(move |_| {
        let info = draft.get();
        // Until the user list is loaded, leave the alert-contact check to the server.
        let user_emails = portal.users.get().and_then(Result::ok).map_or_else(
            || info.alert_contacts.clone(),
            |response| response.users.into_iter().map(|user| user.email).collect(),
        );
        let context = ValidationContext {
            environment: portal.environment.get(),
            uses_merchant_contact,
            user_emails: &user_emails,
            is_known_time_zone: &crate::intl::is_known_time_zone,
        };
        contact::validate(&info, &context).err().unwrap_or_default()
    })
}

/// Saves the draft against `version`. A conflict keeps what the user typed and shows what
/// the server has; a save that completes the contact information unlocks the portal.
fn save_action(
    draft: RwSignal<ContactInfo>,
    version: RwSignal<i64>,
    conflict: RwSignal<Option<ContactInfoResponse>>,
    errors: FormErrors,
) -> Action<(), ()> {
    let (i18n, portal, announcer) = (use_i18n(), use_portal(), use_announcer());
    // Reads what it sends when dispatched: every form's and dialog's action is an
    // `Action<(), ()>`, which the wasm holds once.
    Action::new_local(move |(): &()| {
        let expected = version.get_untracked();
        let body = SaveContactInfo {
            environment: portal.environment.get_untracked(),
            contact: draft.get_untracked(),
        };
        let was_blocked = portal.is_blocked_untracked();
        async move {
            match api::save_contact_info(expected, &body).await {
                Ok(saved) => {
                    // Update the form first: saving may close the modal that owns it.
                    version.set(saved.version);
                    draft.set(saved.contact.clone());
                    errors.end_submit();
                    let environment = portal.environment.get_untracked();
                    let unlocked = was_blocked && saved.completeness.is_complete(environment);
                    announcer.announce(i18n.t(if unlocked {
                        msg::CONTACT_FORM_UNLOCKED
                    } else {
                        msg::CONTACT_FORM_SAVED
                    }));
                    portal.contact_info.set(Some(Ok(saved)));
                    if unlocked {
                        // The modal is gone after this frame; give focus to the page.
                        dom::focus_after_render("page-heading");
                    }
                }
                Err(ApiError::Problem(problem))
                    if problem.code == ErrorCode::PreconditionFailed
                        && problem.current.is_some() =>
                {
                    conflict.set(problem.current);
                    dom::focus_after_render(CONFLICT_ID);
                }
                Err(error) => errors.show_failure(error),
            }
        }
    })
}

/// Live updates: a newer version saved elsewhere (the portal reloads it when the live feed
/// says so) replaces the draft only if it has no unsaved edits, i.e. still equals the
/// version it was loaded from. Edits are never overwritten: the form keeps them and says
/// so (the true return), and saving then meets the 412 that lets the user compare.
fn follow_newer_versions(
    portal: Portal,
    draft: RwSignal<ContactInfo>,
    version: RwSignal<i64>,
) -> RwSignal<bool> {
    let kept = RwSignal::new(false);
    let base = StoredValue::new(draft.get_untracked());
    Effect::new(move |_| {
        let Some(Ok(current)) = portal.contact_info.get() else {
            return;
        };
        let mine = version.get_untracked();
        if current.version < mine {
            return;
        }
        if current.version == mine {
            // Loaded or saved here: what the draft is compared with from now on.
            base.set_value(current.contact);
            kept.set(false);
        } else if draft.with_untracked(|draft| base.with_value(|base| draft == base)) {
            version.set(current.version);
            draft.set(current.contact.clone());
            base.set_value(current.contact);
            kept.set(false);
        } else {
            kept.set(true);
        }
    });
    kept
}

/// "Anna saved changes. Your edits are kept; …", naming who made the latest change.
#[component]
fn KeptEditsNotice() -> impl IntoView {
    let i18n = use_i18n();
    let latest = use_live_feed().map(|feed| feed.latest);
    let text = move || {
        let name = latest
            .and_then(|latest| latest.get())
            .filter(|change| change.kind.is_contact_info())
            .and_then(|change| change.actor_name);
        match name {
            Some(name) => i18n.t_with(msg::LIVE_DRAFT_KEPT, &[("name", name.into())]),
            None => i18n.t(msg::LIVE_DRAFT_KEPT_UNNAMED),
        }
    };
    view! { <p class="notice notice-info" id="contact-form-live-kept">{move || text()}</p> }
}

/// Why a Read-only user cannot save, and whom to ask.
#[component]
fn ReadOnlyNotice(administrators: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        i18n.t_with(
            msg::CONTACT_FORM_READ_ONLY,
            &[("administrators", i18n.list(&administrators).into())],
        )
    };
    view! { <p class="notice notice-info" id="contact-form-read-only">{move || text()}</p> }
}

#[component]
pub fn ContactForm() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let session = portal.session();
    let can_edit = session.user.role.can_edit_contact_info();
    let uses_merchant_contact = session.account.uses_merchant_contact;

    let loaded = portal.contact_info.get_untracked().and_then(Result::ok);
    let draft = RwSignal::new(
        loaded
            .as_ref()
            .map(|info| info.contact.clone())
            .unwrap_or_default(),
    );
    let version = RwSignal::new(loaded.map(|info| info.version).unwrap_or_default());
    let conflict = RwSignal::new(None::<ContactInfoResponse>);
    let errors = FormErrors::new(&FORM, client_errors(portal, draft));

    let save = save_action(draft, version, conflict, errors);
    let kept = follow_newer_versions(portal, draft, version);
    let busy = Signal::derive(move || !can_edit || save.pending().get());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if errors.start_submit(save.pending().get_untracked()) {
            save.dispatch(());
        }
    };

    // Any edit drops the server's errors: they were about the draft as it was.
    let edit = move |change: Box<dyn FnOnce(&mut ContactInfo)>| {
        errors.clear_server();
        draft.update(|info| change(info));
    };
    let set_list = move |field: Field| {
        Callback::new(move |list: Vec<String>| {
            edit(Box::new(move |info| {
                if let Some(target) = info.list_mut(field) {
                    *target = list;
                }
            }));
        })
    };
    let leave = move |field: Field| Callback::new(move |()| errors.touch(field.as_str()));
    let environment = Signal::derive(move || portal.environment.get());
    let marker = move |field: Field| {
        Signal::derive(move || i18n.t(required_marker_id(field, environment.get())))
    };
    let email_field = move |field: Field, note: Option<MsgId>| {
        view! {
            <EmailListInput
                input_id=errors.input_id(field.as_str())
                label=Signal::derive(i18n.tr(field_label_id(field)))
                help=Signal::derive(i18n.tr(field_help_id(field)))
                values=Signal::derive(move || draft.with(|info| info.list(field).to_vec()))
                on_change=set_list(field)
                errors=errors.messages(field.as_str())
                disabled=busy
                on_leave=leave(field)
                note=note.map(|id| Signal::derive(i18n.tr(id)))
                marker=Some(marker(field))
                required=Signal::derive(move || is_required(field, environment.get()))
            />
        }
    };
    let row_errors = Signal::derive(move || {
        errors.visible().with(|visible| {
            visible
                .iter()
                .filter_map(|error| {
                    let (row, part) = row_target(&error.field)?;
                    Some(RowError {
                        row,
                        part,
                        message: i18n.field_error(error),
                    })
                })
                .collect()
        })
    });
    // A memo, not a derived signal: the editor reads the hours in every control of every
    // row, and an edit elsewhere (an address added) must not re-run and clone them all.
    let support_hours = Memo::new(move |_| draft.with(|info| info.support_hours.clone()));
    // True in Sandbox too: there every field shown but the alert contacts is required.
    let required_note = move || {
        i18n.t(match environment.get() {
            Environment::Production => msg::CONTACT_FORM_ALL_REQUIRED,
            Environment::Sandbox => msg::CONTACT_FORM_ALL_REQUIRED_SANDBOX,
        })
    };

    view! {
        <form
            class="contact-form"
            novalidate
            on:submit=on_submit
            aria-labelledby="contact-form-heading"
        >
            <h2 id="contact-form-heading" class="visually-hidden">
                {i18n.tr(msg::NAV_CONTACT_INFORMATION)}
            </h2>
            {(!can_edit)
                .then(|| view! { <ReadOnlyNotice administrators=session.administrators /> })}
            <ErrorSummary id=FORM.summary_id items=errors.summary_items_with(error_target) />
            {move || {
                conflict
                    .get()
                    .map(|current| view! { <ConflictNotice current conflict draft version /> })
            }}
            <div role="status">
                {move || kept.get().then(|| view! { <KeptEditsNotice /> })}
            </div>
            <FailureNotice id=FORM.failure_id failure=errors.failure() />
            <p class="required-note">{move || required_note()}</p>
            <AlertContactsPicker
                draft
                errors=errors.messages(Field::AlertContacts.as_str())
                disabled=busy
                on_leave=leave(Field::AlertContacts)
                on_change=set_list(Field::AlertContacts)
            />
            {email_field(Field::TechnicalEmergency, None)}
            // Below the fold in the modal: built after the first paint (see `Deferred`).
            <Deferred>
                {email_field(Field::TechnicalNonEmergency, None)}
                {uses_merchant_contact
                    .then(|| email_field(Field::MerchantIssues, Some(msg::FIELD_MERCHANT_ISSUES_NOTE)))}
                {email_field(Field::OperationalGoogle, Some(msg::FIELD_OPERATIONAL_GOOGLE_NOTE))}
                <PublicContactInput
                    draft
                    on_change=set_list(Field::OperationalPublic)
                    errors=errors.messages(Field::OperationalPublic.as_str())
                    disabled=busy
                    on_leave=leave(Field::OperationalPublic)
                />
                <SupportHoursEditor
                    hours=support_hours.into()
                    on_change=Callback::new(move |hours| {
                        edit(Box::new(move |info| info.support_hours = hours));
                    })
                    field_errors=errors.messages(Field::SupportHours.as_str())
                    row_errors
                    disabled=busy
                    on_leave=leave(Field::SupportHours)
                    marker=marker(Field::SupportHours)
                />
                {can_edit
                    .then(|| {
                        view! {
                            <SubmitButton
                                pending=save.pending()
                                label=msg::CONTACT_FORM_SAVE
                                pending_label=msg::CONTACT_FORM_SAVING
                            />
                        }
                    })}
            </Deferred>
        </form>
    }
}
