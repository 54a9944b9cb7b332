//! The signed-in portal around the pages: header, navigation, the blocking modal and the
//! gate that holds pages back until contact information is known. The shell mounts the
//! features (in the modal); it imports `features`, `ui` and the modules below them.

pub mod accounts;
pub mod blocking_modal;
pub mod environment_switcher;
pub mod gate;
pub mod header;
pub mod language_switcher;
pub mod live_notice;
pub mod navigation;
pub mod sign_out;
pub mod title;

use crate::api::{self, ApiResource};
use crate::features::contact_info::ReviewBanner;
use crate::i18n::{msg, use_i18n};
use crate::state::{LiveFeed, Portal, SessionReload};
use crate::ui::deferred::Deferred;
use crate::ui::status::{ErrorNotice, Loading};
use accounts::{AccountList, AccountPicker};
use blocking_modal::BlockingModal;
use gate::ContactInfoGate;
use header::PortalHeader;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use live_notice::LiveNotice;
use navigation::PortalNavigation;
use portal_rules::api::SessionInfo;
use title::{DocumentTitle, Screen};

/// Loads the session; signed-out visitors (and, behind an authenticating proxy, an identity
/// the server refuses) are sent to the sign-in page. Deliberately not
/// a `<Suspense>`: one around the whole portal would unmount and remount it (dropping
/// keyboard focus) whenever any resource inside reloads. Components show their own
/// loading states instead.
#[component]
pub fn PortalShell() -> impl IntoView {
    let i18n = use_i18n();
    let session = ApiResource::new(api::session);
    provide_context(SessionReload::new(move || session.refetch()));
    let content = move || {
        // While the session loads or cannot be loaded, this is still a page: a main
        // landmark and a heading that names it.
        let (screen, status) = match session.get() {
            None => (Screen::Loading, Loading().into_any()),
            // An address in several accounts picks one first.
            Some(Ok(Some(info))) if info.account_count > 1 && !info.account_chosen => {
                return view! { <AccountPicker session=info /> }.into_any();
            }
            Some(Ok(Some(info))) => {
                return view! { <SignedInPortal session=info /> }.into_any();
            }
            Some(Ok(None)) => return view! { <Redirect path="/sign-in" /> }.into_any(),
            Some(Err(error)) if error.is_unauthenticated() => {
                return view! { <Redirect path="/sign-in" /> }.into_any();
            }
            Some(Err(error)) => (
                Screen::Error,
                view! { <ErrorNotice error retry=move |()| session.refetch() /> }.into_any(),
            ),
        };
        view! {
            <DocumentTitle screen />
            <main id="main" class="content narrow">
                <h1 class="visually-hidden">{i18n.tr(msg::APP_TITLE)}</h1>
                {status}
            </main>
        }
        .into_any()
    };
    view! { {move || content()} }
}

/// The portal behind the blocking modal. While contact information is incomplete for the
/// active environment, everything here is inert and hidden from assistive technology.
#[component]
fn SignedInPortal(session: SessionInfo) -> impl IntoView {
    AccountList::provide(&session);
    let portal = Portal::new(session);
    provide_context(portal);
    // Other users' changes arrive within seconds; the blocking modal too learns of
    // contact information another user completed (the reloaded data unblocks it).
    provide_context(LiveFeed::connect(portal));
    let blocked = Memo::new(move |_| portal.is_blocked());

    view! {
        <div
            class="portal"
            inert=move || blocked.get()
            aria-hidden=move || blocked.get().then_some("true")
        >
            <PortalHeader />
            <div class="layout">
                <PortalNavigation />
                <main id="main" class="content">
                    // Built after the header and navigation have painted (see `Deferred`):
                    // with them, the portal's first render was one long task on a phone.
                    <Deferred>
                        <LiveNotice />
                        <ReviewBanner />
                        <ContactInfoGate>
                            <Outlet />
                        </ContactInfoGate>
                    </Deferred>
                </main>
            </div>
        </div>
        {move || blocked.get().then(|| view! { <BlockingModal /> })}
    }
}
