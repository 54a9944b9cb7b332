//! HTTP client for the portal API. Every call describes its request once ([`ApiRequest`]);
//! [`send`] hands it to the browser's `fetch`. Every answer's status is checked (gloo-net
//! does not fail on 4xx/5xx) and problem+json bodies become typed errors carrying the
//! server's codes.
//!
//! In the designer preview build (feature `preview`), [`transport::install`] can replace
//! `fetch` at start with the in-browser preview backend, which answers with real
//! `Response`s: everything above `send` runs unchanged.

mod resource;

pub use resource::ApiResource;

use gloo_net::http::{Method, RequestBuilder, Response};
use portal_rules::ErrorCode;
use portal_rules::api::{
    AccountsResponse, ChangeRole, ContactInfoResponse, NewUser, Problem, SaveContactInfo,
    SessionInfo, SignInLinkPreview, SignInLinkRequest, SignInRequest, SupportCasesPage,
    SwitchAccount, UsersResponse,
};
use portal_rules::history::{HistoryPage, LIVE_EVENT_NAME, LiveEvent};
use portal_rules::model::{Role, User};
use portal_rules::support::{NewSupportCase, SupportCase};
use portal_rules::verification::{RedeemVerification, ResendVerification, VerifiedAddress};
use serde::Serialize;
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (offline, server down).
    Network,
    /// The server answered with a problem document.
    Problem(Box<Problem>),
    /// The server answered with an unexpected status or body.
    UnexpectedResponse(u16),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Problem(problem) => problem.code,
            ApiError::Network | ApiError::UnexpectedResponse(_) => ErrorCode::Unknown,
        }
    }

    /// On 429: how many seconds to wait before a retry can succeed.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Problem(problem) if problem.code == ErrorCode::RateLimited => {
                problem.retry_after
            }
            _ => None,
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.code() == ErrorCode::Unauthenticated
    }
}

/// One request to the API, described once: method, URL (path and query), headers and a
/// JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl ApiRequest {
    fn new(method: Method, path: &str) -> Self {
        Self {
            method,
            url: format!("{BASE}{path}"),
            headers: Vec::new(),
            body: None,
        }
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    /// A JSON body (and its `Content-Type`).
    fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, ApiError> {
        self.body = Some(json::to_string(body).ok_or(ApiError::Network)?);
        Ok(self.header("Content-Type", "application/json"))
    }
}

/// JSON through the browser: `JSON.parse`/`JSON.stringify` and `serde-wasm-bindgen`, which
/// keeps `serde_json`'s parser and number formatting out of the wasm.
mod json {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
        let value = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()?;
        js_sys::JSON::stringify(&value).ok()?.as_string()
    }

    /// The body as a JavaScript value (not generic: one copy of the reading).
    pub async fn read_value(response: &gloo_net::http::Response) -> Option<wasm_bindgen::JsValue> {
        let text = response.text().await.ok()?;
        js_sys::JSON::parse(&text).ok()
    }

    pub fn decode<T: DeserializeOwned>(value: wasm_bindgen::JsValue) -> Option<T> {
        serde_wasm_bindgen::from_value(value).ok()
    }
}

/// Sends `request` with the browser's `fetch`, or with the transport installed at start.
async fn send(request: Result<ApiRequest, ApiError>) -> Result<Response, ApiError> {
    let request = request?;
    #[cfg(feature = "preview")]
    if let Some(transport) = transport::installed() {
        return transport(request).await;
    }
    fetch(request).await
}

async fn fetch(request: ApiRequest) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&request.url).method(request.method);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    built
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)
}

/// Where requests go instead of `fetch` in the designer preview. Installed only by the
/// preview's start (never by component tests unless a test installs it itself).
#[cfg(feature = "preview")]
pub mod transport {
    use super::{ApiError, ApiRequest};
    use gloo_net::http::Response;
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::Pin;
    use std::rc::Rc;

