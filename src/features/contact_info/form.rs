//! The contact-information form, used in the blocking modal and on Configuration →
//! Contact information. Validation runs from the shared rules as the user types (after
//! they first leave a field) and on submit; the server re-validates and its codes are
//! shown in the same places.
//!
//! What the user types is kept as a draft in browser storage (per account, user and form)
//! until it is saved or discarded, and offered back when the form opens again. A save
//! that meets someone else's save shows a three-way comparison ([`ConflictMerge`]); if
//! the other save changed no field (only "Still correct"), the save is simply repeated
//! against the new version.

use super::alert_contacts::AlertContactsPicker;
use super::conflict::{CONFLICT_ID, ConflictMerge};
use super::hours::{RowError, SupportHoursEditor, control_id};
use super::labels::{is_required, required_marker_id};
use super::public_contact::PublicContactInput;
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{MsgId, field_help_id, field_label_id, msg, use_i18n};
use crate::state::{Portal, use_announcer, use_live_feed, use_portal};
use crate::storage::{Draft, DraftForm, DraftStore};
use crate::ui::chip_input::EmailListInput;
use crate::ui::deferred::Deferred;
use crate::ui::draft_offer::DraftOffer;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{FormErrors, FormField, FormSpec, SubmitButton};
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use portal_rules::api::{ContactInfoResponse, SaveContactInfo};
use portal_rules::contact::{self, ContactInfo, Field, ValidationContext, merge, row_target};
use portal_rules::model::Environment;
use portal_rules::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

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

/// What the form keeps in browser storage: what the user typed and the version it was
/// typed on (so a restored draft still merges three ways if the server moved on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ContactDraft {
    version: i64,
    base: ContactInfo,
    mine: ContactInfo,
    /// Text still in a list's box, not yet added as an address; added on restore.
    #[serde(default)]
    unadded: Vec<(Field, String)>,
}

/// The form's editing state, for views inside it that must not overwrite unsaved work
/// (e.g. a notice that someone else changed the contact information): `dirty` is true
/// while what the user typed differs from the version they started from.
#[derive(Debug, Clone, Copy)]
pub struct ContactFormState {
    pub dirty: Memo<bool>,
}

/// The form's working copy: what the user typed (`draft`), the version it started from
/// (`base` at `version`), and its stored copy.
#[derive(Clone, Copy)]
struct Editing {
    draft: RwSignal<ContactInfo>,
    base: RwSignal<ContactInfo>,
    version: RwSignal<i64>,
    store: StoredValue<DraftStore>,
    unadded: StoredValue<Vec<(Field, String)>>,
}

impl Editing {
    /// Stores the working copy as a draft, or drops the draft when nothing is changed.
    /// Called on every keystroke, so stored soon rather than now (`keep_soon`): the
    /// keystroke is painted first.
    fn remember(self) {
        let value = ContactDraft {
            version: self.version.get_untracked(),
            base: self.base.get_untracked(),
            mine: self.draft.get_untracked(),
            unadded: self.unadded.get_value(),
        };
        let unchanged = value.mine == value.base && value.unadded.is_empty();
        self.store
            .with_value(|store| store.keep_soon(value, unchanged));
    }

    /// The server's version is now the one the user works on (after a save, or loading it).
    fn start_from(self, version: i64, contact: ContactInfo) {
        self.version.set(version);
        self.base.set(contact.clone());
        self.draft.set(contact);
        self.unadded.set_value(Vec::new());
        self.store.with_value(DraftStore::clear);
    }

    /// What is in `field`'s text box now (empty once it was added as an address).
    fn set_unadded(self, field: Field, text: &str) {
        self.unadded.update_value(|unadded| {
            unadded.retain(|(other, _)| *other != field);
            if !text.trim().is_empty() {
                unadded.push((field, text.trim().to_owned()));
            }
        });
    }
}

