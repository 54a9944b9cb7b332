//! Background work: the mail worker (turns link requests into mails, sends queued mail one
//! at a time under a lease in its own name, retries with backoff, gives up in time) and the
//! periodic purge of expired rows. Both stop when the server does; whatever they left is in
//! the database for the next start. Delivery is at least once (see [`Mailer::deliver`]).

use crate::auth;
use crate::config::Config;
use crate::limits;
use crate::mail::{self, SendError, Transport};
use crate::metrics::Metrics;
use crate::store::{
    self, Store, history, idempotency, known_devices, mail_queue, rate_limits, sessions,
    sign_in_tokens,
};
use rand::Rng;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long a claim on one mail holds: longer than one whole SMTP conversation
/// ([`mail::SEND_DEADLINE`]) plus the database writes around it, so no second worker (another
/// server on the same database) sends the mail while its holder still may. Mails are
/// claimed one at a time, so the lease never has to cover a batch.
const LEASE_SECS: i64 = 120;
const _: () = assert!(mail::SEND_DEADLINE.as_secs() + 30 < LEASE_SECS.unsigned_abs());
/// The worker looks at the queue at least this often, even when nobody woke it.
const POLL: Duration = Duration::from_secs(30);
/// Retries wait at most this long.
const MAX_BACKOFF: Duration = Duration::from_mins(5);
/// Rows deleted per purge transaction: the write lock is held only briefly.
const PURGE_BATCH: u32 = 500;
const PURGE_EVERY: Duration = Duration::from_mins(10);
/// Sent and failed mail is kept this long (for support questions), then deleted.
const KEEP_FINISHED_MAIL_SECS: i64 = 7 * 24 * 60 * 60;
const KEEP_IDEMPOTENCY_KEYS_SECS: i64 = 24 * 60 * 60;

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The mail worker.
#[derive(Clone)]
struct Mailer {
    store: Store,
    transport: Transport,
    public_url: String,
    retry_base: Duration,
    /// Random, per server process: the name its leases are held in.
    id: String,
    limits: limits::Limits,
    /// Counts failed sending attempts.
    metrics: Metrics,
}

/// A worker id: 64 random bits in hex.
fn worker_id() -> String {
    format!("{:016x}", rand::rng().random::<u64>())
}

/// Starts the mail worker and the purge task; both end when `stop` turns true.
pub fn spawn(
    store: Store,
    transport: Transport,
    config: &Config,
    metrics: Metrics,
    stop: &watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let mailer = Mailer {
        store: store.clone(),
        transport,
        public_url: config.public_url().to_owned(),
        retry_base: Duration::from_millis(config.mail_retry_ms.max(1)),
        id: worker_id(),
        limits: limits::Limits {
            enabled: !config.no_rate_limits,
        },
        metrics,
    };
    let history_keep_secs = config.history_keep_secs();
    let (mail_stop, purge_stop) = (stop.clone(), stop.clone());
    let purge_metrics = mailer.metrics.clone();
    vec![
        tokio::spawn(supervise("mail worker", stop.clone(), move || {
            mailer.clone().run(mail_stop.clone())
        })),
        tokio::spawn(supervise("purge", stop.clone(), move || {
            purge_periodically(
                store.clone(),
                history_keep_secs,
                purge_metrics.clone(),
                purge_stop.clone(),
            )
        })),
    ]
}

