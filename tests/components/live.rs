//! Live updates in the components: the contact form takes a newer version saved elsewhere
//! when it has no unsaved edits, and keeps the edits (saying who saved) when it has; the
//! portal's notice names who changed something.

use crate::support::{
    by_id, contact_info_response, document, exists, fire, mount, press, session, until,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use partner_portal::features::contact_info::ContactForm;
use partner_portal::shell::live_notice::{LIVE_NOTICE_ID, LiveNotice};
use partner_portal::state::{Announcer, LiveFeed, Portal};
use partner_portal::storage::{DraftForm, DraftStore};
use portal_rules::contact::{ContactInfo, Field};
use portal_rules::history::{ChangeKind, LiveEvent};
use portal_rules::model::Role;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

fn change(name: &str, version: i64) -> LiveEvent {
    LiveEvent {
        id: version,
        at: String::new(),
        kind: ChangeKind::ContactInfoUpdated,
        actor_id: Some(3),
        actor_name: Some(name.to_owned()),
        contact_info_version: Some(version),
    }
}

/// The addresses shown as chips in the technical emergency list.
fn emergency_chips() -> Vec<String> {
    let chips = document()
        .query_selector_all(".form-field:has(#field-technical_emergency) li.chip")
        .unwrap();
    (0..chips.length())
        .filter_map(|index| chips.item(index)?.text_content())
        .map(|text| text.trim().to_owned())
        .collect()
}

fn chips_contain(address: &str) -> bool {
    emergency_chips().iter().any(|chip| chip.contains(address))
}

#[wasm_bindgen_test]
async fn a_newer_version_replaces_an_untouched_draft_but_never_unsaved_edits() {
    let shared = Rc::new(Cell::new(None::<(Portal, LiveFeed)>));
    let provided = shared.clone();
    let _mounted = mount(move || {
        provide_context(Announcer::new());
        let portal = Portal::new(session(Role::Editor));
        let feed = LiveFeed::new();
        provide_context(portal);
        provide_context(feed);
        provided.set(Some((portal, feed)));
        view! { <ContactForm /> }
    });
    let (portal, feed) = shared.get().expect("mounted");
    until("the test server's answer", || {
        portal.contact_info.get_untracked().is_some()
    })
    .await;
    portal
        .contact_info
        .set(Some(Ok(contact_info_response(1, &["one@x.example"]))));
    until("the untouched form shows version 1", || {
        chips_contain("one@x.example")
    })
    .await;

    // Another user saves version 2: the untouched draft follows.
    feed.latest.set(Some(change("Anna Admin", 2)));
    portal
        .contact_info
        .set(Some(Ok(contact_info_response(2, &["two@x.example"]))));
    until("the form shows version 2", || {
        chips_contain("two@x.example")
    })
    .await;
    assert!(!chips_contain("one@x.example"));
    assert!(!exists("contact-form-live-kept"));

    // The user types an address; then version 3 arrives: the edit stays, and the form says
    // who saved.
    let input: HtmlInputElement = by_id("field-technical_emergency").unchecked_into();
    input.focus().unwrap();
    input.set_value("mine@x.example");
    fire(&input, "input");
    press("Enter", false);
    until("the typed address is a chip", || {
        chips_contain("mine@x.example")
    })
    .await;
    feed.latest.set(Some(change("Anna Admin", 3)));
    portal
        .contact_info
        .set(Some(Ok(contact_info_response(3, &["three@x.example"]))));
    until("the form says the edits are kept", || {
        exists("contact-form-live-kept")
    })
    .await;
    assert!(chips_contain("mine@x.example"), "the edit is kept");
    assert!(
        !chips_contain("three@x.example"),
        "the draft is not replaced"
    );
    let text = by_id("contact-form-live-kept")
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("Anna Admin"), "{text}");
    assert!(text.contains("Your edits are kept"), "{text}");
}

