//! Component tests in headless Chromium (wasm-bindgen-test): the dialog, the tabs and
//! language negotiation behave as the WAI-ARIA patterns and the spec require.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use partner_portal::i18n::{self, I18n, Locale, MsgId, msg};
use partner_portal::ui::dialog::ModalDialog;
use partner_portal::ui::tabs::{TabKey, TabList, TabPanel};
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

/// A signed-in session of Rita (id 7) in the demo account, whose administrator is Anna.
fn session(role: portal_rules::model::Role) -> portal_rules::api::SessionInfo {
    use portal_rules::model::{Account, IntegrationType, User, UserStatus};
    portal_rules::api::SessionInfo {
        user: User {
            id: 7,
            name: "Rita Reader".into(),
            email: "rita@demo.example".into(),
            role,
            status: UserStatus::Active,
            last_sign_in_at: None,
            version: 1,
        },
        account: Account {
            id: 1,
            partner_id: "demo-1001".into(),
            name: "Demo".into(),
            integration: IntegrationType::ThingsToDo,
            production_enabled: true,
            uses_merchant_contact: true,
        },
        administrators: vec!["Anna Admin".into()],
    }
}

/// Dispatches a bubbling event of `kind` (input, blur, change, …).
fn fire(element: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    element
        .dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// The input is marked invalid and described by its error, which says `expected`.
fn assert_field_error(input_id: &str, expected: &str) {
    let input = by_id(input_id);
    let error_id = format!("{input_id}-error");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some(error_id.as_str())
    );
    let text = by_id(&error_id).text_content().unwrap_or_default();
    assert!(text.contains(expected), "{input_id}: {text:?}");
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
        view! { <p id="greeting">{move || chosen.t(msg::NAV_OVERVIEW)}</p> }
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

mod contact_form {
    use super::*;
    use partner_portal::features::contact_info::hours::SupportHoursEditor;
    use partner_portal::ui::chip_input::EmailListInput;
    use portal_rules::contact::{SupportHours, Weekday};
    use web_sys::{ClipboardEvent, ClipboardEventInit, DataTransfer, HtmlInputElement};

    fn input(id: &str) -> HtmlInputElement {
        by_id(id).unchecked_into()
    }

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

    #[wasm_bindgen_test]
    async fn chip_input_takes_typed_and_pasted_addresses_and_removes_by_keyboard() {
        let values = RwSignal::new(Vec::<String>::new());
        let _mounted = mount(move || {
            view! {
                <EmailListInput
                    input_id="chips".to_string()
                    label=Signal::derive(|| "Technical emergency contacts".to_string())
                    help=Signal::derive(|| "A paging alias is recommended.".to_string())
                    values=values.into()
                    on_change=Callback::new(move |list| values.set(list))
                    errors=Signal::derive(|| vec!["Example error".to_string()])
                    disabled=false
                    on_leave=Callback::new(|()| {})
                />
            }
        });
        settle().await;
        let field = input("chips");
        assert_eq!(
            field.get_attribute("aria-describedby").as_deref(),
            Some("chips-help chips-error")
        );
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            by_id("chips-error").text_content().as_deref(),
            Some("Example error")
        );
        field.focus().unwrap();

        // A typed separator completes the address before it.
        type_text(&field, "a@x.example,");
        settle().await;
        assert_eq!(values.get_untracked(), vec!["a@x.example"]);
        assert_eq!(field.value(), "");

        // Pasting keeps every address, including the new-line separated and the invalid one.
        paste(&field, "b@x.example\nc@x.example; not-valid, A@X.EXAMPLE");
        settle().await;
        assert_eq!(
            values.get_untracked(),
            vec!["a@x.example", "b@x.example", "c@x.example", "not-valid"],
            "duplicates are skipped"
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
        settle().await;
        assert_eq!(values.get_untracked().len(), 3);
        type_text(&field, "d@x.example");
        assert!(
            press("Enter", false),
            "Enter must not submit the surrounding form"
        );
        settle().await;
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
        settle().await;
        assert_eq!(
            values.get_untracked(),
            vec!["b@x.example", "c@x.example", "d@x.example"]
        );
    }

    #[wasm_bindgen_test]
    async fn hours_editor_adds_rows_names_weekdays_via_intl_and_switches_to_24_7() {
        let hours = RwSignal::new(SupportHours::default());
        let _mounted = mount(move || {
            view! {
                <SupportHoursEditor
                    hours=hours.into()
                    on_change=Callback::new(move |value| hours.set(value))
                    field_errors=Signal::derive(Vec::new)
                    row_errors=Signal::derive(|| vec![(0, "Row problem".to_string())])
                    disabled=false
                    on_leave=Callback::new(|()| {})
                />
            }
        });
        settle().await;
        let add = document()
            .query_selector(".hours-rows > button")
            .unwrap()
            .expect("add button");
        assert_eq!(add.text_content().as_deref(), Some("Add time range"));
        add.unchecked_ref::<HtmlElement>().click();
        settle().await;
        let row = hours.get_untracked().rows[0].clone();
        assert_eq!(row.weekdays, Weekday::ALL[..5].to_vec());
        assert_eq!((row.start.as_str(), row.end.as_str()), ("09:00", "17:00"));
        assert!(!row.time_zone.is_empty());
        let legend = by_id("field-support_hours-row-0")
            .query_selector("legend")
            .unwrap()
            .unwrap();
        assert_eq!(legend.text_content().as_deref(), Some("Time range 1"));
        let labels = by_id("field-support_hours-row-0")
            .query_selector_all(".weekdays label")
            .unwrap();
        assert_eq!(
            labels
                .item(0)
                .and_then(|label| label.text_content())
                .as_deref(),
            Some("Monday"),
            "weekday names come from Intl"
        );
        assert_eq!(
            by_id("field-support_hours-row-0-error")
                .text_content()
                .as_deref(),
            Some("Row problem")
        );

        // Toggling Saturday with the keyboard-operable checkbox updates the row.
        let saturday: HtmlInputElement = labels
            .item(5)
            .unwrap()
            .unchecked_into::<web_sys::Element>()
            .query_selector("input")
            .unwrap()
            .unwrap()
            .unchecked_into();
        saturday.click();
        settle().await;
        assert!(
            hours.get_untracked().rows[0]
                .weekdays
                .contains(&Weekday::Saturday)
        );

        input("field-support_hours-always").click();
        settle().await;
        assert!(hours.get_untracked().always_open);
        assert!(
            document()
                .query_selector(".hours-rows")
                .unwrap()
                .unwrap()
                .unchecked_into::<HtmlElement>()
                .hidden()
        );
    }
}

mod support_form {
    use super::*;
    use partner_portal::features::support::SupportPanel;
    use partner_portal::state::{Announcer, Portal};
    use portal_rules::model::Role;
    use web_sys::{HtmlInputElement, HtmlTextAreaElement};

    #[wasm_bindgen_test]
    async fn support_form_prefills_validates_inline_and_focuses_the_summary() {
        let _mounted = mount(|| {
            provide_context(Announcer::new());
            provide_context(Portal::new(session(Role::ReadOnly)));
            view! { <SupportPanel /> }
        });
        settle().await;
        let reply_to: HtmlInputElement = by_id("support-reply-to").unchecked_into();
        assert_eq!(
            reply_to.value(),
            "rita@demo.example",
            "reply-to is prefilled with the user's address"
        );
        let environment: web_sys::HtmlSelectElement = by_id("support-environment").unchecked_into();
        assert_eq!(
            environment.value(),
            "sandbox",
            "environment is prefilled from the switcher"
        );

        // Leaving a too-long subject shows its error, tied to the field.
        let subject: HtmlInputElement = by_id("support-subject").unchecked_into();
        subject.set_value(&"x".repeat(121));
        fire(&subject, "input");
        fire(&subject, "blur");
        settle().await;
        assert_field_error("support-subject", "too long");

        // The counter follows the description.
        let description: HtmlTextAreaElement = by_id("support-description").unchecked_into();
        description.set_value("Hello");
        fire(&description, "input");
        settle().await;
        assert_eq!(
            by_id("support-description-counter")
                .text_content()
                .as_deref(),
            Some("5 of 5000 characters")
        );

        // Submitting with errors focuses the summary, which lists each problem.
        description.set_value("");
        fire(&description, "input");
        fire(
            &document()
                .query_selector("form.support-form")
                .unwrap()
                .unwrap(),
            "submit",
        );
        settle().await;
        assert_eq!(active_id(), "support-summary");
        let links = by_id("support-summary").query_selector_all("a").unwrap();
        assert_eq!(
            links.length(),
            2,
            "subject too long and description required"
        );
        links
            .item(1)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        assert_eq!(
            active_id(),
            "support-description",
            "summary links move focus to the field"
        );
    }
}

mod users {
    use super::*;
    use partner_portal::features::users::{
        ChangeRoleDialog, InviteUserForm, RemoveUserDialog, SortOrder, UserAction, UserManagement,
        UsersTable,
    };
    use partner_portal::state::{Announcer, Portal};
    use portal_rules::model::{Role, User, UserStatus};
    use std::sync::{Arc, Mutex};
    use web_sys::{HtmlInputElement, HtmlSelectElement};

    fn user(id: i64, name: &str, email: &str, role: Role, last: Option<&str>) -> User {
        User {
            id,
            name: name.into(),
            email: email.into(),
            role,
            status: if last.is_some() {
                UserStatus::Active
            } else {
                UserStatus::Invited
            },
            last_sign_in_at: last.map(str::to_owned),
            version: 3,
        }
    }

    fn team() -> Vec<User> {
        vec![
            user(
                7,
                "Rita Reader",
                "rita@demo.example",
                Role::Administrator,
                Some("2026-11-20T08:00:00Z"),
            ),
            user(2, "Émile Éditeur", "emile@demo.example", Role::Editor, None),
            user(
                3,
                "Anna Admin",
                "anna@demo.example",
                Role::Administrator,
                Some("2026-11-22T08:00:00Z"),
            ),
            user(
                4,
                "zoe Zeller",
                "zoe@demo.example",
                Role::ReadOnly,
                Some("2026-11-21T08:00:00Z"),
            ),
        ]
    }

    fn row_names() -> Vec<String> {
        let rows = document()
            .query_selector_all(".users-table tbody th")
            .unwrap();
        (0..rows.length())
            .filter_map(|index| rows.item(index))
            .filter_map(|node| node.first_child()?.text_content())
            .collect()
    }

    fn sort_state() -> Vec<(String, String)> {
        let headers = document()
            .query_selector_all(".users-table thead th[aria-sort]")
            .unwrap();
        (0..headers.length())
            .filter_map(|index| headers.item(index))
            .map(|node| {
                let element: web_sys::Element = node.unchecked_into();
                (
                    element.text_content().unwrap_or_default(),
                    element.get_attribute("aria-sort").unwrap_or_default(),
                )
            })
            .collect()
    }

    fn with_portal<V: IntoView + 'static>(
        role: Role,
        view: impl FnOnce() -> V + 'static,
    ) -> leptos::mount::UnmountHandle<V::State> {
        mount(move || {
            provide_context(Announcer::new());
            provide_context(Portal::new(session(role)));
            view()
        })
    }

    #[wasm_bindgen_test]
    async fn table_sorts_by_each_column_with_aria_sort_and_offers_row_actions() {
        let actions = Arc::new(Mutex::new(Vec::<UserAction>::new()));
        let recorded = actions.clone();
        let _mounted = mount(move || {
            let order = RwSignal::new(SortOrder::default());
            let on_action = Callback::new(move |action| recorded.lock().unwrap().push(action));
            view! { <UsersTable users=Signal::stored(team()) current_user=7 can_manage=true order on_action /> }
        });
        settle().await;

        // Names sort by the language's collation: accents and case do not push Émile or
        // zoe to the end.
        assert_eq!(
            row_names(),
            ["Anna Admin", "Émile Éditeur", "Rita Reader", "zoe Zeller"]
        );
        assert_eq!(sort_state(), [("Name▲".to_owned(), "ascending".to_owned())]);

        by_id("users-sort-last-sign-in").click();
        settle().await;
        assert_eq!(
            row_names(),
            ["Anna Admin", "zoe Zeller", "Rita Reader", "Émile Éditeur"],
            "most recent sign-in first, never signed in last"
        );
        assert_eq!(
            sort_state(),
            [("Last sign-in▼".to_owned(), "descending".to_owned())]
        );
        assert!(
            document()
                .query_selector(".users-table tbody")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
                .contains("Never"),
            "an invitee who never signed in says so"
        );

        by_id("users-sort-role").click();
        settle().await;
        assert_eq!(
            row_names(),
            ["Anna Admin", "Rita Reader", "Émile Éditeur", "zoe Zeller"]
        );
        by_id("users-sort-role").click();
        settle().await;
        assert_eq!(
            sort_state(),
            [("Role▼".to_owned(), "descending".to_owned())]
        );
        assert_eq!(
            row_names(),
            ["zoe Zeller", "Émile Éditeur", "Anna Admin", "Rita Reader"]
        );

        // Your own row has no actions; the others' buttons name the person.
        assert!(document().get_element_by_id("user-7-remove").is_none());
        let remove = by_id("user-2-remove");
        assert_eq!(
            remove.get_attribute("aria-label").as_deref(),
            Some("Remove: Émile Éditeur")
        );
        remove.click();
        by_id("user-4-change-role").click();
        let actions = actions.lock().unwrap();
        assert!(matches!(&actions[0], UserAction::Remove(user) if user.id == 2));
        assert!(matches!(&actions[1], UserAction::ChangeRole(user) if user.id == 4));
    }

    #[wasm_bindgen_test]
    async fn removal_is_an_alert_dialog_that_warns_about_alert_contacts_and_cancels_on_escape() {
        let closed = Arc::new(Mutex::new(Vec::<String>::new()));
        let recorded = closed.clone();
        let _mounted = with_portal(Role::Administrator, move || {
            let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
            // Inside a blocking dialog, as in the modal's Users tab.
            view! {
                <ModalDialog labelled_by="outer-title">
                    <h2 id="outer-title">"Outer"</h2>
                    <button id="outer-button">"outer"</button>
                    <RemoveUserDialog user=team()[1].clone() is_alert_contact=Some(true) on_close />
                </ModalDialog>
            }
        });
        settle().await;
        let dialog = document()
            .query_selector("[role=alertdialog]")
            .unwrap()
            .expect("an alert dialog");
        assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
        let title = by_id(&dialog.get_attribute("aria-labelledby").unwrap());
        assert_eq!(
            title.text_content().as_deref(),
            Some("Remove Émile Éditeur?")
        );
        let description = by_id(&dialog.get_attribute("aria-describedby").unwrap());
        assert!(
            description
                .text_content()
                .unwrap()
                .contains("is an alert contact"),
            "the alert-contact warning is part of the description"
        );
        assert_eq!(
            active_id(),
            "user-dialog-cancel",
            "the safe action has the focus"
        );

        // Tab stays inside the confirmation, not the dialog around it.
        assert!(press("Tab", false));
        assert_eq!(active_id(), "user-dialog-confirm");
        assert!(press("Tab", true));
        assert_eq!(active_id(), "user-dialog-cancel");

        assert!(press("Escape", false));
        assert_eq!(
            *closed.lock().unwrap(),
            ["user-2-remove"],
            "Escape cancels and focus goes back to the Remove button"
        );
    }

    #[wasm_bindgen_test]
    async fn role_change_starts_on_the_current_role_and_keeping_it_changes_nothing() {
        let closed = Arc::new(Mutex::new(Vec::<String>::new()));
        let recorded = closed.clone();
        let _mounted = with_portal(Role::Administrator, move || {
            let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
            view! { <ChangeRoleDialog user=team()[3].clone() on_close /> }
        });
        settle().await;
        assert_eq!(
            active_id(),
            "user-dialog-role-read-only",
            "focus on the current role"
        );
        let editor: HtmlInputElement = by_id("user-dialog-role-editor").unchecked_into();
        assert_eq!(
            editor.get_attribute("aria-describedby").as_deref(),
            Some("user-dialog-role-editor-description")
        );
        assert_eq!(
            by_id("user-dialog-role-editor-description")
                .text_content()
                .as_deref(),
            Some("Edits the contact information.")
        );
        // Confirming the role the user already has sends nothing and closes.
        by_id("user-dialog-confirm").click();
        settle().await;
        assert_eq!(*closed.lock().unwrap(), ["user-4-change-role"]);
    }

    #[wasm_bindgen_test]
    async fn invite_form_checks_the_shared_rule_and_describes_the_role() {
        let _mounted = with_portal(Role::Administrator, || view! { <InviteUserForm /> });
        settle().await;
        let role: HtmlSelectElement = by_id("invite-role").unchecked_into();
        assert_eq!(role.value(), "editor", "Editor is the usual hand-over role");
        assert_eq!(
            by_id("invite-role-hint").text_content().as_deref(),
            Some("Edits the contact information.")
        );
        role.set_value("administrator");
        fire(&role, "change");
        settle().await;
        assert_eq!(
            by_id("invite-role-hint").text_content().as_deref(),
            Some("Manages users and edits the contact information.")
        );

        let email: HtmlInputElement = by_id("invite-email").unchecked_into();
        email.set_value("emil@@example");
        fire(&email, "input");
        fire(&email, "blur");
        settle().await;
        assert_field_error(
            "invite-email",
            "“emil@@example” is not a valid e-mail address",
        );
        assert!(
            document().get_element_by_id("invite-name-error").is_none(),
            "an untouched field shows nothing yet"
        );

        fire(
            &document()
                .query_selector("form.invite-form")
                .unwrap()
                .unwrap(),
            "submit",
        );
        settle().await;
        assert_eq!(active_id(), "invite-summary");
        let links = by_id("invite-summary").query_selector_all("a").unwrap();
        assert_eq!(links.length(), 2, "name required and e-mail invalid");
        links
            .item(0)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        assert_eq!(active_id(), "invite-name");
    }

    #[wasm_bindgen_test]
    async fn read_only_users_see_who_manages_users_and_no_invite_form() {
        let _mounted = with_portal(Role::ReadOnly, || view! { <UserManagement /> });
        settle().await;
        assert!(document().get_element_by_id("invite-name").is_none());
        assert!(
            by_id("users-managed-by-administrators")
                .text_content()
                .unwrap()
                .contains("Anna Admin")
        );
    }
}

