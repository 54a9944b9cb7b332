//! Browsers that signed in as an address ("known devices"). A long-lived cookie holds a
//! random token; the table holds its hash and a hash of each address the browser signed in
//! as, so neither tokens nor addresses are stored in the clear.

use super::{Result, Tx, args, now_unix, sha256_hex};

/// A browser keeps at most this many addresses (the most recent).
const MAX_ADDRESSES: i64 = 10;

/// The hash under which an address is kept: of its lower-case form.
fn address_hash(address: &str) -> String {
    sha256_hex(&address.trim().to_lowercase())
}

/// Whether `token` belongs to a browser that signed in before (as anyone), and has not
/// expired.
pub fn exists(tx: &Tx<'_>, token: &str) -> Result<bool> {
    tx.query_one(
        "SELECT EXISTS (SELECT 1 FROM known_devices WHERE token_hash = ?1 AND expires_at > ?2)",
        args![sha256_hex(token), now_unix()],
    )?
    .get(0)
}

/// Whether the browser holding `token` signed in as `address` (and that has not expired).
pub fn knows(tx: &Tx<'_>, token: &str, address: &str) -> Result<bool> {
    tx.query_one(
        "SELECT EXISTS (SELECT 1 FROM known_devices \
         WHERE token_hash = ?1 AND address_hash = ?2 AND expires_at > ?3)",
        args![sha256_hex(token), address_hash(address), now_unix()],
    )?
    .get(0)
}

/// Records that the browser holding `token` signed in as `address`, for `lifetime_secs`
/// from now; the browser's oldest addresses beyond [`MAX_ADDRESSES`] are forgotten.
pub fn remember(tx: &Tx<'_>, token: &str, address: &str, lifetime_secs: i64) -> Result<()> {
    let hash = sha256_hex(token);
    tx.execute(
        "INSERT INTO known_devices (token_hash, address_hash, expires_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (token_hash, address_hash) DO UPDATE SET expires_at = excluded.expires_at",
        args![hash, address_hash(address), now_unix() + lifetime_secs],
    )?;
    tx.execute(
        "DELETE FROM known_devices WHERE token_hash = ?1 AND address_hash NOT IN \
         (SELECT address_hash FROM known_devices WHERE token_hash = ?1 \
          ORDER BY expires_at DESC LIMIT ?2)",
        args![hash, MAX_ADDRESSES],
    )?;
    Ok(())
}

/// Deletes up to `?2` entries expired at `?1`. Uses an index (checked by a test).
pub(super) const PURGE: &str = "DELETE FROM known_devices WHERE (token_hash, address_hash) IN \
     (SELECT token_hash, address_hash FROM known_devices WHERE expires_at <= ?1 LIMIT ?2)";

/// Deletes up to `limit` expired entries.
pub fn purge(tx: &Tx<'_>, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix(), limit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Error;
    use crate::store::testing;

    #[tokio::test]
    async fn a_browser_is_known_for_the_addresses_it_signed_in_as_until_it_expires() {
        let store = testing::store(false).await;
        store
            .run(|tx| -> std::result::Result<(), Error> {
                assert!(!exists(tx, "browser")?);
                remember(tx, "browser", "Anna@Demo.example", 600)?;
                assert!(exists(tx, "browser")?);
                assert!(knows(tx, "browser", "anna@demo.example")?, "any case");
                assert!(!knows(tx, "browser", "emil@demo.example")?);
                assert!(!knows(tx, "other", "anna@demo.example")?);
                // At most ten addresses per browser: the oldest goes.
                for index in 0..10 {
                    remember(tx, "browser", &format!("u{index}@x.example"), 601 + index)?;
                }
                assert!(!knows(tx, "browser", "anna@demo.example")?);
                assert!(knows(tx, "browser", "u0@x.example")?);
                // Nothing in the clear.
                let clear: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM known_devices \
                         WHERE token_hash = 'browser' OR address_hash LIKE '%@%'",
                        args![],
                    )?
                    .get(0)?;
                assert_eq!(clear, 0);
                // Expired entries no longer count, and are purged.
                remember(tx, "old", "anna@demo.example", -1)?;
                assert!(!exists(tx, "old")?);
                assert!(!knows(tx, "old", "anna@demo.example")?);
                assert_eq!(purge(tx, 100)?, 1);
                Ok(())
            })
            .await
            .expect("known devices");
    }
}
