//! The first answer to each `Idempotency-Key`, per account, with a hash of its request.

use super::{Result, Tx, now_rfc3339, sha256_hex};
use rusqlite::{OptionalExtension, params};

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

/// Looks `key` up for `request` (the canonical JSON of the validated request body).
pub fn recall(tx: &Tx<'_>, account_id: i64, key: &str, request: &str) -> Result<Remembered> {
    let stored = tx
        .connection
        .query_row(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys \
             WHERE account_id = ?1 AND key = ?2",
            params![account_id, key],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u16>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
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
    account_id: i64,
    key: &str,
    request: &str,
    status: u16,
    body: &str,
) -> Result<()> {
    tx.connection.execute(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![account_id, key, sha256_hex(request), status, body, now_rfc3339()],
    )?;
    Ok(())
}
