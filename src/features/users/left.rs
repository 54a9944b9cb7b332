//! The notice on the sign-in page after users left an account: leaving ends the session,
//! so sign-in is where they land. The history entry carries the account's name (see
//! `RemoveUserDialog`), so nothing in the address can make the page claim anything.

use crate::dom;
use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

const NOTICE_ID: &str = "left-account-notice";

/// Mounted with the sign-in page; shows nothing unless the user just left an account.
#[component]
pub fn LeftAccountNotice() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let account = Memo::new(move |_| {
        location
            .state
            .with(|state| state.to_js_value().as_string())
            .filter(|name| !name.is_empty())
    });
    // Focus starts at the notice, so it is read first and the page follows it.
    if account.get_untracked().is_some() {
        dom::focus_after_render(NOTICE_ID);
    }
    let content = move || {
        account.get().map(|name| {
            let text = move || i18n.t_with(msg::USERS_LEFT, &[("account", name.clone().into())]);
            // A labelled region, so the notice is inside a landmark like everything else.
            view! {
                <section class="left-account" aria-labelledby=NOTICE_ID>
                    <p class="notice notice-success" id=NOTICE_ID tabindex="-1">
                        {move || text()}
                    </p>
                </section>
            }
        })
    };
    view! { {move || content()} }
}
