//! The durable mail queue. A mail is queued in the transaction that caused it, so it goes
//! out exactly when that change commits; the worker claims due rows with a lease (several
//! workers never send one row at once), and marks each sent, due again later, or failed.
//! A sent mail's link is scrubbed from the row: only the worker ever needs it.

use super::{Result, Tx, now_rfc3339, now_unix};
use rusqlite::params;
use serde::Serialize;

/// What replaces a sent mail's link in the stored body.
const SCRUBBED: &str = "[link removed after sending]";

/// A mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// What the mail is for (`sign-in-link`, `invitation`, `case-acknowledgement`), for logs.
    pub kind: &'static str,
    pub to: String,
    /// The language it is written in (`de`, `it`, `en`): its `Content-Language`.
    pub language: &'static str,
    pub subject: String,
    pub body: String,
    /// The sign-in link in the body, if any: scrubbed once sent.
    pub link: Option<String>,
    /// After this many seconds the mail is pointless (its link expired) or too late; then
    /// the worker gives up on it.
    pub give_up_after_secs: i64,
}

/// A queued mail claimed by the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    /// Random; the `Message-ID` is built from it, the same on every attempt.
    pub message_token: String,
    /// Attempts before this one.
    pub attempts: i64,
    /// Unix seconds: the message's `Date`.
    pub created_at: i64,
    pub give_up_at: i64,
}

/// A mail as the development outbox page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMail {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub status: String,
    pub created_at: String,
}

/// Queues `mail`; the worker is woken when the transaction commits.
pub fn push(tx: &Tx<'_>, mail: &NewMail) -> Result<i64> {
    let now = now_unix();
    tx.connection.execute(
        "INSERT INTO mail_queue (kind, to_address, language, subject, body, link, message_token, status, \
         next_attempt_at, give_up_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, lower(hex(randomblob(16))), 'pending', ?7, ?8, ?7)",
        params![
            mail.kind,
            mail.to,
            mail.language,
            mail.subject,
            mail.body,
            mail.link,
            now,
            now + mail.give_up_after_secs
        ],
    )?;
    tx.mark_queued();
    Ok(tx.connection.last_insert_rowid())
}

/// Leases up to `limit` due mails for `lease_secs` seconds and returns them, oldest first.
/// A worker that dies while sending leaves its lease to expire; the mail is then due again.
pub fn claim_due(tx: &Tx<'_>, limit: u32, lease_secs: i64) -> Result<Vec<QueuedMail>> {
    let now = now_unix();
    let mut statement = tx.connection.prepare(
        "UPDATE mail_queue SET lease_until = ?2 WHERE id IN ( \
             SELECT id FROM mail_queue WHERE status = 'pending' AND next_attempt_at <= ?1 \
             AND lease_until <= ?1 ORDER BY next_attempt_at, id LIMIT ?3) \
         RETURNING id, kind, to_address, language, subject, body, message_token, attempts, created_at, give_up_at",
    )?;
    let mut mails = statement
        .query_map(params![now, now + lease_secs, limit], |row| {
            Ok(QueuedMail {
                id: row.get(0)?,
                kind: row.get(1)?,
                to: row.get(2)?,
                language: row.get(3)?,
                subject: row.get(4)?,
                body: row.get(5)?,
                message_token: row.get(6)?,
                attempts: row.get(7)?,
                created_at: row.get(8)?,
                give_up_at: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    mails.sort_by_key(|mail| mail.id);
    Ok(mails)
}

/// Gives up the lease on mails not sent after all (the worker is stopping).
pub fn release(tx: &Tx<'_>, ids: &[i64]) -> Result<()> {
    for id in ids {
        tx.connection.execute(
            "UPDATE mail_queue SET lease_until = 0 WHERE id = ?1",
            params![id],
        )?;
    }
    Ok(())
}

/// The mail was handed over. With `scrub`, its link leaves the row (and the body).
pub fn mark_sent(tx: &Tx<'_>, id: i64, scrub: bool) -> Result<()> {
    let now = now_unix();
    tx.connection.execute(
        "UPDATE mail_queue SET status = 'sent', attempts = attempts + 1, finished_at = ?2, \
         lease_until = 0, last_error = NULL WHERE id = ?1",
        params![id, now],
    )?;
    if scrub {
        tx.connection.execute(
            "UPDATE mail_queue SET body = replace(body, link, ?2), link = NULL \
             WHERE id = ?1 AND link IS NOT NULL",
            params![id, SCRUBBED],
        )?;
    }
    Ok(())
}

/// A temporary failure: try again at `next_attempt_at` (Unix seconds).
pub fn retry_at(tx: &Tx<'_>, id: i64, next_attempt_at: i64, error: &str) -> Result<()> {
    tx.connection.execute(
        "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?2, lease_until = 0, \
         last_error = ?3 WHERE id = ?1",
        params![id, next_attempt_at, error],
    )?;
    Ok(())
}

/// The mail will not be sent: a permanent refusal, or it stayed undeliverable too long.
/// Its link is scrubbed, since it will never be needed.
pub fn mark_failed(tx: &Tx<'_>, id: i64, error: &str) -> Result<()> {
    tx.connection.execute(
        "UPDATE mail_queue SET status = 'failed', attempts = attempts + 1, finished_at = ?2, \
         lease_until = 0, last_error = ?3, body = replace(body, coalesce(link, ''), ?4), link = NULL \
         WHERE id = ?1",
        params![id, now_unix(), error, SCRUBBED],
    )?;
    Ok(())
}

/// When the next pending mail is due (Unix seconds), if any.
pub fn next_due(tx: &Tx<'_>) -> Result<Option<i64>> {
    Ok(tx.connection.query_row(
        "SELECT min(max(next_attempt_at, lease_until)) FROM mail_queue WHERE status = 'pending'",
        [],
        |row| row.get(0),
    )?)
}

/// The newest `limit` mails, newest first (the development outbox).
pub fn newest(tx: &Tx<'_>, limit: u32) -> Result<Vec<OutboxMail>> {
    let mut statement = tx.connection.prepare(
        "SELECT id, kind, to_address, subject, body, link, status, created_at FROM mail_queue \
         ORDER BY id DESC LIMIT ?1",
    )?;
    let mails = statement
        .query_map(params![limit], |row| {
            let created: i64 = row.get(7)?;
            Ok(OutboxMail {
                id: row.get(0)?,
                kind: row.get(1)?,
                to: row.get(2)?,
                subject: row.get(3)?,
                body: row.get(4)?,
                link: row.get(5)?,
                status: row.get(6)?,
                created_at: chrono::DateTime::from_timestamp(created, 0)
                    .map_or_else(now_rfc3339, |time| {
                        time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    }),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(mails)
}

/// Deletes up to `limit` mails that finished (sent or failed) more than `age_secs` ago.
/// Returns how many went.
pub fn purge(tx: &Tx<'_>, age_secs: i64, limit: u32) -> Result<usize> {
    Ok(tx.connection.execute(
        "DELETE FROM mail_queue WHERE id IN (SELECT id FROM mail_queue \
         WHERE finished_at IS NOT NULL AND finished_at < ?1 LIMIT ?2)",
        params![now_unix() - age_secs, limit],
    )?)
}
