//! Sign-in by e-mailed link: request a link, then open it to start a session. Both pages
//! name their stage in the document title ("Anmelden", "Anmeldelink gesendet", …).

use crate::api::{self, ApiError, ApiResource};
use crate::dom;
use crate::i18n::{msg, use_i18n};
use crate::shell::language_switcher::LanguageSwitcher;
use crate::shell::title::{DocumentTitle, Screen};
use crate::ui::action::RequestAction;
use crate::ui::form::SubmitButton;
use crate::ui::page_heading::PageHeading;
use crate::ui::status::{ErrorNotice, FailureNotice, Loading};
use fluent::FluentValue;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use portal_rules::api::SignInLinkPreview;
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
    // Sends the address as typed when the form is submitted.
    let request = RequestAction::new(move || {
        let address = address.get_untracked().trim().to_owned();
        let locale = i18n.locale().code();
        async move { api::request_sign_in_link(address, locale).await }
    });
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // The button stays focusable while the request is on its way (`aria-disabled`).
        if request.pending().get_untracked() {
            return;
        }
        touched.set(true);
        if field_error.get_untracked().is_some() {
            if let Some(input) = input.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        request.dispatch();
    };
    let sent = move || request.succeeded();
    let request_error = move || request.failure();
    let screen = Signal::derive(move || {
        if sent() {
            Screen::LinkSent
        } else {
            Screen::SignIn
        }
    });

    view! {
        <DocumentTitle screen />
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
                                // The message names what was typed, as the shared rules
                                // and the server's errors do.
                                view! {
                                    <p class="field-error" id="sign-in-email-error">
                                        {move || i18n.error(code, Some(address.get().trim()))}
                                    </p>
                                }
                            })
                    }}
                </div>
                <SubmitButton
                    pending=request.pending()
                    label=msg::SIGN_IN_SUBMIT
                    pending_label=msg::SIGN_IN_SENDING
                    id="sign-in-submit"
                />
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
                                {move || i18n.api_error(&error)}
                            </p>
                        }
                    })
            }}
        </main>
    }
}

