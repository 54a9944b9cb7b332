//! Sessions opened by redeemed sign-in links; the cookie holds the token, the table its
//! hash. A session ends at its absolute expiry or after being unused for the idle timeout.

use super::{Param, Result, Row, Tx, args, now_unix, sha256_hex};
use portal_rules::model::Role;

/// A session's last use is written at most this often (seconds), not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// Who a live session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    /// False until an address in several accounts picked one (see `account_chosen`).
    pub account_chosen: bool,
}

/// Opens a session of `user_id`; `account_chosen` is false when the address still has to
/// pick one of its accounts.
pub fn insert(
    tx: &Tx<'_>,
    token: &str,
    user_id: i64,
    lifetime_secs: i64,
    account_chosen: bool,
) -> Result<()> {
    let now = now_unix();
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, account_chosen) \
         VALUES (?1, ?2, ?3, ?4, ?3, ?5)",
        args![
            sha256_hex(token),
            user_id,
            now,
            now + lifetime_secs,
            account_chosen
        ],
    )?;
    Ok(())
}

/// Replaces the session `old` by `new`, acting as `user_id` (the same address's user in the
/// chosen account) with its account chosen: a new token, so one planted before the switch
/// is worth nothing after it. The absolute expiry stays the old session's. False when `old`
/// is no session (any more).
pub fn rotate(tx: &Tx<'_>, old: &str, new: &str, user_id: i64) -> Result<bool> {
    let Some(row) = tx.query_optional(
        "SELECT created_at, expires_at FROM sessions WHERE token_hash = ?1",
        args![sha256_hex(old)],
    )?
    else {
        return Ok(false);
    };
    let (created_at, expires_at): (i64, i64) = (row.get(0)?, row.get(1)?);
    delete(tx, old)?;
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, account_chosen) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![sha256_hex(new), user_id, created_at, expires_at, now_unix(), true],
    )?;
    Ok(true)
}

/// The user of a live session (unexpired and used within `idle_secs`), or None. Records
/// the use, so an active session stays alive until its absolute expiry: at most every
/// [`TOUCH_EVERY_SECS`], so most requests only read (one statement, no write).
pub fn user(tx: &Tx<'_>, token: &str, idle_secs: i64) -> Result<Option<SessionUser>> {
    let lookup = Lookup::new(token, idle_secs);
    let Some(row) = tx.query_optional(LIVE, &lookup.args())? else {
        return Ok(None);
    };
    lookup.found(tx, &row, 0).map(Some)
}

/// Finds a live session: the parameters of [`LIVE`] (`?1` to `?3`) for one request.
pub struct Lookup {
    hash: String,
    now: i64,
    idle_secs: i64,
}

/// The user of the live session [`Lookup`] names, and the session's last use: five columns
/// (user id, account id, role, whether the account is chosen, last use). A statement of its
/// own in [`user`]; a derived table in a statement that reads on the session's behalf in
/// the same round trip (`contact_info::load_view_as`).
pub(super) const LIVE: &str = "SELECT u.id, u.account_id, u.role, s.account_chosen, s.last_seen_at \
     FROM sessions s JOIN users u ON u.id = s.user_id \
     WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3";

/// How many columns [`LIVE`] gives.
pub(super) const LIVE_COLUMNS: usize = 5;

impl Lookup {
    pub fn new(token: &str, idle_secs: i64) -> Self {
        Self {
            hash: sha256_hex(token),
            now: now_unix(),
            idle_secs,
        }
    }

    /// The parameters of [`LIVE`].
    pub(super) fn args(&self) -> [Param<'_>; 3] {
        [
            Param::Text(&self.hash),
            Param::Int(self.now),
            Param::Int(self.now - self.idle_secs),
        ]
    }

