//! Someone else saved first. What the user typed stays; they choose what happens next.

use crate::i18n::{msg, use_i18n};
use crate::state::use_portal;
use leptos::prelude::*;
use portal_rules::api::ContactInfoResponse;
use portal_rules::contact::ContactInfo;

/// The id the form moves focus to when a save meets a conflict.
pub const CONFLICT_ID: &str = "contact-form-conflict";

/// `current` is what the server has now; `conflict` holds it while this notice shows.
#[component]
pub fn ConflictNotice(
    current: ContactInfoResponse,
    conflict: RwSignal<Option<ContactInfoResponse>>,
    draft: RwSignal<ContactInfo>,
    version: RwSignal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let latest = StoredValue::new(current);
    let load_latest = move |_| {
        let current = latest.get_value();
        version.set(current.version);
        draft.set(current.contact.clone());
        conflict.set(None);
        portal.contact_info.set(Some(Ok(current)));
    };
    let keep_mine = move |_| {
        version.set(latest.with_value(|current| current.version));
        conflict.set(None);
    };
    view! {
        <div class="notice notice-warning" id=CONFLICT_ID tabindex="-1" role="alert">
            <p>{i18n.tr(msg::CONTACT_FORM_CONFLICT)}</p>
            <button type="button" class="button" on:click=load_latest>
                {i18n.tr(msg::CONTACT_FORM_CONFLICT_LOAD)}
            </button>
            " "
            <button type="button" class="button" on:click=keep_mine>
                {i18n.tr(msg::CONTACT_FORM_CONFLICT_KEEP)}
            </button>
        </div>
    }
}
