//! Sign-in by e-mailed link, sign-out and the current session.

use super::extract::{ApiJson, CurrentUser, SESSION_COOKIE};
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::mail;
use crate::state::AppState;
use crate::store::{self, Tx, accounts, sessions, users};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::api::{SessionInfo, SignInLinkRequest, SignInRequest};
use portal_rules::model::Role;
use portal_rules::{FieldError, email, user};

fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = auth::SESSION_LIFETIME_SECS;
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}")
}

fn cleared_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}")
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

/// Always 202: the answer never reveals whether the address belongs to a user.
pub async fn request_sign_in_link(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInLinkRequest>,
) -> ApiResult<Response> {
    let address = email::normalize(&request.email)
        .map_err(|code| ApiError::Validation(vec![FieldError::new(user::field::EMAIL, code)]))?;
    let public_url = state.config.public_url.clone();
    let locale = request.locale;
    state
        .store
        .run(move |tx| -> store::Result<()> {
            let recipients = users::with_email(tx, &address)?;
            if !auth::allow_sign_in_request(tx, &address)? {
                return Ok(());
            }
            // One mail per account the address belongs to: each link opens that account.
            for recipient in recipients {
                let token =
                    auth::issue_sign_in_token(tx, recipient.id, auth::SIGN_IN_LINK_LIFETIME_SECS)?;
                let link = auth::sign_in_link(&public_url, &token);
                mail::send(
                    tx,
                    &mail::sign_in_link(
                        &recipient.email,
                        &recipient.name,
                        &link,
                        locale.as_deref(),
                    ),
                )?;
            }
            Ok(())
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({}))).into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    let (session, info) = state
        .store
        .run(move |tx| {
            let (session, user) = auth::redeem_sign_in_token(tx, &request.token)?
                .ok_or(ApiError::SignInLinkInvalid)?;
            Ok::<_, ApiError>((session, session_info(tx, user.account_id, user.user_id)?))
        })
        .await?;
    with_cookie(
        Json(info),
        &session_cookie(&session, state.secure_cookies()),
    )
}

pub async fn sign_out(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    state
        .store
        .run(move |tx| sessions::delete(tx, &user.session))
        .await?;
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
