//! The durable mail queue. A mail is queued in the transaction that caused it, so it goes
//! out once that change commits; a worker claims one due row at a time with a lease in its
//! own name (several workers never send one row at once), and marks it sent, due again
//! later, or failed, each only while it still holds the lease. A sent mail's link is
//! scrubbed from the row: only the worker ever needs it.

use super::{Backend, Result, Tx, args, now_rfc3339, now_unix, random_hex};
use serde::Serialize;

/// What replaces a sent mail's link in the stored body.
const SCRUBBED: &str = "[link removed after sending]";

/// A mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// What the mail is for (`sign-in-link`, `invitation`, `case-acknowledgement`,
    /// `contact-verification`), for logs.
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
    let id = tx
        .query_one(
            "INSERT INTO mail_queue (kind, to_address, language, subject, body, link, message_token, status, \
             next_attempt_at, give_up_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, 'pending', ?7, ?8, ?7) RETURNING id",
            args![
                mail.kind,
                mail.to,
                mail.language,
                mail.subject,
                mail.body,
                mail.link,
                now,
                now + mail.give_up_after_secs,
                random_hex()
            ],
        )?
        .get(0)?;
    tx.mark_queued();
    Ok(id)
}

/// Marks pending mails past their give-up time failed, without sending them, and scrubs
/// their links; mails a worker is sending right now (leased) are left to it. Returns how
/// many gave up. The worker calls it in the transaction that claims the next mail.
pub fn give_up_overdue(tx: &Tx<'_>) -> Result<usize> {
    let gave_up = tx.execute(
        "UPDATE mail_queue SET status = 'failed', finished_at = ?1, lease_until = 0, \
         lease_owner = NULL, last_error = coalesce(last_error || '; ', '') || ?2, \
         body = replace(body, coalesce(link, ''), ?3), link = NULL \
         WHERE status = 'pending' AND give_up_at <= ?1 AND lease_until <= ?1",
        args![now_unix(), "not sent before its give-up time", SCRUBBED],
    )?;
    if gave_up > 0 {
        // A verification link that never went out cannot be used: its address failed.
        super::contact_verifications::fail_for_failed_mails(tx)?;
    }
    Ok(gave_up)
}

