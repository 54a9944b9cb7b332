//! The contact-information form, used in the blocking modal and on Configuration →
//! Contact information. Validation runs from the shared rules as the user types (after
//! they first leave a field) and on submit; the server re-validates and its codes are
//! shown in the same places.

use super::alert_contacts::AlertContactsPicker;
use super::hours::SupportHoursEditor;
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{MsgId, api_error_id, field_help_id, field_label_id, msg, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::ui::chip_input::EmailListInput;
use crate::ui::error_summary::ErrorSummary;
use leptos::prelude::*;
use portal_rules::api::{ContactInfoResponse, SaveContactInfo};
use portal_rules::contact::{self, ContactInfo, Field, ValidationContext};
use portal_rules::{ErrorCode, FieldError};
use std::collections::HashSet;

pub fn input_id(field: Field) -> String {
    format!("field-{}", field.as_str())
}

/// The field a server or client error path (e.g. `support_hours.rows[1]`) belongs to.
fn field_of(path: &str) -> Option<Field> {
    let name = path.split('.').next().unwrap_or(path);
    Field::ALL.into_iter().find(|field| field.as_str() == name)
}

/// The row index in `support_hours.rows[N]`.
fn row_of(path: &str) -> Option<usize> {
    path.strip_prefix("support_hours.rows[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

fn list_of(info: &ContactInfo, field: Field) -> Vec<String> {
    match field {
        Field::AlertContacts => info.alert_contacts.clone(),
        Field::TechnicalEmergency => info.technical_emergency.clone(),
        Field::TechnicalNonEmergency => info.technical_non_emergency.clone(),
        Field::MerchantIssues => info.merchant_issues.clone(),
        Field::OperationalGoogle => info.operational_google.clone(),
        Field::OperationalPublic => info.operational_public.clone(),
        Field::SupportHours => Vec::new(),
    }
}

fn set_list(info: &mut ContactInfo, field: Field, list: Vec<String>) {
    match field {
        Field::AlertContacts => info.alert_contacts = list,
        Field::TechnicalEmergency => info.technical_emergency = list,
        Field::TechnicalNonEmergency => info.technical_non_emergency = list,
        Field::MerchantIssues => info.merchant_issues = list,
        Field::OperationalGoogle => info.operational_google = list,
        Field::OperationalPublic => info.operational_public = list,
        Field::SupportHours => {}
    }
}

#[component]
pub fn ContactForm() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let session = portal.session();
    let can_edit = session.user.role.can_edit_contact_info();
    let uses_merchant_contact = session.account.uses_merchant_contact;
    let administrators = session.administrators.join(", ");

    let loaded = portal.contact_info.get_untracked().and_then(Result::ok);
    let draft = RwSignal::new(
        loaded
            .as_ref()
            .map(|info| info.contact.clone())
            .unwrap_or_default(),
    );
    let version = RwSignal::new(loaded.map(|info| info.version).unwrap_or_default());
    let touched = RwSignal::new(HashSet::<Field>::new());
    let submitted = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let conflict = RwSignal::new(None::<ContactInfoResponse>);
    let failure = RwSignal::new(None::<ApiError>);
    let users = portal.users;

    let client_errors = Memo::new(move |_| {
        let info = draft.get();
        // Until the user list is loaded, leave the alert-contact check to the server.
        let user_emails = users
            .get()
            .and_then(Result::ok)
            .map(|response| response.users.into_iter().map(|user| user.email).collect())
            .unwrap_or_else(|| info.alert_contacts.clone());
        let context = ValidationContext {
            environment: portal.environment.get(),
            uses_merchant_contact,
            user_emails: &user_emails,
            is_known_time_zone: &crate::intl::is_known_time_zone,
        };
        contact::validate(&info, &context).err().unwrap_or_default()
    });
    // Errors to show: for fields the user has left, or all after a submit; plus the server's.
    let visible_errors = Memo::new(move |_| {
        let (shown, touched) = (submitted.get(), touched.get());
        let mut errors: Vec<FieldError> = client_errors
            .get()
            .into_iter()
            .filter(|error| {
                shown || field_of(&error.field).is_some_and(|field| touched.contains(&field))
            })
            .collect();
        for error in server_errors.get() {
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
        errors
    });
    let errors_for = move |field: Field| {
        Signal::derive(move || {
            visible_errors
                .get()
                .iter()
                .filter(|error| error.field == field.as_str())
                .map(|error| i18n.field_error(error))
                .collect::<Vec<_>>()
        })
    };
    let leave = move |field: Field| {
        Callback::new(move |()| {
            touched.update(|set| {
                set.insert(field);
            })
        })
    };
    let edit = move |change: Box<dyn FnOnce(&mut ContactInfo)>| {
        server_errors.set(Vec::new());
        draft.update(|info| change(info));
    };

    let save = Action::new_local(move |request: &(i64, SaveContactInfo)| {
        let (expected, body) = request.clone();
        let was_blocked = portal.is_blocked_untracked();
        async move {
            match api::save_contact_info(expected, &body).await {
                Ok(saved) => {
                    // Update the form first: saving may close the modal that owns it.
                    version.set(saved.version);
                    draft.set(saved.contact.clone());
                    submitted.set(false);
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
                    dom::focus_after_render("contact-form-conflict");
                }
                Err(ApiError::Problem(problem)) if problem.code == ErrorCode::ValidationFailed => {
                    server_errors.set(problem.errors);
                    dom::focus_after_render("contact-form-summary");
                }
                Err(error) => {
                    failure.set(Some(error));
                    dom::focus_after_render("contact-form-failure");
                }
            }
        }
    });
    let busy = Signal::derive(move || !can_edit || save.pending().get());

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        submitted.set(true);
        failure.set(None);
        if !client_errors.get_untracked().is_empty() {
            dom::focus_after_render("contact-form-summary");
            return;
        }
        let body = SaveContactInfo {
            environment: portal.environment.get_untracked(),
            contact: draft.get_untracked(),
        };
        save.dispatch((version.get_untracked(), body));
    };

    let email_field = move |field: Field, note: Option<MsgId>| {
        view! {
            <EmailListInput
                input_id=input_id(field)
                label=Signal::derive(i18n.tr(field_label_id(field)))
                help=Signal::derive(i18n.tr(field_help_id(field)))
                values=Signal::derive(move || draft.with(|info| list_of(info, field)))
                on_change=Callback::new(move |list| edit(Box::new(move |info| set_list(info, field, list))))
                errors=errors_for(field)
                disabled=busy
                on_leave=leave(field)
                note=note.map(|id| Signal::derive(i18n.tr(id)))
            />
        }
    };

    view! {
        <form class="contact-form" novalidate on:submit=on_submit aria-labelledby="contact-form-heading">
            <h3 id="contact-form-heading" class="visually-hidden">{i18n.tr(msg::NAV_CONTACT_INFORMATION)}</h3>
            {(!can_edit).then(|| {
                let administrators = administrators.clone();
                view! {
                    <p class="notice notice-info" id="contact-form-read-only">
                        {move || i18n.t_with(msg::CONTACT_FORM_READ_ONLY, &[("administrators", administrators.clone().into())])}
                    </p>
                }
            })}
            <ErrorSummary
                id="contact-form-summary"
                items=Signal::derive(move || {
                    visible_errors
                        .get()
                        .iter()
                        .filter_map(|error| {
                            let field = field_of(&error.field)?;
                            Some((input_id(field), format!("{}: {}", i18n.t(field_label_id(field)), i18n.field_error(error))))
                        })
                        .collect()
                })
            />
            {move || conflict.get().map(|current| view! { <ConflictNotice current conflict draft version /> })}
            {move || failure.get().map(|error| {
                let id = api_error_id(&error);
                view! { <p class="notice notice-error" id="contact-form-failure" tabindex="-1" role="alert">{i18n.tr(id)}</p> }
            })}
            <p class="required-note">{i18n.tr(msg::CONTACT_FORM_ALL_REQUIRED)}</p>
            <AlertContactsPicker draft users errors=errors_for(Field::AlertContacts) disabled=busy on_leave=leave(Field::AlertContacts) edit=Callback::new(move |list: Vec<String>| edit(Box::new(move |info| info.alert_contacts = list))) />
            {email_field(Field::TechnicalEmergency, None)}
            {email_field(Field::TechnicalNonEmergency, None)}
            {uses_merchant_contact.then(|| email_field(Field::MerchantIssues, None))}
            {email_field(Field::OperationalGoogle, Some(msg::FIELD_OPERATIONAL_GOOGLE_NOTE))}
            {email_field(Field::OperationalPublic, Some(msg::FIELD_OPERATIONAL_PUBLIC_NOTE))}
            <SupportHoursEditor
                hours=Signal::derive(move || draft.with(|info| info.support_hours.clone()))
                on_change=Callback::new(move |hours| edit(Box::new(move |info| info.support_hours = hours)))
                field_errors=errors_for(Field::SupportHours)
                row_errors=Signal::derive(move || visible_errors.get().iter().filter_map(|error| row_of(&error.field).map(|row| (row, i18n.field_error(error)))).collect())
                disabled=busy
                on_leave=leave(Field::SupportHours)
            />
            {can_edit.then(|| view! {
                // aria-disabled, not disabled: a disabled button would drop keyboard focus.
                <button type="submit" class="button button-primary" aria-disabled=move || save.pending().get().to_string()>
                    {move || i18n.t(if save.pending().get() { msg::CONTACT_FORM_SAVING } else { msg::CONTACT_FORM_SAVE })}
                </button>
            })}
        </form>
    }
}

/// Someone else saved first. What the user typed stays; they choose what happens next.
#[component]
fn ConflictNotice(
    current: ContactInfoResponse,
    conflict: RwSignal<Option<ContactInfoResponse>>,
    draft: RwSignal<ContactInfo>,
    version: RwSignal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let latest = StoredValue::new(current);
    let load_latest = move |_| {
        let current = latest.get_value();
        version.set(current.version);
        draft.set(current.contact.clone());
        conflict.set(None);
        portal.contact_info.set(Some(Ok(current)));
    };
    let keep_mine = move |_| {
        version.set(latest.with_value(|current| current.version));
        conflict.set(None);
    };
    view! {
        <div class="notice notice-warning" id="contact-form-conflict" tabindex="-1" role="alert">
            <p>{i18n.tr(msg::CONTACT_FORM_CONFLICT)}</p>
            <button type="button" class="button" on:click=load_latest>{i18n.tr(msg::CONTACT_FORM_CONFLICT_LOAD)}</button>
            " "
            <button type="button" class="button" on:click=keep_mine>{i18n.tr(msg::CONTACT_FORM_CONFLICT_KEEP)}</button>
        </div>
    }
}
