//! Sessions opened by redeemed sign-in links; the cookie holds the token, the table its hash.

use super::{Result, Tx, now_unix, parse_column, sha256_hex};
use portal_rules::model::Role;
use rusqlite::{OptionalExtension, params};

/// Who a live session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
}

pub fn insert(tx: &Tx<'_>, token: &str, user_id: i64, lifetime_secs: i64) -> Result<()> {
    let now = now_unix();
    tx.connection.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![sha256_hex(token), user_id, now, now + lifetime_secs],
    )?;
    Ok(())
}

/// The user of an unexpired session, or None.
pub fn user(tx: &Tx<'_>, token: &str) -> Result<Option<SessionUser>> {
    Ok(tx
        .connection
        .query_row(
            "SELECT u.id, u.account_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            params![sha256_hex(token), now_unix()],
            |row| {
                Ok(SessionUser {
                    user_id: row.get(0)?,
                    account_id: row.get(1)?,
                    role: parse_column(row, 2)?,
                })
            },
        )
        .optional()?)
}

pub fn delete(tx: &Tx<'_>, token: &str) -> Result<()> {
    tx.connection.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        params![sha256_hex(token)],
    )?;
    Ok(())
}

pub fn delete_expired(tx: &Tx<'_>) -> Result<()> {
    tx.connection.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        params![now_unix()],
    )?;
    Ok(())
}
