//! The e-mail chip input: typing, pasting, removing, all by keyboard; duplicates named.

use crate::support::{by_id, document, fire, mount, press, text_of, until};
use leptos::prelude::*;
use partner_portal::ui::chip_input::EmailListInput;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{ClipboardEvent, ClipboardEventInit, DataTransfer, HtmlElement, HtmlInputElement};

fn chips() -> Vec<String> {
    let nodes = document().query_selector_all(".chip span").unwrap();
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.text_content())
        .collect()
}

fn type_text(element: &HtmlInputElement, text: &str) {
    element.set_value(text);
    fire(element, "input");
}

fn paste(element: &HtmlInputElement, text: &str) {
    let data = DataTransfer::new().unwrap();
    data.set_data("text", text).unwrap();
    let init = ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    element
        .dispatch_event(&ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap())
        .unwrap();
}

/// Mounts the chip input as `chips` (labelled, required, with one error) on `values`, and
/// returns its text input once it shows.
async fn mount_chips(values: RwSignal<Vec<String>>) -> (impl Sized, HtmlInputElement) {
    let mounted = mount(move || {
        view! {
            <EmailListInput
                input_id="chips"
                label=Signal::derive(|| "Technical emergency contacts".to_string())
                help=Signal::derive(|| "A paging alias is recommended.".to_string())
                values=values.into()
                on_change=Callback::new(move |list| values.set(list))
                errors=Signal::derive(|| vec!["Example error".to_string()])
                disabled=false
                on_leave=Callback::new(|()| {})
                marker=Some(Signal::derive(|| "(required)".to_string()))
                required=true
            />
        }
    });
    until("the error shows", || {
        text_of("chips-error") == "Example error"
    })
    .await;
    let field: HtmlInputElement = by_id("chips").unchecked_into();
    field.focus().unwrap();
    (mounted, field)
}

#[wasm_bindgen_test]
async fn chip_input_takes_typed_and_pasted_addresses_and_removes_by_keyboard() {
    let values = RwSignal::new(Vec::<String>::new());
    let (_mounted, field) = mount_chips(values).await;
    assert_eq!(
        field.get_attribute("aria-describedby").as_deref(),
        Some("chips-help chips-error")
    );
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The required marker is part of the label, and the input says it is required.
    let label = document()
        .query_selector("label[for=chips]")
        .unwrap()
        .expect("label");
    assert_eq!(
        label.text_content().as_deref(),
        Some("Technical emergency contacts (required)")
    );
    assert_eq!(
        field.get_attribute("aria-required").as_deref(),
        Some("true")
    );

    // A typed separator completes the address before it.
    type_text(&field, "a@x.example,");
    until("the typed address is a chip and the input empty", || {
        chips() == ["a@x.example"] && field.value().is_empty()
    })
    .await;
    assert_eq!(values.get_untracked(), vec!["a@x.example"]);

    // Pasting keeps every address, including the new-line separated and the invalid one.
    paste(&field, "b@x.example\nc@x.example; not-valid");
    until("the pasted addresses are chips", || chips().len() == 4).await;
    assert_eq!(
        values.get_untracked(),
        vec!["a@x.example", "b@x.example", "c@x.example", "not-valid"],
    );
    assert_eq!(chips(), values.get_untracked());
    assert_eq!(
        document()
            .query_selector_all(".chip-invalid")
            .unwrap()
            .length(),
        1,
        "the invalid entry is marked, not dropped"
    );

    // Backspace in the empty input removes the last chip; Enter adds without submitting.
    assert!(!press("Backspace", false));
    until("Backspace removes the last chip", || chips().len() == 3).await;
    assert_eq!(values.get_untracked().len(), 3);
    type_text(&field, "d@x.example");
    assert!(
        press("Enter", false),
        "Enter must not submit the surrounding form"
    );
    until("Enter adds the address", || chips().len() == 4).await;
    assert_eq!(
        values.get_untracked().last().map(String::as_str),
        Some("d@x.example")
    );

    // Each chip has a labelled, keyboard-reachable remove button.
    let remove = document()
        .query_selector("button[aria-label='Remove a@x.example']")
        .unwrap()
        .expect("remove button");
    remove.unchecked_ref::<HtmlElement>().click();
    until("the chip's button removes it", || chips().len() == 3).await;
    assert_eq!(
        values.get_untracked(),
        vec!["b@x.example", "c@x.example", "d@x.example"]
    );
}

/// An address already in the list (compared case-insensitively, as the rules do) is not
/// added twice, and a message next to the field, tied to the input and in a live region,
/// names it, instead of the entry silently disappearing.
#[wasm_bindgen_test]
async fn chip_input_names_an_address_already_in_the_list() {
    let values = RwSignal::new(vec!["a@x.example".to_string()]);
    let (_mounted, field) = mount_chips(values).await;
    assert_eq!(text_of("chips-duplicate"), "", "no duplicate yet");
    assert_eq!(
        by_id("chips-duplicate").get_attribute("role").as_deref(),
        Some("status"),
        "the message is announced politely"
    );

    paste(&field, "b@x.example\nA@X.EXAMPLE");
    until("the duplicate is named", || {
        text_of("chips-duplicate") == "“A@X.EXAMPLE” is already in the list."
    })
    .await;
    assert_eq!(values.get_untracked(), vec!["a@x.example", "b@x.example"]);
    assert_eq!(chips(), values.get_untracked());
    assert_eq!(
        field.get_attribute("aria-describedby").as_deref(),
        Some("chips-help chips-duplicate chips-error")
    );

    // Leaving the empty input keeps the message; typing a duplicate names that one.
    fire(&field, "blur");
    assert_eq!(
        text_of("chips-duplicate"),
        "“A@X.EXAMPLE” is already in the list."
    );
    type_text(&field, "b@x.example;");
    until("the typed duplicate is named", || {
        text_of("chips-duplicate") == "“b@x.example” is already in the list."
    })
    .await;
    assert_eq!(values.get_untracked().len(), 2, "nothing was added");
    assert_eq!(
        field.value(),
        "",
        "the typed duplicate is not left in the input"
    );

    // Removing a chip takes the message away: what it named may be gone.
    field.focus().unwrap();
    assert!(!press("Backspace", false));
    until("the duplicate message goes", || {
        text_of("chips-duplicate").is_empty() && chips().len() == 1
    })
    .await;
    assert_eq!(
        field.get_attribute("aria-describedby").as_deref(),
        Some("chips-help chips-error")
    );
}
