//! The first answer to each `Idempotency-Key`, per user and endpoint, with a hash of its
//! request. Kept for a day (see [`purge`]).

use super::{Result, Tx, args, now_unix, sha256_hex};

/// What the store knows about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remembered {
    /// Not used yet.
    New,
    /// Used with the same request: the answer to replay.
    Answer { status: u16, body: String },
    /// Used with another request.
    OtherRequest,
}

/// Whose key it is: keys are scoped to the user and the endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    pub account_id: i64,
    pub user_id: i64,
    pub endpoint: &'a str,
}

/// Looks `key` up for `request` (the canonical JSON of the validated request body).
pub fn recall(tx: &Tx<'_>, scope: Scope<'_>, key: &str, request: &str) -> Result<Remembered> {
    let stored = tx
        .query_optional(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys \
             WHERE account_id = ?1 AND user_id = ?2 AND endpoint = ?3 AND key = ?4",
            args![scope.account_id, scope.user_id, scope.endpoint, key],
        )?
        .map(|row| -> Result<(String, u16, String)> { Ok((row.get(0)?, row.get(1)?, row.get(2)?)) })
        .transpose()?;
    Ok(match stored {
        None => Remembered::New,
        Some((hash, status, body)) if hash == sha256_hex(request) => {
            Remembered::Answer { status, body }
        }
        Some(_) => Remembered::OtherRequest,
    })
}

pub fn remember(
    tx: &Tx<'_>,
    scope: Scope<'_>,
    key: &str,
    request: &str,
    status: u16,
    body: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO idempotency_keys \
         (account_id, user_id, endpoint, key, request_hash, response_status, response_body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            scope.account_id,
            scope.user_id,
            scope.endpoint,
            key,
            sha256_hex(request),
            status,
            body,
            now_unix()
        ],
    )?;
    Ok(())
}

/// Deletes up to `?2` stored answers created before `?1`. Uses an index (checked by a
/// test).
pub(super) const PURGE: &str = "DELETE FROM idempotency_keys \
     WHERE (account_id, user_id, endpoint, key) IN (SELECT account_id, user_id, endpoint, key \
     FROM idempotency_keys WHERE created_at < ?1 LIMIT ?2)";

/// Deletes up to `limit` keys older than `age_secs`.
pub fn purge(tx: &Tx<'_>, age_secs: i64, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix() - age_secs, limit])
}
