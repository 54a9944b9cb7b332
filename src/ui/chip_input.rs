//! An e-mail list as chips: type or paste one or many addresses (comma, semicolon, space
//! or new line separated), remove one with its button or the last with Backspace. Invalid
//! entries stay as chips, marked, so nothing typed is ever lost; an address already in the
//! list is not added twice, and a message next to the field (a polite live region, tied to
//! the input) names it, in the words of the rules' `email-duplicate` error. A caller may
//! give each chip a status (text, so not by colour alone), which the chip shows and its
//! remove button is described by.

use crate::i18n::{msg, use_i18n};
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::{ErrorCode, email};
use web_sys::{ClipboardEvent, KeyboardEvent};

/// What a chip shows after its address: a short text, and a class to style it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipStatus {
    pub text: String,
    pub class: &'static str,
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
    /// Shown after the label, e.g. "(required)".
    #[prop(default = None)]
    marker: Option<Signal<String>>,
    /// Whether the list must not stay empty (`aria-required` on the input).
    #[prop(into, default = Signal::stored(false))]
    required: Signal<bool>,
    /// The status of one address, if it has one (read reactively).
    #[prop(optional)]
    chip_status: Option<Callback<String, Option<ChipStatus>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What is typed and not yet an address lives in the input alone: a signal bound back
    // with `prop:value` re-ran an effect and wrote the same text into the input on every
    // keystroke. Only a change of the text by the code (a committed address cleared) is
    // written, through `set_typed`.
    let input = NodeRef::<leptos::html::Input>::new();
    let typed = move || {
        input
            .get_untracked()
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let set_typed = move |text: &str| {
        if let Some(input) = input.get_untracked() {
            input.set_value(text);
        }
    };
    // The addresses of the last entry that were already in the list.
    let duplicates = RwSignal::new(Vec::<String>::new());
    let help_id = format!("{input_id}-help");
    let error_id = format!("{input_id}-error");
    let note_id = format!("{input_id}-note");
    let duplicate_id = format!("{input_id}-duplicate");
    let commit = move |text: &str| {
        if email::split_list(text).is_empty() {
            // Leaving an empty input keeps the last duplicate message in view.
            return;
        }
        let mut list = values.get_untracked();
        let left_out = email::append_new(&mut list, text);
        duplicates.set(left_out);
        if list.len() != values.with_untracked(Vec::len) {
            on_change.run(list);
        }
    };
    let remove = move |index: usize| {
        let mut list = values.get_untracked();
        if index < list.len() {
            list.remove(index);
            // What the message named may be gone now.
            duplicates.set(Vec::new());
            on_change.run(list);
        }
    };
    let on_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Enter" | "," | ";" => {
            // Enter adds the address instead of submitting the form.
            event.prevent_default();
            commit(&typed());
            set_typed("");
        }
        "Backspace" if typed().is_empty() => {
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
            commit(&format!("{} {text}", typed()));
            set_typed("");
        }
    };
    let on_input = move |_| {
        let text = typed();
        // A typed separator completes the address before it.
        if let Some(cut) = text.rfind([',', ';', ' ']) {
            commit(&text[..cut]);
            set_typed(&text[cut + 1..]);
        }
    };
    let on_blur = move |_| {
        commit(&typed());
        set_typed("");
        on_leave.run(());
    };
    let described_by = {
        let (help_id, error_id, note_id, duplicate_id) = (
            help_id.clone(),
            error_id.clone(),
            note_id.clone(),
            duplicate_id.clone(),
        );
        move || {
            let mut ids = vec![help_id.clone()];
            if note.is_some() {
                ids.push(note_id.clone());
            }
            if !duplicates.with(Vec::is_empty) {
                ids.push(duplicate_id.clone());
            }
            if !errors.get().is_empty() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let duplicate_messages = move || {
        duplicates
            .get()
            .into_iter()
            .map(|address| {
                let text = i18n.error(ErrorCode::EmailDuplicate, Some(&address));
                view! { <p class="field-error">{text}</p> }
            })
            .collect_view()
    };
    let chips_label =
        move || i18n.t_with(msg::EMAIL_LIST_ENTRIES, &[("field", label.get().into())]);
    let input_id_for_chips = input_id.clone();
    let chips = move || {
        let input_id_for_chips = input_id_for_chips.clone();
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
                let status = chip_status.and_then(|status| status.run(address.clone()));
                let status_id = format!("{input_id_for_chips}-chip-{index}-status");
                let described = status.as_ref().map(|_| status_id.clone());
                let status = status.map(|status| {
                    view! {
                        <span id=status_id class=format!("chip-status {}", status.class)>
                            {status.text}
                        </span>
                    }
                });
                view! {
                    <li class="chip" class:chip-invalid=invalid>
                        <span>{address}</span>
                        {status}
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=remove_label
                            aria-describedby=described
                            disabled=disabled
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
            <label for=input_id.clone()>
                {move || label.get()}
                {marker
                    .map(|marker| {
                        view! { " " <span class="required-marker">{move || marker.get()}</span> }
                    })}
            </label>
            <p class="hint" id=help_id>{move || help.get()}</p>
            {note.map(|note| view! { <p class="note" id=note_id.clone()>{move || note.get()}</p> })}
            <ul class="chips" aria-label=chips_label>{move || chips()}</ul>
            <input
                id=input_id
                type="text"
                inputmode="email"
                autocomplete="off"
                spellcheck="false"
                node_ref=input
                disabled=disabled
                aria-invalid=move || (!errors.get().is_empty()).to_string()
                aria-required=move || required.get().then_some("true")
                aria-describedby=described_by
                placeholder=i18n.tr(msg::EMAIL_LIST_PLACEHOLDER)
                on:input=on_input
                on:keydown=on_keydown
                on:paste=on_paste
                on:blur=on_blur
            />
            // Always in the document, so that screen readers announce what appears in it.
            <div id=duplicate_id class="field-duplicates" role="status">
                {move || duplicate_messages()}
            </div>
            <FieldErrorList id=error_id errors />
        </div>
    }
}
