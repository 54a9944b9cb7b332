//! The partner accounts of the signed-in address (one person, several accounts: an agency)
//! and switching the session's account. The session's account stays the only source of
//! every account-scoped answer: switching makes the session act as the address's user in
//! the chosen account (with that user's role).

use super::extract::{ApiJson, CurrentUser, account_cookie_name, session_token};
use super::session::{session_cookie, session_info, with_cookie};
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{Tx, accounts, contact_info, users};
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use portal_rules::api::{AccountMembership, AccountsResponse, Problem, SessionInfo, SwitchAccount};
use portal_rules::contact;
use portal_rules::model::Environment;

/// Whether the account's contact information lacks nothing in any environment it has.
fn contact_info_complete(tx: &Tx<'_>, account_id: i64) -> ApiResult<bool> {
    let account = accounts::get(tx, account_id)?;
    let stored = contact_info::load(tx, account_id)?;
    Ok(Environment::ALL
        .into_iter()
        .filter(|environment| *environment == Environment::Sandbox || account.production_enabled)
        .all(|environment| {
            contact::missing_fields(&stored.contact, environment, account.uses_merchant_contact)
                .is_empty()
        }))
}

fn memberships(tx: &Tx<'_>, user: &CurrentUser) -> ApiResult<Vec<AccountMembership>> {
    users::same_address(tx, user.user_id)?
        .into_iter()
        .map(|member| {
            let account = accounts::get(tx, member.account_id)?;
            Ok(AccountMembership {
                account_id: account.id,
                partner_id: account.partner_id,
                name: account.name,
                role: member.role,
                status: member.status,
                contact_info_complete: contact_info_complete(tx, member.account_id)?,
                current: member.account_id == user.account_id,
            })
        })
        .collect()
}

/// `GET /api/v1/accounts`.
#[utoipa::path(
    get,
    path = "/accounts",
    tag = "accounts",
    responses(
        (status = 200, description = "The partner accounts the signed-in address belongs to (as an active or invited user), by name, with the role in each and whether its contact information is complete; `current` marks the session's", body = AccountsResponse),
    ),
    security(("session" = [])),
)]
pub async fn list_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<AccountsResponse>> {
    let accounts = state.store.run(move |tx| memberships(tx, &user)).await?;
    Ok(Json(AccountsResponse { accounts }))
}

/// `POST /api/v1/session/account`: act in another of the address's accounts. The session
/// gets a new token (the old one ends; the session's own account keeps its token, and is
/// marked chosen); behind an authenticating proxy, a cookie remembers the choice. An account the address does not belong to and one that does not exist
/// answer the same 404.
#[utoipa::path(
    post,
    path = "/session/account",
    tag = "accounts",
    request_body(content = SwitchAccount, example = json!({ "account_id": 6 })),
    responses(
        (status = 200, description = "The session now acts in this account, with the address's role there; for another account a new session cookie replaces the old one (which no longer works)", body = SessionInfo,
            headers(("Set-Cookie" = String, description = "The new session cookie (`HttpOnly; SameSite=Lax`); behind an authenticating proxy, the chosen account's cookie"))),
        (status = 404, description = "`not-found`: the signed-in address has no user in that account (or there is no such account)", body = Problem),
        (status = 400, description = "`bad-request`: the body is no account id", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn switch_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    ApiJson(request): ApiJson<SwitchAccount>,
) -> ApiResult<Response> {
    let token = (!user.proxied)
        .then(|| session_token(&headers, &state))
        .flatten();
    let from = user.account_id;
    let keep_secs = state.config.history_keep_secs();
    let (switched, info) = state
        .store
        .run(move |tx| -> ApiResult<_> {
            let switched = auth::switch_account(
                tx,
                token.as_deref(),
                user.user_id,
                request.account_id,
                keep_secs,
            )?
            .ok_or(ApiError::NotFound)?;
            let info = session_info(tx, switched.user.account_id, switched.user.user_id, true)?;
            Ok((switched, info))
        })
        .await?;
    tracing::info!(
        target: "audit",
        action = "switch-account",
        actor = switched.user.user_id,
        target_user = switched.user.user_id,
        account = switched.user.account_id,
        from_account = from,
        "switched account"
    );
    let secure = state.secure_cookies();
    let cookie = match &switched.session {
        Some(session) => session_cookie(session, secure),
        None => account_cookie(switched.user.account_id, secure),
    };
    with_cookie(Json(info), &cookie)
}

/// The chosen account behind an authenticating proxy (no secret: it only picks among the
/// accounts of the address the proxy names).
fn account_cookie(account_id: i64, secure: bool) -> String {
    let name = account_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    let max_age = auth::SESSION_LIFETIME_SECS;
    format!("{name}={account_id}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}")
}
