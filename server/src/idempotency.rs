//! Idempotent creation: the first answer to an `Idempotency-Key` is stored per account and
//! replayed to retries with the same body; the same key with another body is refused.

use crate::db::Db;
use crate::problem::{ApiError, ApiResult};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::ErrorCode;
use rusqlite::{Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

const MAX_KEY_LEN: usize = 200;

pub fn key_from(headers: &HeaderMap) -> ApiResult<String> {
    headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= MAX_KEY_LEN)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::IdempotencyKeyRequired,
                "Idempotency-Key header required",
            )
        })
}

/// A fingerprint of the (validated) request body.
pub fn fingerprint(body: &impl Serialize) -> ApiResult<String> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Replays the stored answer for `key`, or runs `create` and stores its answer, all in
/// `transaction` (the caller commits).
pub fn once(
    transaction: &Transaction<'_>,
    account_id: i64,
    key: &str,
    fingerprint: &str,
    create: impl FnOnce(&Transaction<'_>) -> ApiResult<String>,
) -> ApiResult<(u16, String)> {
    let remembered = crate::db::optional(transaction.query_row(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE account_id = ?1 AND key = ?2",
        params![account_id, key],
        |row| Ok((row.get::<_, String>(0)?, row.get::<_, u16>(1)?, row.get::<_, String>(2)?)),
    ))?;
    if let Some((stored, status, body)) = remembered {
        if stored != fingerprint {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "Idempotency-Key reused with another body",
            ));
        }
        return Ok((status, body));
    }
    let body = create(transaction)?;
    transaction.execute(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at) VALUES (?1, ?2, ?3, 201, ?4, ?5)",
        params![account_id, key, fingerprint, body, crate::db::now_rfc3339()],
    )?;
    Ok((201, body))
}

/// Runs `create` at most once per key, in its own transaction, and answers with the stored
/// JSON and status (the first answer, for a retry).
pub async fn respond_once(
    db: &Db,
    account_id: i64,
    key: String,
    fingerprint: String,
    create: impl FnOnce(&Transaction<'_>) -> ApiResult<String> + Send + 'static,
) -> ApiResult<Response> {
    let (status, body) = db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let answer = once(&transaction, account_id, &key, &fingerprint, create)?;
            transaction.commit()?;
            Ok(answer)
        })
        .await?;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}
