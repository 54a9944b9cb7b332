//! Fixed-window counters for the business rate limits (per address, IP, user, account and
//! global). They live in the database, so they hold across restarts and, later, across
//! replicas. Bucket names are hashed: addresses and IPs are not stored in the clear.

use super::{Result, Tx, args, now_unix, sha256_hex};
use portal_rules::limits::window_start;

/// A limit's current window: how many hits it holds, and the seconds until it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub hits: i64,
    pub ends_in_secs: i64,
}

/// The hits counted for `bucket` in the current window of `window_secs` seconds.
pub fn current(tx: &Tx<'_>, bucket: &str, window_secs: i64) -> Result<Window> {
    let now = now_unix();
    let start = window_start(now, window_secs);
    let hits: Option<i64> = tx
        .query_optional(
            "SELECT hits FROM rate_limits WHERE bucket = ?1 AND window_start = ?2",
            args![sha256_hex(bucket), start],
        )?
        .map(|row| row.get(0))
        .transpose()?;
    Ok(Window {
        hits: hits.unwrap_or(0),
        ends_in_secs: (start + window_secs - now).max(1),
    })
}

/// Counts one hit for `bucket` in the current window.
pub fn hit(tx: &Tx<'_>, bucket: &str, window_secs: i64) -> Result<()> {
    let start = window_start(now_unix(), window_secs);
    tx.execute(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1",
        args![sha256_hex(bucket), start],
    )?;
    Ok(())
}

/// Deletes up to `?2` windows that started before `?1`. Uses an index (checked by a test).
pub(super) const PURGE: &str = "DELETE FROM rate_limits WHERE (bucket, window_start) IN \
     (SELECT bucket, window_start FROM rate_limits WHERE window_start < ?1 LIMIT ?2)";

/// Deletes up to `limit` windows that started more than `age_secs` ago.
pub fn purge(tx: &Tx<'_>, age_secs: i64, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix() - age_secs, limit])
}
