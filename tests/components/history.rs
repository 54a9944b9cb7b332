//! The change history on Configuration → Contact information, against the preview
//! backend's fixtures: entries with who, when and each field's change in words, "Show
//! more" (focus on the first new entry), the empty state, and the error state's retry.

use crate::support::{PreviewBackend, active_id, document, until, with_portal};
use leptos::prelude::*;
use partner_portal::features::contact_info::history::{ChangeHistory, HEADING_ID};
use partner_portal::i18n::{I18n, Locale, use_i18n};
use partner_portal::preview::runtime;
use partner_portal::state::{Portal, use_portal};
use portal_preview::force::{ForceKind, ForceScope, Forcing};
use portal_rules::api::SaveContactInfo;
use portal_rules::model::Environment;
use portal_rules::model::Role;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

fn entries() -> Vec<String> {
    let list = document()
        .query_selector_all(".history-list .history-entry")
        .unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.text_content())
        .collect()
}

fn show_more() -> Option<HtmlElement> {
    document()
        .query_selector(".history-more")
        .unwrap()
        .map(JsCast::unchecked_into)
}

#[wasm_bindgen_test]
async fn entries_say_who_when_and_each_change_in_words() {
    let _backend = PreviewBackend::signed_in_as("preview-6006", "chiara@bellanapoli.example");
    // A Read-only user reads it too.
    let _mounted = with_portal(Role::ReadOnly, || view! { <ChangeHistory /> });
    until("the entries are listed", || entries().len() == 5).await;
    let heading = document().get_element_by_id(HEADING_ID).unwrap();
    assert_eq!(heading.text_content().as_deref(), Some("Change history"));
    let shown = entries();
    // Newest first: Maria's invitation, then the contact information's save.
    assert!(
        shown[0].starts_with("User invited: Maria Rossi"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("maria.rossi@example.com"));
    assert!(
        shown[0].contains("by Giulia Bianchi (giulia@bellanapoli.example)"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("Was: none. Now: Editor."), "{}", shown[0]);
    let save = &shown[1];
    assert!(save.starts_with("Contact information changed"), "{save}");
    assert!(save.contains("Technical non-emergency contacts"), "{save}");
    assert!(save.contains("Added: paolo@bellanapoli.example"), "{save}");
    assert!(
        save.contains("Operational contact (shared with users)"),
        "{save}"
    );
    assert!(save.contains("Removed: info@bellanapoli.example"), "{save}");
    assert!(
        save.contains(
            "Was: Monday, Tuesday, Wednesday, Thursday, and Friday 09:00–18:00 (Europe/Rome). Now:"
        ),
        "{save}"
    );
    assert!(
        shown[2].contains("Was: Read only. Now: Editor."),
        "{}",
        shown[2]
    );
    assert!(
        shown[3].starts_with("User removed: Marco Esposito"),
        "{}",
        shown[3]
    );
    assert!(shown[3].contains("Alert contacts"), "{}", shown[3]);
    assert!(shown[4].contains("by the portal operator"), "{}", shown[4]);
    // The time is a <time> with the machine-readable instant.
    let time = document()
        .query_selector(".history-entry time")
        .unwrap()
        .unwrap();
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-01-25T08:45:00Z")
    );
    assert!(time.text_content().unwrap().contains("2026"));
    assert!(show_more().is_none(), "one page only");
}

#[wasm_bindgen_test]
async fn show_more_adds_the_next_page_and_focuses_its_first_entry() {
    let _backend = PreviewBackend::signed_in_as("preview-7007", "maria.rossi@example.com");
    let _mounted = with_portal(Role::Administrator, || view! { <ChangeHistory /> });
    until("the first page", || entries().len() == 20).await;
    let button = show_more().expect("a Show more button");
    assert_eq!(button.text_content().as_deref(), Some("Show more"));
    button.focus().unwrap();
    button.click();
    until("the second page is added", || entries().len() == 29).await;
    until("focus is on the first new entry", || {
        active_id().starts_with("history-entry-")
    })
    .await;
    let focused = document().active_element().unwrap().text_content().unwrap();
    let twenty_first = document()
        .query_selector_all(".history-list .history-title")
        .unwrap()
        .item(20)
        .and_then(|node| node.text_content())
        .unwrap();
    assert_eq!(focused, twenty_first);
    assert!(show_more().is_none(), "no third page");
}

#[wasm_bindgen_test]
async fn an_account_without_changes_says_so() {
    let _backend =
        PreviewBackend::signed_in_as("preview-9009", "lena.berger@alpin-erlebnis.example");
    let _mounted = with_portal(Role::Administrator, || view! { <ChangeHistory /> });
    until("the empty state", || {
        document()
            .query_selector(".history-empty")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        document()
            .query_selector(".history-empty")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("No changes have been recorded yet.")
    );
    assert!(entries().is_empty());
}

#[wasm_bindgen_test]
async fn a_failed_load_offers_a_retry() {
    let _backend = PreviewBackend::signed_in_as("preview-6006", "giulia@bellanapoli.example");
    runtime::set_forcing(Forcing::new(ForceKind::ServerError, ForceScope::All));
    let _mounted = with_portal(Role::Administrator, || view! { <ChangeHistory /> });
    let notice = || {
        document()
            .query_selector(".change-history .notice-error")
            .unwrap()
    };
    until("the error is shown", || notice().is_some()).await;
    assert_eq!(
        notice().unwrap().get_attribute("role").as_deref(),
        Some("alert")
    );
    runtime::set_forcing(Forcing::none());
    let retry: HtmlElement = notice()
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    until("the entries after the retry", || entries().len() == 5).await;
    assert!(notice().is_none());
}

#[wasm_bindgen_test]
async fn a_save_brings_its_entry_to_the_top() {
    let _backend = PreviewBackend::signed_in_as("preview-6006", "giulia@bellanapoli.example");
    let portal_slot: Rc<Cell<Option<Portal>>> = Rc::new(Cell::new(None));
    let slot = portal_slot.clone();
    let _mounted = with_portal(Role::Administrator, move || {
        slot.set(Some(use_portal()));
        view! { <ChangeHistory /> }
    });
    until("the entries are listed", || entries().len() == 5).await;
    let portal = portal_slot.get().expect("the portal");
    // What the contact form does on a successful save.
    let current = partner_portal::api::contact_info().await.expect("loaded");
    let mut contact = current.contact.clone();
    contact
        .technical_emergency
        .push("turno@bellanapoli.example".into());
    let save = SaveContactInfo {
        environment: Environment::Production,
        contact,
    };
    let saved = partner_portal::api::save_contact_info(current.version, &save)
        .await
        .expect("saved");
    portal.contact_info.set(Some(Ok(saved)));
    until("the new entry is on top", || entries().len() == 6).await;
    let newest = &entries()[0];
    assert!(
        newest.starts_with("Contact information changed"),
        "{newest}"
    );
    assert!(
        newest.contains("Added: turno@bellanapoli.example"),
        "{newest}"
    );
}

#[wasm_bindgen_test]
async fn an_invited_users_first_sign_in_reads_as_an_accepted_invitation() {
    // Maria Rossi is invited to Pizzeria Bella Napoli: signing in accepts it (the preview
    // records it, as the server does).
    let _backend = PreviewBackend::signed_in_as("preview-6006", "maria.rossi@example.com");
    let i18n_slot: Rc<Cell<Option<I18n>>> = Rc::new(Cell::new(None));
    let slot = i18n_slot.clone();
    let _mounted = with_portal(Role::Editor, move || {
        slot.set(Some(use_i18n()));
        view! { <ChangeHistory /> }
    });
    until("the entries are listed", || entries().len() == 6).await;
    let accepted = &entries()[0];
    assert!(
        accepted.starts_with("Invitation accepted: Maria Rossi"),
        "{accepted}"
    );
    assert!(
        accepted.contains("by Maria Rossi (maria.rossi@example.com)"),
        "{accepted}"
    );
    let i18n = i18n_slot.get().expect("the i18n");
    for (locale, title) in [
        (Locale::De, "Einladung angenommen: Maria Rossi"),
        (Locale::It, "Invito accettato: Maria Rossi"),
    ] {
        i18n.set_locale(locale);
        until(title, || entries()[0].starts_with(title)).await;
    }
    if let Ok(Some(storage)) = web_sys::window().unwrap().local_storage() {
        storage.remove_item("portal.locale").unwrap();
    }
}
