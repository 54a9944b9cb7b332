//! Drafts and the three-way merge: a stored draft is offered back ("Restore what you
//! typed on …?") and Restore/Discard do what they say, keyed per account, user and form;
//! the comparison after a 412 shows each field in words with a labelled radio choice where
//! both sides changed it; against the preview backend, a save after someone's "Still
//! correct" goes through without asking, and a real conflict merges field by field.

#[cfg(feature = "preview")]
use crate::support::submit;
use crate::support::{
    active_id, by_id, document, exists, fire, mount, text_of, until, with_portal,
};
use leptos::prelude::*;
use partner_portal::features::contact_info::ContactForm;
use partner_portal::features::contact_info::conflict::ConflictMerge;
use partner_portal::features::users::InviteUserForm;
#[cfg(feature = "preview")]
use partner_portal::state::{Announcer, Portal};
use partner_portal::storage;
#[cfg(feature = "preview")]
use portal_rules::api::SaveContactInfo;
use portal_rules::contact::ContactInfo;
use portal_rules::model::Role;
#[cfg(feature = "preview")]
use std::cell::Cell;
#[cfg(feature = "preview")]
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

/// Rita (user 7) in account 1, as `support::session` signs her in.
const CONTACT_KEY: &str = "portal.draft.1.7.contact_info";
const INVITE_KEY: &str = "portal.draft.1.7.invite";

fn click(id: &str) {
    by_id(id).click();
}

fn type_into(id: &str, text: &str) {
    let input: HtmlInputElement = by_id(id).unchecked_into();
    input.set_value(text);
    fire(&input, "input");
}

fn value_of(id: &str) -> String {
    by_id(id).unchecked_into::<HtmlInputElement>().value()
}

/// A contact-form draft typed an hour ago that sets the public contact.
fn stored_contact_draft(key: &str, public: &str) {
    let hour_ago = js_sys::Date::new(&(js_sys::Date::now() - 3_600_000.0).into());
    let saved_at = String::from(hour_ago.to_iso_string());
    storage::set(
        key,
        &format!(
            r#"{{"saved_at":"{saved_at}","value":{{"version":4,"base":{{}},"mine":{{"operational_public":["{public}"]}}}}}}"#
        ),
    );
}

#[wasm_bindgen_test]
async fn a_stored_contact_draft_is_offered_and_restore_brings_it_back() {
    stored_contact_draft(CONTACT_KEY, "restored@demo.example");
    let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
    until("the offer shows", || exists("contact-form-draft")).await;
    let offer = by_id("contact-form-draft");
    assert_eq!(offer.get_attribute("role").as_deref(), Some("group"));
    assert_eq!(
        offer.get_attribute("aria-labelledby").as_deref(),
        Some("contact-form-draft-text")
    );
    let text = text_of("contact-form-draft-text");
    assert!(text.starts_with("Restore what you typed on "), "{text}");
    let year = js_sys::Date::new_0().get_full_year().to_string();
    assert!(text.contains(&year), "with the date: {text}");
    assert_eq!(text_of("contact-form-draft-restore"), "Restore");
    assert_eq!(text_of("contact-form-draft-discard"), "Discard");

    until("the public contact renders", || {
        exists("field-operational_public")
    })
    .await;
    assert_eq!(
        value_of("field-operational_public"),
        "",
        "nothing restored unasked"
    );
    click("contact-form-draft-restore");
    until("the draft is back", || {
        value_of("field-operational_public") == "restored@demo.example"
    })
    .await;
    assert!(!exists("contact-form-draft"), "the offer is gone");
    until("focus moves on to the form", || {
        active_id() == "field-technical_emergency"
    })
    .await;
    let stored = storage::get(CONTACT_KEY).expect("still kept until saved");
    assert!(stored.contains("restored@demo.example"), "{stored}");
    storage::remove(CONTACT_KEY);
}

