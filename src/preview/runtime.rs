//! The preview backend in the browser: its one instance, the cookies the "browser" keeps
//! for it, where its state is kept (`localStorage`, or nowhere for gallery tiles), and the
//! transport that the API client calls instead of `fetch`.

use crate::api::{ApiError, ApiRequest};
use gloo_net::http::{Headers, Response};
use leptos::prelude::*;
use portal_preview::backend::SESSION_COOKIE;
use portal_preview::fixtures::fixtures;
use portal_preview::state::{AccountRecord, Mail, Saved, UserRecord};
use portal_preview::{Answer, Backend, CookieJar, Forcing, Host, Outcome, PreviewRequest};
use std::cell::RefCell;

/// The one `localStorage` key of the preview's data (versioned inside: see `Saved`).
pub const STORAGE_KEY: &str = "portal.preview.data";

struct BrowserHost;

impl Host for BrowserHost {
    // Milliseconds since 1970 fit an i64 for the next 290 million years.
    #[allow(clippy::cast_possible_truncation)]
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    fn is_known_time_zone(&self, zone: &str) -> bool {
        crate::intl::is_known_time_zone(zone)
    }
}

struct Runtime {
    backend: Backend,
    jar: CookieJar,
    /// False for gallery tiles: their data lives and dies with the page.
    persistent: bool,
}

thread_local! {
    static RUNTIME: RefCell<Option<Runtime>> = const { RefCell::new(None) };
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
}

/// What the toolbar shows and follows: the forced answer (a "next request only" one is used
/// up by a request) and a counter that moves with every request (mail, sessions).
#[derive(Clone, Copy)]
pub struct Live {
    pub forcing: RwSignal<Forcing>,
    pub revision: RwSignal<u32>,
}

