//! Verified contact addresses, against the preview backend's Bella Napoli (preview-6006):
//! four addresses confirmed, one failed, two pending. The summary counts them with a
//! plural, editors send a link again (announced; too soon is refused and said), Read-only
//! users only read; an address that never had a link (saved before verification existed)
//! says so and offers its first; the chip widget shows a status as text its remove button is described
//! by; the `/verify` page confirms a link once and says when one is no longer valid.

use crate::support::{
    PreviewBackend, by_id, contact_info_response, document, mount, session, until,
};
use leptos::prelude::*;
use partner_portal::features::contact_info::VerificationSummary;
use partner_portal::pages::verify::VerifyPage;
use partner_portal::state::{Announcer, Portal};
use partner_portal::ui::chip_input::{ChipStatus, EmailListInput};
use portal_rules::api::ContactInfoResponse;
use portal_rules::model::Role;
use portal_rules::verification::{AddressVerification, VerificationStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

const ACCOUNT: &str = "preview-6006";

async fn summary_for_signed_in() -> (impl Sized, Announcer) {
    let session = partner_portal::api::session()
        .await
        .ok()
        .flatten()
        .expect("signed in");
    let announcer = Announcer::new();
    let mounted = mount(move || {
        provide_context(announcer);
        provide_context(Portal::new(session));
        view! { <VerificationSummary /> }
    });
    (mounted, announcer)
}

fn summary_text() -> String {
    document()
        .query_selector(".verification")
        .unwrap()
        .and_then(|section| section.text_content())
        .unwrap_or_default()
}

fn resend_buttons() -> Vec<HtmlElement> {
    let list = document()
        .query_selector_all(".verification-list button")
        .unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(JsCast::unchecked_into)
        .collect()
}

#[wasm_bindgen_test]
async fn the_summary_counts_and_editors_send_a_link_again() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "paolo@bellanapoli.example");
    let (_mounted, announcer) = summary_for_signed_in().await;
    until("the summary shows", || !summary_text().is_empty()).await;
    let text = summary_text();
    assert!(
        text.contains("3 of 7 addresses are not yet confirmed."),
        "{text}"
    );
    assert!(text.contains("Confirmed on Jan 21, 2026"), "{text}");
    assert!(text.contains("Not delivered or link expired"), "{text}");
    let buttons = resend_buttons();
    assert_eq!(buttons.len(), 3, "one per unconfirmed address");
    let failed = buttons
        .iter()
        .find(|button| {
            button
                .text_content()
                .is_some_and(|text| text.contains("esercenti@"))
        })
        .expect("the failed address can be sent again")
        .clone();
    assert_eq!(
        failed.text_content().as_deref(),
        Some("Send link again esercenti@bellanapoli.example"),
        "named by its visible text, and the address for screen readers"
    );
    let status_id = failed.get_attribute("aria-describedby").unwrap();
    assert_eq!(
        by_id(&status_id).text_content().as_deref(),
        Some("Not delivered or link expired")
    );
    failed.click();
    until("the resend is announced", || {
        announcer.message() == "A new confirmation link was sent to esercenti@bellanapoli.example."
    })
    .await;
    until("the address is pending", || {
        by_id(&status_id).text_content().as_deref() == Some("Not yet confirmed")
    })
    .await;
    // At once again: too soon, said and shown.
    failed.click();
    until("the refusal is shown", || {
        document()
            .query_selector("#verification-failure[role='alert']")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(
        announcer.message().contains("Too many attempts"),
        "{}",
        announcer.message()
    );
}

#[wasm_bindgen_test]
async fn read_only_users_see_the_statuses_but_cannot_resend() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "chiara@bellanapoli.example");
    let (_mounted, _announcer) = summary_for_signed_in().await;
    until("the summary shows", || !summary_text().is_empty()).await;
    assert!(summary_text().contains("Not yet confirmed"));
    assert!(resend_buttons().is_empty());
}

