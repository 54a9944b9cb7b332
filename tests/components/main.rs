//! Component tests in headless Chromium (wasm-bindgen-test): widgets follow the WAI-ARIA
//! patterns and the features behave as the spec requires. One module per widget or
//! feature, all in this one test binary so it is linked and run once.
#![cfg(target_arch = "wasm32")]

mod support;

#[cfg(feature = "preview")]
mod accounts;
mod chip_input;
mod contact_info;
mod deferred;
mod dialog;
mod dom;
mod drafts;
#[cfg(feature = "preview")]
mod history;
mod i18n;
mod json;
mod live;
#[cfg(feature = "preview")]
mod preview;
#[cfg(feature = "preview")]
mod review;
mod shell;
mod support_cases;
mod switchers;
mod tabs;
mod users;
#[cfg(feature = "preview")]
mod verify;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
