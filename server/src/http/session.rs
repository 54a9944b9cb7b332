//! Sign-in by e-mailed link (request, preview, redeem), sign-out and the current session.

use super::extract::{
    ApiJson, ClientIp, MaybeUser, device_cookie_name, device_token, session_cookie_name,
    session_token,
};
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::limits;
use crate::mail::Language;
use crate::state::AppState;
use crate::store::{self, Tx, accounts, link_requests, sessions, users};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::api::{
    CurrentSession, Problem, SessionInfo, SignInLinkPreview, SignInLinkRequest, SignInRequest,
};
use portal_rules::model::Role;
use portal_rules::{FieldError, email, user};

pub(super) fn session_cookie(token: &str, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    let max_age = auth::SESSION_LIFETIME_SECS;
    format!("{name}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}")
}

fn cleared_cookie(secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}")
}

/// The known-device cookie: only ever sent back to this origin's own requests (`Strict`),
/// never readable by script.
fn device_cookie(token: &str, secure: bool) -> String {
    let name = device_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    let max_age = auth::KNOWN_DEVICE_LIFETIME_SECS;
    format!("{name}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}")
}

pub(super) fn with_cookie(response: impl IntoResponse, cookie: &str) -> ApiResult<Response> {
    with_cookies(response, &[cookie])
}

fn with_cookies(response: impl IntoResponse, cookies: &[&str]) -> ApiResult<Response> {
    let mut response = response.into_response();
    for cookie in cookies {
        let value = HeaderValue::from_str(cookie).map_err(ApiError::internal)?;
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Who is signed in: `user_id` of `account_id`, with how many accounts the address has and
/// whether this one was chosen.
pub(super) fn session_info(
    tx: &Tx<'_>,
    account_id: i64,
    user_id: i64,
    account_chosen: bool,
) -> ApiResult<SessionInfo> {
    let account = accounts::get(tx, account_id)?;
    let members = users::list(tx, account_id)?;
    let administrators = members
        .iter()
        .filter(|member| member.role == Role::Administrator)
        .map(|member| member.name.clone())
        .collect();
    let user = members
        .into_iter()
        .find(|member| member.id == user_id)
        .ok_or(ApiError::Unauthenticated)?;
    let account_count =
        u32::try_from(users::account_count(tx, user_id)?.max(1)).map_err(ApiError::internal)?;
    Ok(SessionInfo {
        user,
        account,
        administrators,
        account_count,
        account_chosen,
    })
}

pub(super) fn rate_limited(retry_after: Option<std::time::Duration>) -> ApiResult<()> {
    retry_after.map_or(Ok(()), |retry_after| {
        Err(ApiError::RateLimited { retry_after })
    })
}

/// Always 202 (unless the source asked too often): the answer never reveals whether the
/// address belongs to a user, nor whether a mail goes out. The request only records the
/// address; the worker mails the links, so known and unknown addresses take the same time.
/// Past the address's limit (or, in the worker, the overall one) no mail goes out; a
/// browser that signed in as the address before has its own budget (see
/// `Limits::allow_link_mail`).
#[utoipa::path(
    post,
    path = "/auth/sign-in-link",
    tag = "sign-in",
    request_body(content = SignInLinkRequest, example = json!({ "email": "anna@partner.example", "locale": "de" })),
    responses(
        (status = 202, description = "Accepted; a link is mailed if the address belongs to a user and its limit allows (the answer never says which)", body = Object),
        (status = 422, description = "`validation-failed`: the address is no valid e-mail address (field `email`)", body = Problem),
        (status = 429, description = "`rate-limited`: too many link requests from this source (or its network)", body = Problem),
    ),
)]
pub async fn request_sign_in_link(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInLinkRequest>,
) -> ApiResult<Response> {
    let address = email::normalize(&request.email)
        .map_err(|code| ApiError::Validation(vec![FieldError::new(user::field::EMAIL, code)]))?
        .to_lowercase();
    let language = Language::from_locale(request.locale.as_deref());
    let (source, network) = (ip.source_key(), ip.network_key());
    let device = device_token(&headers, &state);
    let limits = state.limits;
    let queued = state
        .store
        .run(move |tx| -> ApiResult<bool> {
            let mut tiers = vec![(limits::SIGN_IN_PER_SOURCE, source.as_str())];
            if let Some(network) = &network {
                tiers.push((limits::SIGN_IN_PER_NETWORK, network.as_str()));
            }
            rate_limited(limits.take(tx, &tiers)?)?;
            let known_device = match &device {
                Some(device) if auth::is_known_device(tx, device, &address)? => {
                    Some(device.as_str())
                }
                _ => None,
            };
            let allowed = limits.allow_link_mail(tx, &address, known_device)?;
            if allowed {
                link_requests::push(tx, &address, language.as_str(), known_device.is_some())?;
            }
            Ok(allowed)
        })
        .await?;
    // Logged once the transaction committed (it may run more than once on PostgreSQL).
    if !queued {
        tracing::info!("sign-in link limit reached for an address; no mail sent");
    }
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({}))).into_response())
}