#[wasm_bindgen_test]
async fn discard_drops_the_draft_and_typing_stores_a_new_one() {
    stored_contact_draft(CONTACT_KEY, "old@demo.example");
    let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
    until("the offer shows", || exists("contact-form-draft-discard")).await;
    click("contact-form-draft-discard");
    until("the offer is gone", || !exists("contact-form-draft")).await;
    assert_eq!(storage::get(CONTACT_KEY), None, "discarded");

    until("the public contact renders", || {
        exists("field-operational_public")
    })
    .await;
    type_into("field-operational_public", "typed@demo.example");
    let stored = storage::get(CONTACT_KEY).expect("written on input");
    assert!(stored.contains("typed@demo.example"), "{stored}");
    assert!(stored.contains("saved_at"), "{stored}");
    // Back to what the server has: nothing left to keep.
    type_into("field-operational_public", "");
    assert_eq!(storage::get(CONTACT_KEY), None);
}

#[wasm_bindgen_test]
async fn text_not_yet_added_to_a_list_is_kept_and_restored_as_an_address() {
    storage::remove(CONTACT_KEY);
    {
        let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
        until("the list box renders", || {
            exists("field-technical_emergency")
        })
        .await;
        type_into("field-technical_emergency", "half-typed@demo.example");
        let stored = storage::get(CONTACT_KEY).expect("kept on input");
        assert!(stored.contains("half-typed@demo.example"), "{stored}");
    }
    let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
    until("the offer shows", || exists("contact-form-draft-restore")).await;
    click("contact-form-draft-restore");
    until("the text is back as an address", || {
        document()
            .query_selector_all(".chip")
            .unwrap()
            .get(0)
            .and_then(|chip| chip.text_content())
            .is_some_and(|text| text.contains("half-typed@demo.example"))
    })
    .await;
    storage::remove(CONTACT_KEY);
}

/// What `localStorage` itself holds now (not through `storage`, which first makes any
/// pending draft write).
fn stored_now(key: &str) -> String {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(key).ok().flatten())
        .unwrap_or_default()
}

/// The contact form's draft is stored after the keystroke is painted, not during it: once
/// the browser is idle, or at once when the page is hidden or left.
#[wasm_bindgen_test]
async fn the_contact_draft_is_stored_when_idle_or_when_the_page_is_left() {
    storage::remove(CONTACT_KEY);
    let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
    until("the list box renders", || {
        exists("field-technical_emergency")
    })
    .await;
    type_into("field-technical_emergency", "idle@demo.example");
    until("stored once the browser is idle", || {
        stored_now(CONTACT_KEY).contains("idle@demo.example")
    })
    .await;

    type_into("field-technical_emergency", "left@demo.example");
    assert!(
        !stored_now(CONTACT_KEY).contains("left@demo.example"),
        "not during the keystroke"
    );
    let window: web_sys::EventTarget = web_sys::window().expect("window").into();
    window
        .dispatch_event(&web_sys::Event::new("pagehide").expect("event"))
        .expect("dispatched");
    assert!(
        stored_now(CONTACT_KEY).contains("left@demo.example"),
        "stored when the page is left"
    );
    storage::remove(CONTACT_KEY);
}

#[wasm_bindgen_test]
async fn drafts_are_per_user_and_expire() {
    // Another user's draft in the same account and browser is never offered to Rita.
    storage::set(
        "portal.draft.1.8.contact_info",
        r#"{"saved_at":"2099-01-01T00:00:00.000Z","value":{"version":1,"base":{},"mine":{"operational_public":["theirs@demo.example"]}}}"#,
    );
    // Rita's own, but older than 30 days: dropped unread.
    storage::set(
        CONTACT_KEY,
        r#"{"saved_at":"2020-01-01T00:00:00.000Z","value":{"version":1,"base":{},"mine":{"operational_public":["stale@demo.example"]}}}"#,
    );
    let _mounted = with_portal(Role::Editor, || view! { <ContactForm /> });
    until("the form renders", || exists("field-operational_public")).await;
    assert!(!exists("contact-form-draft"));
    assert_eq!(
        storage::get(CONTACT_KEY),
        None,
        "the expired draft is removed"
    );
    assert!(
        storage::get("portal.draft.1.8.contact_info").is_some(),
        "not Rita's to remove"
    );
    storage::remove("portal.draft.1.8.contact_info");
}

