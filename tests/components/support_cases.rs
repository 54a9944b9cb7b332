//! The support feature: the case form prefills, validates inline and focuses its summary.

use crate::support::{
    active_id, assert_field_error, by_id, fire, shows_error, submit, text_of, until, with_portal,
};
use leptos::prelude::*;
use partner_portal::features::support::SupportPanel;
use portal_rules::model::Role;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

#[wasm_bindgen_test]
async fn support_form_prefills_validates_inline_and_focuses_the_summary() {
    let _mounted = with_portal(Role::ReadOnly, || view! { <SupportPanel /> });
    let reply_to = || by_id("support-reply-to").unchecked_into::<HtmlInputElement>();
    until("the form is prefilled", || !reply_to().value().is_empty()).await;
    assert_eq!(
        reply_to().value(),
        "rita@demo.example",
        "reply-to is prefilled with the user's address"
    );
    let environment: HtmlSelectElement = by_id("support-environment").unchecked_into();
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
    until("the subject's error shows", || {
        shows_error("support-subject")
    })
    .await;
    assert_field_error("support-subject", "too long");

    // The counter follows the description.
    let description: HtmlTextAreaElement = by_id("support-description").unchecked_into();
    description.set_value("Hello");
    fire(&description, "input");
    let counter = || text_of("support-description-counter");
    until("the counter counts", || counter().starts_with("5 ")).await;
    assert_eq!(counter(), "5 of 5,000 characters", "numbers through Intl");

    // Submitting with errors focuses the summary, which lists each problem.
    description.set_value("");
    fire(&description, "input");
    submit("form.support-form");
    until("the summary has the focus", || {
        active_id() == "support-summary"
    })
    .await;
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