    pub type Answer = Pin<Box<dyn Future<Output = Result<Response, ApiError>>>>;
    pub type Transport = Rc<dyn Fn(ApiRequest) -> Answer>;

    thread_local! {
        static INSTALLED: RefCell<Option<Transport>> = const { RefCell::new(None) };
    }

    /// Every later request goes to `transport` instead of `fetch`.
    pub fn install(transport: Transport) {
        INSTALLED.with(|slot| *slot.borrow_mut() = Some(transport));
    }

    /// Back to `fetch`.
    pub fn uninstall() {
        INSTALLED.with(|slot| *slot.borrow_mut() = None);
    }

    pub(super) fn installed() -> Option<Transport> {
        INSTALLED.with(|slot| slot.borrow().clone())
    }
}

async fn read_error(response: Response) -> ApiError {
    let status = response.status();
    match json::read_value(&response)
        .await
        .and_then(json::decode::<Problem>)
    {
        Some(problem) => ApiError::Problem(Box::new(problem)),
        None => ApiError::UnexpectedResponse(status),
    }
}

/// Sends `request` and reads a successful answer's JSON body, with its status. Not generic,
/// so the fetch and the reading exist once in the wasm; [`read_json`] decodes per type.
async fn send_for_json(
    request: Result<ApiRequest, ApiError>,
) -> Result<(u16, wasm_bindgen::JsValue), ApiError> {
    let response = send(request).await?;
    if !response.ok() {
        return Err(read_error(response).await);
    }
    let status = response.status();
    let value = json::read_value(&response)
        .await
        .ok_or(ApiError::UnexpectedResponse(status))?;
    Ok((status, value))
}

async fn read_json<T: DeserializeOwned>(
    request: Result<ApiRequest, ApiError>,
) -> Result<T, ApiError> {
    let (status, value) = send_for_json(request).await?;
    json::decode(value).ok_or(ApiError::UnexpectedResponse(status))
}

async fn expect_success(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(read_error(response).await)
    }
}

/// The strong entity tag the server sends for `version`.
fn entity_tag(version: i64) -> String {
    format!("\"{version}\"")
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read_json(Ok(ApiRequest::new(Method::GET, path))).await
}

/// Who is signed in; `None` when nobody is (the server says so with a 200, so a first
/// visit logs no failed request in the browser console).
///
/// The answer is a [`CurrentSession`](portal_rules::api::CurrentSession), tagged by its
/// `status` field. Decoding that enum with serde would buffer the body first (an internally
/// tagged enum), compiling a second decoder of `User` and `Account` into the wasm; reading
/// the tag from the parsed object and decoding a signed-in body as the [`SessionInfo`] it
/// holds keeps one.
pub async fn session() -> Result<Option<SessionInfo>, ApiError> {
    let (status, value) = send_for_json(Ok(ApiRequest::new(Method::GET, "/session"))).await?;
    let tag = js_sys::Reflect::get(&value, &SESSION_TAG.into())
        .ok()
        .and_then(|tag| tag.as_string());
    match tag.as_deref() {
        Some(SIGNED_OUT) => Ok(None),
        Some(SIGNED_IN) => json::decode(value)
            .map(Some)
            .ok_or(ApiError::UnexpectedResponse(status)),
        _ => Err(ApiError::UnexpectedResponse(status)),
    }
}

/// `CurrentSession`'s tag field and its values (`tests::session_tags_match_the_rules`).
const SESSION_TAG: &str = "status";
const SIGNED_IN: &str = "signed_in";
const SIGNED_OUT: &str = "signed_out";

pub async fn request_sign_in_link(email: String, locale: &str) -> Result<(), ApiError> {
    let body = SignInLinkRequest {
        email,
        locale: Some(locale.to_owned()),
    };
    expect_success(send(ApiRequest::new(Method::POST, "/auth/sign-in-link").json(&body)).await?)
        .await
}

