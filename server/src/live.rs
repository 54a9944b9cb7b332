//! The live feed behind `GET /api/v1/events`: every change of an account, moments after
//! it is saved by any replica, for that account's open streams.
//!
//! The feed is the change history (written in the transaction of every change), not an
//! in-process message: so a change saved by another process or replica on the same
//! database arrives as well. One poller per process reads it, and only while streams are
//! open: every [`POLL_EVERY`], or at once when this process saved something ([`Live::nudge`]),
//! one query for the entries of the last [`WINDOW_SECS`] seconds (by the `created_at`
//! index), and fans the new ones out per account through `tokio::sync::broadcast`. An idle
//! server has no poller and runs no query. The window, not a last-seen id, decides what is
//! new: PostgreSQL hands out ids before commit, so a later id can become visible first.

use crate::store::{self, Store};
use portal_rules::history::LiveEvent;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, TryAcquireError, broadcast, watch};

/// How often the poller reads the history while streams are open.
pub const POLL_EVERY: Duration = Duration::from_millis(1500);
/// How far back each poll looks: longer than a transaction can take to commit (the request
/// deadline), so an entry whose transaction committed late is still seen once.
const WINDOW_SECS: i64 = 45;
/// Entries one poll reads at most, the newest (a window's worth on a busy server).
const POLL_LIMIT: u32 = 1000;
/// Events buffered per account for a slow stream; one that falls further behind is ended
/// (its browser reconnects with `Last-Event-ID` and catches up from the history).
const BUFFER: usize = 64;
/// Streams one process serves at once.
pub const MAX_STREAMS: usize = 256;
/// Streams one session may hold at once (tabs of one browser).
pub const MAX_STREAMS_PER_SESSION: usize = 6;

/// A change as the poller fans it out: the account's event and when it was written (Unix
/// seconds).
#[derive(Debug)]
pub struct Change {
    pub written_at: i64,
    pub event: LiveEvent,
}

/// The process's live feed (cheap to clone).
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    state: Mutex<Feeds>,
    /// Wakes the poller before its next tick.
    wake: Notify,
    streams: Arc<Semaphore>,
    /// True once the server stops: every stream ends.
    closing: watch::Sender<bool>,
    /// Bumped after a sign-out (or a user's removal) in this process: streams check their
    /// session at once instead of at their next periodic check.
    recheck: watch::Sender<u64>,
}

#[derive(Default)]
struct Feeds {
    accounts: HashMap<i64, broadcast::Sender<Arc<Change>>>,
    per_session: HashMap<String, usize>,
    polling: bool,
}

/// Why a stream cannot open.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Too many streams (this session's or the process's).
    Busy,
    /// The server is stopping.
    Closing,
}

/// An open stream's hold on the feed: its place in the limits and its subscription, given
/// back when it is dropped.
pub struct Subscription {
    pub changes: broadcast::Receiver<Arc<Change>>,
    pub closing: watch::Receiver<bool>,
    pub recheck: watch::Receiver<u64>,
    _permit: OwnedSemaphorePermit,
    session_key: String,
    live: Live,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut feeds = self.live.feeds();
        if let Some(count) = feeds.per_session.get_mut(&self.session_key) {
            *count -= 1;
            if *count == 0 {
                feeds.per_session.remove(&self.session_key);
            }
        }
    }
}

impl Live {
    pub fn new(store: Store) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                state: Mutex::new(Feeds::default()),
                wake: Notify::new(),
                streams: Arc::new(Semaphore::new(MAX_STREAMS)),
                closing: watch::channel(false).0,
                recheck: watch::channel(0).0,
            }),
        }
    }

    fn feeds(&self) -> std::sync::MutexGuard<'_, Feeds> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens a stream of `account_id`'s changes for the session `session_key` (a key that
    /// names the session without being its secret), starting the poller if none runs.
    pub fn subscribe(&self, account_id: i64, session_key: String) -> Result<Subscription, Refused> {
        if *self.inner.closing.borrow() {
            return Err(Refused::Closing);
        }
        let permit = match self.inner.streams.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(TryAcquireError::NoPermits) => return Err(Refused::Busy),
            Err(TryAcquireError::Closed) => return Err(Refused::Closing),
        };
        let mut feeds = self.feeds();
        let count = feeds.per_session.entry(session_key.clone()).or_default();
        if *count >= MAX_STREAMS_PER_SESSION {
            return Err(Refused::Busy);
        }
        *count += 1;
        let changes = feeds
            .accounts
            .entry(account_id)
            .or_insert_with(|| broadcast::channel(BUFFER).0)
            .subscribe();
        if !feeds.polling {
            feeds.polling = true;
            tokio::spawn(poll(Arc::downgrade(&self.inner)));
        }
        drop(feeds);
        Ok(Subscription {
            changes,
            closing: self.inner.closing.subscribe(),
            recheck: self.inner.recheck.subscribe(),
            _permit: permit,
            session_key,
            live: self.clone(),
        })
    }

    /// Something was saved in this process: poll now rather than at the next tick.
    pub fn nudge(&self) {
        self.inner.wake.notify_one();
    }

    /// A session ended (a sign-out) in this process: streams check theirs now.
    pub fn recheck_sessions(&self) {
        self.inner
            .recheck
            .send_modify(|round| *round = round.wrapping_add(1));
    }

    /// The server stops: every stream ends (so the graceful shutdown does not wait for
    /// them) and no new one opens.
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
        self.inner.streams.close();
        self.inner.wake.notify_one();
    }
}

/// The poller: runs while any stream is open, then ends (the next stream starts another).
async fn poll(inner: Weak<Inner>) {
    // Entries already fanned out (id → written at), forgotten once out of the window.
    let mut sent: HashMap<i64, i64> = HashMap::new();
    loop {
        let Some(live) = inner.upgrade() else { return };
        let watched: HashSet<i64> = {
            let mut feeds = live.state.lock().unwrap_or_else(PoisonError::into_inner);
            feeds
                .accounts
                .retain(|_, sender| sender.receiver_count() > 0);
            if feeds.accounts.is_empty() || *live.closing.borrow() {
                feeds.polling = false;
                return;
            }
            feeds.accounts.keys().copied().collect()
        };
        let since = store::now_unix() - WINDOW_SECS;
        match live
            .store
            .run(move |tx| store::history::written_since(tx, since, POLL_LIMIT))
            .await
        {
            Ok(rows) => {
                let feeds = live.state.lock().unwrap_or_else(PoisonError::into_inner);
                for (account_id, written_at, event) in rows {
                    if !watched.contains(&account_id) || sent.contains_key(&event.id) {
                        continue;
                    }
                    sent.insert(event.id, written_at);
                    if let Some(sender) = feeds.accounts.get(&account_id) {
                        // No receiver left: nothing to do.
                        let _ = sender.send(Arc::new(Change { written_at, event }));
                    }
                }
            }
            Err(error) => tracing::warn!("live updates: cannot read the change history: {error}"),
        }
        sent.retain(|_, written_at| *written_at >= since);
        // The wait holds the feed for one tick at most: once the server is dropped, the
        // next round's `upgrade` ends the poller.
        tokio::select! {
            () = tokio::time::sleep(POLL_EVERY) => {}
            () = live.wake.notified() => {}
        }
    }
}
