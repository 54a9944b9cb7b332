//! Loading and error states.

use crate::api::ApiError;
use crate::i18n::{api_error_id, msg, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.tr(msg::LOADING)}</p> }
}

/// A localized error with a retry button.
#[component]
pub fn ErrorNotice(error: ApiError, retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let message_id = api_error_id(&error);
    view! {
        <div class="notice notice-error" role="alert">
            <p>{i18n.tr(message_id)}</p>
            <button type="button" class="button" on:click=move |_| retry()>
                {i18n.tr(msg::ACTION_RETRY)}
            </button>
        </div>
    }
}
