//! Single-use sign-in tokens (only their hashes are stored), from sign-in links and
//! invitations.

use super::{Result, Tx, args, now_unix, sha256_hex};

/// Stores `token` for `user_id`, valid for `lifetime_secs`; `language` is the language the
/// link was requested in (it becomes the user's mail language when the link is used).
pub fn insert(
    tx: &Tx<'_>,
    token: &str,
    user_id: i64,
    lifetime_secs: i64,
    language: Option<&str>,
) -> Result<()> {
    let now = now_unix();
    tx.execute(
        "INSERT INTO sign_in_tokens (token_hash, user_id, created_at, expires_at, language) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        args![
            sha256_hex(token),
            user_id,
            now,
            now + lifetime_secs,
            language
        ],
    )?;
    Ok(())
}

/// The user of an unused, unexpired token, without using it.
pub fn peek(tx: &Tx<'_>, token: &str) -> Result<Option<i64>> {
    tx.query_optional(
        "SELECT user_id FROM sign_in_tokens \
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
        args![sha256_hex(token), now_unix()],
    )?
    .map(|row| row.get(0))
    .transpose()
}

/// A redeemed token: its user and the language its link was requested in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    pub user_id: i64,
    pub language: Option<String>,
}

/// Uses an unused, unexpired token (atomically: only one caller can) and, with it, every
/// other link of its user still pending. None when the token is unknown, used or expired.
pub fn redeem(tx: &Tx<'_>, token: &str) -> Result<Option<Redeemed>> {
    let redeemed = tx
        .query_optional(
            "DELETE FROM sign_in_tokens \
             WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id, language",
            args![sha256_hex(token), now_unix()],
        )?
        .map(|row| -> Result<Redeemed> {
            Ok(Redeemed {
                user_id: row.get(0)?,
                language: row.get(1)?,
            })
        })
        .transpose()?;
    if let Some(redeemed) = &redeemed {
        tx.execute(
            "DELETE FROM sign_in_tokens WHERE user_id = ?1",
            args![redeemed.user_id],
        )?;
    }
    Ok(redeemed)
}

/// Deletes up to `?2` tokens expired at `?1` (a used token is deleted when it is used).
/// Uses an index (checked by a test).
pub(super) const PURGE: &str = "DELETE FROM sign_in_tokens WHERE token_hash IN (SELECT token_hash FROM sign_in_tokens \
     WHERE expires_at <= ?1 LIMIT ?2)";

/// Deletes up to `limit` expired tokens.
pub fn purge(tx: &Tx<'_>, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix(), limit])
}
