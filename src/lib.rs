//! Partner Portal SPA: contact-information onboarding.
//!
//! The tree says where things live and what they may import (→):
//!
//! - `app`: the router and the app-wide contexts → everything below.
//! - `shell/`: header, navigation, switchers, sign-out, the blocking modal and the
//!   contact-info gate → `features`, `ui` and the modules below them.
//! - `pages/`: routes that are no feature (sign-in, overview, not found) → `shell` (its
//!   language switcher), `features`, `ui` and the modules below them.
//! - `features/`: `contact_info`, `users`, `support`, each with its components, requests
//!   and page → `ui` and the modules below; never another feature, the shell or pages.
//! - `ui/`: generic widgets (dialog, tabs, form fields and errors, status, chip input) →
//!   only `i18n`, `dom`, `api` (for its error type) and the shared rules.
//! - `state`: typed contexts of the signed-in portal (`Portal`, `Announcer`) → `api`,
//!   `storage`.
//! - `i18n/`: locales, Fluent bundles, the `I18n` context (strings, and dates, lists and
//!   numbers through `intl`) and typed message ids → `api` (for its error type), `dom`,
//!   `intl`, `storage`.
//! - `api`, `dom`, `intl`, `storage`: the HTTP client, DOM helpers, the browser's `Intl` and
//!   `localStorage` → nothing of the above.
//! - `preview/` (feature `preview` only): the designer preview (toolbar, gallery, scenarios,
//!   and the transport to the in-browser preview backend) → everything. Nothing imports it
//!   but `app` (the toolbar) and [`start`], both under `cfg(feature = "preview")`.
//!
//! `tests/layers.rs` checks these rules.
//!
//! The feature `preview` is on by default, so plain `trunk serve` (a dev build) runs the
//! whole portal without a server; release builds are made with `--no-default-features`,
//! and an optimized build with the feature does not compile.
//!
//! Size: every wasm32 build has `--cfg erase_components` (`.cargo/config.toml`), so Leptos
//! gives each reactive closure written *literally* in a view (`{move || …}`) one shared type
//! per output. A closure kept in a variable is therefore used as `{move || list()}`, not
//! `{list}`, and a component whose view is one closure returns `view! { {move || content()} }`
//! (measured with `cargo xtask size`: together about −3 KB brotli). Loads from the API are
//! `api::ApiResource`s, not `LocalResource`s of their own (a `LocalResource`'s async
//! machinery is compiled once per fetcher: −9.5 KB brotli for nine), the forms' and
//! dialogs' actions are `ui::action::local_action`s (−0.4 KB for six), and requests whose
//! answer a page shows (sign-in, the account switch) are `ui::action::RequestAction`s, not
//! `Action<I, Result<O, ApiError>>`s (−3.4 KB for three).

// A component's length is mostly its `view!` markup, which reads best in one piece; the
// logic around it lives in small functions (and modules such as `features/users/sort.rs`).
#![allow(clippy::too_many_lines)]

#[cfg(all(feature = "preview", not(debug_assertions)))]
compile_error!(
    "The designer preview (cargo feature `preview`, on by default for `trunk serve`) must never \
     be in an optimized build: build releases with `--no-default-features`, e.g. \
     `trunk build --release --no-default-features`."
);

pub mod api;
pub mod app;
pub mod dom;
pub mod features;
pub mod i18n;
pub mod intl;
pub mod pages;
#[cfg(feature = "preview")]
pub mod preview;
pub mod shell;
pub mod state;
pub mod storage;
pub mod ui;

pub use app::App;

/// Mounts the app on `<body>`, in a task of its own: the wasm module's compilation ends in
/// the task that runs `main`, and with the first render (and the compiling of the code it
/// runs for the first time) it made one long task on a phone. In the preview build the
/// preview starts it: with its backend as the API client's transport, or the gallery.
pub fn start() {
    #[cfg(feature = "preview")]
    preview::start();
    #[cfg(not(feature = "preview"))]
    leptos::prelude::set_timeout(
        || leptos::mount::mount_to_body(App),
        std::time::Duration::ZERO,
    );
}