pub fn live() -> Option<Live> {
    LIVE.with(|live| *live.borrow())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored data, if it is readable, current and from today's fixtures.
fn load_saved() -> Option<Saved> {
    let text = local_storage()?.get_item(STORAGE_KEY).ok()??;
    Saved::decode(&text)
}

fn with_runtime<T>(action: impl FnOnce(&mut Runtime) -> T) -> Option<T> {
    RUNTIME.with(|runtime| runtime.borrow_mut().as_mut().map(action))
}

impl Runtime {
    fn save(&self) {
        if !self.persistent {
            return;
        }
        let saved = Saved::new(self.backend.state().clone(), self.jar.clone());
        if let Some(storage) = local_storage() {
            // A full storage (quota) only means edits do not survive a reload.
            let _ = storage.set_item(STORAGE_KEY, &saved.encode());
        }
    }

    fn handle(&mut self, request: ApiRequest) -> Outcome {
        let mut headers: Vec<(String, String)> = request
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        if let Some(cookie) = self.jar.header() {
            headers.push(("cookie".into(), cookie));
        }
        let outcome = self.backend.handle(&PreviewRequest {
            method: request.method.as_str().to_owned(),
            path_and_query: request.url,
            headers,
            body: request.body,
        });
        if let Some(response) = outcome.response() {
            self.jar.store(response);
        }
        self.save();
        outcome
    }
}

/// Starts the backend: from the stored data (unless `ephemeral` or there is none) or the
/// fixtures. True when it starts from the fixtures.
pub fn init(ephemeral: bool, forcing: Forcing) -> bool {
    let saved = if ephemeral { None } else { load_saved() };
    let fresh = saved.is_none();
    let (state, jar) = saved.map_or_else(
        || (fixtures(), CookieJar::default()),
        |saved| (saved.state, saved.cookies),
    );
    let mut backend = Backend::new(state, Box::new(BrowserHost));
    backend.set_forcing(forcing.clone());
    let runtime = Runtime {
        backend,
        jar,
        persistent: !ephemeral,
    };
    runtime.save();
    RUNTIME.with(|slot| *slot.borrow_mut() = Some(runtime));
    let live = Live {
        forcing: RwSignal::new(forcing),
        revision: RwSignal::new(0),
    };
    LIVE.with(|slot| *slot.borrow_mut() = Some(live));
    fresh
}

/// After a request: what the toolbar follows may have changed.
fn touched() {
    let Some(live) = live() else { return };
    let current = with_runtime(|runtime| runtime.backend.forcing().clone()).unwrap_or_default();
    if live.forcing.get_untracked() != current {
        live.forcing.set(current);
    }
    live.revision
        .update(|revision| *revision = revision.wrapping_add(1));
}

/// The API client's transport in the preview: the backend answers, as a real `Response`.
pub fn transport(request: ApiRequest) -> crate::api::transport::Answer {
    Box::pin(send(request))
}

async fn send(request: ApiRequest) -> Result<Response, ApiError> {
    let outcome = with_runtime(|runtime| runtime.handle(request)).ok_or(ApiError::Network)?;
    touched();
    if outcome.delay_ms > 0 {
        sleep(outcome.delay_ms).await;
    }
    match outcome.answer {
        Answer::Response(response) => to_response(&response),
        Answer::NetworkFailure => Err(ApiError::Network),
        Answer::Never => std::future::pending().await,
    }
}

/// A `fetch` `Response` with the backend's status, headers and body.
fn to_response(response: &portal_preview::PreviewResponse) -> Result<Response, ApiError> {
    let headers = Headers::new();
    // Browsers never show `Set-Cookie` to scripts; the jar took it.
    for (name, value) in response
        .headers
        .iter()
        .filter(|(name, _)| name != "set-cookie")
    {
        headers.append(name, value);
    }
    // Statuses without a body must be built without one.
    let body = if matches!(response.status, 204 | 205 | 304) {
        None
    } else {
        response.body.as_deref()
    };
    Response::builder()
        .status(response.status)
        .headers(headers)
        .body(body)
        .map_err(|_| ApiError::UnexpectedResponse(response.status))
}

pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

// What the toolbar and the scenarios do directly (not through HTTP).

pub fn accounts() -> Vec<AccountRecord> {
    with_runtime(|runtime| runtime.backend.state().accounts.clone()).unwrap_or_default()
}

/// The account's users, as the Users list orders them.
pub fn members(account_id: i64) -> Vec<UserRecord> {
    with_runtime(|runtime| {
        runtime
            .backend
            .state()
            .members(account_id)
            .into_iter()
            .cloned()
            .collect()
    })
    .unwrap_or_default()
}

/// The user the browser's session cookie belongs to.
pub fn session_user() -> Option<UserRecord> {
    with_runtime(|runtime| {
        let token = runtime.jar.get(SESSION_COOKIE)?;
        runtime.backend.session_user(token).cloned()
    })
    .flatten()
}

/// The user `email` of the account `partner_id`.
pub fn find_user(partner_id: &str, email: &str) -> Option<UserRecord> {
    with_runtime(|runtime| {
        let state = runtime.backend.state();
        let account = state.account_by_partner_id(partner_id)?;
        state
            .members(account.id)
            .into_iter()
            .find(|user| user.email.eq_ignore_ascii_case(email))
            .cloned()
    })
    .flatten()
}

/// Signs this browser in as `user_id`, as a used sign-in link would.
pub fn sign_in_as(user_id: i64) {
    with_runtime(|runtime| {
        // The designer picked the user, and so the account.
        let token = runtime.backend.open_session_in(user_id, true);
        runtime.jar.put(SESSION_COOKIE, &token);
        runtime.save();
    });
}

pub fn sign_out() {
    with_runtime(|runtime| {
        runtime.jar.clear();
        runtime.save();
    });
}

/// Mails a sign-in link for `user_id` and returns its token.
pub fn mail_sign_in_link(user_id: i64) -> Option<String> {
    let token = with_runtime(|runtime| {
        let token = runtime.backend.mail_sign_in_link(user_id);
        runtime.save();
        token
    });
    touched();
    token
}

/// The mail the server would have sent, newest first.
pub fn mails() -> Vec<Mail> {
    with_runtime(|runtime| {
        let mut mails = runtime.backend.state().outbox.clone();
        mails.reverse();
        mails
    })
    .unwrap_or_default()
}

pub fn set_forcing(forcing: Forcing) {
    with_runtime(|runtime| runtime.backend.set_forcing(forcing));
    touched();
}

/// Back to the fixtures, signed out.
pub fn reset() {
    with_runtime(|runtime| {
        runtime.backend.replace_state(fixtures());
        runtime.jar.clear();
        runtime.save();
    });
    touched();
}
