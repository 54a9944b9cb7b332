//! Root component: the app-wide contexts and the routes. Each feature's page is mounted
//! here on its route; the signed-in shell around them lives in `shell`. In the preview
//! build, the designer toolbar is mounted here too (the gallery, `/preview/gallery`, is a
//! page of its own, started by `preview::start`).

use crate::features::{
    contact_info::ContactInformationPage,
    support::ContactSupportPage,
    users::{LeftAccountNotice, UsersPage},
};
use crate::i18n::{I18n, sync_document_language};
use crate::pages::{
    not_found::NotFound, overview::OverviewPage, sign_in::SignInCallbackPage, sign_in::SignInPage,
    verify::VerifyPage,
};
use crate::shell::PortalShell;
use crate::shell::title::{DocumentTitle, Screen};
use crate::state::Announcer;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

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
                // After leaving an account, its notice comes first.
                <Route
                    path=path!("/sign-in")
                    view=|| view! { <LeftAccountNotice /> <SignInPage /> }
                />
                <Route path=path!("/sign-in/callback") view=SignInCallbackPage />
                // A contact address's confirmation link: no session needed.
                <Route path=path!("/verify") view=VerifyPage />
                // Each page of the portal names itself in the document title.
                <ParentRoute path=path!("") view=PortalShell>
                    <Route
                        path=path!("/")
                        view=|| titled(Screen::Overview, OverviewPage)
                    />
                    <Route
                        path=path!("/configuration/contact-information")
                        view=|| titled(Screen::ContactInformation, ContactInformationPage)
                    />
                    <Route
                        path=path!("/configuration/users")
                        view=|| titled(Screen::Users, UsersPage)
                    />
                    <Route
                        path=path!("/help/contact-support")
                        view=|| titled(Screen::ContactSupport, ContactSupportPage)
                    />
                </ParentRoute>
            </Routes>
            {preview_toolbar()}
        </Router>
        <div
            class="visually-hidden"
            role="status"
            aria-live="polite"
            aria-atomic="true"
            id="announcer"
        >
            {move || announcer.message()}
        </div>
    }
}

/// A portal page and its document title.
fn titled<V: IntoView + 'static>(screen: Screen, page: impl FnOnce() -> V) -> impl IntoView {
    view! {
        <DocumentTitle screen />
        {page()}
    }
}

/// The designer toolbar (preview build only), inside the router so it follows navigation;
/// outside the portal, so the blocking modal never makes it inert.
#[cfg(feature = "preview")]
fn preview_toolbar() -> impl IntoView {
    view! { <crate::preview::toolbar::Toolbar /> }
}

#[cfg(not(feature = "preview"))]
fn preview_toolbar() -> impl IntoView {}
