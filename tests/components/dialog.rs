//! The modal dialog follows the APG dialog pattern; the blocking one cannot be dismissed.

use crate::support::{active_id, by_id, document, mount, press, until};
use leptos::prelude::*;
use partner_portal::ui::dialog::{DIALOG_FOCUSED_MARK, ModalDialog};
use wasm_bindgen_test::*;

/// How many User Timing marks say a dialog took focus (what `cargo xtask bench` reports).
fn focused_marks() -> u32 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0, |performance| {
            performance
                .get_entries_by_name_with_entry_type(DIALOG_FOCUSED_MARK, "mark")
                .length()
        })
}

#[wasm_bindgen_test]
async fn dialog_moves_focus_in_traps_tab_and_ignores_escape() {
    let marks_before = focused_marks();
    let _mounted = mount(|| {
        view! {
            <button id="outside">"outside"</button>
            <ModalDialog labelled_by="dialog-title" initial_focus="second">
                <h2 id="dialog-title">"Title"</h2>
                <button id="first">"1"</button>
                <button id="second">"2"</button>
                <button id="last">"3"</button>
            </ModalDialog>
        }
    });
    until("focus moves into the dialog", || active_id() == "second").await;
    let dialog = document().query_selector("[role=dialog]").unwrap().unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("dialog-title")
    );
    assert_eq!(active_id(), "second", "focus moves into the dialog on open");
    assert_eq!(
        focused_marks(),
        marks_before + 1,
        "the moment it took focus is marked for the benchmark"
    );

    by_id("last").focus().unwrap();
    assert!(press("Tab", false), "Tab on the last element is handled");
    assert_eq!(active_id(), "first", "Tab wraps to the first element");
    assert!(press("Tab", true));
    assert_eq!(active_id(), "last", "Shift+Tab wraps to the last element");
    assert!(
        !press("Tab", false) || active_id() != "last",
        "Tab in the middle is left to the browser"
    );

    by_id("first").focus().unwrap();
    assert!(press("Escape", false), "Escape is swallowed");
    assert!(
        document().get_element_by_id("dialog-title").is_some(),
        "the dialog stays open"
    );
}
