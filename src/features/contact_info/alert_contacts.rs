//! Alert contacts are chosen from the account's users (a picker, not free text), and only
//! in Production: there they are required; in Sandbox the picker is read-only and its note
//! says why (and, for an account without Production, that none are needed yet).

use super::labels::{RequiredMarker, required_marker_id};
use crate::i18n::{api_error_id, msg, use_i18n};
use crate::state::use_portal;
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::contact::{ContactInfo, Field};
use portal_rules::model::Environment;

const HELP_ID: &str = "field-alert_contacts-help";
const NOTE_ID: &str = "field-alert_contacts-note";
const ERROR_ID: &str = "field-alert_contacts-error";

#[component]
pub fn AlertContactsPicker(
    draft: RwSignal<ContactInfo>,
    /// Localized errors of the field.
    errors: Signal<Vec<String>>,
    disabled: Signal<bool>,
    on_leave: Callback<()>,
    /// Gets the new list of chosen addresses.
    on_change: Callback<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let production_enabled = portal
        .session
        .with_value(|session| session.account.production_enabled);
    let environment = Signal::derive(move || portal.environment.get());
    let in_sandbox = move || environment.get() == Environment::Sandbox;
    let is_chosen = move |email: &str| {
        draft.with(|info| {
            info.alert_contacts
                .iter()
                .any(|chosen| chosen.eq_ignore_ascii_case(email))
        })
    };
    let choose = move |email: &str, checked: bool| {
        let mut list = draft.with_untracked(|info| info.alert_contacts.clone());
        list.retain(|chosen| !chosen.eq_ignore_ascii_case(email));
        if checked {
            list.push(email.to_owned());
        }
        on_change.run(list);
    };
    let note = move || {
        i18n.t(match (in_sandbox(), production_enabled) {
            (false, _) => msg::ALERT_CONTACTS_PRODUCTION_NOTE,
            (true, true) => msg::ALERT_CONTACTS_SANDBOX_NOTE,
            // No "switch to Production": this account has none yet.
            (true, false) => msg::ALERT_CONTACTS_SANDBOX_NO_PRODUCTION_NOTE,
        })
    };
    let has_errors = move || !errors.with(Vec::is_empty);
    let invalid = move || has_errors().to_string();
    let error_id = move || has_errors().then_some(ERROR_ID);
    let options = move || {
        match portal.users.get() {
        None => view! { <p class="loading">{i18n.tr(msg::LOADING)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="field-error">{i18n.tr(api_error_id(&error))}</p> }.into_any()
        }
        Some(Ok(response)) => response
            .users
            .into_iter()
            .map(|user| {
                let email = StoredValue::new(user.email.clone());
                view! {
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            value=user.email.clone()
                            prop:checked=move || email.with_value(|email| is_chosen(email))
                            disabled=move || disabled.get() || in_sandbox()
                            aria-invalid=invalid
                            aria-describedby=error_id
                            on:change:target=move |event| {
                                let checked = event.target().checked();
                                email.with_value(|email| choose(email, checked));
                            }
                        />
                        {format!("{} ({})", user.name, user.email)}
                        // Whether a chosen, saved alert contact is confirmed.
                        {move || {
                            email
                                .with_value(|email| {
                                    is_chosen(email)
                                        .then(|| super::verification::status_for(portal, i18n, email))
                                })
                                .flatten()
                                .map(|status| {
                                    view! {
                                        " "
                                        <span class=format!("chip-status {}", status.class)>
                                            {status.text}
                                        </span>
                                    }
                                })
                        }}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
    }
    };
    let described_by = move || {
        let mut ids = format!("{HELP_ID} {NOTE_ID}");
        if has_errors() {
            ids.push(' ');
            ids.push_str(ERROR_ID);
        }
        ids
    };
    view! {
        <fieldset
            class="form-field alert-contacts"
            id="field-alert_contacts"
            tabindex="-1"
            aria-invalid=invalid
            aria-describedby=described_by
            on:focusout=move |_| on_leave.run(())
        >
            <legend>
                {i18n.tr(msg::FIELD_ALERT_CONTACTS)}
                " "
                <RequiredMarker id=Signal::derive(move || {
                    required_marker_id(Field::AlertContacts, environment.get())
                }) />
            </legend>
            <p class="hint" id=HELP_ID>
                {i18n.tr(msg::FIELD_ALERT_CONTACTS_HELP)}
            </p>
            <p class="note" id=NOTE_ID>{move || note()}</p>
            {move || options()}
            <FieldErrorList id=ERROR_ID errors />
        </fieldset>
    }
}