    /// The session's user from [`LIVE`]'s columns at `first` in `row`, recording the use
    /// when it is due (see [`user`]).
    pub(super) fn found(&self, tx: &Tx<'_>, row: &Row, first: usize) -> Result<SessionUser> {
        let user = user_at(row, first)?;
        let last_seen_at: i64 = row.get(first + 4)?;
        let due = self.now - TOUCH_EVERY_SECS;
        if last_seen_at <= due {
            // The condition again: another request may have recorded the use meanwhile.
            tx.execute(
                "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND last_seen_at <= ?3",
                args![self.hash, self.now, due],
            )?;
        }
        Ok(user)
    }
}

/// Marks the session's account as chosen; false when `token` is no session (any more).
pub fn mark_chosen(tx: &Tx<'_>, token: &str) -> Result<bool> {
    let updated = tx.execute(
        "UPDATE sessions SET account_chosen = ?2 WHERE token_hash = ?1",
        args![sha256_hex(token), true],
    )?;
    Ok(updated == 1)
}

/// The session's user if it is still live, without counting this as activity (a live
/// stream checks its session; an open tab must not keep an idle session alive).
pub fn peek(tx: &Tx<'_>, token: &str, idle_secs: i64) -> Result<Option<SessionUser>> {
    let lookup = Lookup::new(token, idle_secs);
    tx.query_optional(LIVE, &lookup.args())?
        .map(|row| user_at(&row, 0))
        .transpose()
}

/// The user in [`LIVE`]'s first four columns, from `first` in `row`.
fn user_at(row: &Row, first: usize) -> Result<SessionUser> {
    Ok(SessionUser {
        user_id: row.get(first)?,
        account_id: row.get(first + 1)?,
        role: row.parse(first + 2)?,
        account_chosen: row.get(first + 3)?,
    })
}

pub fn delete(tx: &Tx<'_>, token: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        args![sha256_hex(token)],
    )?;
    Ok(())
}

/// Deletes up to `?3` sessions expired at `?1`, and up to `?3` unused since `?2`. Uses an
/// index (checked by a test).
/// (One `IN` over a union, not two `IN`s joined by `OR`, which PostgreSQL answers with a
/// scan of the whole table.)
pub(super) const PURGE: &str = "DELETE FROM sessions WHERE token_hash IN ( \
     SELECT token_hash FROM (SELECT token_hash FROM sessions WHERE expires_at <= ?1 LIMIT ?3) AS expired \
     UNION SELECT token_hash FROM (SELECT token_hash FROM sessions WHERE last_seen_at <= ?2 LIMIT ?3) AS idle)";

/// Deletes up to `limit` sessions that expired or were idle longer than `idle_secs`.
pub fn purge(tx: &Tx<'_>, idle_secs: i64, limit: u32) -> Result<usize> {
    let now = now_unix();
    tx.execute(PURGE, args![now, now - idle_secs, limit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    /// When the session "t" was last used, `ago` seconds before it was read as `user`.
    async fn last_use_after_a_read(ago: i64) -> i64 {
        let store = testing::store(true).await;
        store
            .run(move |tx| -> Result<i64> {
                insert(tx, "t", 1, 3600, true)?;
                let seen = now_unix() - ago;
                tx.execute("UPDATE sessions SET last_seen_at = ?1", args![seen])?;
                assert!(user(tx, "t", 8 * 3600)?.is_some(), "a live session");
                Ok(tx
                    .query_one("SELECT last_seen_at FROM sessions", args![])?
                    .get::<i64>(0)?
                    - seen)
            })
            .await
            .expect("read")
    }

    #[tokio::test]
    async fn a_use_is_recorded_at_most_once_a_minute() {
        // Used 30 s ago: this use is not written (most requests only read).
        assert_eq!(last_use_after_a_read(30).await, 0);
        // Used longer ago: now it is, so an active session stays alive.
        let moved = last_use_after_a_read(TOUCH_EVERY_SECS + 5).await;
        assert!(
            (TOUCH_EVERY_SECS + 5..=TOUCH_EVERY_SECS + 7).contains(&moved),
            "{moved}"
        );
    }
}
