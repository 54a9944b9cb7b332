//! Sign-in by e-mailed link (request, preview, redeem), sign-out and the current session.

use super::extract::{ApiJson, ClientIp, CurrentUser, session_cookie_name, session_token};
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
use portal_rules::api::{SessionInfo, SignInLinkPreview, SignInLinkRequest, SignInRequest};
use portal_rules::model::Role;
use portal_rules::{FieldError, email, user};

fn session_cookie(token: &str, secure: bool) -> String {
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

fn with_cookie(response: impl IntoResponse, cookie: &str) -> ApiResult<Response> {
    let cookie = HeaderValue::from_str(cookie).map_err(ApiError::internal)?;
    Ok(([(header::SET_COOKIE, cookie)], response).into_response())
}

fn session_info(tx: &Tx<'_>, account_id: i64, user_id: i64) -> ApiResult<SessionInfo> {
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
    Ok(SessionInfo {
        user,
        account,
        administrators,
    })
}

fn rate_limited(retry_after: Option<std::time::Duration>) -> ApiResult<()> {
    retry_after.map_or(Ok(()), |retry_after| {
        Err(ApiError::RateLimited { retry_after })
    })
}

/// Always 202 (unless rate-limited): the answer never reveals whether the address belongs
/// to a user. The request only records the address; the worker mails the links, so known
/// and unknown addresses take the same time.
pub async fn request_sign_in_link(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(request): ApiJson<SignInLinkRequest>,
) -> ApiResult<Response> {
    let address = email::normalize(&request.email)
        .map_err(|code| ApiError::Validation(vec![FieldError::new(user::field::EMAIL, code)]))?
        .to_lowercase();
    let language = Language::from_locale(request.locale.as_deref());
    let source = ip.source_key();
    let limits = state.limits;
    state
        .store
        .run(move |tx| -> ApiResult<()> {
            rate_limited(limits.take(
                tx,
                &[
                    (limits::SIGN_IN_PER_SOURCE, &source),
                    (limits::SIGN_IN_GLOBAL, ""),
                ],
            )?)?;
            if limits.allow_link_mail(tx, &address, &source)? {
                link_requests::push(tx, &address, language.as_str())?;
            } else {
                tracing::info!("sign-in link limit reached for an address; no mail sent");
            }
            Ok(())
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({}))).into_response())
}

/// Counts a preview or redemption against the caller's source.
fn limit_redeem(state: &AppState, tx: &Tx<'_>, source: &str) -> ApiResult<()> {
    rate_limited(
        state
            .limits
            .take(tx, &[(limits::REDEEM_PER_SOURCE, source)])?,
    )
}

/// Whom the link signs in as, without using it (400 `sign-in-link-invalid` when unknown,
/// used or expired).
pub async fn preview_sign_in_link(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Json<SignInLinkPreview>> {
    let source = ip.source_key();
    let limiter = state.clone();
    // The transaction commits whether or not the link is valid, so that a wrong guess is
    // counted too: the refusal is made after the commit.
    let preview = state
        .store
        .run(move |tx| -> ApiResult<_> {
            limit_redeem(&limiter, tx, &source)?;
            Ok(auth::preview_sign_in_token(tx, &request.token)?)
        })
        .await?
        .ok_or(ApiError::SignInLinkInvalid)?;
    Ok(Json(SignInLinkPreview {
        user_name: preview.user_name,
        account_name: preview.account_name,
    }))
}

/// Uses the link: opens a session (ending the one this browser had) and sets its cookie.
pub async fn sign_in(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    let previous = session_token(&headers, &state);
    let source = ip.source_key();
    let limiter = state.clone();
    // As for the preview: an invalid link commits its count before it is refused.
    let (session, info) = state
        .store
        .run(move |tx| -> ApiResult<_> {
            limit_redeem(&limiter, tx, &source)?;
            let Some((session, user)) =
                auth::redeem_sign_in_token(tx, &request.token, previous.as_deref())?
            else {
                return Ok(None);
            };
            Ok(Some((
                session,
                session_info(tx, user.account_id, user.user_id)?,
            )))
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
    with_cookie(
        Json(info),
        &session_cookie(&session, state.secure_cookies()),
    )
}

/// Ends the session, if there is one, and always clears the cookie.
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

pub async fn current_session(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionInfo>> {
    let info = state
        .store
        .run(move |tx| session_info(tx, user.account_id, user.user_id))
        .await?;
    Ok(Json(info))
}
