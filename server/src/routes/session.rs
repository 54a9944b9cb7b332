//! Sign-in, sign-out and the current session.

use super::AppState;
use crate::auth::{self, CurrentUser};
use crate::mail;
use crate::problem::{ApiError, ApiJson, ApiResult};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::api::{SessionInfo, SignInLinkRequest, SignInRequest};
use portal_rules::model::{Account, IntegrationType, Role, User, UserStatus};
use portal_rules::{ErrorCode, FieldError, email};
use rusqlite::{Connection, Row, params};

pub const USER_COLUMNS: &str = "id, name, email, role, status, last_sign_in_at, version";

pub fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get(3)?;
    let status: String = row.get(4)?;
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::ReadOnly),
        status: if status == "active" {
            UserStatus::Active
        } else {
            UserStatus::Invited
        },
        last_sign_in_at: row.get(5)?,
        version: row.get(6)?,
    })
}

pub fn load_account(connection: &Connection, account_id: i64) -> rusqlite::Result<Account> {
    connection.query_row(
        "SELECT a.id, a.partner_id, a.name, a.integration, a.production_enabled, t.uses_merchant_contact \
         FROM accounts a JOIN integration_types t ON t.code = a.integration WHERE a.id = ?1",
        params![account_id],
        |row| {
            let integration: String = row.get(3)?;
            Ok(Account {
                id: row.get(0)?,
                partner_id: row.get(1)?,
                name: row.get(2)?,
                integration: IntegrationType::parse(&integration).unwrap_or(IntegrationType::ThingsToDo),
                production_enabled: row.get(4)?,
                uses_merchant_contact: row.get(5)?,
            })
        },
    )
}

pub fn load_users(connection: &Connection, account_id: i64) -> rusqlite::Result<Vec<User>> {
    let mut statement = connection.prepare(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE account_id = ?1 ORDER BY name COLLATE NOCASE, id"
    ))?;
    statement
        .query_map(params![account_id], user_from_row)?
        .collect()
}

pub fn load_session_info(connection: &Connection, user_id: i64) -> rusqlite::Result<SessionInfo> {
    let (user, account_id) = connection.query_row(
        &format!("SELECT {USER_COLUMNS}, account_id FROM users WHERE id = ?1"),
        params![user_id],
        |row| Ok((user_from_row(row)?, row.get::<_, i64>(7)?)),
    )?;
    let account = load_account(connection, account_id)?;
    let administrators = load_users(connection, account_id)?
        .into_iter()
        .filter(|user| user.role == Role::Administrator)
        .map(|user| user.name)
        .collect();
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
        .map_err(|code| ApiError::validation(vec![FieldError::new("email", code)]))?;
    let public_url = state.config.public_url.trim_end_matches('/').to_owned();
    let locale = request.locale;
    state
        .db
        .call(move |connection| {
            let mut statement = connection
                .prepare("SELECT id, name, email FROM users WHERE lower(email) = lower(?1)")?;
            let users: Vec<(i64, String, String)> = statement
                .query_map(params![address], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            if !auth::allow_sign_in_request(connection, &address)? {
                return Ok(());
            }
            // One mail per account the address belongs to: each link opens that account.
            for (user_id, name, to) in users {
                let token = auth::issue_sign_in_token(
                    connection,
                    user_id,
                    auth::SIGN_IN_LINK_LIFETIME_SECS,
                )?;
                let link = format!("{public_url}/sign-in/callback?token={token}");
                mail::send(
                    connection,
                    &mail::sign_in_link(&to, &name, &link, locale.as_deref()),
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
    let token = request.token;
    let signed_in = state
        .db
        .call(move |connection| {
            let Some((user_id, session)) = auth::redeem_sign_in_token(connection, &token)? else {
                return Ok(None);
            };
            Ok(Some((load_session_info(connection, user_id)?, session)))
        })
        .await?;
    let (info, session) = signed_in.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::SignInLinkInvalid,
            "Sign-in link invalid, used or expired",
        )
    })?;
    let mut response = Json(info).into_response();
    let cookie = HeaderValue::from_str(&auth::session_cookie(&session, state.secure_cookies()))
        .map_err(ApiError::internal)?;
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

pub async fn sign_out(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    let token_hash = user.token_hash;
    state
        .db
        .call(move |connection| {
            Ok(connection.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                params![token_hash],
            )?)
        })
        .await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&auth::cleared_cookie(state.secure_cookies()))
            .map_err(ApiError::internal)?,
    );
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

pub async fn current_session(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionInfo>> {
    let user_id = user.user_id;
    Ok(Json(
        state
            .db
            .call(move |connection| Ok(load_session_info(connection, user_id)?))
            .await?,
    ))
}