/// Target of the e-mailed link (`/sign-in/callback#token=…`). Opening it signs nobody in:
/// the page names the user and account the link is for and waits for "Continue as …", so a
/// link scanner cannot use the link up and another site cannot sign a visitor in.
#[component]
pub fn SignInCallbackPage() -> impl IntoView {
    // Read once; the fragment is removed from the address bar and history at once, so the
    // page keeps the token for a retry after a failure that did not use the link up.
    let token = StoredValue::new(dom::take_fragment_param("token"));
    let preview = ApiResource::new(move || async move {
        match token.get_value() {
            Some(token) => api::preview_sign_in_link(token).await.map(Some),
            None => Ok(None),
        }
    });
    let redeem = RequestAction::new(move || {
        let token = token.get_value();
        async move {
            // Dispatched only with a token (`continue_as`).
            let Some(token) = token else { return Ok(()) };
            let result = api::sign_in(token).await.map(drop);
            if result.as_ref().is_err_and(|error| !link_is_dead(error)) {
                dom::focus_after_render(CONTINUE_FAILURE_ID);
            }
            result
        }
    });
    let continue_as = move |_| {
        if token.with_value(Option::is_some) {
            redeem.dispatch();
        }
    };
    let failure = Signal::derive(move || redeem.failure());
    // The page changes only with the stage, so a failed retry keeps the button (and focus).
    let stage = Memo::new(
        move |_| match (preview.get(), redeem.succeeded(), redeem.failure()) {
            (_, true, _) => Stage::SignedIn,
            (_, _, Some(error)) | (Some(Err(error)), _, _) if link_is_dead(&error) => {
                Stage::Failed(Some(error))
            }
            (Some(Err(error)), _, _) => Stage::PreviewFailed(error),
            (None, _, _) => Stage::Loading,
            (Some(Ok(None)), _, _) => Stage::Failed(None),
            (Some(Ok(Some(preview))), _, _) => Stage::ContinueAs(preview),
        },
    );
    let screen = Signal::derive(move || match stage.get() {
        Stage::Loading | Stage::SignedIn => Screen::Loading,
        Stage::ContinueAs(_) => Screen::SignInContinue,
        Stage::Failed(_) => Screen::SignInFailed,
        Stage::PreviewFailed(_) => Screen::Error,
    });
    view! {
        <DocumentTitle screen />
        <main id="main" class="content narrow">
            {move || match stage.get() {
                Stage::SignedIn => view! { <Redirect path="/" /> }.into_any(),
                Stage::Failed(message) => view! { <SignInFailed message /> }.into_any(),
                Stage::PreviewFailed(error) => {
                    view! { <ErrorNotice error retry=move |()| preview.refetch() /> }.into_any()
                }
                Stage::Loading => Loading().into_any(),
                Stage::ContinueAs(preview) => {
                    view! {
                        <ContinueAs
                            preview
                            pending=redeem.pending()
                            failure
                            on_continue=continue_as
                        />
                    }
                        .into_any()
                }
            }}
        </main>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Loading,
    ContinueAs(SignInLinkPreview),
    /// The link cannot sign in (or there was none).
    Failed(Option<ApiError>),
    /// Asking whom the link is for failed for another reason: retrying may help.
    PreviewFailed(ApiError),
    SignedIn,
}

const CONTINUE_FAILURE_ID: &str = "sign-in-continue-failure";

/// Unknown, used or expired: no retry can help, only a new link.
fn link_is_dead(error: &ApiError) -> bool {
    error.code() == ErrorCode::SignInLinkInvalid
}

/// "Continue as *name* (*account*)": the one step that uses the link. An address in
/// several accounts picks the account next, so then the page names the address and the
/// number of accounts instead of the link's account.
#[component]
fn ContinueAs(
    preview: SignInLinkPreview,
    pending: Memo<bool>,
    /// Why the last try failed (network, rate limit): the button stays for another try.
    failure: Signal<Option<ApiError>>,
    on_continue: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (intro_id, button_id) = if preview.account_count > 1 {
        (
            msg::SIGN_IN_CONTINUE_INTRO_SEVERAL,
            msg::SIGN_IN_CONTINUE_BUTTON_SEVERAL,
        )
    } else {
        (msg::SIGN_IN_CONTINUE_INTRO, msg::SIGN_IN_CONTINUE_BUTTON)
    };
    let args = move || {
        [
            ("name", FluentValue::from(preview.user_name.clone())),
            ("email", FluentValue::from(preview.email.clone())),
            ("account", FluentValue::from(preview.account_name.clone())),
            ("count", FluentValue::from(preview.account_count)),
        ]
    };
    let intro = {
        let args = args.clone();
        move || i18n.t_with(intro_id, &args())
    };
    let button = move || {
        if pending.get() {
            i18n.t(msg::SIGN_IN_CONTINUE_PENDING)
        } else {
            i18n.t_with(button_id, &args())
        }
    };
    view! {
        <PageHeading message_id=msg::SIGN_IN_CONTINUE_HEADING />
        <p>{move || intro()}</p>
        <FailureNotice id=CONTINUE_FAILURE_ID failure />
        <button
            type="button"
            id="sign-in-continue"
            class="button button-primary"
            aria-disabled=move || pending.get().to_string()
            on:click=move |event| {
                if !pending.get_untracked() {
                    on_continue(event);
                }
            }
        >
            {move || button()}
        </button>
        <p>
            <A href="/sign-in">{i18n.tr(msg::SIGN_IN_CONTINUE_NOT_YOU)}</A>
        </p>
    }
}

/// Why the link cannot sign in (unknown, used, expired, or no token), and the way out.
#[component]
fn SignInFailed(message: Option<ApiError>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match &message {
        Some(error) => i18n.api_error(error),
        None => i18n.error(ErrorCode::SignInLinkInvalid, None),
    };
    view! {
        <PageHeading message_id=msg::SIGN_IN_FAILED_HEADING />
        <p role="alert">{move || text()}</p>
        <p>
            <A href="/sign-in">{i18n.tr(msg::SIGN_IN_REQUEST_NEW_LINK)}</A>
        </p>
    }
}
