//! The contact-information feature: the support-hours editor, and the whole form — required
//! markers in the help pages' words, every error tied to the control it is about, the
//! single public address, and wording that is true in Sandbox.

use crate::support::{by_id, document, exists, fire, mount, session, submit, text_of, until};
use leptos::prelude::*;
use partner_portal::features::contact_info::hours::{RowError, SupportHoursEditor};
use partner_portal::features::contact_info::{ContactForm, ContactInformationTab};
use partner_portal::state::{Announcer, Portal};
use portal_rules::api::{SessionInfo, UsersResponse};
use portal_rules::contact::{HoursRow, RowPart, SupportHours, Weekday};
use portal_rules::model::{Environment, Role, User, UserStatus};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

fn attribute(id: &str, name: &str) -> Option<String> {
    by_id(id).get_attribute(name)
}

/// The control is marked invalid and described by (at least) `error_id`, which shows.
fn assert_tied(control_id: &str, error_id: &str) {
    assert_eq!(
        attribute(control_id, "aria-invalid").as_deref(),
        Some("true"),
        "{control_id} is invalid"
    );
    let described_by = attribute(control_id, "aria-describedby").unwrap_or_default();
    assert!(
        described_by.split(' ').any(|id| id == error_id),
        "{control_id} is described by {error_id}: {described_by:?}"
    );
    assert!(!text_of(error_id).is_empty(), "{error_id} says something");
}

/// The control is not marked invalid and not described by an error.
fn assert_untied(control_id: &str) {
    assert_ne!(
        attribute(control_id, "aria-invalid").as_deref(),
        Some("true"),
        "{control_id} is valid"
    );
    let described_by = attribute(control_id, "aria-describedby").unwrap_or_default();
    assert!(
        !described_by.contains("error"),
        "{control_id}: {described_by:?}"
    );
}

fn row(days: &[Weekday], start: &str, end: &str, zone: &str) -> HoursRow {
    HoursRow {
        weekdays: days.to_vec(),
        start: start.into(),
        end: end.into(),
        overnight: false,
        time_zone: zone.into(),
    }
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
                row_errors=Signal::derive(Vec::new)
                disabled=false
                on_leave=Callback::new(|()| {})
            />
        }
    });
    until("the editor renders", || {
        exists("field-support_hours-always")
    })
    .await;
    let add = document()
        .query_selector(".hours-rows > button")
        .unwrap()
        .expect("add button");
    assert_eq!(add.text_content().as_deref(), Some("Add time range"));
    add.unchecked_ref::<HtmlElement>().click();
    until("a row is added", || exists("field-support_hours-row-0")).await;
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
    // Each control is labelled.
    for (id, label) in [
        ("field-support_hours-row-0-start", "From"),
        ("field-support_hours-row-0-end", "To"),
        ("field-support_hours-row-0-time_zone", "Time zone"),
    ] {
        let found = document()
            .query_selector(&format!("label[for='{id}']"))
            .unwrap()
            .and_then(|label| label.text_content());
        assert_eq!(found.as_deref(), Some(label), "{id}");
        assert_untied(id);
    }

    // Toggling Saturday with the keyboard-operable checkbox updates the row.
    let saturday: HtmlInputElement = by_id("field-support_hours-row-0-saturday").unchecked_into();
    saturday.click();
    let has_saturday =
        || hours.with_untracked(|hours| hours.rows[0].weekdays.contains(&Weekday::Saturday));
    until("Saturday is checked", || {
        saturday.checked() && has_saturday()
    })
    .await;
    assert!(has_saturday());

    let always: HtmlInputElement = by_id("field-support_hours-always").unchecked_into();
    always.click();
    let rows_hidden = || {
        document()
            .query_selector(".hours-rows")
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .hidden()
    };
    until("24/7 hides the rows", rows_hidden).await;
    assert!(hours.get_untracked().always_open);
    assert!(rows_hidden());
}