#[wasm_bindgen_test]
async fn the_invite_form_keeps_what_was_typed_across_a_remount() {
    storage::remove(INVITE_KEY);
    {
        let _mounted = with_portal(Role::Administrator, || view! { <InviteUserForm /> });
        until("the form renders", || exists("invite-name")).await;
        assert!(!exists("invite-draft"), "nothing stored, nothing offered");
        type_into("invite-name", "Carla Colleague");
        type_into("invite-email", "carla@demo.example");
    }
    // As after a reload: a new form offers what was typed.
    let _mounted = with_portal(Role::Administrator, || view! { <InviteUserForm /> });
    until("the offer shows", || exists("invite-draft-restore")).await;
    assert_eq!(value_of("invite-name"), "");
    click("invite-draft-restore");
    until("the name is back", || {
        value_of("invite-name") == "Carla Colleague"
    })
    .await;
    assert_eq!(value_of("invite-email"), "carla@demo.example");
    until("focus is on the first field", || {
        active_id() == "invite-name"
    })
    .await;
    storage::remove(INVITE_KEY);
}

fn info(technical: &[&str], google: &[&str], public: &[&str]) -> ContactInfo {
    let list = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect();
    ContactInfo {
        technical_emergency: list(technical),
        operational_google: list(google),
        operational_public: list(public),
        ..ContactInfo::default()
    }
}

fn label_for(id: &str) -> String {
    document()
        .query_selector(&format!("label[for='{id}']"))
        .unwrap()
        .and_then(|label| label.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_comparison_names_each_fields_change_in_words_and_keeps_the_chosen_side() {
    let base = info(&["a@x.example"], &["g@x.example"], &["p@x.example"]);
    let theirs = info(&["b@x.example"], &["g2@x.example"], &["p@x.example"]);
    let mine = info(&["c@x.example"], &["g@x.example"], &["q@x.example"]);
    let merged = RwSignal::new(None::<ContactInfo>);
    let _mounted = mount(move || {
        view! {
            <ConflictMerge
                theirs
                base=Signal::stored(base)
                mine=Signal::stored(mine)
                on_save=Callback::new(move |info| merged.set(Some(info)))
                on_load_latest=Callback::new(|()| {})
            />
        }
    });
    until("the comparison renders", || exists("contact-form-conflict")).await;
    let region = by_id("contact-form-conflict");
    assert_eq!(region.tag_name(), "SECTION");
    assert!(text_of("contact-form-conflict-text").starts_with("Someone else saved"));

    // Both changed the technical emergency contacts: a fieldset with a choice.
    let fieldset = by_id("contact-form-conflict-technical_emergency");
    assert_eq!(fieldset.tag_name(), "FIELDSET");
    let legend = fieldset.query_selector("legend").unwrap().unwrap();
    assert_eq!(
        legend.text_content().as_deref(),
        Some("Technical emergency contacts")
    );
    assert!(
        fieldset
            .text_content()
            .unwrap()
            .contains("Before: a@x.example")
    );
    let theirs_id = "contact-form-conflict-technical_emergency-theirs";
    let mine_id = "contact-form-conflict-technical_emergency-mine";
    assert_eq!(label_for(theirs_id), "Keep theirs: b@x.example");
    assert_eq!(label_for(mine_id), "Keep mine: c@x.example");
    let mine_radio: HtmlInputElement = by_id(mine_id).unchecked_into();
    assert!(
        mine_radio.checked(),
        "what the user typed is kept unless they choose"
    );
    // Only they changed the Google contact, only I the public one: said in words.
    let google = text_of("contact-form-conflict-operational_google");
    assert!(
        google.contains("their version is taken: g2@x.example"),
        "{google}"
    );
    let public = text_of("contact-form-conflict-operational_public");
    assert!(
        public.contains("your version is kept: q@x.example"),
        "{public}"
    );
    assert!(
        !exists("contact-form-conflict-support_hours"),
        "unchanged fields are not listed"
    );

    by_id(theirs_id).click();
    click("contact-form-conflict-save");
    let result = merged.get_untracked().expect("saved");
    assert_eq!(result.technical_emergency, ["b@x.example"]);
    assert_eq!(result.operational_google, ["g2@x.example"]);
    assert_eq!(result.operational_public, ["q@x.example"]);
}

/// The contact form of the preview backend's signed-in user, once their contact
/// information is loaded (as the portal mounts it).
#[cfg(feature = "preview")]
async fn signed_in_form() -> (impl Sized, Portal, Announcer) {
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
        view! { {move || portal.contact_info.get().map(|_| view! { <ContactForm /> })} }
    });
    let portal = portal.get().expect("mounted");
    until("the form renders", || exists("field-operational_public")).await;
    until("the users are loaded", || {
        portal.users.get_untracked().is_some()
    })
    .await;
    (mounted, portal, announcer)
}

