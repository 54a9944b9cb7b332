//! Verification of the contact addresses: per account and address (lower-cased) a status,
//! and for a pending one the hash of its single-use link's token, when the link was sent
//! and when it expires. See `crate::verification` for the rules around it.

use super::{Result, Row, Tx, args, now_unix, sha256_hex};
use portal_rules::verification::VerificationStatus;

/// One address's verification as stored; a pending link past `expires_at` reads as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub address: String,
    pub status: VerificationStatus,
    pub sent_at: i64,
    pub verified_at: Option<i64>,
}

fn effective(status: &str, expires_at: i64, now: i64) -> VerificationStatus {
    match VerificationStatus::parse(status) {
        Some(VerificationStatus::Pending) if expires_at <= now => VerificationStatus::Failed,
        Some(status) => status,
        None => VerificationStatus::Failed,
    }
}

/// Every address of the account with a verification.
pub fn list(tx: &Tx<'_>, account_id: i64) -> Result<Vec<Stored>> {
    let now = now_unix();
    tx.query(
        "SELECT address, status, expires_at, sent_at, verified_at FROM contact_verifications \
         WHERE account_id = ?1 ORDER BY address",
        args![account_id],
    )?
    .iter()
    .filter_map(|row| stored_at(row, 0, now).transpose())
    .collect()
}

/// The verification in the five columns from `first` (`address`, `status`, `expires_at`,
/// `sent_at`, `verified_at`) as it stands at `now`; None when the address is NULL (a row of
/// an outer join without one).
pub(super) fn stored_at(row: &Row, first: usize, now: i64) -> Result<Option<Stored>> {
    let Some(address) = row.get::<Option<String>>(first)? else {
        return Ok(None);
    };
    let status: String = row.get(first + 1)?;
    Ok(Some(Stored {
        address,
        status: effective(&status, row.get(first + 2)?, now),
        sent_at: row.get(first + 3)?,
        verified_at: row.get(first + 4)?,
    }))
}

/// Drops the verifications of addresses no longer in `addresses` (lower-cased) and returns
/// those of `addresses` that have none yet.
pub fn sync(tx: &Tx<'_>, account_id: i64, addresses: &[String]) -> Result<Vec<String>> {
    let known = list(tx, account_id)?;
    for stale in known.iter().filter(|row| !addresses.contains(&row.address)) {
        tx.execute(
            "DELETE FROM contact_verifications WHERE account_id = ?1 AND address = ?2",
            args![account_id, stale.address],
        )?;
    }
    Ok(addresses
        .iter()
        .filter(|address| !known.iter().any(|row| &row.address == *address))
        .cloned()
        .collect())
}

/// Records a freshly mailed link (`token`, in mail `mail_id`) for `address`: pending again,
/// whatever it was, until `lifetime_secs` from now. Any older link to it stops working.
pub fn start(
    tx: &Tx<'_>,
    account_id: i64,
    address: &str,
    token: &str,
    lifetime_secs: i64,
    mail_id: i64,
) -> Result<()> {
    let now = now_unix();
    tx.execute(
        "INSERT INTO contact_verifications \
         (account_id, address, status, token_hash, sent_at, expires_at, verified_at, mail_id) \
         VALUES (?1, ?2, 'pending', ?3, ?4, ?5, NULL, ?6) \
         ON CONFLICT (account_id, address) DO UPDATE SET status = 'pending', \
         token_hash = excluded.token_hash, sent_at = excluded.sent_at, \
         expires_at = excluded.expires_at, verified_at = NULL, mail_id = excluded.mail_id",
        args![
            account_id,
            address,
            sha256_hex(token),
            now,
            now + lifetime_secs,
            mail_id
        ],
    )?;
    Ok(())
}

/// Uses a pending, unexpired link (atomically: only one caller can). Returns its account,
/// address and the time of verification; None when the token is unknown, used or expired.
pub fn redeem(tx: &Tx<'_>, token: &str) -> Result<Option<(i64, String, i64)>> {
    let now = now_unix();
    tx.query_optional(
        "UPDATE contact_verifications SET status = 'verified', verified_at = ?2, \
         token_hash = NULL, mail_id = NULL \
         WHERE token_hash = ?1 AND status = 'pending' AND expires_at > ?2 \
         RETURNING account_id, address",
        args![sha256_hex(token), now],
    )?
    .map(|row| Ok((row.get(0)?, row.get(1)?, now)))
    .transpose()
}

/// The verification mail `mail_id` was refused for good: its address is failed (if its
/// link is still the pending one: a verified address stays verified).
pub(super) fn fail_for_mail(tx: &Tx<'_>, mail_id: i64) -> Result<usize> {
    tx.execute(
        "UPDATE contact_verifications SET status = 'failed', token_hash = NULL \
         WHERE mail_id = ?1 AND status = 'pending'",
        args![mail_id],
    )
}

/// As [`fail_for_mail`] for every verification mail the queue gave up on.
pub(super) fn fail_for_failed_mails(tx: &Tx<'_>) -> Result<usize> {
    tx.execute(
        "UPDATE contact_verifications SET status = 'failed', token_hash = NULL \
         WHERE status = 'pending' AND mail_id IN (SELECT id FROM mail_queue \
         WHERE status = 'failed' AND kind = 'contact-verification')",
        args![],
    )
}
