//! Extractors: who is signed in (and whether their role may act), request headers, and
//! JSON/path/query wrappers whose rejections are problem documents.

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::sessions;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use portal_rules::model::Role;

pub const SESSION_COOKIE: &str = "portal_session";

/// A JSON body whose rejections are problem documents instead of axum's plain text.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A path parameter; one that does not parse is a 404 (no such resource).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A query string; one that does not parse is a 400 problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// The signed-in user. Every account-scoped query uses `account_id` from here, never
/// from the request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    /// The session token from the cookie (sign-out ends this session).
    pub session: String,
}

fn session_token(parts: &Parts) -> Option<String> {
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

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = session_token(parts).ok_or(ApiError::Unauthenticated)?;
        let token = session.clone();
        let user = state
            .store
            .run(move |tx| sessions::user(tx, &token))
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Self {
            user_id: user.user_id,
            account_id: user.account_id,
            role: user.role,
            session,
        })
    }
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
        Err(ApiError::Forbidden)
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

/// The version named by a strong `If-Match: "N"`; anything else matches no version.
/// A missing header is 428: writes to versioned resources must say what they replace.
pub struct IfMatch(Option<i64>);

impl IfMatch {
    pub fn matches(&self, version: i64) -> bool {
        self.0 == Some(version)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        Ok(Self(value.to_str().ok().and_then(|text| {
            text.trim()
                .strip_prefix('"')?
                .strip_suffix('"')?
                .parse()
                .ok()
        })))
    }
}

const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

/// The `Idempotency-Key` of a creating request (400 when missing or longer than
/// [`MAX_IDEMPOTENCY_KEY_LEN`]).
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .headers
            .get("idempotency-key")
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|key| !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN)
            .map(|key| Self(key.to_owned()))
            .ok_or(ApiError::IdempotencyKeyRequired)
    }
}
