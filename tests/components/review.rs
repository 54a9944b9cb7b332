//! The periodic review banner, against the preview backend's fixture account whose
//! contact information is due for review (preview-1010): shown to editors with the date of
//! the last confirmation, never to Read-only users, and "Still correct" records the
//! confirmation, hides the banner and announces it; a failure is shown with a retry.

use crate::support::{PreviewBackend, document, mount, until};
use leptos::prelude::*;
use partner_portal::features::contact_info::ReviewBanner;
use partner_portal::preview::runtime;
use partner_portal::state::{Announcer, Portal};
use portal_preview::force::{ForceKind, ForceScope, Forcing};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

const ACCOUNT: &str = "preview-1010";

/// The banner for the signed-in user of the preview backend, with the session the
/// backend has for them.
async fn banner_for_signed_in() -> (
    crate::support::Mounted<impl leptos::tachys::view::Mountable>,
    Announcer,
    Portal,
) {
    let session = partner_portal::api::session()
        .await
        .ok()
        .flatten()
        .expect("signed in");
    let announcer = Announcer::new();
    let portal = Rc::new(Cell::new(None::<Portal>));
    let provided = portal.clone();
    let mounted = mount(move || {
        let portal = Portal::new(session);
        provided.set(Some(portal));
        provide_context(announcer);
        provide_context(portal);
        view! { <ReviewBanner /> }
    });
    (mounted, announcer, portal.get().expect("mounted"))
}

fn banner() -> Option<web_sys::Element> {
    document().query_selector(".review-banner").unwrap()
}

fn button(id: &str) -> HtmlElement {
    document().get_element_by_id(id).unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn editors_see_the_banner_and_still_correct_confirms_and_hides_it() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "sophie.lang@sonnenhang.example");
    let (_mounted, announcer, _portal) = banner_for_signed_in().await;
    until("the banner shows", || banner().is_some()).await;
    let region = banner().unwrap();
    assert_eq!(
        region.get_attribute("aria-label").as_deref(),
        Some("Review of the contact information")
    );
    let text = region.text_content().unwrap();
    assert!(
        text.contains("Please check that your contact information is still correct."),
        "{text}"
    );
    // The fixture was last confirmed on 1 October 2025.
    assert!(text.contains("Last confirmed on Oct 1, 2025."), "{text}");
    let review: HtmlElement = button("review-open-form");
    assert_eq!(
        review.get_attribute("href").as_deref(),
        Some("/configuration/contact-information")
    );
    assert_eq!(review.text_content().as_deref(), Some("Review"));
    let still_correct = button("review-still-correct");
    assert_eq!(
        still_correct.text_content().as_deref(),
        Some("Still correct")
    );
    still_correct.click();
    until("the banner is gone", || banner().is_none()).await;
    assert_eq!(
        announcer.message(),
        "Thank you. Your contact information is confirmed as still correct."
    );
    // The confirmation is recorded: the server no longer asks.
    let info = partner_portal::api::contact_info().await.unwrap();
    assert!(!info.review_due);
    assert_eq!(info.version, 2);
}

#[wasm_bindgen_test]
async fn read_only_users_never_see_it() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "tobias.reiter@sonnenhang.example");
    let info = partner_portal::api::contact_info().await.unwrap();
    assert!(info.review_due, "due for the account");
    let (_mounted, _announcer, portal) = banner_for_signed_in().await;
    until("the contact information is loaded", || {
        portal.contact_info.get_untracked().is_some()
    })
    .await;
    leptos::task::tick().await;
    assert!(banner().is_none());
}

#[wasm_bindgen_test]
async fn a_failed_confirmation_is_shown_with_a_retry() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "franz.winkler@sonnenhang.example");
    let (_mounted, _announcer, _portal) = banner_for_signed_in().await;
    until("the banner shows", || banner().is_some()).await;
    runtime::set_forcing(Forcing::new(ForceKind::Network, ForceScope::Next));
    button("review-still-correct").click();
    let notice = || {
        document()
            .query_selector(".review-banner .notice-error")
            .unwrap()
    };
    until("the error is shown", || notice().is_some()).await;
    assert_eq!(
        notice().unwrap().get_attribute("role").as_deref(),
        Some("alert")
    );
    assert!(banner().is_some(), "the banner stays");
    let retry: HtmlElement = notice()
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    until("the banner is gone after the retry", || banner().is_none()).await;
}
