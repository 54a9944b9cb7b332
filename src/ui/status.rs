//! Loading and error states.

use crate::api::ApiError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t("loading")}</p> }
}

/// A localized error with a retry button.
#[component]
pub fn ErrorNotice(error: ApiError, retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let message_id = error.message_id();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || i18n.t(&message_id)}</p>
            <button type="button" class="button" on:click=move |_| retry()>
                {move || i18n.t("action-retry")}
            </button>
        </div>
    }
}
