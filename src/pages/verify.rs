//! The page a contact address's confirmation link opens (`/verify#token=…`): it uses the
//! link at once (no session needed; the token is in the fragment, so it never reaches a
//! server log or a `Referer`) and says "Address confirmed" or "This link is no longer
//! valid". A failure that may pass (network, rate limit) offers a retry.

use crate::api::{self, ApiError, ApiResource};
use crate::dom;
use crate::i18n::{msg, use_i18n};
use crate::shell::language_switcher::LanguageSwitcher;
use crate::shell::title::{DocumentTitle, Screen};
use crate::ui::page_heading::PageHeading;
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::ErrorCode;

/// Unknown, used, expired, or no token at all: only a new link can help.
fn link_is_dead(error: &ApiError) -> bool {
    error.code() == ErrorCode::VerificationLinkInvalid
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    // Read once and taken out of the address bar; kept for a retry.
    let token = StoredValue::new(dom::take_fragment_param("token"));
    let result = ApiResource::new(move || async move {
        match token.get_value() {
            Some(token) => api::redeem_verification(token).await.map(Some),
            None => Ok(None),
        }
    });
    let content = move || match result.get() {
        None => Loading().into_any(),
        Some(Ok(Some(verified))) => {
            let text = i18n.t_with(
                msg::VERIFY_CONFIRMED,
                &[("address", verified.address.into())],
            );
            view! {
                <PageHeading message_id=msg::VERIFY_CONFIRMED_HEADING />
                <p role="status">{text}</p>
            }
            .into_any()
        }
        Some(Ok(None)) => dead().into_any(),
        Some(Err(error)) if link_is_dead(&error) => dead().into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move |()| result.refetch() /> }.into_any()
        }
    };
    view! {
        <DocumentTitle screen=Screen::VerifyAddress />
        <main id="main" class="content narrow sign-in">
            <div class="sign-in-toolbar">
                <LanguageSwitcher id="verify-language" />
            </div>
            {content}
        </main>
    }
}

fn dead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading message_id=msg::VERIFY_INVALID_HEADING />
        <p role="alert">{i18n.tr(msg::VERIFY_INVALID)}</p>
    }
}
