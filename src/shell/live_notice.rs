//! "Updated by … just now": the account's change by someone else, as the live feed
//! brought it (the data on the page is already reloaded). A polite status, so screen
//! readers hear it without losing their place.
//!
//! When that change lifted the block, the modal closed under the user's hands; what they
//! had typed is kept as the contact form's draft, and the notice points to the page that
//! offers it back.

use crate::features::contact_info::FORM_PATH;
use crate::i18n::{msg, use_i18n};
use crate::state::{Portal, use_live_feed};
use crate::storage::{DraftForm, DraftStore};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub const LIVE_NOTICE_ID: &str = "live-notice";

#[component]
pub fn LiveNotice() -> impl IntoView {
    let i18n = use_i18n();
    let latest = use_live_feed().map(|feed| feed.latest);
    let portal = use_context::<Portal>();
    let path = use_location().pathname;
    let text = move || {
        let change = latest?.get()?;
        Some(match change.actor_name {
            Some(name) => i18n.t_with(msg::LIVE_UPDATED_BY, &[("name", name.into())]),
            None => i18n.t(msg::LIVE_UPDATED),
        })
    };
    // Only after a change of the contact information, once the modal is gone, and not on
    // the page that offers the draft itself. Storage is read when one of these changes.
    let draft_kept = move || {
        let portal = portal?;
        let contact_change = latest?.get()?.kind.is_contact_info();
        let elsewhere = path.with(|path| path.trim_end_matches('/') != FORM_PATH);
        (contact_change && elsewhere && !portal.is_blocked()).then_some(())?;
        portal
            .session
            .with_value(|session| DraftStore::new(DraftForm::ContactInfo, session).is_kept())
            .then_some(())
    };
    // The region stays in the document (empty when there is nothing to say): a live
    // region added together with its text is often not read out.
    view! {
        <div id=LIVE_NOTICE_ID class="live-notice" role="status">
            {move || {
                text()
                    .map(|text| {
                        view! {
                            <p class="notice notice-info">
                                {text}
                                {move || {
                                    draft_kept()
                                        .map(|()| {
                                            view! {
                                                " "
                                                {i18n.tr(msg::LIVE_DRAFT_POINTER)}
                                                " "
                                                <a id="live-notice-draft" href=FORM_PATH>
                                                    {i18n.tr(msg::LIVE_DRAFT_OPEN)}
                                                </a>
                                            }
                                        })
                                }}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
