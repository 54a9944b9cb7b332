//! An e-mail list as chips: type or paste one or many addresses (comma, semicolon, space
//! or new line separated), remove one with its button or the last with Backspace. Invalid
//! entries stay as chips, marked, so nothing typed is ever lost.

use crate::i18n::{msg, use_i18n};
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::email;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, KeyboardEvent};

/// Appends the addresses in `text` that are not already in `list` (case-insensitively).
pub fn add_addresses(list: &mut Vec<String>, text: &str) {
    for address in email::split_list(text) {
        let key = email::duplicate_key(&address);
        if !list
            .iter()
            .any(|existing| email::duplicate_key(existing) == key)
        {
            list.push(address);
        }
    }
}

#[component]
pub fn EmailListInput(
    /// Id of the text input; the label, hint and error ids derive from it.
    #[prop(into)]
    input_id: String,
    label: Signal<String>,
    help: Signal<String>,
    values: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    /// Localized error messages for this field.
    errors: Signal<Vec<String>>,
    #[prop(into)] disabled: Signal<bool>,
    /// Called when the user leaves the field.
    on_leave: Callback<()>,
    /// An extra, visible note (e.g. "shown to users").
    #[prop(default = None)]
    note: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(String::new());
    let help_id = format!("{input_id}-help");
    let error_id = format!("{input_id}-error");
    let note_id = format!("{input_id}-note");
    let commit = move |text: &str| {
        let mut list = values.get_untracked();
        add_addresses(&mut list, text);
        on_change.run(list);
    };
    let remove = move |index: usize| {
        let mut list = values.get_untracked();
        if index < list.len() {
            list.remove(index);
            on_change.run(list);
        }
    };
    let on_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Enter" | "," | ";" => {
            // Enter adds the address instead of submitting the form.
            event.prevent_default();
            commit(&pending.get_untracked());
            pending.set(String::new());
        }
        "Backspace" if pending.get_untracked().is_empty() => {
            let count = values.get_untracked().len();
            if count > 0 {
                remove(count - 1);
            }
        }
        _ => {}
    };
    let on_paste = move |event: ClipboardEvent| {
        // An <input> would strip the new lines that separate pasted addresses.
        if let Some(text) = event
            .clipboard_data()
            .and_then(|data| data.get_data("text").ok())
        {
            event.prevent_default();
            commit(&format!("{} {text}", pending.get_untracked()));
            pending.set(String::new());
        }
    };
    let on_input = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let text = input.value();
        // A typed separator completes the address before it.
        if let Some(cut) = text.rfind([',', ';', ' ']) {
            commit(&text[..cut]);
            pending.set(text[cut + 1..].to_owned());
        } else {
            pending.set(text);
        }
    };
    let on_blur = move |_| {
        commit(&pending.get_untracked());
        pending.set(String::new());
        on_leave.run(());
    };
    let described_by = {
        let (help_id, error_id, note_id) = (help_id.clone(), error_id.clone(), note_id.clone());
        move || {
            let mut ids = vec![help_id.clone()];
            if note.is_some() {
                ids.push(note_id.clone());
            }
            if !errors.get().is_empty() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let chips_label =
        move || i18n.t_with(msg::EMAIL_LIST_ENTRIES, &[("field", label.get().into())]);
    let chips = move || {
        values
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, address)| {
                let invalid = !email::is_valid(&address);
                let remove_label = {
                    let address = address.clone();
                    move || {
                        i18n.t_with(
                            msg::EMAIL_LIST_REMOVE,
                            &[("address", address.clone().into())],
                        )
                    }
                };
                view! {
                    <li class="chip" class:chip-invalid=invalid>
                        <span>{address}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=remove_label
                            disabled=move || disabled.get()
                            on:click=move |_| remove(index)
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="form-field email-list" class:has-error=move || !errors.get().is_empty()>
            <label for=input_id.clone()>{move || label.get()}</label>
            <p class="hint" id=help_id>{move || help.get()}</p>
            {note.map(|note| view! { <p class="note" id=note_id.clone()>{move || note.get()}</p> })}
            <ul class="chips" aria-label=chips_label>{chips}</ul>
            <input
                id=input_id
                type="text"
                inputmode="email"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || pending.get()
                disabled=move || disabled.get()
                aria-invalid=move || (!errors.get().is_empty()).to_string()
                aria-describedby=described_by
                placeholder=i18n.tr(msg::EMAIL_LIST_PLACEHOLDER)
                on:input=on_input
                on:keydown=on_keydown
                on:paste=on_paste
                on:blur=on_blur
            />
            <FieldErrorList id=error_id errors />
        </div>
    }
}
