//! Component tests in headless Chromium (wasm-bindgen-test): the dialog, the tabs and
//! language negotiation behave as the WAI-ARIA patterns and the spec require.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use partner_portal::components::dialog::ModalDialog;
use partner_portal::components::tabs::{TabKey, TabList, TabPanel};
use partner_portal::i18n::{self, I18n, Locale};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a fresh container; the returned handle unmounts it on drop.
fn mount<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> leptos::mount::UnmountHandle<V::State> {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container, move || {
        provide_context(I18n::new(Locale::En));
        view()
    })
}

/// Lets timers, animation frames and reactive effects run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn by_id(id: &str) -> HtmlElement {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|element| element.id())
        .unwrap_or_default()
}

/// Dispatches a keydown on the focused element; true when a handler prevented the default.
fn press(key: &str, shift: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target = document().active_element().unwrap();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

#[wasm_bindgen_test]
async fn dialog_moves_focus_in_traps_tab_and_ignores_escape() {
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
    settle().await;
    let dialog = document().query_selector("[role=dialog]").unwrap().unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("dialog-title")
    );
    assert_eq!(active_id(), "second", "focus moves into the dialog on open");

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

    fn label_id(self) -> &'static str {
        // Existing catalogue ids, so the labels render.
        match self {
            Sample::One => "modal-tab-contact-information",
            Sample::Two => "modal-tab-users",
            Sample::Three => "modal-tab-contact-support",
        }
    }
}

fn tab(key: &str) -> HtmlElement {
    by_id(&format!("sample-tab-{key}"))
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
            <TabList prefix="sample" tabs=vec![Sample::One, Sample::Two, Sample::Three] selected label=Signal::derive(|| "Sample".to_string()) />
            <TabPanel prefix="sample" tab=Sample::One selected>"one"</TabPanel>
            <TabPanel prefix="sample" tab=Sample::Two selected>"two"</TabPanel>
            <TabPanel prefix="sample" tab=Sample::Three selected>"three"</TabPanel>
        }
    });
    settle().await;
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
    settle().await;
    assert_selected("two");
    press("End", false);
    settle().await;
    assert_selected("three");
    press("ArrowRight", false);
    settle().await;
    assert_selected("one");
    press("ArrowLeft", false);
    settle().await;
    assert_selected("three");
    press("Home", false);
    settle().await;
    assert_selected("one");
    assert!(!press("a", false), "other keys are left alone");
}

#[wasm_bindgen_test]
async fn language_follows_the_browser_then_the_remembered_choice() {
    // The runner starts Chromium with --lang=en-US.
    let languages = i18n::browser_languages();
    assert!(
        languages.iter().any(|language| language.starts_with("en")),
        "{languages:?}"
    );
    assert_eq!(i18n::negotiate(&languages), Locale::En);
    assert_eq!(i18n::negotiate(&["de-CH", "en"]), Locale::De);

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("portal.locale").unwrap();
    assert_eq!(I18n::from_browser().locale(), Locale::En);

    leptos::mount::mount_to_body(|| {
        let chosen = I18n::from_browser();
        provide_context(chosen);
        i18n::sync_document_language(chosen);
        chosen.set_locale(Locale::It);
        view! { <p id="greeting">{move || chosen.t("nav-overview")}</p> }
    });
    settle().await;
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("it")
    );
    assert_eq!(
        by_id("greeting").text_content().as_deref(),
        Some("Panoramica")
    );
    assert_eq!(
        storage.get_item("portal.locale").unwrap().as_deref(),
        Some("it")
    );
    assert_eq!(
        I18n::from_browser().locale(),
        Locale::It,
        "the choice is remembered"
    );
    storage.remove_item("portal.locale").unwrap();
}
