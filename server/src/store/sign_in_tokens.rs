//! Single-use sign-in tokens (only their hashes are stored), and the requests for them
//! that the per-address rate limit counts.

use super::{Result, Tx, now_unix, sha256_hex};
use rusqlite::{OptionalExtension, params};

pub fn insert(tx: &Tx<'_>, token: &str, user_id: i64, lifetime_secs: i64) -> Result<()> {
    let now = now_unix();
    tx.connection.execute(
        "INSERT INTO sign_in_tokens (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![sha256_hex(token), user_id, now, now + lifetime_secs],
    )?;
    Ok(())
}

/// Marks an unused, unexpired token used and returns its user; None otherwise.
pub fn redeem(tx: &Tx<'_>, token: &str) -> Result<Option<i64>> {
    Ok(tx
        .connection
        .query_row(
            "UPDATE sign_in_tokens SET used_at = ?2 \
             WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
            params![sha256_hex(token), now_unix()],
            |row| row.get(0),
        )
        .optional()?)
}

/// How many links were requested for `address` (lower-cased) in the last `window_secs`
/// seconds. Older requests are forgotten on the way.
pub fn requests_within(tx: &Tx<'_>, address: &str, window_secs: i64) -> Result<i64> {
    let window_start = now_unix() - window_secs;
    tx.connection.execute(
        "DELETE FROM sign_in_requests WHERE created_at <= ?1",
        params![window_start],
    )?;
    Ok(tx.connection.query_row(
        "SELECT count(*) FROM sign_in_requests WHERE email = ?1 AND created_at > ?2",
        params![address, window_start],
        |row| row.get(0),
    )?)
}

pub fn record_request(tx: &Tx<'_>, address: &str) -> Result<()> {
    tx.connection.execute(
        "INSERT INTO sign_in_requests (email, created_at) VALUES (?1, ?2)",
        params![address, now_unix()],
    )?;
    Ok(())
}