/// The draft with the text left in list boxes added as addresses (the user sees and can
/// correct them; nothing typed is lost).
fn with_unadded(mut draft: ContactDraft) -> ContactDraft {
    for (field, text) in std::mem::take(&mut draft.unadded) {
        if let Some(list) = draft.mine.list_mut(field)
            && !list.contains(&text)
        {
            list.push(text);
        }
    }
    draft
}

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
    editing: Editing,
    conflict: RwSignal<Option<ContactInfoResponse>>,
    errors: FormErrors,
) -> Action<(), ()> {
    let Editing {
        draft,
        base,
        version,
        ..
    } = editing;
    let (i18n, portal, announcer) = (use_i18n(), use_portal(), use_announcer());
    // Reads what it sends when dispatched: every form's and dialog's action is an
    // `Action<(), ()>`, which the wasm holds once.
    Action::new_local(move |(): &()| {
        let mut expected = version.get_untracked();
        let body = SaveContactInfo {
            environment: portal.environment.get_untracked(),
            contact: draft.get_untracked(),
        };
        let was_blocked = portal.is_blocked_untracked();
        async move {
            let mut result = api::save_contact_info(expected, &body).await;
            // Another save that changed no field (only "Still correct") needs no question:
            // save again against its version, once.
            if let Err(ApiError::Problem(problem)) = &result
                && problem.code == ErrorCode::PreconditionFailed
                && let Some(current) = &problem.current
                && current.version != expected
                && base.with_untracked(|base| merge::theirs_unchanged(base, &current.contact))
            {
                expected = current.version;
                version.set(expected);
                editing.remember();
                result = api::save_contact_info(expected, &body).await;
            }
            match result {
                Ok(saved) => {
                    // Update the form first: saving may close the modal that owns it.
                    editing.start_from(saved.version, saved.contact.clone());
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
fn follow_newer_versions(portal: Portal, editing: Editing) -> RwSignal<bool> {
    let kept = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(Ok(current)) = portal.contact_info.get() else {
            return;
        };
        let mine = editing.version.get_untracked();
        if current.version <= mine {
            // Loaded or saved here (the save starts the form from its answer).
            kept.set(false);
        } else if editing
            .draft
            .with_untracked(|draft| editing.base.with_untracked(|base| draft == base))
            && editing.unadded.with_value(Vec::is_empty)
        {
            // Not `start_from`: a stored draft still on offer must stay stored.
            editing.version.set(current.version);
            editing.base.set(current.contact.clone());
            editing.draft.set(current.contact);
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
    let loaded_contact = loaded
        .as_ref()
        .map(|info| info.contact.clone())
        .unwrap_or_default();
    let draft = RwSignal::new(loaded_contact.clone());
    let base = RwSignal::new(loaded_contact.clone());
    let version = RwSignal::new(loaded.map(|info| info.version).unwrap_or_default());
    let store = DraftStore::new(DraftForm::ContactInfo, &session);
    // A draft is offered while it says something the server does not have.
    let stored = store.offer(|stored: &ContactDraft| {
        can_edit && (stored.mine != loaded_contact || !stored.unadded.is_empty())
    });
    let editing = Editing {
        draft,
        base,
        version,
        store: StoredValue::new(store),
        unadded: StoredValue::new(Vec::new()),
    };
    let offer = RwSignal::new(stored);
    let dirty = Memo::new(move |_| draft.with(|mine| base.with(|base| mine != base)));
    provide_context(ContactFormState { dirty });
    let conflict = RwSignal::new(None::<ContactInfoResponse>);
    let errors = FormErrors::new(&FORM, client_errors(portal, draft));

    let save = save_action(editing, conflict, errors);
    let kept = follow_newer_versions(portal, editing);
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
        editing.remember();
    };
    let restore = Callback::new(move |()| {
        if let Some(Draft { value, .. }) = offer.get_untracked() {
            let value = with_unadded(value);
            errors.clear_server();
            version.set(value.version);
            base.set(value.base);
            draft.set(value.mine);
            offer.set(None);
            editing.remember();
        }
    });
    // What the user typed since the offer showed stays stored.
    let discard = Callback::new(move |()| {
        offer.set(None);
        editing.remember();
    });
    if let Some(Draft { saved_at, .. }) = offer.get_untracked() {
        let announcer = use_announcer();
        announcer.announce(i18n.t_with(
            msg::DRAFT_OFFER,
            &[("date", i18n.date_time(&saved_at).into())],
        ));
    }
    let merge_save = Callback::new(move |merged: ContactInfo| {
        if let Some(current) = conflict.get_untracked() {
            version.set(current.version);
            base.set(current.contact);
            draft.set(merged);
            conflict.set(None);
            editing.remember();
            if errors.start_submit(save.pending().get_untracked()) {
                save.dispatch(());
            }
        }
    });
    let load_latest = Callback::new(move |()| {
        if let Some(current) = conflict.get_untracked() {
            errors.clear_server();
            editing.start_from(current.version, current.contact.clone());
            conflict.set(None);
            portal.contact_info.set(Some(Ok(current)));
        }
    });
    // Text typed into a list's box is kept before it becomes an address (the list's own
    // change, below, then forgets it).
    let on_input = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let field = input.id().strip_prefix("field-").and_then(Field::parse);
        if let Some(field) =
            field.filter(|field| !matches!(field, Field::OperationalPublic | Field::SupportHours))
        {
            editing.set_unadded(field, &input.value());
            editing.remember();
        }
    };
    let set_list = move |field: Field| {
        Callback::new(move |list: Vec<String>| {
            editing.set_unadded(field, "");
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
    let chip_status = super::verification::chip_status(portal, i18n);
    let email_field = move |field: Field, note: Option<MsgId>| {
        view! {
            <EmailListInput
                input_id=errors.input_id(field.as_str())
                label=Signal::derive(i18n.tr(field_label_id(field)))
                help=Signal::derive(i18n.tr(field_help_id(field)))
                // A memo: its chips re-render when this list changes, not on every edit.
                values=Memo::new(move |_| draft.with(|info| info.list(field).to_vec())).into()
                on_change=set_list(field)
                errors=errors.messages(field.as_str())
                disabled=busy
                on_leave=leave(field)
                note=note.map(|id| Signal::derive(i18n.tr(id)))
                marker=Some(marker(field))
                required=Signal::derive(move || is_required(field, environment.get()))
                chip_status=chip_status
            />
        }
    };
    // A memo: every hours row reads it, and each read of a derived signal would localize
    // every row's errors again.
    let row_errors = Memo::new(move |_| {
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
            on:input=on_input
            aria-labelledby="contact-form-heading"
        >
            <h2 id="contact-form-heading" class="visually-hidden">
                {i18n.tr(msg::NAV_CONTACT_INFORMATION)}
            </h2>
            {(!can_edit)
                .then(|| view! { <ReadOnlyNotice administrators=session.administrators /> })}
            <ErrorSummary id=FORM.summary_id items=errors.summary_items_with(error_target) />
            <DraftOffer
                id="contact-form-draft"
                saved_at=Signal::derive(move || {
                    offer.with(|offer| offer.as_ref().map(|draft| draft.saved_at.clone()))
                })
                on_restore=restore
                on_discard=discard
                next_focus="field-technical_emergency"
            />
            {move || {
                conflict
                    .get()
                    .map(|current| {
                        view! {
                            <ConflictMerge
                                theirs=current.contact
                                base
                                mine=draft
                                on_save=merge_save
                                on_load_latest=load_latest
                            />
                        }
                    })
            }}
            <div role="status">
                {move || kept.get().then(|| view! { <KeptEditsNotice /> })}
            </div>
            <FailureNotice id=FORM.failure_id failure=errors.failure() />
            <p class="required-note">{move || required_note()}</p>
            // The fields are built after the modal's first paint, a few per task (see
            // `Deferred`): built with it, they made its first render one long task on a
            // phone. Each group comes after what is above it, so nothing on screen moves.
            <Deferred>
                <AlertContactsPicker
                    draft
                    errors=errors.messages(Field::AlertContacts.as_str())
                    disabled=busy
                    on_leave=leave(Field::AlertContacts)
                    on_change=set_list(Field::AlertContacts)
                />
                {email_field(Field::TechnicalEmergency, None)}
            </Deferred>
            <Deferred>
                {email_field(Field::TechnicalNonEmergency, None)}
                {uses_merchant_contact
                    .then(|| email_field(Field::MerchantIssues, Some(msg::FIELD_MERCHANT_ISSUES_NOTE)))}
                {email_field(Field::OperationalGoogle, Some(msg::FIELD_OPERATIONAL_GOOGLE_NOTE))}
            </Deferred>
            <Deferred>
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
                    row_errors=row_errors.into()
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
