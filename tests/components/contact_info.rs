//! The contact-information feature's widgets: the support-hours editor.

use crate::support::{by_id, document, exists, mount, text_of, until};
use leptos::prelude::*;
use partner_portal::features::contact_info::hours::SupportHoursEditor;
use portal_rules::contact::{SupportHours, Weekday};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

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
    assert_eq!(text_of("field-support_hours-row-0-error"), "Row problem");

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
