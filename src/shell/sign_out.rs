//! Signs out and reloads on the sign-in page, dropping every piece of in-memory state.

use crate::api;
use crate::i18n::{msg, use_i18n};
use crate::state::use_live_feed;
use leptos::prelude::*;

#[component]
pub fn SignOutButton() -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_live_feed();
    let sign_out = Action::new_local(move |(): &()| async move {
        // The stream would end with the session anyway; closed first, the browser does not
        // try to reconnect to it.
        if let Some(feed) = feed {
            feed.close();
        }
        // Even if the server is unreachable, leave: the cookie expires on its own.
        let _ = api::sign_out().await;
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href("/sign-in");
        }
    });
    view! {
        <button
            type="button"
            class="button button-quiet"
            // `aria-disabled`, not `disabled`: the button keeps focus until the page leaves.
            aria-disabled=move || sign_out.pending().get().to_string()
            on:click=move |_| {
                if !sign_out.pending().get_untracked() {
                    sign_out.dispatch(());
                }
            }
        >
            {i18n.tr(msg::ACTION_SIGN_OUT)}
        </button>
    }
}