/// Runs `task` until it returns (on stop); if it panics, logs that and starts it again.
async fn supervise<F, T>(name: &'static str, mut stop: watch::Receiver<bool>, task: F)
where
    F: Fn() -> T,
    T: Future<Output = ()> + Send + 'static,
{
    loop {
        match tokio::spawn(task()).await {
            Ok(()) => return,
            Err(error) => {
                tracing::error!("{name} failed ({error}); starting it again");
                if sleep_or_stop(Duration::from_secs(1), &mut stop).await {
                    return;
                }
            }
        }
    }
}

/// Waits `duration`, or less if `stop` turns true; says whether to stop.
async fn sleep_or_stop(duration: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    let signalled = tokio::select! {
        () = tokio::time::sleep(duration) => false,
        _ = stop.wait_for(|stop| *stop) => true,
    };
    signalled || *stop.borrow()
}

impl Mailer {
    async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            if let Err(error) = self.round(&stop).await {
                tracing::error!("mail worker: {error}");
                if sleep_or_stop(Duration::from_secs(5), &mut stop).await {
                    return;
                }
                continue;
            }
            let wait = self.until_next_due().await;
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.store.queue_changed() => {}
                _ = stop.wait_for(|stop| *stop) => return,
            }
        }
    }

    /// How long until the next pending mail is due (bounded by [`POLL`]).
    async fn until_next_due(&self) -> Duration {
        let due = self.store.run(mail_queue::next_due).await;
        match due {
            Ok(Some(due)) => Duration::from_secs((due - now_unix()).clamp(0, 30).unsigned_abs())
                .max(Duration::from_millis(250))
                .min(POLL),
            Ok(None) | Err(_) => POLL,
        }
    }

    /// Mails the links asked for, then sends every due mail.
    async fn round(&self, stop: &watch::Receiver<bool>) -> store::Result<()> {
        loop {
            let (public_url, limits) = (self.public_url.clone(), self.limits);
            let handled = self
                .store
                .run(move |tx| {
                    auth::mail_requested_links(tx, &public_url, 50, |tx, request| {
                        limits.allow_sign_in_mail(tx, request.known_device)
                    })
                })
                .await?;
            if handled < 50 {
                break;
            }
        }
        loop {
            let owner = self.id.clone();
            let (gave_up, claimed) = self
                .store
                .run(move |tx| {
                    let gave_up = mail_queue::give_up_overdue(tx)?;
                    Ok::<_, store::Error>((
                        gave_up,
                        mail_queue::claim_next(tx, &owner, LEASE_SECS)?,
                    ))
                })
                .await?;
            if gave_up > 0 {
                tracing::error!(
                    mails = gave_up,
                    "gave up on mail not sent before its give-up time"
                );
            }
            let Some(mail) = claimed else {
                return Ok(());
            };
            if *stop.borrow() {
                // Due again at once, for the next start (or another server).
                let (id, owner) = (mail.id, self.id.clone());
                self.store
                    .run(move |tx| mail_queue::release(tx, id, &owner))
                    .await?;
                return Ok(());
            }
            self.deliver(mail).await?;
        }
    }

    fn backoff(&self, attempts: i64) -> Duration {
        let doubling = u32::try_from(attempts.clamp(0, 16)).unwrap_or(16);
        let base = self
            .retry_base
            .saturating_mul(2_u32.pow(doubling))
            .min(MAX_BACKOFF);
        // ±20 % so that many mails failing together do not retry together.
        base.mul_f64(rand::rng().random_range(0.8..1.2))
    }

    /// Sends one claimed mail and records the outcome, if this worker still holds the
    /// lease. Delivery is at least once: should the process die after the relay took the
    /// mail but before it is marked sent, the mail goes out again once the lease expires,
    /// with the same Message-ID (so mail clients can drop the copy).
    async fn deliver(&self, mail: mail_queue::QueuedMail) -> store::Result<()> {
        let (id, kind) = (mail.id, mail.kind.clone());
        let scrub = self.transport.scrubs_sent_links();
        let owner = self.id.clone();
        let held = match self.transport.send(&mail).await {
            Ok(()) => {
                let held = self
                    .store
                    .run(move |tx| mail_queue::mark_sent(tx, id, &owner, scrub))
                    .await?;
                if held && scrub {
                    tracing::info!(mail = id, kind, "mail sent");
                } else if held {
                    tracing::info!(mail = id, kind, "mail kept in the local outbox");
                }
                held
            }
            Err(error) => {
                tracing::debug!(mail = id, to = %mail.to, detail = error.detail(), "mail not sent");
                let detail = error.detail().to_owned();
                let now = now_unix();
                let retry = self.backoff(mail.attempts);
                let next = now + i64::try_from(retry.as_secs()).unwrap_or(i64::MAX / 2) + 1;
                // The last try comes just before the give-up time: at it, the mail is
                // given up without one.
                let next = next.min(mail.give_up_at - 1);
                self.metrics
                    .mail_send_failed(!matches!(error, SendError::Temporary { .. }));
                match error {
                    SendError::Temporary { .. } if next > now => {
                        let held = self
                            .store
                            .run(move |tx| mail_queue::retry_at(tx, id, &owner, next, &detail))
                            .await?;
                        if held {
                            tracing::warn!(
                                mail = id,
                                kind,
                                retry_in_secs = next - now,
                                "mail not sent yet: {error}"
                            );
                        }
                        held
                    }
                    _ => {
                        let held = self
                            .store
                            .run(move |tx| mail_queue::mark_failed(tx, id, &owner, &detail))
                            .await?;
                        if held {
                            tracing::error!(
                                mail = id,
                                kind,
                                attempts = mail.attempts + 1,
                                "gave up on a mail: {error}"
                            );
                        }
                        held
                    }
                }
            }
        };
        if !held {
            tracing::warn!(
                mail = id,
                kind,
                "the lease on a mail ran out while it was being sent; another worker has it"
            );
        }
        Ok(())
    }
}

