//! Several accounts (preview build only: the whole app on the preview backend): the agency
//! address picks its account after signing in, switches in the header, and then sees only
//! that account, with its role; the switch is announced and focus lands on the heading. A
//! person in one account goes straight in, without a switcher.

use crate::preview::Installed;
use crate::shell::app::{app_at, path};
use crate::shell::title;
use crate::support::{active_id, by_id, exists, fire, text_of, until};
use partner_portal::api::{ApiRequest, transport};
use partner_portal::preview::runtime;
use portal_preview::{ForceKind, ForceScope, Forcing};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlSelectElement;

const AGENCY: &str = "agency@studio.example";
/// The demo accounts' ids (the server's seed order).
const LUIGI: &str = "3";
const COLLINA: &str = "6";

/// Opens the agency's sign-in link (mailed for its Collina Verde user) and continues.
async fn agency_signs_in() -> impl Sized {
    let agency = runtime::find_user("demo-6006", AGENCY).expect("the agency");
    let token = runtime::mail_sign_in_link(agency.id).expect("a link");
    let app = app_at(&format!("/sign-in/callback#token={token}"));
    until("Continue as", || exists("sign-in-continue")).await;
    // The account is picked next: the page names the person, not the link's account.
    assert_eq!(text_of("sign-in-continue"), "Continue as Sara Agenzia");
    let intro = text_of_selector("main p");
    assert_eq!(
        intro,
        "This link signs you in as Sara Agenzia (agency@studio.example). Your address has \
         access to 2 accounts: you choose one of them next."
    );
    by_id("sign-in-continue").click();
    until("the account picker", || {
        title() == "Choose an account – Partner Portal" && exists("account-choice-3")
    })
    .await;
    app
}

fn header_account() -> String {
    text_of_selector(".portal-header .account")
}

fn text_of_selector(selector: &str) -> String {
    crate::support::document()
        .query_selector(selector)
        .unwrap()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_agency_picks_an_account_then_switches_in_the_header() {
    let _installed = Installed::preview();
    let _app = agency_signs_in().await;
    until("focus on the picker's heading", || {
        active_id() == "page-heading"
    })
    .await;
    let luigi = text_of(&format!("account-choice-{LUIGI}"));
    assert!(luigi.contains("Trattoria Da Luigi"), "{luigi}");
    assert!(luigi.contains("Partner ID demo-3003"), "{luigi}");
    assert!(luigi.contains("Your role: Editor"), "{luigi}");
    assert!(luigi.contains("Contact information missing"), "{luigi}");
    let collina = text_of(&format!("account-choice-{COLLINA}"));
    assert!(collina.contains("Your role: Administrator"), "{collina}");
    assert!(!collina.contains("missing"), "{collina}");
    assert!(!exists("header-account"), "no portal before the choice");

    by_id(&format!("account-choice-{COLLINA}")).click();
    until("Collina Verde's overview", || {
        title() == "Overview – Partner Portal" && exists("header-account")
    })
    .await;
    assert_eq!(path(), "/");
    assert_eq!(header_account(), "Agriturismo Collina Verde");
    assert_eq!(
        text_of("announcer"),
        "You are now working in Agriturismo Collina Verde with the role Administrator."
    );
    until("focus on the page's heading", || {
        active_id() == "page-heading"
    })
    .await;
    assert!(text_of("user-menu-panel").contains("Administrator"));

    // The header's switcher: a labelled select; choosing alone changes nothing.
    let select: HtmlSelectElement = by_id("header-account").unchecked_into();
    until("both accounts are offered", || select.length() == 2).await;
    let label = crate::support::document()
        .query_selector("label[for=header-account]")
        .unwrap()
        .and_then(|label| label.text_content());
    assert_eq!(label.as_deref(), Some("Account"));
    select.set_value(LUIGI);
    fire(&select, "change");
    assert_eq!(header_account(), "Agriturismo Collina Verde");
    by_id("header-account")
        .parent_element()
        .unwrap()
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("Luigi's contact information is missing: the modal", || {
        exists("blocking-modal-title") && header_account() == "Trattoria Da Luigi"
    })
    .await;
    assert_eq!(
        text_of("announcer"),
        "You are now working in Trattoria Da Luigi with the role Editor."
    );
    assert!(text_of("user-menu-panel").contains("Editor"));
    // Nothing of the previous account stays (the switcher still offers it by name).
    assert!(
        !text_of("main").to_lowercase().contains("collina"),
        "{}",
        text_of("main")
    );
}

#[wasm_bindgen_test]
async fn a_failed_switch_says_so_and_keeps_the_picker() {
    let _installed = Installed::preview();
    let _app = agency_signs_in().await;
    runtime::set_forcing(Forcing::new(ForceKind::ServerError, ForceScope::Next));
    by_id(&format!("account-choice-{LUIGI}")).click();
    until("the failure is an alert", || exists("account-switch-error")).await;
    assert_eq!(
        by_id("account-switch-error")
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    assert_eq!(title(), "Choose an account – Partner Portal");
    runtime::set_forcing(Forcing::none());
    by_id(&format!("account-choice-{LUIGI}")).click();
    until("now it switches", || exists("blocking-modal-title")).await;
}

#[wasm_bindgen_test]
async fn a_person_in_one_account_goes_straight_in_without_a_switcher() {
    let _installed = Installed::preview();
    let giulia =
        runtime::find_user("preview-6006", "giulia@bellanapoli.example").expect("a fixture user");
    runtime::sign_in_as(giulia.id);
    let _app = app_at("/");
    until("the overview", || title() == "Overview – Partner Portal").await;
    assert!(!exists("header-account"));
    assert!(!exists("account-choice-3"));
}

/// From now on, counts the requests for the account list (answered by the preview backend).
fn count_account_lists() -> Rc<Cell<u32>> {
    let count = Rc::new(Cell::new(0));
    let counter = Rc::clone(&count);
    transport::install(Rc::new(move |request: ApiRequest| {
        if request.url.ends_with("/api/v1/accounts") {
            counter.set(counter.get() + 1);
        }
        runtime::transport(request)
    }));
    count
}

fn options(select_id: &str) -> u32 {
    crate::support::document()
        .get_element_by_id(select_id)
        .map_or(0, |select| {
            select.unchecked_into::<HtmlSelectElement>().length()
        })
}

#[wasm_bindgen_test]
async fn header_and_modal_switchers_share_one_request_loaded_again_after_a_switch() {
    let _installed = Installed::preview();
    let _app = agency_signs_in().await;
    let requests = count_account_lists();
    by_id(&format!("account-choice-{LUIGI}")).click();
    until("the header and the modal both offer both accounts", || {
        exists("blocking-modal-title")
            && options("header-account") == 2
            && options("modal-account") == 2
    })
    .await;
    assert_eq!(requests.get(), 1, "one request for both switchers");

    // Switching in the modal rebuilds the portal from the new session: loaded again, once.
    let select: HtmlSelectElement = by_id("modal-account").unchecked_into();
    select.set_value(COLLINA);
    fire(&select, "change");
    fire(&select.parent_element().expect("its form"), "submit");
    until("Collina Verde's overview offers both accounts", || {
        header_account() == "Agriturismo Collina Verde" && options("header-account") == 2
    })
    .await;
    assert!(!exists("modal-account"), "complete there: no modal");
    assert_eq!(requests.get(), 2, "one more request after the switch");
}