/// Whom a sign-in link would sign in as, without using it up.
pub async fn preview_sign_in_link(token: String) -> Result<SignInLinkPreview, ApiError> {
    let request = ApiRequest::new(Method::POST, "/auth/sign-in-link/preview");
    read_json(request.json(&SignInRequest { token })).await
}

pub async fn sign_in(token: String) -> Result<SessionInfo, ApiError> {
    let request = ApiRequest::new(Method::POST, "/auth/session");
    read_json(request.json(&SignInRequest { token })).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    expect_success(send(Ok(ApiRequest::new(Method::DELETE, "/auth/session"))).await?).await
}

/// The partner accounts the signed-in address belongs to, with the role in each.
pub async fn accounts() -> Result<AccountsResponse, ApiError> {
    get("/accounts").await
}

/// Makes the session act in `account_id` (the server replaces the session cookie); answers
/// the session there.
pub async fn switch_account(account_id: i64) -> Result<SessionInfo, ApiError> {
    let request = ApiRequest::new(Method::POST, "/session/account");
    read_json(request.json(&SwitchAccount { account_id })).await
}

pub async fn contact_info() -> Result<ContactInfoResponse, ApiError> {
    get("/contact-info").await
}

/// One page of the account's change history, newest first; `cursor` is the previous page's
/// `next_cursor` (`None`: the first page).
pub async fn history(cursor: Option<String>) -> Result<HistoryPage, ApiError> {
    match cursor {
        None => get("/history").await,
        Some(cursor) => {
            let cursor = String::from(js_sys::encode_uri_component(&cursor));
            get(&format!("/history?cursor={cursor}")).await
        }
    }
}

pub async fn users() -> Result<UsersResponse, ApiError> {
    get("/users").await
}

/// Invites a colleague (Administrators). Retrying with the same `idempotency_key` never
/// creates a second user or sends a second invitation.
pub async fn invite_user(idempotency_key: &str, user: &NewUser) -> Result<User, ApiError> {
    let request =
        ApiRequest::new(Method::POST, "/users").header("Idempotency-Key", idempotency_key);
    read_json(request.json(user)).await
}

/// Changes a user's role if `version` is still theirs (If-Match); 412 when stale.
pub async fn change_role(user_id: i64, version: i64, role: Role) -> Result<User, ApiError> {
    let request = ApiRequest::new(Method::PATCH, &format!("/users/{user_id}"))
        .header("If-Match", &entity_tag(version));
    read_json(request.json(&ChangeRole { role })).await
}

/// Removes a user; if they were an alert contact, the server removes them there too.
pub async fn remove_user(user_id: i64) -> Result<(), ApiError> {
    let request = ApiRequest::new(Method::DELETE, &format!("/users/{user_id}"));
    expect_success(send(Ok(request)).await?).await
}

/// Replaces the contact information if `version` is still current (If-Match). A stale
/// version answers 412 with the current data in the problem's `current`.
pub async fn save_contact_info(
    version: i64,
    save: &SaveContactInfo,
) -> Result<ContactInfoResponse, ApiError> {
    let request =
        ApiRequest::new(Method::PUT, "/contact-info").header("If-Match", &entity_tag(version));
    read_json(request.json(save)).await
}

/// Confirms the contact information of `version` as still correct (If-Match); answers the
/// new version. A stale version answers 412 with the current data in the problem's `current`.
pub async fn confirm_contact_info(version: i64) -> Result<ContactInfoResponse, ApiError> {
    let request = ApiRequest::new(Method::POST, "/contact-info/confirmation")
        .header("If-Match", &entity_tag(version));
    read_json(Ok(request)).await
}

/// Mails a new verification link to one address of the contact lists (editors).
pub async fn resend_verification(address: String) -> Result<(), ApiError> {
    let request = ApiRequest::new(Method::POST, "/contact-info/verifications/resend")
        .json(&ResendVerification { address });
    expect_success(send(request).await?).await
}

