//! Idempotent creation: the first answer to an `Idempotency-Key` is stored per user and
//! endpoint and replayed to retries with the same body; the same key with another body is
//! refused.

use super::extract::IdempotencyKey;
use crate::error::{ApiError, ApiResult};
use crate::store::idempotency::{self, Remembered, Scope};
use crate::store::{Store, Tx};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Runs `create` at most once per key, user and endpoint, in one transaction with
/// remembering its answer, and answers 201 with the created resource (the first one, for a
/// retry). `request` is the validated body: what makes two requests the same, and what
/// `create` gets. Also returns what `create` made when it ran (None for a replayed
/// answer), once the transaction committed: audit events are logged from it, so none is
/// logged for a change that rolled back.
pub async fn create_once<R, T>(
    store: &Store,
    (account_id, user_id, endpoint): (i64, i64, &'static str),
    IdempotencyKey(key): IdempotencyKey,
    request: R,
    mut create: impl FnMut(&Tx<'_>, &R) -> ApiResult<T> + Send + 'static,
) -> ApiResult<(Response, Option<T>)>
where
    R: Serialize + Send + 'static,
    T: Serialize + Send + 'static,
{
    let json = serde_json::to_string(&request).map_err(ApiError::internal)?;
    let scope = move || Scope {
        account_id,
        user_id,
        endpoint,
    };
    let (status, body, created) = store
        .run(
            move |tx| match idempotency::recall(tx, scope(), &key, &json)? {
                Remembered::Answer { status, body } => Ok((status, body, None)),
                Remembered::OtherRequest => Err(ApiError::IdempotencyKeyReused),
                Remembered::New => {
                    let created = create(tx, &request)?;
                    let body = serde_json::to_string(&created).map_err(ApiError::internal)?;
                    let status = StatusCode::CREATED.as_u16();
                    idempotency::remember(tx, scope(), &key, &json, status, &body)?;
                    Ok((status, body, Some(created)))
                }
            },
        )
        .await?;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    let response = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    Ok((response, created))
}
