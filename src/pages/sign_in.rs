//! Sign-in by e-mailed link: request a link, then open it to start a session.

use crate::api::{self, ApiError};
use crate::i18n::{api_error_id, msg, use_i18n};
use crate::shell::language_switcher::LanguageSwitcher;
use crate::ui::page_heading::PageHeading;
use crate::ui::status::Loading;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;
use portal_rules::{ErrorCode, email};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let address = RwSignal::new(String::new());
    // Validate as the user types only after they first leave the field (or submit).
    let touched = RwSignal::new(false);
    let field_error = Memo::new(move |_| {
        if !touched.get() {
            return None;
        }
        let value = address.get();
        if value.trim().is_empty() {
            Some(ErrorCode::Required)
        } else {
            email::normalize(&value).err()
        }
    });
    let request = Action::new_local(move |address: &String| {
        let address = address.clone();
        let locale = i18n.locale().code();
        async move { api::request_sign_in_link(address, locale).await }
    });
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(true);
        if field_error.get_untracked().is_some() {
            if let Some(input) = input.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        request.dispatch(address.get_untracked().trim().to_owned());
    };
    let sent = move || matches!(request.value().get(), Some(Ok(())));
    let request_error = move || request.value().get().and_then(Result::err);

    view! {
        <main id="main" class="content narrow sign-in">
            <div class="sign-in-toolbar">
                <LanguageSwitcher id="sign-in-language" />
            </div>
            <PageHeading message_id=msg::SIGN_IN_HEADING />
            <p>{i18n.tr(msg::SIGN_IN_INTRO)}</p>
            <form on:submit=on_submit novalidate>
                <div class="form-field">
                    <label for="sign-in-email">{i18n.tr(msg::SIGN_IN_EMAIL_LABEL)}</label>
                    <input
                        node_ref=input
                        id="sign-in-email"
                        type="email"
                        autocomplete="email"
                        required
                        prop:value=move || address.get()
                        aria-invalid=move || field_error.get().is_some().to_string()
                        aria-describedby=move || field_error.get().map(|_| "sign-in-email-error")
                        on:input:target=move |event| address.set(event.target().value())
                        on:blur=move |_| touched.set(true)
                    />
                    {move || {
                        field_error
                            .get()
                            .map(|code| {
                                view! {
                                    <p class="field-error" id="sign-in-email-error">
                                        {move || i18n.error(code, None)}
                                    </p>
                                }
                            })
                    }}
                </div>
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || request.pending().get()
                >
                    {i18n.tr(msg::SIGN_IN_SUBMIT)}
                </button>
            </form>
            <div role="status" aria-live="polite">
                {move || {
                    sent()
                        .then(|| {
                            view! {
                                <p class="notice notice-success">{i18n.tr(msg::SIGN_IN_SENT)}</p>
                            }
                        })
                }}
            </div>
            {move || {
                request_error()
                    .map(|error: ApiError| {
                        view! {
                            <p class="notice notice-error" role="alert">
                                {i18n.tr(api_error_id(&error))}
                            </p>
                        }
                    })
            }}
        </main>
    }
}

/// Target of the e-mailed link: exchanges the token for a session, then enters the portal.
#[component]
pub fn SignInCallbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = query
        .with_untracked(|query| query.get("token"))
        .unwrap_or_default();
    let result = LocalResource::new(move || api::sign_in(token.clone()));
    view! {
        <main id="main" class="content narrow">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(_) => view! { <Redirect path="/" /> }.into_any(),
                        Err(error) => {
                            let message_id = api_error_id(&error);
                            view! {
                                <PageHeading message_id=msg::SIGN_IN_FAILED_HEADING />
                                <p role="alert">{i18n.tr(message_id)}</p>
                                <p>
                                    <A href="/sign-in">{i18n.tr(msg::SIGN_IN_REQUEST_NEW_LINK)}</A>
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
    }
}
