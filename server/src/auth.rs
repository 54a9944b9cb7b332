//! Sign-in by e-mailed link, session cookies, and the `CurrentUser` extractor.

use crate::problem::ApiError;
use crate::routes::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use portal_rules::model::Role;
use rand::RngCore;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "portal_session";
pub const SIGN_IN_LINK_LIFETIME_SECS: i64 = 15 * 60;
pub const SESSION_LIFETIME_SECS: i64 = 14 * 24 * 60 * 60;
/// At most this many link requests per address in one link lifetime.
pub const MAX_LINKS_PER_WINDOW: i64 = 5;
/// Invitation links stay valid longer: colleagues may not read mail at once.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// A fresh random token (256 bits, URL-safe).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Only hashes are stored, so a database leak does not leak usable tokens.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={SESSION_LIFETIME_SECS}{secure}"
    )
}

pub fn cleared_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}")
}

pub fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The signed-in user. Every account-scoped query uses `account_id` from here, never
/// from the request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    pub token_hash: String,
}

/// A signed-in user whose role may edit the contact information (403 otherwise).
/// As an extractor it runs before the body is read, so the role is checked first.
pub struct ContactEditor(pub CurrentUser);

/// A signed-in user whose role may manage the account's users (403 otherwise).
pub struct UserManager(pub CurrentUser);

async fn with_role(
    parts: &mut Parts,
    state: &AppState,
    allowed: fn(Role) -> bool,
) -> Result<CurrentUser, ApiError> {
    let user = CurrentUser::from_request_parts(parts, state).await?;
    if allowed(user.role) {
        Ok(user)
    } else {
        Err(ApiError::forbidden())
    }
}

impl FromRequestParts<AppState> for ContactEditor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        with_role(parts, state, Role::can_edit_contact_info)
            .await
            .map(Self)
    }
}

impl FromRequestParts<AppState> for UserManager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        with_role(parts, state, Role::can_manage_users)
            .await
            .map(Self)
    }
}

fn load_current_user(
    connection: &Connection,
    token_hash: &str,
) -> rusqlite::Result<Option<CurrentUser>> {
    let row = crate::db::optional(connection.query_row(
        "SELECT u.id, u.account_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        params![token_hash, crate::db::now_unix()],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    ))?;
    Ok(row.and_then(|(user_id, account_id, role)| {
        Role::parse(&role).map(|role| CurrentUser {
            user_id,
            account_id,
            role,
            token_hash: token_hash.to_owned(),
        })
    }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(parts).ok_or_else(ApiError::unauthenticated)?;
        let token_hash = hash_token(&token);
        state
            .db
            .call(move |connection| Ok(load_current_user(connection, &token_hash)?))
            .await?
            .ok_or_else(ApiError::unauthenticated)
    }
}

/// Records a sign-in link request for `address` and says whether links may be sent:
/// at most [`MAX_LINKS_PER_WINDOW`] requests per address per link lifetime, so nobody can
/// flood an inbox. Unknown addresses are counted too, so the answer reveals nothing.
pub fn allow_sign_in_request(connection: &Connection, address: &str) -> rusqlite::Result<bool> {
    let now = crate::db::now_unix();
    let window_start = now - SIGN_IN_LINK_LIFETIME_SECS;
    let address = address.to_lowercase();
    connection.execute(
        "DELETE FROM sign_in_requests WHERE created_at <= ?1",
        params![window_start],
    )?;
    let recent: i64 = connection.query_row(
        "SELECT count(*) FROM sign_in_requests WHERE email = ?1 AND created_at > ?2",
        params![address, window_start],
        |row| row.get(0),
    )?;
    if recent >= MAX_LINKS_PER_WINDOW {
        tracing::warn!("sign-in link rate limit reached for an address; no mail sent");
        return Ok(false);
    }
    connection.execute(
        "INSERT INTO sign_in_requests (email, created_at) VALUES (?1, ?2)",
        params![address, now],
    )?;
    Ok(true)
}

/// Creates a single-use sign-in token for `user_id`; only its hash is stored.
pub fn issue_sign_in_token(
    connection: &Connection,
    user_id: i64,
    lifetime_secs: i64,
) -> rusqlite::Result<String> {
    let now = crate::db::now_unix();
    let token = new_token();
    connection.execute(
        "INSERT INTO sign_in_tokens (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash_token(&token), user_id, now, now + lifetime_secs],
    )?;
    Ok(token)
}

/// Consumes a sign-in token (single use) and opens a session. Returns the user id and the
/// session token, or None when the token is unknown, used or expired.
pub fn redeem_sign_in_token(
    connection: &mut Connection,
    token: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    let now = crate::db::now_unix();
    let transaction = connection.transaction()?;
    let user_id = crate::db::optional(transaction.query_row(
        "UPDATE sign_in_tokens SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
        params![hash_token(token), now],
        |row| row.get::<_, i64>(0),
    ))?;
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    let session = new_token();
    transaction.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash_token(&session), user_id, now, now + SESSION_LIFETIME_SECS],
    )?;
    transaction.execute(
        "UPDATE users SET status = 'active', last_sign_in_at = ?2 WHERE id = ?1",
        params![user_id, crate::db::now_rfc3339()],
    )?;
    transaction.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![now])?;
    transaction.commit()?;
    Ok(Some((user_id, session)))
}
