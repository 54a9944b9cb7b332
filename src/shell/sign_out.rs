//! Signs out and reloads on the sign-in page, dropping every piece of in-memory state and
//! the signed-out person's drafts (an expired sign-in keeps them: only this is a choice to
//! leave the computer).

use crate::api;
use crate::i18n::{msg, use_i18n};
use crate::state::{Portal, use_live_feed};
use crate::storage;
use crate::ui::action::local_action;
use leptos::prelude::*;
use portal_rules::api::SessionInfo;

/// `session`: who signs out, where no portal is built yet (the account picker); inside
/// the portal, its session.
#[component]
pub fn SignOutButton(#[prop(optional)] session: Option<SessionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_live_feed();
    let signed_out = session.or_else(|| use_context::<Portal>().map(|portal| portal.session()));
    let sign_out = local_action(move || {
        // Before anything that can fail or wait: leaving is what the person chose.
        if let Some(signed_out) = &signed_out {
            storage::drop_drafts_of(signed_out);
        }
        async move {
            // The stream would end with the session anyway; closed first, the browser does
            // not try to reconnect to it.
            if let Some(feed) = feed {
                feed.close();
            }
            // Even if the server is unreachable, leave: the cookie expires on its own.
            let _ = api::sign_out().await;
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href("/sign-in");
            }
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