/// Leases the oldest due mail to `owner` (a worker's random id) for `lease_secs` seconds
/// and returns it; never one past its give-up time (see [`give_up_overdue`]). One at a time: a lease only has to outlast one SMTP conversation. A
/// worker that dies while sending leaves its lease to expire; the mail is then due again
/// (so delivery is at least once: a mail the relay took just before the crash goes out
/// twice, with the same Message-ID).
///
/// Workers of several servers claim concurrently: on SQLite the write lock serializes
/// them; on PostgreSQL the candidate row is locked `FOR UPDATE SKIP LOCKED`, so a second
/// worker passes over a mail being claimed and takes the next one, instead of waiting for
/// it and then failing to serialize.
pub fn claim_next(tx: &Tx<'_>, owner: &str, lease_secs: i64) -> Result<Option<QueuedMail>> {
    let now = now_unix();
    let lock = match tx.backend() {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    tx.query_optional(
        &format!(
            "UPDATE mail_queue SET lease_until = ?2, lease_owner = ?3 WHERE id = ( \
                 SELECT id FROM mail_queue WHERE status = 'pending' AND next_attempt_at <= ?1 \
                 AND lease_until <= ?1 AND give_up_at > ?1 ORDER BY next_attempt_at, id LIMIT 1{lock}) \
             RETURNING id, kind, to_address, language, subject, body, message_token, attempts, \
             created_at, give_up_at"
        ),
        args![now, now + lease_secs, owner],
    )?
    .map(|row| {
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
    })
    .transpose()
}

/// The condition of every change to a claimed mail: it is still pending and `owner` still
/// holds its lease. A worker whose lease ran out (and whose mail another worker claimed)
/// changes nothing.
const HELD: &str = "id = ?1 AND lease_owner = ?2 AND status = 'pending'";

/// Gives up the lease on a mail not sent after all (the worker is stopping). False when
/// `owner` no longer held it.
pub fn release(tx: &Tx<'_>, id: i64, owner: &str) -> Result<bool> {
    Ok(tx.execute(
        &format!("UPDATE mail_queue SET lease_until = 0, lease_owner = NULL WHERE {HELD}"),
        args![id, owner],
    )? > 0)
}

/// The mail was handed over. With `scrub`, its link leaves the row (and the body). False
/// when `owner` no longer held the lease.
pub fn mark_sent(tx: &Tx<'_>, id: i64, owner: &str, scrub: bool) -> Result<bool> {
    Ok(tx.execute(
        &format!(
            "UPDATE mail_queue SET status = 'sent', attempts = attempts + 1, finished_at = ?3, \
             body = CASE WHEN ?4 THEN replace(body, coalesce(link, ''), ?5) ELSE body END, \
             link = CASE WHEN ?4 THEN NULL ELSE link END, \
             lease_until = 0, lease_owner = NULL, last_error = NULL WHERE {HELD}"
        ),
        args![id, owner, now_unix(), scrub, SCRUBBED],
    )? > 0)
}

/// A temporary failure: try again at `next_attempt_at` (Unix seconds). False when `owner`
/// no longer held the lease.
pub fn retry_at(
    tx: &Tx<'_>,
    id: i64,
    owner: &str,
    next_attempt_at: i64,
    error: &str,
) -> Result<bool> {
    Ok(tx.execute(
        &format!(
            "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?3, lease_until = 0, \
             lease_owner = NULL, last_error = ?4 WHERE {HELD}"
        ),
        args![id, owner, next_attempt_at, error],
    )? > 0)
}

/// The mail will not be sent: a permanent refusal, or it stayed undeliverable too long.
/// Its link is scrubbed, since it will never be needed. False when `owner` no longer held
/// the lease.
pub fn mark_failed(tx: &Tx<'_>, id: i64, owner: &str, error: &str) -> Result<bool> {
    let failed = tx.execute(
        &format!(
            "UPDATE mail_queue SET status = 'failed', attempts = attempts + 1, finished_at = ?3, \
             lease_until = 0, lease_owner = NULL, last_error = ?4, \
             body = replace(body, coalesce(link, ''), ?5), link = NULL WHERE {HELD}"
        ),
        args![id, owner, now_unix(), error, SCRUBBED],
    )? > 0;
    if failed {
        // A bounced verification mail: its address failed.
        super::contact_verifications::fail_for_mail(tx, id)?;
    }
    Ok(failed)
}

/// When the next pending mail is due (Unix seconds), if any.
pub fn next_due(tx: &Tx<'_>) -> Result<Option<i64>> {
    tx.query_one(
        "SELECT min(CASE WHEN next_attempt_at > lease_until THEN next_attempt_at ELSE lease_until END) \
         FROM mail_queue WHERE status = 'pending'",
        args![],
    )?
    .get(0)
}

/// How many mails wait to be sent and how many were given up on (and are still kept):
/// for the metrics, read at each scrape (one grouped count over the status index).
pub fn depth(tx: &Tx<'_>) -> Result<(i64, i64)> {
    let rows = tx.query(
        "SELECT status, count(*) FROM mail_queue WHERE status IN ('pending', 'failed') \
         GROUP BY status",
        args![],
    )?;
    let (mut pending, mut failed) = (0, 0);
    for row in rows {
        match row.get::<String>(0)?.as_str() {
            "pending" => pending = row.get(1)?,
            _ => failed = row.get(1)?,
        }
    }
    Ok((pending, failed))
}

/// The newest `limit` mails, newest first (the development outbox).
pub fn newest(tx: &Tx<'_>, limit: u32) -> Result<Vec<OutboxMail>> {
    tx.query(
        "SELECT id, kind, to_address, subject, body, link, status, created_at FROM mail_queue \
         ORDER BY id DESC LIMIT ?1",
        args![limit],
    )?
    .iter()
    .map(|row| {
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
    })
    .collect()
}

/// Deletes up to `?2` mails finished before `?1`. Uses an index (checked by a test).
pub(super) const PURGE: &str = "DELETE FROM mail_queue WHERE id IN (SELECT id FROM mail_queue \
     WHERE finished_at IS NOT NULL AND finished_at < ?1 LIMIT ?2)";

/// Deletes up to `limit` mails that finished (sent or failed) more than `age_secs` ago.
/// Returns how many went.
pub fn purge(tx: &Tx<'_>, age_secs: i64, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix() - age_secs, limit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Error;
    use crate::store::testing;

    fn mail(to: &str) -> NewMail {
        NewMail {
            kind: "sign-in-link",
            to: to.into(),
            language: "en",
            subject: "Sign in".into(),
            body: "Use http://x/#token=secret".into(),
            link: Some("http://x/#token=secret".into()),
            give_up_after_secs: 600,
        }
    }

    #[tokio::test]
    async fn a_mail_past_its_give_up_time_fails_without_being_sent() {
        let store = testing::store(false).await;
        store
            .run(|tx| -> std::result::Result<(), Error> {
                let late = push(
                    tx,
                    &NewMail {
                        give_up_after_secs: -1,
                        ..mail("late@x.example")
                    },
                )?;
                let sending = push(
                    tx,
                    &NewMail {
                        give_up_after_secs: 600,
                        ..mail("sending@x.example")
                    },
                )?;
                assert_eq!(
                    claim_next(tx, "worker-a", 120)?.map(|mail| mail.id),
                    Some(sending),
                    "the overdue mail is never handed out"
                );
                // The mail being sent runs past its give-up time meanwhile: left to its holder.
                tx.execute(
                    "UPDATE mail_queue SET give_up_at = 0 WHERE id = ?1",
                    args![sending],
                )?;
                assert_eq!(give_up_overdue(tx)?, 1);
                assert_eq!(claim_next(tx, "worker-b", 120)?, None);
                let row = tx.query_one(
                    "SELECT status, attempts, link, body, last_error FROM mail_queue WHERE id = ?1",
                    args![late],
                )?;
                let (status, attempts, link, body, error): (
                    String,
                    i64,
                    Option<String>,
                    String,
                    String,
                ) = (
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                );
                assert_eq!((status.as_str(), attempts, link), ("failed", 0, None));
                assert!(!body.contains("secret"), "scrubbed: {body}");
                assert!(error.contains("give-up time"), "{error}");
                let status: String = tx
                    .query_one(
                        "SELECT status FROM mail_queue WHERE id = ?1",
                        args![sending],
                    )?
                    .get(0)?;
                assert_eq!(status, "pending", "its holder settles it");
                Ok(())
            })
            .await
            .expect("overdue mail");
    }

    #[tokio::test]
    async fn mails_are_claimed_one_at_a_time_and_only_the_lease_holder_settles_them() {
        let store = testing::store(false).await;
        store
            .run(|tx| -> std::result::Result<(), Error> {
                let first = push(tx, &mail("a@x.example"))?;
                let second = push(tx, &mail("b@x.example"))?;
                let claimed = claim_next(tx, "worker-a", 120)?.expect("a due mail");
                assert_eq!(claimed.id, first, "oldest first");
                assert_eq!(
                    claim_next(tx, "worker-b", 120)?.map(|mail| mail.id),
                    Some(second),
                    "one at a time: the second mail was not part of worker a's claim"
                );
                assert_eq!(claim_next(tx, "worker-b", 120)?, None, "both are leased");

                // Worker a's lease runs out mid-conversation; worker b claims the mail.
                tx.execute(
                    "UPDATE mail_queue SET lease_until = 0 WHERE id = ?1",
                    args![first],
                )?;
                assert_eq!(
                    claim_next(tx, "worker-b", 120)?.map(|mail| mail.id),
                    Some(first)
                );
                // Whatever worker a reports late changes nothing.
                assert!(!mark_sent(tx, first, "worker-a", true)?);
                assert!(!retry_at(tx, first, "worker-a", 0, "timeout")?);
                assert!(!mark_failed(tx, first, "worker-a", "550")?);
                assert!(!release(tx, first, "worker-a")?);
                let row = tx.query_one(
                    "SELECT status, attempts, link FROM mail_queue WHERE id = ?1",
                    args![first],
                )?;
                let (status, attempts, link): (String, i64, Option<String>) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                assert_eq!(
                    (status.as_str(), attempts, link.is_some()),
                    ("pending", 0, true)
                );
                // The holder settles it, once.
                assert!(mark_sent(tx, first, "worker-b", true)?);
                assert!(
                    !mark_failed(tx, first, "worker-b", "late")?,
                    "sent stays sent"
                );
                let row = tx.query_one(
                    "SELECT status, attempts, body FROM mail_queue WHERE id = ?1",
                    args![first],
                )?;
                let (status, attempts, body): (String, i64, String) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                assert_eq!((status.as_str(), attempts), ("sent", 1));
                assert!(!body.contains("secret"), "scrubbed: {body}");
                // A released mail is due again for anyone.
                assert!(release(tx, second, "worker-b")?);
                assert_eq!(
                    claim_next(tx, "worker-c", 120)?.map(|mail| mail.id),
                    Some(second)
                );
                // The local outbox keeps the link (it is how a developer signs in).
                assert!(mark_sent(tx, second, "worker-c", false)?);
                let link: Option<String> = tx
                    .query_one(
                        "SELECT link FROM mail_queue WHERE id = ?1 AND status = 'sent'",
                        args![second],
                    )?
                    .get(0)?;
                assert!(link.is_some());
                Ok(())
            })
            .await
            .expect("the queue behaves");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_workers_claiming_at_once_get_different_mails() {
        let store = testing::store(false).await;
        let pushed = store
            .run(|tx| -> std::result::Result<[i64; 2], Error> {
                Ok([
                    push(tx, &mail("a@x.example"))?,
                    push(tx, &mail("b@x.example"))?,
                ])
            })
            .await
            .expect("queued");
        // Worker a claims and holds its transaction open; worker b claims meanwhile. On
        // PostgreSQL it passes over a's locked row (SKIP LOCKED) instead of waiting for
        // it: a holds on until b has its mail (or 10 s). On SQLite b waits for a's
        // transaction, so a holds only briefly. Either way the mails differ.
        let postgres = store.backend() == crate::store::Backend::Postgres;
        let (a_claimed, a_has_claimed) = std::sync::mpsc::channel::<()>();
        let (b_claimed, b_has_claimed) = std::sync::mpsc::channel::<()>();
        let slow = {
            let store = store.clone();
            // Kept over runs: a's SERIALIZABLE transaction may fail to commit next to b's
            // and run again, after b's word came.
            let mut b_claimed_first = false;
            tokio::spawn(async move {
                store
                    .run(move |tx| {
                        let claimed = claim_next(tx, "worker-a", 120)?;
                        let _ = a_claimed.send(());
                        if !postgres {
                            std::thread::sleep(std::time::Duration::from_millis(200));
                        } else if !b_claimed_first {
                            b_claimed_first = b_has_claimed
                                .recv_timeout(std::time::Duration::from_secs(10))
                                .is_ok();
                        }
                        Ok::<_, Error>((claimed.map(|mail| mail.id), b_claimed_first))
                    })
                    .await
            })
        };
        tokio::task::spawn_blocking(move || {
            a_has_claimed.recv_timeout(std::time::Duration::from_secs(10))
        })
        .await
        .expect("joined")
        .expect("a claimed");
        let quick = store
            .run(|tx| claim_next(tx, "worker-b", 120))
            .await
            .expect("claimed")
            .map(|mail| mail.id);
        let _ = b_claimed.send(());
        let (slow, b_claimed_first) = slow.await.expect("joined").expect("claimed");
        if postgres {
            assert!(
                b_claimed_first,
                "b passes over the mail a holds instead of waiting for a to commit"
            );
        }
        let mut claimed = [slow.expect("a mail for a"), quick.expect("a mail for b")];
        claimed.sort_unstable();
        assert_eq!(claimed, pushed, "each mail went to one worker");
        let holders = store
            .run(|tx| {
                tx.query(
                    "SELECT lease_owner FROM mail_queue ORDER BY lease_owner",
                    args![],
                )?
                .iter()
                .map(|row| row.get::<String>(0))
                .collect::<Result<Vec<_>>>()
            })
            .await
            .expect("read");
        assert_eq!(holders, ["worker-a", "worker-b"]);
    }
}
