//! The designer preview: compiled only with the cargo feature `preview` (on by default, so
//! plain `trunk serve` has it; the release build is made with `--no-default-features`, and
//! `lib.rs` refuses to compile it into an optimized build).
//!
//! At start ([`start`]) it installs the preview backend (`portal-preview`) as the API
//! client's transport: every `/api/v1` request the SPA makes is answered in the browser,
//! as real `fetch` responses, so every code path above the transport is the production
//! one. Its data lives in `localStorage` (the toolbar's Reset brings back the fixtures), or
//! only in memory for the gallery's tiles.
//!
//! - `settings`: the designer's choices, as `pv-…` URL parameters;
//! - `runtime`: the backend instance, its storage, its cookies, the transport;
//! - `toolbar`: the designer toolbar (account, user, language, environment, forced answers);
//! - `gallery`: `/preview/gallery`, every state side by side in de, it and en;
//! - `scenarios`: the gallery's states and the steps that reach them;
//! - `i18n`: the preview's own strings (`locales/<lang>/preview/`);
//! - `style`: the preview's styles (`style/preview.css`), added at start.
//!
//! Nothing outside this folder imports it except `app.rs` (the toolbar) and `lib.rs`
//! (`start`), both under `cfg(feature = "preview")` (checked by `tests/layers.rs`).

pub mod gallery;
pub mod i18n;
pub mod runtime;
pub mod scenarios;
pub mod settings;
pub mod style;
pub mod toolbar;

use crate::api;
use scenarios::{Scenario, Who};
use settings::{Settings, UserChoice};
use std::cell::RefCell;
use std::rc::Rc;

/// Present in every preview build and in no release build: the toolbar renders it, and
/// `cargo xtask size` fails if `dist/` of the release build contains it.
pub const PREVIEW_MARKER: &str = "partner-portal-designer-preview-build";

/// The path of the gallery.
pub const GALLERY_PATH: &str = "/preview/gallery";

/// Who the preview signs in as when it starts for the first time.
const FIRST_USER: (&str, &str) = ("demo-1001", "admin@demo.example");

thread_local! {
    static SETTINGS: RefCell<Settings> = RefCell::new(Settings::default());
}

/// The settings the page started with (the toolbar shows and edits them).
pub fn launch_settings() -> Settings {
    SETTINGS.with(|settings| settings.borrow().clone())
}

fn location() -> Option<web_sys::Location> {
    Some(web_sys::window()?.location())
}

/// The user a scenario names: by address, or the account's first administrator.
fn resolve(Who(account, email): Who) -> Option<portal_preview::state::UserRecord> {
    if let Some(email) = email {
        return runtime::find_user(account, email);
    }
    let account = runtime::accounts()
        .into_iter()
        .find(|each| each.partner_id == account)?;
    runtime::members(account.id)
        .into_iter()
        .find(|user| user.role == portal_rules::model::Role::Administrator)
}

/// Settings for a gallery tile: the scenario says who, where and what is forced.
fn scenario_settings(mut settings: Settings, scenario: &Scenario) -> Settings {
    settings.ephemeral = true;
    settings.account = scenario.user.map(|Who(account, _)| account.to_owned());
    settings.user = UserChoice::SignedOut;
    settings.env = scenario.env;
    if let Some((kind, scope)) = scenario.start_forcing {
        settings.forcing = portal_preview::Forcing::new(kind, scope);
    }
    settings
}

/// Signs in as the chosen user (unless already), or out; on the very first start, as the
/// first demo administrator.
fn apply_user(settings: &Settings, fresh: bool, scenario: Option<&Scenario>) {
    if let Some(scenario) = scenario {
        match scenario.user.and_then(resolve) {
            Some(user) => runtime::sign_in_as(user.id),
            None => runtime::sign_out(),
        }
        return;
    }
    let chosen = match &settings.user {
        UserChoice::Unset if fresh => runtime::find_user(FIRST_USER.0, FIRST_USER.1),
        UserChoice::Unset => return,
        UserChoice::SignedOut => {
            runtime::sign_out();
            return;
        }
        UserChoice::User(email) => settings
            .account
            .as_deref()
            .and_then(|account| runtime::find_user(account, email))
            .or_else(|| {
                runtime::accounts()
                    .into_iter()
                    .flat_map(|account| runtime::members(account.id))
                    .find(|user| user.email.eq_ignore_ascii_case(email))
            }),
    };
    let current = runtime::session_user().map(|user| user.id);
    if let Some(user) = chosen
        && current != Some(user.id)
    {
        runtime::sign_in_as(user.id);
    }
}

/// A scenario that opens a mailed link: the link's token goes in the fragment.
fn open_link(scenario: &Scenario) {
    let Some(token) = scenario
        .link_for
        .and_then(resolve)
        .and_then(|user| runtime::mail_sign_in_link(user.id))
    else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(query)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}#token={token}")),
        );
    }
}

/// Installs the preview and mounts the app (or the gallery).
pub fn start() {
    let Some(location) = location() else { return };
    style::inject();
    if location.pathname().is_ok_and(|path| path == GALLERY_PATH) {
        leptos::mount::mount_to_body(gallery::GalleryPage);
        return;
    }
    let mut settings = Settings::from_query(&location.search().unwrap_or_default());
    let scenario = settings.scenario.as_deref().and_then(scenarios::find);
    if let Some(scenario) = scenario {
        settings = scenario_settings(settings, scenario);
    }
    if settings.ephemeral {
        crate::storage::keep_in_memory();
    }
    let fresh = runtime::init(settings.ephemeral, settings.forcing.clone());
    apply_user(&settings, fresh, scenario);
    if let Some(locale) = settings.lang {
        crate::i18n::remember_locale(locale);
    }
    if let (Some(env), Some(user)) = (settings.env, runtime::session_user()) {
        crate::state::remember_environment(user.id, env);
    }
    if let Some(scenario) = scenario {
        open_link(scenario);
    }
    SETTINGS.with(|slot| *slot.borrow_mut() = settings);
    api::transport::install(Rc::new(runtime::transport));
    leptos::mount::mount_to_body(crate::app::App);
    if let Some(scenario) = scenario {
        leptos::task::spawn_local(scenarios::run(scenario));
    }
}
