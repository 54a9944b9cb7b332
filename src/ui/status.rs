//! Loading and error states.

use crate::api::ApiError;
use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.tr(msg::LOADING)}</p> }
}

/// A localized error with a retry button, where loading failed.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || i18n.api_error(&error)}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>
                {i18n.tr(msg::ACTION_RETRY)}
            </button>
        </div>
    }
}

/// Why the request a form or dialog sent failed: read out when it appears, and focusable
/// (not by Tab) so focus can be moved to it.
#[component]
pub fn FailureNotice(
    id: &'static str,
    #[prop(into)] failure: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let content = move || {
        failure.get().map(|error| {
            view! {
                <p class="notice notice-error" id=id tabindex="-1" role="alert">
                    {move || i18n.api_error(&error)}
                </p>
            }
        })
    };
    view! { {move || content()} }
}