/// Counts a preview or redemption against the caller's source (and IPv6 /48).
fn limit_redeem(state: &AppState, tx: &Tx<'_>, ip: ClientIp) -> ApiResult<()> {
    let (source, network) = (ip.source_key(), ip.network_key());
    let mut tiers = vec![(limits::REDEEM_PER_SOURCE, source.as_str())];
    if let Some(network) = &network {
        tiers.push((limits::REDEEM_PER_NETWORK, network.as_str()));
    }
    rate_limited(state.limits.take(tx, &tiers)?)
}

/// Whom the link signs in as, without using it (400 `sign-in-link-invalid` when unknown,
/// used or expired).
#[utoipa::path(
    post,
    path = "/auth/sign-in-link/preview",
    tag = "sign-in",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Whom the link would sign in as; the link stays unused", body = SignInLinkPreview),
        (status = 400, description = "`sign-in-link-invalid` (unknown, used or expired), or `bad-request`", body = Problem),
        (status = 429, description = "`rate-limited`: too many attempts from this source", body = Problem),
    ),
)]
pub async fn preview_sign_in_link(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Json<SignInLinkPreview>> {
    let limiter = state.clone();
    // The transaction commits whether or not the link is valid, so that a wrong guess is
    // counted too: the refusal is made after the commit.
    let preview = state
        .store
        .run(move |tx| -> ApiResult<_> {
            limit_redeem(&limiter, tx, ip)?;
            Ok(auth::preview_sign_in_token(tx, &request.token)?)
        })
        .await?
        .ok_or(ApiError::SignInLinkInvalid)?;
    Ok(Json(preview))
}

/// Uses the link: opens a session (ending the one this browser had) and sets its cookie,
/// and the known-device cookie that marks this browser as one that signed in as the
/// user's address.
#[utoipa::path(
    post,
    path = "/auth/session",
    tag = "sign-in",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in: the session cookie and the known-browser cookie are set", body = SessionInfo,
            headers(("Set-Cookie" = String, description = "The session cookie (`HttpOnly; SameSite=Lax`) and the known-browser cookie (`HttpOnly; SameSite=Strict`)"))),
        (status = 400, description = "`sign-in-link-invalid` (unknown, used or expired), or `bad-request`", body = Problem),
        (status = 429, description = "`rate-limited`: too many attempts from this source", body = Problem),
    ),
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    let previous = session_token(&headers, &state);
    let device = device_token(&headers, &state);
    let limiter = state.clone();
    let keep_secs = state.config.history_keep_secs();
    // As for the preview: an invalid link commits its count before it is refused.
    let (session, device, info) = state
        .store
        .run(move |tx| -> ApiResult<_> {
            limit_redeem(&limiter, tx, ip)?;
            let Some((session, user)) =
                auth::redeem_sign_in_token(tx, &request.token, previous.as_deref(), keep_secs)?
            else {
                return Ok(None);
            };
            let info = session_info(tx, user.account_id, user.user_id, user.account_chosen)?;
            let device = auth::remember_device(tx, device.as_deref(), &info.user.email)?;
            Ok(Some((session, device, info)))
        })
        .await?
        .ok_or(ApiError::SignInLinkInvalid)?;
    tracing::info!(
        target: "audit",
        action = "sign-in",
        actor = info.user.id,
        target_user = info.user.id,
        account = info.account.id,
        "signed in"
    );
    let secure = state.secure_cookies();
    with_cookies(
        Json(info),
        &[
            &session_cookie(&session, secure),
            &device_cookie(&device, secure),
        ],
    )
}

/// Ends the session, if there is one, and always clears the cookie.
#[utoipa::path(
    delete,
    path = "/auth/session",
    tag = "sign-in",
    responses(
        (status = 204, description = "Signed out (also when nobody was): the session cookie is cleared",
            headers(("Set-Cookie" = String, description = "The session cookie, expired"))),
    ),
)]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = session_token(&headers, &state) {
        let user = state
            .store
            .run(move |tx| -> store::Result<_> {
                let user = sessions::user(tx, &token, auth::SESSION_IDLE_SECS)?;
                sessions::delete(tx, &token)?;
                Ok(user)
            })
            .await?;
        if let Some(user) = user {
            tracing::info!(
                target: "audit",
                action = "sign-out",
                actor = user.user_id,
                target_user = user.user_id,
                account = user.account_id,
                "signed out"
            );
        }
    }
    with_cookie(
        StatusCode::NO_CONTENT,
        &cleared_cookie(state.secure_cookies()),
    )
}

/// Who is signed in, or 200 `signed_out` when nobody is (see [`CurrentSession`]): the SPA
/// asks on every first visit, and browsers log a 401 as an error. A wrong identity from the
/// authenticating proxy is still a 401.
#[utoipa::path(
    get,
    path = "/session",
    tag = "sign-in",
    responses(
        (status = 200, description = "Who is signed in (`status: signed_in`), or `status: signed_out`", body = CurrentSession),
        (status = 401, description = "`unauthenticated`: the authenticating proxy named nobody's address", body = Problem),
    ),
    security((), ("session" = [])),
)]
pub async fn current_session(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> ApiResult<Json<CurrentSession>> {
    let Some(user) = user else {
        return Ok(Json(CurrentSession::SignedOut));
    };
    let info = state
        .store
        .run(move |tx| session_info(tx, user.account_id, user.user_id, user.account_chosen))
        .await?;
    Ok(Json(CurrentSession::SignedIn(info)))
}
