//! The account's contact information: versioned reads and compare-and-set writes.

use super::AppState;
use super::session::{load_account, load_users};
use crate::auth::{ContactEditor, CurrentUser};
use crate::problem::{ApiError, ApiJson, ApiResult};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_rules::api::{Completeness, ContactInfoResponse, SaveContactInfo};
use portal_rules::contact::{self, ContactInfo, ValidationContext};
use portal_rules::model::Environment;
use rusqlite::{Connection, params};

fn is_known_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

pub fn load_contact_info(
    connection: &Connection,
    account_id: i64,
) -> rusqlite::Result<ContactInfoResponse> {
    let account = load_account(connection, account_id)?;
    let stored = crate::db::optional(connection.query_row(
        "SELECT c.version, c.data, c.updated_at, u.name FROM contact_info c LEFT JOIN users u ON u.id = c.updated_by WHERE c.account_id = ?1",
        params![account_id],
        |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, Option<String>>(3)?)),
    ))?;
    let (version, contact, updated_at, updated_by) = match stored {
        Some((version, data, updated_at, updated_by)) => {
            // Stored data was validated on write; unreadable data is treated as empty so
            // the modal asks for it again instead of failing every request.
            let contact = serde_json::from_str(&data).unwrap_or_else(|error| {
                tracing::error!(account_id, "unreadable contact information: {error}");
                ContactInfo::default()
            });
            (version, contact, Some(updated_at), updated_by)
        }
        None => (0, ContactInfo::default(), None, None),
    };
    let completeness = Completeness {
        sandbox: contact::missing_fields(
            &contact,
            Environment::Sandbox,
            account.uses_merchant_contact,
        ),
        production: contact::missing_fields(
            &contact,
            Environment::Production,
            account.uses_merchant_contact,
        ),
    };
    Ok(ContactInfoResponse {
        version,
        contact,
        completeness,
        updated_at,
        updated_by,
    })
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn with_etag(info: ContactInfoResponse) -> Response {
    let tag = etag(info.version);
    let mut response = Json(info).into_response();
    response.headers_mut().insert(header::ETAG, tag);
    response
}

pub async fn get_contact_info(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Response> {
    let account_id = user.account_id;
    let info = state
        .db
        .call(move |connection| Ok(load_contact_info(connection, account_id)?))
        .await?;
    Ok(with_etag(info))
}

pub async fn put_contact_info(
    State(state): State<AppState>,
    ContactEditor(user): ContactEditor,
    headers: HeaderMap,
    ApiJson(save): ApiJson<SaveContactInfo>,
) -> ApiResult<Response> {
    let expected = super::expected_version(&headers)?;
    let (account_id, user_id) = (user.account_id, user.user_id);
    let saved = state
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let current = load_contact_info(&transaction, account_id)?;
            if expected != Some(current.version) {
                return Err(ApiError::stale(current));
            }
            let account = load_account(&transaction, account_id)?;
            let user_emails: Vec<String> = load_users(&transaction, account_id)?.into_iter().map(|user| user.email).collect();
            let mut submitted = save.contact;
            // Alert contacts can only be specified in Production.
            if save.environment == Environment::Sandbox {
                submitted.alert_contacts = current.contact.alert_contacts.clone();
            }
            let context = ValidationContext {
                environment: save.environment,
                uses_merchant_contact: account.uses_merchant_contact,
                user_emails: &user_emails,
                is_known_time_zone: &is_known_time_zone,
            };
            let valid = contact::validate(&submitted, &context).map_err(ApiError::validation)?;
            let data = serde_json::to_string(&valid).map_err(ApiError::internal)?;
            let now = crate::db::now_rfc3339();
            let changed = if current.version == 0 {
                transaction.execute(
                    "INSERT INTO contact_info (account_id, version, data, updated_at, updated_by) VALUES (?1, 1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![account_id, data, now, user_id],
                )?
            } else {
                transaction.execute(
                    "UPDATE contact_info SET version = version + 1, data = ?2, updated_at = ?3, updated_by = ?4 WHERE account_id = ?1 AND version = ?5",
                    params![account_id, data, now, user_id, current.version],
                )?
            };
            if changed != 1 {
                return Err(ApiError::stale(load_contact_info(&transaction, account_id)?));
            }
            let saved = load_contact_info(&transaction, account_id)?;
            transaction.commit()?;
            Ok(saved)
        })
        .await?;
    Ok(with_etag(saved))
}
