//! The operational contact shared with users: exactly one address, so one plain e-mail
//! input, not a list (the wire format stays a list, of one). It is public, and says so.

use super::labels::{RequiredMarker, required_marker_id};
use crate::i18n::{field_help_id, field_label_id, msg, use_i18n};
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::contact::{ContactInfo, Field};
use portal_rules::model::Environment;

const FIELD: Field = Field::OperationalPublic;
pub const INPUT_ID: &str = "field-operational_public";
const HELP_ID: &str = "field-operational_public-help";
const NOTE_ID: &str = "field-operational_public-note";
const ERROR_ID: &str = "field-operational_public-error";
const STATUS_ID: &str = "field-operational_public-status";

/// The list the draft keeps for what is typed: nothing, or the one address.
pub fn as_list(typed: &str) -> Vec<String> {
    if typed.trim().is_empty() {
        Vec::new()
    } else {
        vec![typed.to_owned()]
    }
}

#[component]
pub fn PublicContactInput(
    draft: RwSignal<ContactInfo>,
    /// Gets the new list (none or one address).
    on_change: Callback<Vec<String>>,
    /// Localized errors of the field.
    errors: Signal<Vec<String>>,
    #[prop(into)] disabled: Signal<bool>,
    on_leave: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Stored data has one address; should it ever hold more, show them all, not the first.
    let value = move || draft.with(|info| info.list(FIELD).join(" "));
    let has_errors = move || !errors.with(Vec::is_empty);
    // Whether the saved address is confirmed (none while what is typed is not saved).
    let portal = crate::state::use_portal();
    let status = Memo::new(move |_| {
        draft.with(|info| {
            let list = info.list(FIELD);
            match list {
                [address] => super::verification::status_for(portal, i18n, address),
                _ => None,
            }
        })
    });
    let described_by = move || {
        let mut ids = format!("{HELP_ID} {NOTE_ID}");
        if status.with(Option::is_some) {
            ids.push(' ');
            ids.push_str(STATUS_ID);
        }
        if has_errors() {
            ids.push(' ');
            ids.push_str(ERROR_ID);
        }
        ids
    };
    view! {
        <div class="form-field single-email" class:has-error=has_errors>
            <label for=INPUT_ID>
                {i18n.tr(field_label_id(FIELD))}
                " "
                // Required in every environment.
                <RequiredMarker id=required_marker_id(FIELD, Environment::Production) />
            </label>
            <p class="hint" id=HELP_ID>{i18n.tr(field_help_id(FIELD))}</p>
            <p class="note" id=NOTE_ID>{i18n.tr(msg::FIELD_OPERATIONAL_PUBLIC_NOTE)}</p>
            <input
                id=INPUT_ID
                type="email"
                autocomplete="off"
                spellcheck="false"
                required
                aria-required="true"
                prop:value=value
                disabled=disabled
                aria-invalid=move || has_errors().to_string()
                aria-describedby=described_by
                placeholder=i18n.tr(msg::EMAIL_LIST_PLACEHOLDER)
                on:input:target=move |event| on_change.run(as_list(&event.target().value()))
                on:blur=move |_| on_leave.run(())
            />
            {move || {
                status
                    .get()
                    .map(|status| {
                        view! {
                            <p id=STATUS_ID class=format!("chip-status {}", status.class)>
                                {status.text}
                            </p>
                        }
                    })
            }}
            <FieldErrorList id=ERROR_ID errors />
        </div>
    }
}
