//! Tabs follow the APG tabs pattern: roving tabindex, arrow keys, Home and End.

use crate::support::{active_id, by_id, exists, mount, press, until};
use leptos::prelude::*;
use partner_portal::i18n::{MsgId, msg};
use partner_portal::ui::tabs::{TabKey, TabList, TabPanel};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sample {
    One,
    Two,
    Three,
}

impl TabKey for Sample {
    fn key(self) -> &'static str {
        match self {
            Sample::One => "one",
            Sample::Two => "two",
            Sample::Three => "three",
        }
    }

    fn label_id(self) -> MsgId {
        // Existing catalogue ids, so the labels render.
        match self {
            Sample::One => msg::MODAL_TAB_CONTACT_INFORMATION,
            Sample::Two => msg::MODAL_TAB_USERS,
            Sample::Three => msg::MODAL_TAB_CONTACT_SUPPORT,
        }
    }
}

fn tab(key: &str) -> HtmlElement {
    by_id(&format!("sample-tab-{key}"))
}

/// Whether `key` is the one selected tab, with the tab stop and the visible panel.
fn is_selected(key: &str) -> bool {
    ["one", "two", "three"].into_iter().all(|other| {
        let selected = other == key;
        tab(other).get_attribute("aria-selected").as_deref()
            == Some(if selected { "true" } else { "false" })
            && tab(other).get_attribute("tabindex").as_deref()
                == Some(if selected { "0" } else { "-1" })
            && by_id(&format!("sample-panel-{other}")).hidden() != selected
    })
}

/// Presses `key` on the focused tab and waits until `expected` is the selected one.
async fn press_and_select(key: &str, expected: &str) {
    press(key, false);
    until(&format!("{key} selects {expected}"), || {
        is_selected(expected)
    })
    .await;
    assert_selected(expected);
}

fn assert_selected(key: &str) {
    for other in ["one", "two", "three"] {
        let selected = other == key;
        assert_eq!(
            tab(other).get_attribute("aria-selected").as_deref(),
            Some(if selected { "true" } else { "false" }),
            "{other}"
        );
        assert_eq!(
            tab(other).get_attribute("tabindex").as_deref(),
            Some(if selected { "0" } else { "-1" }),
            "roving tabindex on {other}"
        );
        assert_eq!(
            by_id(&format!("sample-panel-{other}")).hidden(),
            !selected,
            "panel {other}"
        );
    }
    assert_eq!(
        active_id(),
        format!("sample-tab-{key}"),
        "focus follows selection"
    );
}

#[wasm_bindgen_test]
async fn tabs_follow_the_apg_keyboard_pattern() {
    let _mounted = mount(|| {
        let selected = RwSignal::new(Sample::One);
        view! {
            <TabList
                prefix="sample"
                tabs=vec![Sample::One, Sample::Two, Sample::Three]
                selected
                label=Signal::derive(|| "Sample".to_string())
            />
            <TabPanel prefix="sample" tab=Sample::One selected>"one"</TabPanel>
            <TabPanel prefix="sample" tab=Sample::Two selected>"two"</TabPanel>
            <TabPanel prefix="sample" tab=Sample::Three selected>"three"</TabPanel>
        }
    });
    until("the tabs render", || exists("sample-tab-one")).await;
    assert_eq!(
        tab("one").text_content().as_deref(),
        Some("Contact information")
    );
    assert_eq!(
        tab("one").get_attribute("aria-controls").as_deref(),
        Some("sample-panel-one")
    );
    tab("one").focus().unwrap();

    assert!(press("ArrowRight", false));
    until("ArrowRight selects two", || is_selected("two")).await;
    assert_selected("two");
    press_and_select("End", "three").await;
    press_and_select("ArrowRight", "one").await;
    press_and_select("ArrowLeft", "three").await;
    press_and_select("Home", "one").await;
    assert!(!press("a", false), "other keys are left alone");
}

/// A panel's content is built when its tab is first selected (the blocking modal opens on
/// its first tab), and kept when the user moves on: what was typed there is still there.
#[wasm_bindgen_test]
async fn panels_are_built_on_first_selection_and_keep_their_content() {
    let selected = RwSignal::new(Sample::One);
    let _mounted = mount(move || {
        view! {
            <TabList
                prefix="sample"
                tabs=vec![Sample::One, Sample::Two, Sample::Three]
                selected
                label=Signal::derive(|| "Sample".to_string())
            />
            <TabPanel prefix="sample" tab=Sample::One selected>
                <input id="sample-input-one" />
            </TabPanel>
            <TabPanel prefix="sample" tab=Sample::Two selected>
                <input id="sample-input-two" />
            </TabPanel>
            <TabPanel prefix="sample" tab=Sample::Three selected>
                <input id="sample-input-three" />
            </TabPanel>
        }
    });
    until("the tabs render", || exists("sample-input-one")).await;
    // Every panel is in the document (the tabs' aria-controls point at them), only empty.
    for key in ["two", "three"] {
        assert!(exists(&format!("sample-panel-{key}")), "panel {key}");
        assert!(
            !exists(&format!("sample-input-{key}")),
            "{key} not built yet"
        );
    }

    selected.set(Sample::Two);
    until("two is built", || exists("sample-input-two")).await;
    assert!(!exists("sample-input-three"), "three still not built");
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(by_id("sample-input-two"));
    input.set_value("typed");

    selected.set(Sample::One);
    until("one is shown", || is_selected_panel("one")).await;
    selected.set(Sample::Two);
    until("two is shown again", || is_selected_panel("two")).await;
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(by_id("sample-input-two"));
    assert_eq!(input.value(), "typed", "the panel was kept, not rebuilt");
}

fn is_selected_panel(key: &str) -> bool {
    !by_id(&format!("sample-panel-{key}")).hidden()
}
