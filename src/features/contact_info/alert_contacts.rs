//! Alert contacts are chosen from the account's users (a picker, not free text), and only
//! in Production.

use super::form::input_id;
use crate::api::ApiError;
use crate::i18n::{api_error_id, msg, use_i18n};
use crate::state::use_portal;
use leptos::prelude::*;
use portal_rules::contact::{ContactInfo, Field};
use portal_rules::model::Environment;

#[component]
pub fn AlertContactsPicker(
    draft: RwSignal<ContactInfo>,
    users: LocalResource<Result<portal_rules::api::UsersResponse, ApiError>>,
    errors: Signal<Vec<String>>,
    disabled: Signal<bool>,
    on_leave: Callback<()>,
    edit: Callback<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let in_sandbox = move || portal.environment.get() == Environment::Sandbox;
    let is_chosen = move |email: &str| {
        draft.with(|info| {
            info.alert_contacts
                .iter()
                .any(|chosen| chosen.eq_ignore_ascii_case(email))
        })
    };
    view! {
        <fieldset
            class="form-field alert-contacts"
            id=input_id(Field::AlertContacts)
            tabindex="-1"
            aria-describedby="field-alert_contacts-help field-alert_contacts-note field-alert_contacts-error"
            on:focusout=move |_| on_leave.run(())
        >
            <legend>{i18n.tr(msg::FIELD_ALERT_CONTACTS)}</legend>
            <p class="hint" id="field-alert_contacts-help">{i18n.tr(msg::FIELD_ALERT_CONTACTS_HELP)}</p>
            <p class="note" id="field-alert_contacts-note">
                {move || i18n.t(if in_sandbox() { msg::ALERT_CONTACTS_SANDBOX_NOTE } else { msg::ALERT_CONTACTS_PRODUCTION_NOTE })}
            </p>
            {move || match users.get() {
                None => view! { <p class="loading">{i18n.tr(msg::LOADING)}</p> }.into_any(),
                Some(Err(error)) => {
                    let id = api_error_id(&error);
                    view! { <p class="field-error">{i18n.tr(id)}</p> }.into_any()
                }
                Some(Ok(response)) => response
                    .users
                    .into_iter()
                    .map(|user| {
                        let email = user.email.clone();
                        let checked_email = email.clone();
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    value=email.clone()
                                    prop:checked=move || is_chosen(&checked_email)
                                    disabled=move || disabled.get() || in_sandbox()
                                    on:change:target=move |event| {
                                        let checked = event.target().checked();
                                        let mut list = draft.with_untracked(|info| info.alert_contacts.clone());
                                        list.retain(|chosen| !chosen.eq_ignore_ascii_case(&email));
                                        if checked {
                                            list.push(email.clone());
                                        }
                                        edit.run(list);
                                    }
                                />
                                {format!("{} ({})", user.name, user.email)}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
            <div id="field-alert_contacts-error" class="field-errors">
                {move || errors.get().into_iter().map(|message| view! { <p class="field-error">{message}</p> }).collect_view()}
            </div>
        </fieldset>
    }
}