#[wasm_bindgen_test]
async fn an_address_without_a_link_says_so_and_offers_its_first() {
    let portal = std::rc::Rc::new(std::cell::Cell::new(None::<Portal>));
    let shared = portal.clone();
    let _mounted = mount(move || {
        provide_context(Announcer::new());
        let portal = Portal::new(session(Role::Editor));
        provide_context(portal);
        shared.set(Some(portal));
        view! { <VerificationSummary /> }
    });
    let portal = portal.get().expect("mounted");
    until("the test server's answer", || {
        portal.contact_info.get_untracked().is_some()
    })
    .await;
    let entry = |address: &str, status| AddressVerification {
        address: address.to_owned(),
        status,
        verified_at: None,
    };
    portal.contact_info.set(Some(Ok(ContactInfoResponse {
        verifications: vec![
            entry("old@x.example", VerificationStatus::Unsent),
            entry("new@x.example", VerificationStatus::Pending),
        ],
        ..contact_info_response(3, &["old@x.example", "new@x.example"])
    })));
    until("the summary shows", || !summary_text().is_empty()).await;
    let text = summary_text();
    assert!(
        text.contains("2 of 2 addresses are not yet confirmed."),
        "{text}"
    );
    assert!(
        text.contains("old@x.example No confirmation link sent yet"),
        "{text}"
    );
    assert!(text.contains("new@x.example Not yet confirmed"), "{text}");
    let labels: Vec<String> = resend_buttons()
        .iter()
        .filter_map(|button| button.text_content())
        .collect();
    assert_eq!(
        labels,
        ["Send link old@x.example", "Send link again new@x.example"]
    );
}

#[wasm_bindgen_test]
async fn a_chip_shows_its_status_as_text_that_describes_it() {
    let values = RwSignal::new(vec![
        "ops@partner.example".to_string(),
        "new@partner.example".to_string(),
    ]);
    let _mounted = mount(move || {
        view! {
            <EmailListInput
                input_id="status-chips"
                label=Signal::derive(|| "Operational contacts".to_string())
                help=Signal::derive(String::new)
                values=values.into()
                on_change=Callback::new(move |list| values.set(list))
                errors=Signal::derive(Vec::new)
                disabled=false
                on_leave=Callback::new(|()| {})
                chip_status=Callback::new(|address: String| {
                    (address == "ops@partner.example")
                        .then(|| ChipStatus {
                            text: "Confirmed on Jan 2, 2026".into(),
                            class: "status-verified",
                        })
                })
            />
        }
    });
    until("the chips show", || {
        document().query_selector(".chip-status").unwrap().is_some()
    })
    .await;
    let removes = document().query_selector_all(".chip-remove").unwrap();
    let first: web_sys::Element = removes.item(0).unwrap().unchecked_into();
    let described = first.get_attribute("aria-describedby").expect("described");
    assert_eq!(
        by_id(&described).text_content().as_deref(),
        Some("Confirmed on Jan 2, 2026")
    );
    let second: web_sys::Element = removes.item(1).unwrap().unchecked_into();
    assert_eq!(
        second.get_attribute("aria-describedby"),
        None,
        "no status: not saved"
    );
    assert_eq!(
        document()
            .query_selector_all(".chip-status")
            .unwrap()
            .length(),
        1
    );
}

fn open_verify_page(token: &str) -> impl Sized {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(&format!("token={token}"))
        .unwrap();
    mount(|| view! { <VerifyPage /> })
}

fn heading() -> String {
    document()
        .query_selector("main h1")
        .unwrap()
        .and_then(|heading| heading.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_link_confirms_once_then_is_no_longer_valid() {
    let _backend = PreviewBackend::signed_in_as(ACCOUNT, "chiara@bellanapoli.example");
    let token = "pv-fixture-assistenza@bellanapoli.example";
    let page = open_verify_page(token);
    until("confirmed", || heading() == "Address confirmed").await;
    let text = document()
        .query_selector("main")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        text.contains("assistenza@bellanapoli.example is confirmed as a contact address"),
        "{text}"
    );
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "",
        "the token leaves the address bar"
    );
    drop(page);
    let _again = open_verify_page(token);
    until("no longer valid", || {
        heading() == "This link is no longer valid"
    })
    .await;
    assert!(
        document()
            .query_selector("main [role='alert']")
            .unwrap()
            .is_some()
    );
    let info = partner_portal::api::contact_info().await.unwrap();
    let entry =
        portal_rules::verification::find(&info.verifications, "assistenza@bellanapoli.example")
            .expect("listed");
    assert_eq!(
        entry.status,
        portal_rules::verification::VerificationStatus::Verified
    );
}