#[cfg(feature = "preview")]
const SONNENHANG: &str = "preview-1010";
#[cfg(feature = "preview")]
const SOPHIE: &str = "sophie.lang@sonnenhang.example";

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn a_save_after_someones_still_correct_goes_through_without_asking() {
    let _backend = crate::support::PreviewBackend::signed_in_as(SONNENHANG, SOPHIE);
    let (_mounted, _portal, announcer) = signed_in_form().await;
    type_into("field-operational_public", "neu@sonnenhang.example");
    // Another editor clicks "Still correct": a new version, the same data.
    let current = partner_portal::api::contact_info().await.expect("loaded");
    partner_portal::api::confirm_contact_info(current.version)
        .await
        .expect("confirmed");
    submit("form.contact-form");
    until("the save is announced", || {
        announcer.message() == "Contact information saved."
    })
    .await;
    assert!(!exists("contact-form-conflict"), "no question asked");
    let saved = partner_portal::api::contact_info().await.expect("loaded");
    assert_eq!(saved.contact.operational_public, ["neu@sonnenhang.example"]);
    assert_eq!(saved.version, current.version + 2, "confirmed, then saved");
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn a_real_conflict_merges_field_by_field_and_saves_against_the_new_version() {
    let _backend = crate::support::PreviewBackend::signed_in_as(SONNENHANG, SOPHIE);
    let (_mounted, portal, announcer) = signed_in_form().await;
    type_into("field-operational_public", "meins@sonnenhang.example");
    // Someone else saves a different public contact and a new Google contact.
    let current = partner_portal::api::contact_info().await.expect("loaded");
    let mut theirs = current.contact.clone();
    theirs.operational_public = vec!["deren@sonnenhang.example".into()];
    theirs.operational_google = vec!["neu-betrieb@sonnenhang.example".into()];
    let body = SaveContactInfo {
        environment: portal.environment.get_untracked(),
        contact: theirs,
    };
    partner_portal::api::save_contact_info(current.version, &body)
        .await
        .expect("their save");
    submit("form.contact-form");
    until("the comparison has the focus", || {
        active_id() == "contact-form-conflict"
    })
    .await;
    assert!(exists("contact-form-conflict-operational_public-mine"));
    let google = text_of("contact-form-conflict-operational_google");
    assert!(
        google.contains("neu-betrieb@sonnenhang.example"),
        "{google}"
    );
    by_id("contact-form-conflict-operational_public-mine").click();
    click("contact-form-conflict-save");
    until("the save is announced", || {
        announcer.message() == "Contact information saved."
    })
    .await;
    assert!(!exists("contact-form-conflict"));
    let saved = partner_portal::api::contact_info().await.expect("loaded");
    assert_eq!(
        saved.contact.operational_public,
        ["meins@sonnenhang.example"]
    );
    assert_eq!(
        saved.contact.operational_google,
        ["neu-betrieb@sonnenhang.example"]
    );
    let session = portal.session();
    let key = format!(
        "portal.draft.{}.{}.contact_info",
        session.account.id, session.user.id
    );
    assert_eq!(storage::get(&key), None, "the draft is gone after the save");
}

/// A stored draft of `owner` (empty: kept before owners were stored).
#[cfg(feature = "preview")]
fn stored_draft(key: &str, owner: &str) {
    let saved_at = String::from(js_sys::Date::new_0().to_iso_string());
    storage::set(
        key,
        &format!(
            r#"{{"saved_at":"{saved_at}","value":{{"name":"x","email":"","role":"editor"}},"owner":"{owner}"}}"#
        ),
    );
}

/// Signing out drops what Rita typed: her drafts here (also those kept before their owner
/// was stored) and the ones she typed in her other accounts, and nobody else's. An expired
/// sign-in keeps them (e2e `drafts.test.mjs`).
#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn signing_out_drops_the_persons_drafts_in_every_account_and_no_one_elses() {
    use partner_portal::api::{ApiError, ApiRequest, transport};
    use partner_portal::shell::sign_out::SignOutButton;
    fn never_answers(_: ApiRequest) -> transport::Answer {
        Box::pin(std::future::pending::<
            Result<gloo_net::http::Response, ApiError>,
        >())
    }
    let rita = [
        "portal.draft.1.7.contact_info",
        "portal.draft.1.7.invite",
        "portal.draft.1.7.support_case",
        // Her user in another account (another id there), known by her address.
        "portal.draft.2.21.invite",
    ];
    let others = [
        "portal.draft.1.8.contact_info",
        "portal.draft.1.77.invite",
        "portal.draft.2.22.invite",
        "portal.draft.2.23.support_case",
    ];
    {
        // What a form writes names its owner (her address): as in her other account.
        let _form = with_portal(Role::Administrator, || view! { <InviteUserForm /> });
        until("the form renders", || exists("invite-name")).await;
        type_into("invite-name", "Carla Colleague");
        let written = storage::get(rita[1]).expect("kept on input");
        assert!(
            written.ends_with(r#","owner":"rita@demo.example"}"#),
            "{written}"
        );
        storage::set(rita[3], &written);
    }
    stored_draft(rita[0], "");
    stored_draft(rita[2], "rita@demo.example");
    stored_draft(others[0], "carl@demo.example");
    stored_draft(others[1], "");
    stored_draft(others[2], "");
    stored_draft(others[3], "rita@other.example");
    storage::set("portal.environment.7", "sandbox");
    // The sign-out request never answers, so the page does not leave for /sign-in.
    transport::install(Rc::new(never_answers));
    let _mounted = with_portal(Role::Editor, || view! { <SignOutButton /> });
    until("the button renders", || {
        document().query_selector("button").ok().flatten().is_some()
    })
    .await;
    let button: web_sys::HtmlElement = document()
        .query_selector("button[aria-disabled]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    until("the sign-out is under way", || {
        button.get_attribute("aria-disabled").as_deref() == Some("true")
    })
    .await;
    transport::uninstall();
    for key in rita {
        assert_eq!(storage::get(key), None, "{key} is Rita's");
    }
    for key in others {
        assert!(storage::get(key).is_some(), "{key} is not Rita's");
        storage::remove(key);
    }
    assert_eq!(
        storage::get("portal.environment.7").as_deref(),
        Some("sandbox")
    );
    storage::remove("portal.environment.7");
}
