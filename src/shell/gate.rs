//! Holds the page back until the account's contact information is known.

use super::accounts::PAGE_HEADING_ID;
use super::title::{DocumentTitle, Screen};
use crate::api::ApiError;
use crate::dom;
use crate::i18n::{msg, use_i18n};
use crate::state::{use_portal, use_session_reload};
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum GateState {
    Loading,
    Blocked,
    Open,
    Failed(ApiError),
}

/// Shows the page only once contact information is known: if it cannot be loaded, the
/// portal must not silently unlock. The page is rebuilt only when the state changes, not on
/// every refetch, so it keeps its own state (sort order, drafts, focus). The document title
/// names the state; once open, the page's route names it (see `app`).
#[component]
pub fn ContactInfoGate(children: ChildrenFn) -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    let reload = use_session_reload();
    let state = Memo::new(move |_| match portal.contact_info.get() {
        None => GateState::Loading,
        Some(Ok(_)) if portal.is_blocked() => GateState::Blocked,
        Some(Ok(_)) => GateState::Open,
        Some(Err(error)) => GateState::Failed(error),
    });
    let content = move || match state.get() {
        GateState::Loading => view! {
            <DocumentTitle screen=Screen::Loading />
            <Loading />
        }
        .into_any(),
        // While the modal blocks, the page behind stays empty: its forms would duplicate the
        // modal's (and their element ids).
        GateState::Blocked => view! {
            <DocumentTitle screen=Screen::ContactInfoRequired />
            <p class="blocked-placeholder">{i18n.tr(msg::PORTAL_BLOCKED_PLACEHOLDER)}</p>
        }
        .into_any(),
        GateState::Open => {
            // Rebuilt after a switch of account: focus goes to the page's heading.
            if reload.is_some_and(|reload| reload.take_focus(PAGE_HEADING_ID)) {
                dom::focus_after_render(PAGE_HEADING_ID);
            }
            children.with_value(|children| children()).into_any()
        }
        GateState::Failed(error) => view! {
            <DocumentTitle screen=Screen::Error />
            <ErrorNotice error retry=move |()| portal.contact_info.refetch() />
        }
        .into_any(),
    };
    view! { {move || content()} }
}