/// Uses a verification link's token (no session needed).
pub async fn redeem_verification(token: String) -> Result<VerifiedAddress, ApiError> {
    let request = ApiRequest::new(Method::POST, "/contact-verifications");
    read_json(request.json(&RedeemVerification { token })).await
}

/// The account's changes as the server announces them (`GET /api/v1/events`, Server-Sent
/// Events through the browser's `EventSource`, which reconnects by itself and resumes with
/// `Last-Event-ID`). Closed when dropped or by [`LiveEvents::close`].
pub struct LiveEvents {
    source: web_sys::EventSource,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl LiveEvents {
    pub fn close(&self) {
        self.source.close();
    }
}

impl Drop for LiveEvents {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Opens the stream of the account's changes; `on_change` gets each one. `None` where
/// there is no server to stream from: the designer preview's in-browser backend (so the
/// preview logs no failed connection), or a browser without `EventSource`.
pub fn live_events(on_change: impl Fn(LiveEvent) + 'static) -> Option<LiveEvents> {
    use wasm_bindgen::JsCast as _;
    #[cfg(feature = "preview")]
    if transport::installed().is_some() {
        return None;
    }
    let source = web_sys::EventSource::new(&format!("{BASE}/events")).ok()?;
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |event: web_sys::MessageEvent| {
            let change = event
                .data()
                .as_string()
                .and_then(|text| js_sys::JSON::parse(&text).ok())
                .and_then(json::decode::<LiveEvent>);
            // An event this build cannot read (a newer server) is left out.
            if let Some(change) = change {
                on_change(change);
            }
        },
    );
    source
        .add_event_listener_with_callback(LIVE_EVENT_NAME, listener.as_ref().unchecked_ref())
        .ok()?;
    Some(LiveEvents {
        source,
        _listener: listener,
    })
}

/// Opens a support case. Retrying with the same `idempotency_key` never creates a second one.
pub async fn create_support_case(
    idempotency_key: &str,
    case: &NewSupportCase,
) -> Result<SupportCase, ApiError> {
    let request =
        ApiRequest::new(Method::POST, "/support-cases").header("Idempotency-Key", idempotency_key);
    read_json(request.json(case)).await
}

pub async fn support_cases(page: u32, per_page: u32) -> Result<SupportCasesPage, ApiError> {
    get(&format!("/support-cases?page={page}&per_page={per_page}")).await
}

/// One of the account's cases, by its reference (404 for another account's).
pub async fn support_case(reference: &str) -> Result<SupportCase, ApiError> {
    let reference = String::from(js_sys::encode_uri_component(reference));
    get(&format!("/support-cases/{reference}")).await
}

#[cfg(test)]
mod tests {
    use super::{SESSION_TAG, SIGNED_IN, SIGNED_OUT};
    use portal_rules::api::{CurrentSession, SessionInfo};

    /// [`super::session`] reads `CurrentSession`'s tag by hand: it must be serde's.
    #[test]
    fn session_tags_match_the_rules() {
        let signed_out = serde_json::to_value(CurrentSession::SignedOut).unwrap();
        assert_eq!(signed_out[SESSION_TAG], SIGNED_OUT);
        let info: SessionInfo = serde_json::from_value(serde_json::json!({
            "user": {
                "id": 1, "name": "Anna", "email": "anna@demo.example", "role": "editor",
                "status": "active", "last_sign_in_at": null, "version": 1,
            },
            "account": {
                "id": 1, "partner_id": "p-1", "name": "Demo", "integration": "things_to_do",
                "production_enabled": true, "uses_merchant_contact": false,
            },
            "administrators": [],
            "account_count": 2,
            "account_chosen": false,
        }))
        .unwrap();
        let signed_in = serde_json::to_value(CurrentSession::SignedIn(info.clone())).unwrap();
        assert_eq!(signed_in[SESSION_TAG], SIGNED_IN);
        // The signed-in body decodes as the session it holds (the tag is an extra field).
        assert_eq!(
            serde_json::from_value::<SessionInfo>(signed_in).unwrap(),
            info
        );
    }
}
