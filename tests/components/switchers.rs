//! The environment switchers in the header and the modal share one environment.

use crate::support::{by_id, fire, until, with_portal};
use leptos::prelude::*;
use partner_portal::shell::environment_switcher::EnvironmentSwitcher;
use portal_rules::model::Role;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlSelectElement;

fn select(id: &str) -> HtmlSelectElement {
    by_id(id).unchecked_into()
}

fn choose(id: &str, value: &str) -> HtmlSelectElement {
    let select = select(id);
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

fn storage_cleanup() {
    if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
        let _ = storage.remove_item("portal.environment.7");
    }
}

/// Header and modal switchers share one environment. Once a user has picked an option
/// by hand, only the `selected` *property* (not the attribute) can move the selection,
/// so a switcher must follow changes made in the other one.
#[wasm_bindgen_test]
async fn two_switchers_stay_in_step_after_hand_picked_changes() {
    let _mounted = with_portal(Role::Editor, || {
        view! {
            <EnvironmentSwitcher id="env-header" />
            <EnvironmentSwitcher id="env-modal" />
        }
    });
    until("the switchers render", || select("env-modal").length() == 2).await;
    // Both header options become hand-picked.
    choose("env-header", "production");
    until("the modal follows to Production", || {
        select("env-modal").value() == "production"
    })
    .await;
    let header = choose("env-header", "sandbox");
    until("the modal follows to Sandbox", || {
        select("env-modal").value() == "sandbox"
    })
    .await;
    assert_eq!(select("env-modal").value(), "sandbox");
    choose("env-modal", "production");
    until("the header follows", || header.value() == "production").await;
    assert_eq!(
        header.value(),
        "production",
        "the hand-picked header follows"
    );
    storage_cleanup();
}
