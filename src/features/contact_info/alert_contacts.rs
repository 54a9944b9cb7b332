//! Alert contacts are chosen from the account's users (a picker, not free text), and only
//! in Production.

use crate::i18n::{api_error_id, msg, use_i18n};
use crate::state::use_portal;
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::contact::ContactInfo;
use portal_rules::model::Environment;

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
    let in_sandbox = move || portal.environment.get() == Environment::Sandbox;
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
        i18n.t(if in_sandbox() {
            msg::ALERT_CONTACTS_SANDBOX_NOTE
        } else {
            msg::ALERT_CONTACTS_PRODUCTION_NOTE
        })
    };
    let options = move || match portal.users.get() {
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
                            on:change:target=move |event| {
                                let checked = event.target().checked();
                                email.with_value(|email| choose(email, checked));
                            }
                        />
                        {format!("{} ({})", user.name, user.email)}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <fieldset
            class="form-field alert-contacts"
            id="field-alert_contacts"
            tabindex="-1"
            aria-describedby="field-alert_contacts-help field-alert_contacts-note field-alert_contacts-error"
            on:focusout=move |_| on_leave.run(())
        >
            <legend>{i18n.tr(msg::FIELD_ALERT_CONTACTS)}</legend>
            <p class="hint" id="field-alert_contacts-help">
                {i18n.tr(msg::FIELD_ALERT_CONTACTS_HELP)}
            </p>
            <p class="note" id="field-alert_contacts-note">{note}</p>
            {options}
            <FieldErrorList id="field-alert_contacts-error" errors />
        </fieldset>
    }
}
