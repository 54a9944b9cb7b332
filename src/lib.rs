//! Partner Portal SPA: contact-information onboarding.
//!
//! `app` wires the router and contexts; `pages` are routes; `components` are reusable
//! pieces; `api` talks to the server; `i18n` localizes; `state` holds typed contexts.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod intl;
pub mod pages;
pub mod state;
pub mod storage;

pub use app::App;

/// Mounts the app on `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(App);
}