#[wasm_bindgen_test]
async fn the_notice_names_who_changed_something() {
    let feed = LiveFeed::new();
    let _mounted = mount(move || {
        provide_context(feed);
        view! {
            <Router>
                <LiveNotice />
            </Router>
        }
    });
    until("the region renders", || exists(LIVE_NOTICE_ID)).await;
    assert_eq!(
        by_id(LIVE_NOTICE_ID).get_attribute("role").as_deref(),
        Some("status")
    );
    assert_eq!(by_id(LIVE_NOTICE_ID).text_content().unwrap_or_default(), "");
    feed.latest.set(Some(change("Marco Bianchi", 4)));
    until("the notice shows", || {
        by_id(LIVE_NOTICE_ID)
            .text_content()
            .is_some_and(|text| text.contains("Updated by") && text.contains("Marco Bianchi"))
    })
    .await;
}

/// The pointer's link, if the notice shows one.
fn draft_pointer() -> Option<String> {
    let link = document()
        .query_selector(&format!("#{LIVE_NOTICE_ID} a#live-notice-draft"))
        .ok()??;
    Some(format!(
        "{} -> {}",
        link.text_content().unwrap_or_default(),
        link.get_attribute("href").unwrap_or_default()
    ))
}

/// Someone else completes the contact information while the blocking modal is open: the
/// modal goes, and what the user typed in it is kept as a draft. The notice then points to
/// the page that offers it back — only while a draft is kept and the block is lifted.
#[wasm_bindgen_test]
async fn the_notice_points_to_a_draft_kept_when_the_modal_closed() {
    let shared = Rc::new(Cell::new(None::<(Portal, LiveFeed)>));
    let provided = shared.clone();
    let _mounted = mount(move || {
        let portal = Portal::new(session(Role::Editor));
        let feed = LiveFeed::new();
        provide_context(portal);
        provide_context(feed);
        provided.set(Some((portal, feed)));
        view! {
            <Router>
                <LiveNotice />
            </Router>
        }
    });
    let (portal, feed) = shared.get().expect("mounted");
    until("the test server's answer", || {
        portal.contact_info.get_untracked().is_some()
    })
    .await;
    let mut incomplete = contact_info_response(1, &[]);
    incomplete.completeness.sandbox = vec![Field::TechnicalEmergency];
    incomplete.completeness.production = vec![Field::TechnicalEmergency];
    portal.contact_info.set(Some(Ok(incomplete)));
    let drafts = DraftStore::new(DraftForm::ContactInfo, &session(Role::Editor));
    let typed = ContactInfo {
        technical_non_emergency: vec!["mine@x.example".into()],
        ..ContactInfo::default()
    };
    drafts.keep(&typed, false);

    // While the modal still blocks, the form itself holds the edits: no pointer.
    feed.latest.set(Some(change("Anna Admin", 2)));
    until("the notice shows", || {
        by_id(LIVE_NOTICE_ID)
            .text_content()
            .is_some_and(|text| text.contains("Anna Admin"))
    })
    .await;
    assert_eq!(draft_pointer(), None);

    // Anna's save completes the information: the modal goes, the draft stays.
    portal
        .contact_info
        .set(Some(Ok(contact_info_response(2, &["anna@x.example"]))));
    until("the notice points to the kept draft", || {
        draft_pointer().is_some()
    })
    .await;
    assert_eq!(
        draft_pointer().as_deref(),
        Some(
            "Continue in Configuration → Contact information -> /configuration/contact-information"
        )
    );
    let text = by_id(LIVE_NOTICE_ID).text_content().unwrap_or_default();
    assert!(
        text.contains("What you typed in the contact information is kept as a draft."),
        "{text}"
    );

    // Without a kept draft (restored and saved, or discarded) there is nothing to point to.
    drafts.clear();
    feed.latest.set(Some(change("Anna Admin", 3)));
    until("the newer notice shows", || {
        by_id(LIVE_NOTICE_ID)
            .text_content()
            .is_some_and(|text| text.contains("Updated by"))
    })
    .await;
    assert_eq!(draft_pointer(), None);
}
