//! The account's contact information: versioned reads and compare-and-set writes.

use super::extract::{ApiJson, ContactEditor, IfMatch, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::contact_info::{self, StoredContactInfo};
use crate::store::{Tx, accounts, history, users};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use portal_rules::api::{Completeness, ContactInfoResponse, Problem, SaveContactInfo};
use portal_rules::contact::{self, ValidationContext};
use portal_rules::history::{ChangeKind, contact_changes, review_due};
use portal_rules::model::Environment;

fn is_known_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

use crate::verification::rfc3339;

/// The stored contact information with what each environment still misses, and whether
/// editors should review it (`reconfirm_after_days` after its last confirmation).
/// The current contact information, if `if_match` names its version; else 412 with it.
fn load_if_match(
    tx: &Tx<'_>,
    account_id: i64,
    reconfirm_after_days: u32,
    if_match: &IfMatch,
) -> ApiResult<ContactInfoResponse> {
    let current = load(tx, account_id, reconfirm_after_days)?;
    if if_match.matches(current.version) {
        Ok(current)
    } else {
        Err(ApiError::StaleContactInfo(Box::new(current)))
    }
}

/// 412 with the version another request stored between our read and our write.
fn stale<T>(tx: &Tx<'_>, account_id: i64, reconfirm_after_days: u32) -> ApiResult<T> {
    Err(ApiError::StaleContactInfo(Box::new(load(
        tx,
        account_id,
        reconfirm_after_days,
    )?)))
}

fn load(tx: &Tx<'_>, account_id: i64, reconfirm_after_days: u32) -> ApiResult<ContactInfoResponse> {
    Ok(respond(
        contact_info::load_view(tx, account_id)?,
        reconfirm_after_days,
    ))
}

/// The answer to a read of the contact information.
fn respond(view: contact_info::View, reconfirm_after_days: u32) -> ContactInfoResponse {
    let contact_info::View {
        uses_merchant_contact,
        stored:
            StoredContactInfo {
                version,
                contact,
                updated_at,
                updated_by,
                confirmed_at,
            },
        verifications,
    } = view;
    let completeness = Completeness {
        sandbox: contact::missing_fields(&contact, Environment::Sandbox, uses_merchant_contact),
        production: contact::missing_fields(
            &contact,
            Environment::Production,
            uses_merchant_contact,
        ),
    };
    let verifications = crate::verification::statuses_of(&contact, &verifications);
    ContactInfoResponse {
        verifications,
        version,
        contact,
        completeness,
        updated_at,
        updated_by,
        confirmed_at: confirmed_at.map(rfc3339),
        // Nothing saved yet: nothing to review (the blocking modal asks for it).
        review_due: version > 0
            && review_due(
                confirmed_at,
                chrono::Utc::now().timestamp(),
                reconfirm_after_days,
            ),
    }
}

fn with_etag(info: ContactInfoResponse) -> Response {
    let tag = format!("\"{}\"", info.version);
    ([(header::ETAG, tag)], Json(info)).into_response()
}

#[utoipa::path(
    get,
    path = "/contact-info",
    tag = "contact information",
    responses(
        (status = 200, description = "The account's contact information, what each environment still misses, and each address's verification", body = ContactInfoResponse,
            headers(("ETag" = String, description = "The version, a strong tag such as `\"3\"`: send it back as `If-Match`"))),
    ),
    security(("session" = [])),
)]
pub async fn get_contact_info(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> ApiResult<Response> {
    let reconfirm_after_days = state.config.reconfirm_after_days;
    let info = state
        .store
        .read(move |tx| {
            let view = signed_in.contact_view(tx)?;
            Ok::<_, ApiError>(respond(view, reconfirm_after_days))
        })
        .await?;
    Ok(with_etag(info))
}

#[utoipa::path(
    put,
    path = "/contact-info",
    tag = "contact information",
    params(
        ("If-Match" = String, Header, example = "\"0\"", pattern = r#"^"[0-9]+"$"#,
            description = "The `ETag` of the version this save replaces (`\"N\"`); any other value (`*` too) matches no version: 412"),
    ),
    request_body(content = SaveContactInfo, example = json!({
        "environment": "sandbox",
        "contact": {
            "technical_emergency": ["oncall@alpenblick.example"],
            "technical_non_emergency": ["it@alpenblick.example"],
            "merchant_issues": ["shop@alpenblick.example"],
            "operational_google": ["ops@alpenblick.example"],
            "operational_public": ["info@alpenblick.example"],
            "support_hours": { "always_open": false, "rows": [{
                "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "start": "08:00", "end": "18:00", "time_zone": "Europe/Zurich"
            }] }
        }
    })),
    responses(
        (status = 200, description = "Saved: the new version. Each address new to the lists is mailed a verification link (pending); removed addresses lose their verification", body = ContactInfoResponse,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "`forbidden`: Read-only users cannot edit (or a cross-site request)", body = Problem),
        (status = 412, description = "`precondition-failed`: not the current version; `current` holds it", body = Problem),
        (status = 422, description = "`validation-failed`: `errors` names each field and its code", body = Problem),
        (status = 428, description = "`precondition-required`: no `If-Match`", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn put_contact_info(
    State(state): State<AppState>,
    ContactEditor(user): ContactEditor,
    if_match: IfMatch,
    ApiJson(save): ApiJson<SaveContactInfo>,
) -> ApiResult<Response> {
    let (account_id, user_id) = (user.account_id, user.user_id);
    let history_keep_secs = state.config.history_keep_secs();
    let days = state.config.reconfirm_after_days;
    let (public_url, link_secs) = (
        state.config.public_url().to_owned(),
        state.config.verification_link_secs(),
    );
    let saved = state
        .store
        .run(move |tx| {
            let current = load_if_match(tx, account_id, days, &if_match)?;
            let account = accounts::get(tx, account_id)?;
            // No Production saves (and so no alert contacts) before Production is enabled.
            contact::check_environment(save.environment, account.production_enabled)
                .map_err(|error| ApiError::Validation(vec![error]))?;
            let user_emails: Vec<String> = users::list(tx, account_id)?
                .into_iter()
                .map(|user| user.email)
                .collect();
            let mut submitted = save.contact.clone();
            // Alert contacts can only be specified in Production.
            if save.environment == Environment::Sandbox {
                submitted
                    .alert_contacts
                    .clone_from(&current.contact.alert_contacts);
            }
            let context = ValidationContext {
                environment: save.environment,
                uses_merchant_contact: account.uses_merchant_contact,
                user_emails: &user_emails,
                is_known_time_zone: &is_known_time_zone,
            };
            let valid = contact::validate(&submitted, &context).map_err(ApiError::Validation)?;
            let saved =
                contact_info::save_if_version(tx, account_id, current.version, &valid, user_id)?;
            if !saved {
                return stale(tx, account_id, days);
            }
            // In the same transaction: no change without its history entry (none for a
            // save that changed nothing).
            history::record_by_user(
                tx,
                account_id,
                user_id,
                ChangeKind::ContactInfoUpdated,
                None,
                &contact_changes(&current.contact, &valid),
                history_keep_secs,
            )?;
            // Each address new to the lists gets a verification link; removed ones lose
            // theirs. The save never waits for them.
            crate::verification::Sender {
                public_url: &public_url,
                lifetime_secs: link_secs,
                user_id,
            }
            .after_save(tx, account_id, &valid)?;
            load(tx, account_id, days)
        })
        .await?;
    tracing::info!(
        target: "audit",
        action = "contact-info-changed",
        actor = user.user_id,
        account = user.account_id,
        version = saved.version,
        "contact information changed"
    );
    Ok(with_etag(saved))
}

/// Records that an editor checked the contact information and found it still correct.
#[utoipa::path(
    post,
    path = "/contact-info/confirmation",
    tag = "contact information",
    params(
        ("If-Match" = String, Header, example = "\"1\"", pattern = r#"^"[0-9]+"$"#,
            description = "The `ETag` of the version the user saw and confirms (`\"N\"`); any other value (`*` too) matches no version: 412"),
    ),
    responses(
        (status = 200, description = "Confirmed as still correct: `confirmed_at` is now, `review_due` false. \
            The data is unchanged, but the version goes up (a new `ETag`), as the answer changed", body = ContactInfoResponse,
            headers(("ETag" = String, description = "The new version"))),
        (status = 403, description = "`forbidden`: Read-only users cannot confirm (or a cross-site request)", body = Problem),
        (status = 409, description = "`conflict`: nothing to confirm: no contact information is stored, or it misses required fields (the form, not a confirmation, is what it needs)", body = Problem),
        (status = 412, description = "`precondition-failed`: not the current version; `current` holds it", body = Problem),
        (status = 428, description = "`precondition-required`: no `If-Match`", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn confirm_contact_info(
    State(state): State<AppState>,
    ContactEditor(user): ContactEditor,
    if_match: IfMatch,
) -> ApiResult<Response> {
    let (account_id, user_id) = (user.account_id, user.user_id);
    let history_keep_secs = state.config.history_keep_secs();
    let days = state.config.reconfirm_after_days;
    let confirmed = state
        .store
        .run(move |tx| {
            let current = load_if_match(tx, account_id, days, &if_match)?;
            if current.version == 0 || !current.completeness.is_complete(Environment::Sandbox) {
                return Err(ApiError::ContactInfoIncomplete);
            }
            if !contact_info::confirm_if_version(tx, account_id, current.version)? {
                return stale(tx, account_id, days);
            }
            history::record_by_user(
                tx,
                account_id,
                user_id,
                ChangeKind::ContactInfoConfirmed,
                None,
                &[],
                history_keep_secs,
            )?;
            load(tx, account_id, days)
        })
        .await?;
    tracing::info!(
        target: "audit",
        action = "contact-info-confirmed",
        actor = user.user_id,
        account = user.account_id,
        version = confirmed.version,
        "contact information confirmed as still correct"
    );
    Ok(with_etag(confirmed))
}
