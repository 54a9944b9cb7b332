//! The account's users: list (any role); invite, change role, remove (Administrators,
//! their own role and themselves included while another active administrator remains).

use super::extract::{ApiJson, ApiPath, CurrentUser, IdempotencyKey, IfMatch, UserManager};
use super::idempotency::create_once;
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::limits::{self, Limits};
use crate::mail::{self, Language};
use crate::state::AppState;
use crate::store::{Tx, accounts, contact_info, history, users};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use portal_rules::api::{ChangeRole, NewUser, Problem, UsersResponse};
use portal_rules::history::{Change, ChangeKind, Person, contact_changes};
use portal_rules::model::{Role, User};
use portal_rules::user::{check_keeps_an_administrator, validate_new_user};

#[utoipa::path(
    get,
    path = "/users",
    tag = "users",
    responses(
        (status = 200, description = "The account's users", body = UsersResponse),
    ),
    security(("session" = [])),
)]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<UsersResponse>> {
    let users = state
        .store
        .run(move |tx| users::list(tx, user.account_id))
        .await?;
    Ok(Json(UsersResponse { users }))
}

/// A user of the caller's account, or 404 (never revealing other accounts' users).
fn member(tx: &Tx<'_>, account_id: i64, user_id: i64) -> ApiResult<User> {
    users::member(tx, account_id, user_id)?.ok_or(ApiError::NotFound)
}

/// The shared last-administrator rule (`portal_rules::user`): the administrator role is
/// taken from `target` (a role change or a removal, their own included) only while another
/// active administrator remains.
fn keep_an_administrator(tx: &Tx<'_>, account_id: i64, target: &User) -> ApiResult<()> {
    // A count that does not fit (it cannot be negative) counts as none: refused.
    let active = usize::try_from(users::active_administrator_count(tx, account_id)?).unwrap_or(0);
    check_keeps_an_administrator(target, active).map_err(|_| ApiError::LastAdministrator)
}

/// Records a change to the users of `actor`'s account in its history.
fn record(
    tx: &Tx<'_>,
    actor: &CurrentUser,
    kind: ChangeKind,
    subject: &User,
    changes: &[Change],
    keep_secs: Option<i64>,
) -> ApiResult<()> {
    history::record_by_user(
        tx,
        actor.account_id,
        actor.user_id,
        kind,
        Some(&Person {
            name: subject.name.clone(),
            email: subject.email.clone(),
        }),
        changes,
        keep_secs,
    )?;
    Ok(())
}

fn invite(
    tx: &Tx<'_>,
    limits: Limits,
    inviter: &CurrentUser,
    new_user: &NewUser,
    public_url: &str,
    history_keep_secs: Option<i64>,
) -> ApiResult<User> {
    let account_id = inviter.account_id;
    if users::email_taken(tx, account_id, &new_user.email)? {
        return Err(ApiError::AlreadyAUser);
    }
    let retry_after = limits.take(
        tx,
        &[
            (limits::INVITATIONS_PER_USER, &inviter.user_id.to_string()),
            (limits::INVITATIONS_PER_ACCOUNT, &account_id.to_string()),
        ],
    )?;
    if let Some(retry_after) = retry_after {
        return Err(ApiError::RateLimited { retry_after });
    }
    let language = Language::from_locale(new_user.locale.as_deref());
    let user_id = users::insert_invited(tx, account_id, new_user)?;
    let token =
        auth::issue_sign_in_token(tx, user_id, auth::INVITATION_LIFETIME_SECS, Some(language))?;
    let inviter_name = member(tx, account_id, inviter.user_id)?.name;
    let account_name = accounts::get(tx, account_id)?.name;
    mail::queue(
        tx,
        mail::invitation(
            &new_user.email,
            &new_user.name,
            &inviter_name,
            &account_name,
            &auth::sign_in_link(public_url, &token),
            language,
        ),
        mail::MAIL_LIFETIME_SECS,
    )?;
    let added = member(tx, account_id, user_id)?;
    let role = Change::Role {
        old: None,
        new: Some(added.role),
    };
    record(
        tx,
        inviter,
        ChangeKind::UserInvited,
        &added,
        &[role],
        history_keep_secs,
    )?;
    Ok(added)
}

