//! The account's users: list (any role); invite, change role, remove (Administrators).

use super::AppState;
use super::contact_info::load_contact_info;
use super::session::{USER_COLUMNS, load_users, user_from_row};
use crate::auth::{self, CurrentUser, UserManager};
use crate::idempotency;
use crate::mail;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiResult};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::ErrorCode;
use portal_rules::api::{ChangeRole, NewUser, UsersResponse};
use portal_rules::user::validate_new_user;
use portal_rules::model::{Role, User};
use rusqlite::{Connection, Transaction, params};

/// At most this many invitations per account per hour.
const MAX_INVITATIONS_PER_HOUR: i64 = 20;
const HOUR_SECS: i64 = 60 * 60;

pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<UsersResponse>> {
    let account_id = user.account_id;
    let users = state
        .db
        .call(move |connection| Ok(load_users(connection, account_id)?))
        .await?;
    Ok(Json(UsersResponse { users }))
}

/// A user of the caller's account, or 404 (never revealing other accounts' users).
fn load_member(connection: &Connection, account_id: i64, user_id: i64) -> ApiResult<User> {
    crate::db::optional(connection.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND account_id = ?2"),
        params![user_id, account_id],
        user_from_row,
    ))?
    .ok_or_else(ApiError::not_found)
}

fn administrator_count(connection: &Connection, account_id: i64) -> rusqlite::Result<i64> {
    connection.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND role = 'administrator'",
        params![account_id],
        |row| row.get(0),
    )
}

fn last_administrator() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::LastAdministrator,
        "The last administrator must stay",
    )
}

fn invite(
    transaction: &Transaction<'_>,
    inviter: &CurrentUser,
    new_user: &NewUser,
    public_url: &str,
) -> ApiResult<String> {
    let exists: i64 = transaction.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND lower(email) = lower(?2)",
        params![inviter.account_id, new_user.email],
        |row| row.get(0),
    )?;
    if exists > 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyAUser,
            "Already a user of this account",
        ));
    }
    let now = crate::db::now_unix();
    let recent: i64 = transaction.query_row(
        "SELECT count(*) FROM invitations WHERE account_id = ?1 AND created_at > ?2",
        params![inviter.account_id, now - HOUR_SECS],
        |row| row.get(0),
    )?;
    if recent >= MAX_INVITATIONS_PER_HOUR {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Too many invitations",
        ));
    }
    transaction.execute(
        "INSERT INTO users (account_id, name, email, role, status, created_at) VALUES (?1, ?2, ?3, ?4, 'invited', ?5)",
        params![inviter.account_id, new_user.name, new_user.email, new_user.role.as_str(), crate::db::now_rfc3339()],
    )?;
    let user_id = transaction.last_insert_rowid();
    transaction.execute(
        "INSERT INTO invitations (account_id, user_id, created_at) VALUES (?1, ?2, ?3)",
        params![inviter.account_id, user_id, now],
    )?;
    let token = auth::issue_sign_in_token(transaction, user_id, auth::INVITATION_LIFETIME_SECS)?;
    let (inviter_name, account_name): (String, String) = transaction.query_row(
        "SELECT u.name, a.name FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.id = ?1",
        params![inviter.user_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let link = format!(
        "{}/sign-in/callback?token={token}",
        public_url.trim_end_matches('/')
    );
    mail::send(
        transaction,
        &mail::invitation(
            &new_user.email,
            &new_user.name,
            &inviter_name,
            &account_name,
            &link,
            new_user.locale.as_deref(),
        ),
    )?;
    let created = load_member(transaction, inviter.account_id, user_id)?;
    serde_json::to_string(&created).map_err(ApiError::internal)
}

/// Invites a colleague: creates an invited user and mails a sign-in link. Idempotent.
pub async fn create_user(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    headers: HeaderMap,
    ApiJson(request): ApiJson<NewUser>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let new_user = validate_new_user(&request).map_err(ApiError::validation)?;
    let fingerprint = idempotency::fingerprint(&new_user)?;
    let public_url = state.config.public_url.clone();
    let account_id = user.account_id;
    let result = idempotency::respond_once(
        &state.db,
        account_id,
        key,
        fingerprint,
        move |transaction| invite(transaction, &user, &new_user, &public_url),
    )
    .await;
    match result {
        Err(ApiError(problem)) if problem.code == ErrorCode::RateLimited => {
            let mut response = ApiError(problem).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(HOUR_SECS));
            Ok(response)
        }
        other => other,
    }
}

pub async fn change_role(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    ApiPath(target_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ChangeRole>,
) -> ApiResult<Json<User>> {
    let expected = super::expected_version(&headers)?;
    let account_id = user.account_id;
    let updated = state
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let target = load_member(&transaction, account_id, target_id)?;
            if expected != Some(target.version) {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    ErrorCode::PreconditionFailed,
                    "User changed meanwhile",
                ));
            }
            if target.role == Role::Administrator
                && request.role != Role::Administrator
                && administrator_count(&transaction, account_id)? <= 1
            {
                return Err(last_administrator());
            }
            transaction.execute(
                "UPDATE users SET role = ?2, version = version + 1 WHERE id = ?1",
                params![target_id, request.role.as_str()],
            )?;
            let updated = load_member(&transaction, account_id, target_id)?;
            transaction.commit()?;
            Ok(updated)
        })
        .await?;
    Ok(Json(updated))
}

/// Removes a user; if they were an alert contact, they leave the alert contacts in the
/// same transaction (which can make the contact information incomplete for Production).
pub async fn delete_user(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    ApiPath(target_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let account_id = user.account_id;
    state
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let target = load_member(&transaction, account_id, target_id)?;
            if target.role == Role::Administrator && administrator_count(&transaction, account_id)? <= 1 {
                return Err(last_administrator());
            }
            let current = load_contact_info(&transaction, account_id)?;
            if current.contact.alert_contacts.iter().any(|address| address.eq_ignore_ascii_case(&target.email)) {
                let mut contact = current.contact;
                contact.alert_contacts.retain(|address| !address.eq_ignore_ascii_case(&target.email));
                let data = serde_json::to_string(&contact).map_err(ApiError::internal)?;
                transaction.execute(
                    "UPDATE contact_info SET data = ?2, version = version + 1, updated_at = ?3, updated_by = ?4 WHERE account_id = ?1",
                    params![account_id, data, crate::db::now_rfc3339(), user.user_id],
                )?;
            }
            transaction.execute("DELETE FROM users WHERE id = ?1", params![target_id])?;
            transaction.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