/// Each error marks exactly the control it is about, and the control's description names
/// it; an overlap (about the row) marks the row's times.
/// The options of a zone list, as (value, text).
fn zone_options(id: &str) -> Vec<(String, String)> {
    let options = by_id(id).query_selector_all("option").unwrap();
    (0..options.length())
        .filter_map(|index| options.item(index))
        .map(|option| {
            let option = option.unchecked_into::<web_sys::HtmlOptionElement>();
            (option.value(), option.text())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn zone_lists_hold_their_zone_until_reached_then_every_zone() {
    let hours = RwSignal::new(SupportHours {
        always_open: false,
        rows: vec![
            row(&[Weekday::Monday], "09:00", "17:00", "Europe/Rome"),
            row(&[Weekday::Tuesday], "09:00", "17:00", "Mars/Olympus"),
        ],
    });
    let _mounted = mount(move || {
        view! {
            <SupportHoursEditor
                hours=hours.into()
                on_change=Callback::new(move |value| hours.set(value))
                field_errors=Signal::derive(Vec::new)
                row_errors=Signal::derive(Vec::new)
                disabled=false
                on_leave=Callback::new(|()| {})
            />
        }
    });
    let rome = "field-support_hours-row-0-time_zone";
    let mars = "field-support_hours-row-1-time_zone";
    until("the zone lists are filled", || {
        exists(mars) && !zone_options(mars).is_empty() && !zone_options(rome).is_empty()
    })
    .await;
    // Closed and untouched: only the row's own zone, labelled with its name.
    let only = zone_options(rome);
    assert_eq!(only.len(), 1, "{only:?}");
    assert_eq!(only[0].0, "Europe/Rome");
    assert!(
        only[0].1.starts_with("Europe/Rome — "),
        "named via Intl: {:?}",
        only[0].1
    );
    assert_eq!(
        zone_options(mars),
        [("Mars/Olympus".into(), "Mars/Olympus".into())]
    );

    // Reached for (focus, as the keyboard does; pointer down does the same): every zone,
    // the row's still selected, an unlisted zone kept first.
    by_id(rome).focus().unwrap();
    until("every zone is listed", || zone_options(rome).len() > 100).await;
    let all = zone_options(rome);
    assert_eq!(all[0].0, "UTC");
    assert!(all.iter().any(|(zone, _)| zone == "America/New_York"));
    assert_eq!(
        all.iter().filter(|(zone, _)| zone == "Europe/Rome").count(),
        1
    );
    let select = |id: &str| by_id(id).unchecked_into::<web_sys::HtmlSelectElement>();
    assert_eq!(select(rome).value(), "Europe/Rome");
    fire(&by_id(mars), "pointerdown");
    until("every zone is listed", || zone_options(mars).len() > 100).await;
    let all = zone_options(mars);
    assert_eq!(all[0].0, "Mars/Olympus", "unlisted zone first");
    assert_eq!(select(mars).value(), "Mars/Olympus");

    // Choosing another zone changes the row; the list stays complete.
    select(rome).set_value("Asia/Tokyo");
    fire(&by_id(rome), "change");
    until("the row changes", || {
        hours.with_untracked(|hours| hours.rows[0].time_zone == "Asia/Tokyo")
    })
    .await;
    leptos::task::tick().await;
    assert_eq!(select(rome).value(), "Asia/Tokyo");
    assert!(zone_options(rome).len() > 100);
}

#[wasm_bindgen_test]
async fn hours_editor_ties_each_error_to_the_wrong_control() {
    let hours = RwSignal::new(SupportHours {
        always_open: false,
        rows: vec![
            row(&[], "18:00", "08:00", "Mars/Olympus"),
            row(&[Weekday::Monday], "09:00", "17:00", "UTC"),
        ],
    });
    let error = |row: usize, part: Option<RowPart>, message: &str| RowError {
        row,
        part,
        message: message.into(),
    };
    let row_errors = vec![
        error(0, Some(RowPart::Weekdays), "No weekday"),
        error(0, Some(RowPart::End), "End before start"),
        error(0, Some(RowPart::TimeZone), "Unknown zone"),
        error(1, None, "Overlaps range 1"),
    ];
    let _mounted = mount(move || {
        view! {
            <SupportHoursEditor
                hours=hours.into()
                on_change=Callback::new(move |value| hours.set(value))
                field_errors=Signal::derive(|| vec!["Whole field".to_string()])
                row_errors=Signal::stored(row_errors)
                disabled=false
                on_leave=Callback::new(|()| {})
            />
        }
    });
    until("both rows render", || exists("field-support_hours-row-1")).await;

    // Row 1: the weekdays, the end and the zone are wrong; the start is not.
    for day in Weekday::ALL {
        assert_tied(
            &format!("field-support_hours-row-0-{day}"),
            "field-support_hours-row-0-weekdays-error",
        );
    }
    assert_eq!(
        text_of("field-support_hours-row-0-weekdays-error"),
        "No weekday"
    );
    assert_tied(
        "field-support_hours-row-0-end",
        "field-support_hours-row-0-end-error",
    );
    assert_eq!(
        text_of("field-support_hours-row-0-end-error"),
        "End before start"
    );
    assert_untied("field-support_hours-row-0-start");
    assert_tied(
        "field-support_hours-row-0-time_zone",
        "field-support_hours-row-0-time_zone-error",
    );
    assert_eq!(
        by_id("field-support_hours-row-0-time_zone")
            .unchecked_into::<web_sys::HtmlSelectElement>()
            .value(),
        "Mars/Olympus",
        "a zone this browser does not list stays selected"
    );

    // Row 2 overlaps: its times are marked and described by the row's error.
    for part in ["start", "end"] {
        assert_tied(
            &format!("field-support_hours-row-1-{part}"),
            "field-support_hours-row-1-error",
        );
    }
    assert_eq!(
        text_of("field-support_hours-row-1-error"),
        "Overlaps range 1"
    );
    assert_untied("field-support_hours-row-1-time_zone");
    assert_untied("field-support_hours-row-1-monday");

    // The field's own error (no rows, say) is tied to the group and its 24/7 choice.
    assert_tied("field-support_hours", "field-support_hours-error");
    assert_tied("field-support_hours-always", "field-support_hours-error");
}

fn users() -> UsersResponse {
    let user = |id: i64, name: &str, email: &str, role: Role| User {
        id,
        name: name.into(),
        email: email.into(),
        role,
        status: UserStatus::Active,
        last_sign_in_at: None,
        version: 1,
    };
    UsersResponse {
        users: vec![
            user(3, "Anna Admin", "anna@demo.example", Role::Administrator),
            user(7, "Rita Reader", "rita@demo.example", Role::Editor),
        ],
    }
}

/// Mounts the contact form in `session`'s portal in `environment`, with the account's users
/// loaded (after the test server's failed fetch, so nothing overwrites them).
async fn mount_form(session: SessionInfo, environment: Environment) -> impl Sized {
    let portal = Rc::new(Cell::new(None::<Portal>));
    let shared = portal.clone();
    let mounted = mount(move || {
        provide_context(Announcer::new());
        let portal = Portal::new(session);
        portal.environment.set(environment);
        provide_context(portal);
        shared.set(Some(portal));
        view! { <ContactForm /> }
    });
    let portal = portal.get().expect("mounted");
    until("the users request is answered", || {
        portal.users.get_untracked().is_some()
    })
    .await;
    portal.users.set(Some(Ok(users())));
    until("the alert-contact choices render", || {
        document()
            .query_selector("#field-alert_contacts input[type=checkbox]")
            .unwrap()
            .is_some()
    })
    .await;
    // Below the fold, the form is built after the first paint (`Deferred`); a test that
    // submits before then meets a form without its hours editor.
    until("the deferred fields render", || {
        exists("field-support_hours-always")
    })
    .await;
    mounted
}

fn label_text(for_id: &str) -> String {
    document()
        .query_selector(&format!("label[for='{for_id}']"))
        .unwrap()
        .and_then(|label| label.text_content())
        .unwrap_or_default()
}

fn legend_text(fieldset_id: &str) -> String {
    by_id(fieldset_id)
        .query_selector("legend")
        .unwrap()
        .and_then(|legend| legend.text_content())
        .unwrap_or_default()
}

fn summary_links() -> Vec<String> {
    let links = document()
        .query_selector_all("#contact-form-summary a")
        .unwrap();
    (0..links.length())
        .filter_map(|index| links.item(index))
        .filter_map(|node| {
            node.unchecked_into::<web_sys::Element>()
                .get_attribute("href")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn contact_form_labels_carry_the_help_pages_required_markers() {
    let _mounted = mount_form(session(Role::Editor), Environment::Production).await;

    // Every label carries its required marker; the inputs say they are required.
    assert_eq!(
        legend_text("field-alert_contacts"),
        "Alert contacts (required)"
    );
    for (id, label) in [
        (
            "field-technical_emergency",
            "Technical emergency contacts (required)",
        ),
        (
            "field-technical_non_emergency",
            "Technical non-emergency contacts (required)",
        ),
        (
            "field-merchant_issues",
            "Operational contact for merchant issues (required for some integrations)",
        ),
        (
            "field-operational_google",
            "Operational contact (for Google) (required)",
        ),
        (
            "field-operational_public",
            "Operational contact (shared with users) (required)",
        ),
    ] {
        assert_eq!(label_text(id), label);
        assert_eq!(
            attribute(id, "aria-required").as_deref(),
            Some("true"),
            "{id}"
        );
    }
    assert_eq!(
        legend_text("field-support_hours"),
        "Operational support (required)"
    );
    assert_eq!(
        text_of("field-merchant_issues-note"),
        "This field is only available for some integrations."
    );
    assert!(
        text_of("field-technical_emergency-help").contains("paging alias"),
        "the paging-alias hint"
    );
    assert_eq!(
        document()
            .query_selector(".required-note")
            .unwrap()
            .and_then(|note| note.text_content())
            .as_deref(),
        Some(
            "All fields shown are required. Separate several addresses in a list with commas, \
             semicolons, spaces or new lines."
        )
    );

    // The shared-with-users contact is one plain e-mail input, not a chip list.
    let public: HtmlInputElement = by_id("field-operational_public").unchecked_into();
    assert_eq!(public.type_(), "email");
    assert!(public.required());
    assert!(
        document()
            .query_selector("#field-operational_public ~ .chips, .single-email .chips")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn an_empty_submit_ties_every_fields_error_to_its_control() {
    let _mounted = mount_form(session(Role::Editor), Environment::Production).await;
    // An empty submit: every field's error is tied to its control.
    submit(".contact-form");
    until("the summary shows", || {
        !by_id("contact-form-summary").hidden()
    })
    .await;
    for id in [
        "field-technical_emergency",
        "field-technical_non_emergency",
        "field-merchant_issues",
        "field-operational_google",
        "field-operational_public",
    ] {
        assert_tied(id, &format!("{id}-error"));
    }
    assert_tied("field-alert_contacts", "field-alert_contacts-error");
    let alert_boxes = document()
        .query_selector_all("#field-alert_contacts input[type=checkbox]")
        .unwrap();
    assert_eq!(alert_boxes.length(), 2);
    for index in 0..alert_boxes.length() {
        let checkbox: web_sys::Element = alert_boxes.item(index).unwrap().unchecked_into();
        assert_eq!(
            checkbox.get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        assert_eq!(
            checkbox.get_attribute("aria-describedby").as_deref(),
            Some("field-alert_contacts-error")
        );
    }
    assert_tied("field-support_hours-always", "field-support_hours-error");
}

/// A row whose end is before its start: the end is wrong, not the start, and the summary
/// links straight to it. The one public address clears its error when typed.
#[wasm_bindgen_test]
async fn an_hours_error_marks_the_wrong_time_and_the_summary_links_to_it() {
    let _mounted = mount_form(session(Role::Editor), Environment::Production).await;
    submit(".contact-form");
    until("the summary shows", || {
        !by_id("contact-form-summary").hidden()
    })
    .await;
    let add = document()
        .query_selector(".hours-rows > button")
        .unwrap()
        .expect("add button");
    add.unchecked_ref::<HtmlElement>().click();
    until("a row is added", || exists("field-support_hours-row-0-end")).await;
    let end: HtmlInputElement = by_id("field-support_hours-row-0-end").unchecked_into();
    end.set_value("08:00");
    fire(&end, "change");
    until("the end is marked", || {
        attribute("field-support_hours-row-0-end", "aria-invalid").as_deref() == Some("true")
    })
    .await;
    assert_tied(
        "field-support_hours-row-0-end",
        "field-support_hours-row-0-end-error",
    );
    assert_eq!(
        text_of("field-support_hours-row-0-end-error"),
        "The start must be before the end (or mark the range as overnight)."
    );
    assert_untied("field-support_hours-row-0-start");
    assert_untied("field-support_hours-row-0-time_zone");
    assert!(
        summary_links().contains(&"#field-support_hours-row-0-end".to_owned()),
        "{:?}",
        summary_links()
    );

    // Typing the one public address clears its error.
    let public: HtmlInputElement = by_id("field-operational_public").unchecked_into();
    public.set_value("help@demo.example");
    fire(&public, "input");
    until("the public contact's error goes", || {
        attribute("field-operational_public", "aria-invalid").as_deref() == Some("false")
    })
    .await;
    assert_untied("field-operational_public");
    let public_invalid = "not an address";
    public.set_value(public_invalid);
    fire(&public, "input");
    until("an invalid address is named", || {
        text_of("field-operational_public-error").contains("is not a valid e-mail address")
    })
    .await;
}

#[wasm_bindgen_test]
async fn sandbox_wording_is_true_with_and_without_production() {
    let mounted = mount_form(session(Role::Editor), Environment::Sandbox).await;
    assert_eq!(
        legend_text("field-alert_contacts"),
        "Alert contacts (required in Production)"
    );
    assert_eq!(
        text_of("field-alert_contacts-note"),
        "Note: Alert contacts can only be specified in the Production environment. Switch to \
         Production to choose them."
    );
    let note = || {
        document()
            .query_selector(".required-note")
            .unwrap()
            .and_then(|note| note.text_content())
            .unwrap_or_default()
    };
    assert!(
        note().starts_with("In Sandbox, all fields shown are required except the alert contacts."),
        "{}",
        note()
    );
    // Alert contacts are not required in Sandbox: an empty submit does not flag them.
    submit(".contact-form");
    until("the summary shows", || {
        !by_id("contact-form-summary").hidden()
    })
    .await;
    assert_untied("field-alert_contacts");
    assert_tied(
        "field-technical_emergency",
        "field-technical_emergency-error",
    );
    drop(mounted);

    // An account without Production is never told to switch to it.
    let mut sandbox_only = session(Role::Editor);
    sandbox_only.account.production_enabled = false;
    let _mounted = mount_form(sandbox_only, Environment::Sandbox).await;
    let text = text_of("field-alert_contacts-note");
    assert!(!text.contains("Switch to Production"), "{text}");
    assert!(
        text.contains("Production is not enabled for this account yet"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn the_modal_tab_names_the_accounts_integration() {
    let _mounted = mount(|| {
        provide_context(Announcer::new());
        provide_context(Portal::new(session(Role::Editor)));
        view! {
            <div id="tab-under-test">
                <ContactInformationTab />
            </div>
        }
    });
    until("the intro renders", || {
        document()
            .query_selector("#tab-under-test > p")
            .unwrap()
            .is_some()
    })
    .await;
    let intro = document()
        .query_selector("#tab-under-test > p")
        .unwrap()
        .and_then(|p| p.text_content())
        .unwrap_or_default();
    assert!(
        intro.contains("start working on the “Things to do” integration"),
        "{intro}"
    );
}