mod switchers {
    use super::*;
    use partner_portal::shell::environment_switcher::EnvironmentSwitcher;
    use partner_portal::state::{Announcer, Portal};
    use portal_rules::model::Role;
    use web_sys::HtmlSelectElement;

    fn choose(id: &str, value: &str) -> HtmlSelectElement {
        let select: HtmlSelectElement = by_id(id).unchecked_into();
        // Setting an option's `selected` property marks it as picked (the HTML "dirtiness"
        // a user's choice sets), after which the attribute no longer moves the selection.
        let option = select
            .query_selector(&format!("option[value='{value}']"))
            .unwrap()
            .unwrap();
        js_sys::Reflect::set(&option, &"selected".into(), &true.into()).unwrap();
        fire(&select, "change");
        select
    }

    /// Header and modal switchers share one environment. Once a user has picked an option
    /// by hand, only the `selected` *property* (not the attribute) can move the selection,
    /// so a switcher must follow changes made in the other one.
    #[wasm_bindgen_test]
    async fn two_switchers_stay_in_step_after_hand_picked_changes() {
        let _mounted = mount(|| {
            provide_context(Announcer::new());
            provide_context(Portal::new(session(Role::Editor)));
            view! { <EnvironmentSwitcher id="env-header" /> <EnvironmentSwitcher id="env-modal" /> }
        });
        settle().await;
        // Both header options become hand-picked.
        choose("env-header", "production");
        settle().await;
        let header = choose("env-header", "sandbox");
        settle().await;
        let modal: HtmlSelectElement = by_id("env-modal").unchecked_into();
        assert_eq!(modal.value(), "sandbox");
        choose("env-modal", "production");
        settle().await;
        assert_eq!(
            header.value(),
            "production",
            "the hand-picked header follows"
        );
        storage_cleanup();
    }

    fn storage_cleanup() {
        if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
            let _ = storage.remove_item("portal.environment.7");
        }
    }

    #[wasm_bindgen_test]
    fn lists_read_naturally_in_each_language() {
        let names = ["Anna".to_owned(), "Bruno".to_owned(), "Carla".to_owned()];
        assert_eq!(
            partner_portal::intl::format_list("de", &names),
            "Anna, Bruno und Carla"
        );
        assert_eq!(
            partner_portal::intl::format_list("it", &names),
            "Anna, Bruno e Carla"
        );
        assert_eq!(
            partner_portal::intl::format_list("en", &names[..2]),
            "Anna and Bruno"
        );
    }
}