/// Invites a colleague: creates an invited user and mails a sign-in link. Idempotent.
#[utoipa::path(
    post,
    path = "/users",
    tag = "users",
    params(
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "Names this invitation (1–200 visible ASCII characters): a retry with the same key and body gets the first answer"),
    ),
    request_body(content = NewUser, example = json!({
        "name": "Nina Keller", "email": "nina.keller@alpenblick.example", "role": "editor", "locale": "de"
    })),
    responses(
        (status = 201, description = "Invited (or, for a retry, the first answer)", body = User,
            links(
                ("ChangeRole" = (operation_id = "change_role", parameters(("id" = "$response.body#/id")))),
                ("Remove" = (operation_id = "delete_user", parameters(("id" = "$response.body#/id")))),
            )),
        (status = 400, description = "`idempotency-key-required` (missing or too long), or `bad-request`", body = Problem),
        (status = 403, description = "`forbidden`: only Administrators invite (or a cross-site request)", body = Problem),
        (status = 409, description = "`already-a-user`: the address is already a user of this account", body = Problem),
        (status = 422, description = "`validation-failed` (`errors`), or `idempotency-key-reused` with another body", body = Problem),
        (status = 429, description = "`rate-limited`: too many invitations by this user or account", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn create_user(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<NewUser>,
) -> ApiResult<Response> {
    let new_user = validate_new_user(&request).map_err(ApiError::Validation)?;
    let public_url = state.config.public_url().to_owned();
    let limits = state.limits;
    let history_keep_secs = state.config.history_keep_secs();
    let (actor, account_id) = (user.user_id, user.account_id);
    let (response, invited) = create_once(
        &state.store,
        (user.account_id, user.user_id, "users"),
        key,
        new_user,
        move |tx, new_user| invite(tx, limits, &user, new_user, &public_url, history_keep_secs),
    )
    .await?;
    // Logged once the invitation committed (not for a replayed answer).
    if let Some(invited) = invited {
        tracing::info!(
            target: "audit",
            action = "user-invited",
            actor,
            target_user = invited.id,
            account = account_id,
            role = invited.role.as_str(),
            "user invited"
        );
    }
    Ok(response)
}

#[utoipa::path(
    patch,
    path = "/users/{id}",
    tag = "users",
    params(
        ("id" = i64, Path, description = "The user's id"),
        ("If-Match" = String, Header, example = "\"0\"", pattern = r#"^"[0-9]+"$"#,
            description = "The user's `version` as a strong tag (`\"N\"`); any other value (`*` too) matches no version: 412"),
    ),
    request_body(content = ChangeRole, example = json!({ "role": "read_only" })),
    responses(
        (status = 200, description = "The user with the new role", body = User),
        (status = 403, description = "`forbidden`: only Administrators change roles (or a cross-site request)", body = Problem),
        (status = 404, description = "`not-found`: no such user in this account", body = Problem),
        (status = 409, description = "`last-administrator`: the account's last active administrator keeps the role", body = Problem),
        (status = 412, description = "`precondition-failed`: the user changed meanwhile", body = Problem),
        (status = 428, description = "`precondition-required`: no `If-Match`", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn change_role(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    ApiPath(target_id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<ChangeRole>,
) -> ApiResult<Json<User>> {
    let account_id = user.account_id;
    let history_keep_secs = state.config.history_keep_secs();
    let actor = user.clone();
    let updated = state
        .store
        .run(move |tx| {
            let target = member(tx, account_id, target_id)?;
            if !if_match.matches(target.version) {
                return Err(ApiError::StaleUser);
            }
            if request.role != Role::Administrator {
                keep_an_administrator(tx, account_id, &target)?;
            }
            users::set_role(tx, account_id, target_id, request.role)?;
            if request.role != target.role {
                let role = Change::Role {
                    old: Some(target.role),
                    new: Some(request.role),
                };
                record(
                    tx,
                    &actor,
                    ChangeKind::RoleChanged,
                    &target,
                    &[role],
                    history_keep_secs,
                )?;
            }
            member(tx, account_id, target_id)
        })
        .await?;
    tracing::info!(
        target: "audit",
        action = if target_id == user.user_id && updated.role != Role::Administrator {
            "stepped-down"
        } else {
            "role-changed"
        },
        actor = user.user_id,
        target_user = target_id,
        account = account_id,
        role = updated.role.as_str(),
        "role changed"
    );
    Ok(Json(updated))
}

/// Takes `address` out of the alert contacts, if there, as a new version of the contact
/// information saved by `removed_by`; returns what that changed (for the history).
fn leave_alert_contacts(
    tx: &Tx<'_>,
    account_id: i64,
    address: &str,
    removed_by: i64,
) -> ApiResult<Vec<Change>> {
    let current = contact_info::load(tx, account_id)?;
    let mut contact = current.contact.clone();
    let before = contact.alert_contacts.len();
    contact
        .alert_contacts
        .retain(|alert| !alert.eq_ignore_ascii_case(address));
    if contact.alert_contacts.len() == before {
        return Ok(Vec::new());
    }
    // The caller's transaction holds the only connection, so the version is still current.
    if contact_info::save_if_version(tx, account_id, current.version, &contact, removed_by)? {
        Ok(contact_changes(&current.contact, &contact))
    } else {
        Err(ApiError::internal(
            "contact information changed during a user's removal",
        ))
    }
}

/// Removes a user; if they were an alert contact, they leave the alert contacts in the
/// same transaction (which can make the contact information incomplete for Production).
#[utoipa::path(
    delete,
    path = "/users/{id}",
    tag = "users",
    params(
        ("id" = i64, Path, description = "The user's id"),
    ),
    responses(
        (status = 204, description = "Removed (and taken out of the alert contacts)"),
        (status = 403, description = "`forbidden`: only Administrators remove users (or a cross-site request)", body = Problem),
        (status = 404, description = "`not-found`: no such user in this account", body = Problem),
        (status = 409, description = "`last-administrator`: the account's last active administrator stays", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn delete_user(
    State(state): State<AppState>,
    UserManager(user): UserManager,
    ApiPath(target_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let (account_id, actor) = (user.account_id, user.user_id);
    let history_keep_secs = state.config.history_keep_secs();
    let remover = user.clone();
    state
        .store
        .run(move |tx| -> ApiResult<()> {
            let target = member(tx, account_id, target_id)?;
            keep_an_administrator(tx, account_id, &target)?;
            let mut changes = vec![Change::Role {
                old: Some(target.role),
                new: None,
            }];
            changes.extend(leave_alert_contacts(tx, account_id, &target.email, actor)?);
            // Recorded before the removal: someone removing themselves is still there to name.
            record(
                tx,
                &remover,
                ChangeKind::UserRemoved,
                &target,
                &changes,
                history_keep_secs,
            )?;
            users::delete(tx, account_id, target_id)?;
            Ok(())
        })
        .await?;
    tracing::info!(
        target: "audit",
        // An administrator removing themselves leaves the account; their sessions went
        // with them.
        action = if target_id == actor { "left-account" } else { "user-removed" },
        actor,
        target_user = target_id,
        account = account_id,
        "user removed"
    );
    Ok(StatusCode::NO_CONTENT)
}
