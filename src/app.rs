//! Root component: contexts, routes, and the signed-in shell with the blocking modal.

use crate::api;
use crate::components::blocking_modal::BlockingModal;
use crate::components::header::PortalHeader;
use crate::components::navigation::PortalNavigation;
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::{I18n, sync_document_language};
use crate::pages::{
    contact_information::ContactInformationPage, contact_support::ContactSupportPage,
    not_found::NotFound, overview::OverviewPage, sign_in::SignInCallbackPage, sign_in::SignInPage,
    users::UsersPage,
};
use crate::state::{Announcer, Portal};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use portal_rules::api::SessionInfo;

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::from_browser();
    provide_context(i18n);
    sync_document_language(i18n);
    let announcer = Announcer::new();
    provide_context(announcer);

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=SignInPage />
                <Route path=path!("/sign-in/callback") view=SignInCallbackPage />
                <ParentRoute path=path!("") view=PortalShell>
                    <Route path=path!("/") view=OverviewPage />
                    <Route path=path!("/configuration/contact-information") view=ContactInformationPage />
                    <Route path=path!("/configuration/users") view=UsersPage />
                    <Route path=path!("/help/contact-support") view=ContactSupportPage />
                </ParentRoute>
            </Routes>
        </Router>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="announcer">
            {move || announcer.message()}
        </div>
    }
}

/// Loads the session; signed-out visitors are sent to the sign-in page. Deliberately not
/// a `<Suspense>`: one around the whole portal would unmount and remount it (dropping
/// keyboard focus) whenever any resource inside reloads. Components show their own
/// loading states instead.
#[component]
fn PortalShell() -> impl IntoView {
    let session = LocalResource::new(api::session);
    move || match session.get() {
        None => Loading().into_any(),
        Some(Ok(info)) => view! { <SignedInPortal session=info /> }.into_any(),
        Some(Err(error)) if error.is_unauthenticated() => {
            view! { <Redirect path="/sign-in" /> }.into_any()
        }
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move || session.refetch() /> }.into_any()
        }
    }
}

/// The portal behind the blocking modal. While contact information is incomplete for the
/// active environment, everything here is inert and hidden from assistive technology.
#[component]
fn SignedInPortal(session: SessionInfo) -> impl IntoView {
    let portal = Portal::new(session);
    provide_context(portal);
    let blocked = Memo::new(move |_| portal.is_blocked());

    view! {
        <div class="portal" inert=move || blocked.get() aria-hidden=move || blocked.get().then_some("true")>
            <PortalHeader />
            <div class="layout">
                <PortalNavigation />
                <main id="main" class="content">
                    <ContactInfoGate>
                        <Outlet />
                    </ContactInfoGate>
                </main>
            </div>
        </div>
        <Show when=move || blocked.get()>
            <BlockingModal />
        </Show>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum GateState {
    Loading,
    Blocked,
    Open,
    Failed(crate::api::ApiError),
}

/// Shows the page only once contact information is known: if it cannot be loaded, the
/// portal must not silently unlock. The page is rebuilt only when the state changes, not on
/// every refetch, so it keeps its own state (sort order, drafts, focus).
#[component]
fn ContactInfoGate(children: ChildrenFn) -> impl IntoView {
    let portal = crate::state::use_portal();
    let i18n = crate::i18n::use_i18n();
    let children = StoredValue::new(children);
    let state = Memo::new(move |_| match portal.contact_info.get() {
        None => GateState::Loading,
        Some(Ok(_)) if portal.is_blocked() => GateState::Blocked,
        Some(Ok(_)) => GateState::Open,
        Some(Err(error)) => GateState::Failed(error),
    });
    move || {
        match state.get() {
        GateState::Loading => Loading().into_any(),
        // While the modal blocks, the page behind stays empty: its forms would duplicate the
        // modal's (and their element ids).
        GateState::Blocked => view! { <p class="blocked-placeholder">{move || i18n.t("portal-blocked-placeholder")}</p> }.into_any(),
        GateState::Open => children.with_value(|children| children()).into_any(),
        GateState::Failed(error) => {
            view! { <ErrorNotice error retry=move || portal.contact_info.refetch() /> }.into_any()
        }
    }
    }
}
