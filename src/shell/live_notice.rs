//! "Updated by … just now": the account's change by someone else, as the live feed
//! brought it (the data on the page is already reloaded). A polite status, so screen
//! readers hear it without losing their place.

use crate::i18n::{msg, use_i18n};
use crate::state::use_live_feed;
use leptos::prelude::*;

pub const LIVE_NOTICE_ID: &str = "live-notice";

#[component]
pub fn LiveNotice() -> impl IntoView {
    let i18n = use_i18n();
    let latest = use_live_feed().map(|feed| feed.latest);
    let text = move || {
        let change = latest?.get()?;
        Some(match change.actor_name {
            Some(name) => i18n.t_with(msg::LIVE_UPDATED_BY, &[("name", name.into())]),
            None => i18n.t(msg::LIVE_UPDATED),
        })
    };
    // The region stays in the document (empty when there is nothing to say): a live
    // region added together with its text is often not read out.
    view! {
        <div id=LIVE_NOTICE_ID class="live-notice" role="status">
            {move || text().map(|text| view! { <p class="notice notice-info">{text}</p> })}
        </div>
    }
}