/// Deletes what expired, in small transactions, every [`PURGE_EVERY`]; each complete
/// purge is counted in the metrics.
async fn purge_periodically(
    store: Store,
    history_keep_secs: Option<i64>,
    metrics: Metrics,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match purge(&store, history_keep_secs).await {
            Ok(deleted) => {
                metrics.purged(deleted, now_unix());
                if deleted > 0 {
                    tracing::info!(deleted, "purged expired rows");
                }
            }
            Err(error) => tracing::error!("purge: {error}"),
        }
        if sleep_or_stop(PURGE_EVERY, &mut stop).await {
            return;
        }
    }
}

/// One purge of every table that collects expired rows (and of the change history past
/// `history_keep_secs`, if set); returns how many rows went.
pub async fn purge(store: &Store, history_keep_secs: Option<i64>) -> store::Result<usize> {
    type Purge = fn(&store::Tx<'_>) -> store::Result<usize>;
    let steps: [Purge; 6] = [
        |tx| sign_in_tokens::purge(tx, PURGE_BATCH),
        |tx| known_devices::purge(tx, PURGE_BATCH),
        |tx| sessions::purge(tx, auth::SESSION_IDLE_SECS, PURGE_BATCH),
        |tx| idempotency::purge(tx, KEEP_IDEMPOTENCY_KEYS_SECS, PURGE_BATCH),
        |tx| mail_queue::purge(tx, KEEP_FINISHED_MAIL_SECS, PURGE_BATCH),
        |tx| rate_limits::purge(tx, limits::KEEP_COUNTERS_SECS, PURGE_BATCH),
    ];
    let mut total = 0;
    for step in steps {
        loop {
            let deleted = store.run(step).await?;
            total += deleted;
            if deleted < PURGE_BATCH as usize {
                break;
            }
            tokio::task::yield_now().await;
        }
    }
    if let Some(keep_secs) = history_keep_secs {
        loop {
            let deleted = store
                .run(move |tx| history::purge(tx, keep_secs, PURGE_BATCH))
                .await?;
            total += deleted;
            if deleted < PURGE_BATCH as usize {
                break;
            }
            tokio::task::yield_now().await;
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_panicking_background_task_is_started_again() {
        let runs = Arc::new(AtomicU32::new(0));
        let (_stop, stopped) = watch::channel(false);
        let counter = runs.clone();
        supervise("test task", stopped, move || {
            let counter = counter.clone();
            async move {
                assert!(
                    counter.fetch_add(1, Ordering::SeqCst) > 0,
                    "the first run fails"
                );
            }
        })
        .await;
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
