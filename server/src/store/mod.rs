//! The embedded SQLite database and every SQL statement the server runs, one module per
//! entity. Callers get typed values and a [`Tx`] handle; no `rusqlite` row or statement
//! crosses this boundary, so another database can later sit behind the same functions.

pub mod accounts;
pub mod contact_info;
pub mod idempotency;
pub mod integration_types;
pub mod known_devices;
pub mod link_requests;
pub mod mail_queue;
pub mod rate_limits;
pub mod sessions;
pub mod sign_in_tokens;
pub mod support_cases;
pub mod users;

mod schema;

use rusqlite::types::Type;
use rusqlite::{Connection, Row, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create the database directory {path}: {source}")]
    CreateDirectory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot encode stored JSON: {0}")]
    Encode(#[from] serde_json::Error),
    #[error(
        "the database has {found} migrations but this binary knows only {known}: it was written by a newer \
         version; run that version or restore a backup"
    )]
    NewerSchema { found: usize, known: usize },
    #[error("the database did not switch to WAL journaling (it answered {0:?})")]
    JournalMode(String),
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// Whoever waited for the transaction gave up (the request timed out), so it was rolled
    /// back instead of committed.
    #[error("the transaction was abandoned by its caller and rolled back")]
    Abandoned,
}

pub type Result<T> = std::result::Result<T, Error>;

/// How long a statement waits for another connection's lock (another server on the same
/// file) before failing with "database is locked".
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The database. Cloning shares it.
#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
    /// Signalled after a transaction that queued mail (or a link request) commits, so the
    /// worker sends it at once instead of at its next poll.
    queue_changed: Arc<Notify>,
}

/// One unit of work inside a transaction; the store's functions take it.
pub struct Tx<'c> {
    connection: &'c Connection,
    /// Set when the transaction adds work for the background worker.
    queued: Cell<bool>,
}

impl Tx<'_> {
    fn mark_queued(&self) {
        self.queued.set(true);
    }
}

impl Store {
    /// Opens (creating) the database file, migrates it and, if asked, seeds demo data
    /// into an empty database.
    pub fn open(path: &Path, seed_demo: bool) -> Result<Self> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateDirectory {
                path: parent.to_owned(),
                source,
            })?;
        }
        let mut connection = Connection::open(path)?;
        // First: another server starting on the same file at the same moment holds locks
        // for a while (switching to WAL, migrating, seeding); wait for them.
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // WAL with synchronous=FULL: a commit that was acknowledged survives a power loss.
        let journal = switch_to_wal(&connection)?;
        if !journal.eq_ignore_ascii_case("wal") {
            return Err(Error::JournalMode(journal));
        }
        connection.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        schema::migrate(&mut connection)?;
        if seed_demo {
            schema::seed(&mut connection)?;
        }
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
            queue_changed: Arc::new(Notify::new()),
        })
    }

    /// Resolves after a transaction that queued work commits (or at once, if one committed
    /// since the last call).
    pub async fn queue_changed(&self) {
        self.queue_changed.notified().await;
    }

    /// The connection, whatever happened before: a panic while it was held poisons the
    /// mutex, but the transaction it had open was rolled back when it unwound (and is
    /// rolled back here should it still be open), so the connection is sound.
    fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
        let guard = connection.lock().unwrap_or_else(|poisoned| {
            connection.clear_poison();
            poisoned.into_inner()
        });
        if !guard.is_autocommit() {
            let _ = guard.execute_batch("ROLLBACK");
        }
        guard
    }

    /// Runs `work` in one transaction off the async threads, committing when it returns
    /// `Ok`. One connection serializes writes, which SQLite does anyway; the transaction
    /// begins IMMEDIATE (takes the write lock at once), so a second process on the same file
    /// waits for it instead of failing with a stale snapshot.
    ///
    /// The work runs on a blocking thread and cannot be interrupted; but if the returned
    /// future is dropped before it finishes (the request's deadline passed and it was
    /// answered 503), the transaction is rolled back instead of committed
    /// ([`Error::Abandoned`]), so a client told "timed out" does not find the change made
    /// after all. (Should the future be dropped during the commit itself, the commit stands.)
    pub async fn run<T, E>(
        &self,
        work: impl FnOnce(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let (connection, queue_changed) = (self.connection.clone(), self.queue_changed.clone());
        let waiting = Waiting::new();
        let abandoned = waiting.abandoned.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut connection = Self::lock(&connection);
            let transaction = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(Error::from)?;
            let tx = Tx {
                connection: &transaction,
                queued: Cell::new(false),
            };
            let value = work(&tx)?;
            let queued = tx.queued.get();
            if abandoned.load(Ordering::SeqCst) {
                // Dropping the transaction rolls it back.
                return Err(Error::Abandoned.into());
            }
            transaction.commit().map_err(Error::from)?;
            if queued {
                queue_changed.notify_one();
            }
            Ok(value)
        })
        .await;
        waiting.finished();
        result.map_err(Error::from)?
    }

    /// Answers when the database does: for the readiness probe.
    pub async fn ping(&self) -> Result<()> {
        self.run(|tx| {
            tx.connection
                .query_row("SELECT 1", [], |_| Ok(()))
                .map_err(Error::from)
        })
        .await
    }
}

/// Set when the caller of [`Store::run`] stops waiting (its future is dropped) before the
/// transaction finished.
struct Waiting {
    abandoned: Arc<AtomicBool>,
    done: bool,
}

impl Waiting {
    fn new() -> Self {
        Self {
            abandoned: Arc::new(AtomicBool::new(false)),
            done: false,
        }
    }

    /// The caller got its answer: nothing to abandon.
    fn finished(mut self) {
        self.done = true;
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if !self.done {
            self.abandoned.store(true, Ordering::SeqCst);
        }
    }
}

/// Switches the database file to WAL journaling and returns the mode it is in. The switch
/// needs the file to itself for a moment and does not wait for other connections (the
/// busy timeout does not apply), so while another server opens the same file it is
/// retried, for up to [`BUSY_TIMEOUT`].
fn switch_to_wal(connection: &Connection) -> Result<String> {
    let started = std::time::Instant::now();
    loop {
        match connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)) {
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return Ok(result?),
        }
    }
}

/// Audit timestamps (`created_at`, `updated_at`) are stored as RFC 3339 text.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Expiry and rate-limit times are stored as Unix seconds, so they compare as numbers.
fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Only hashes of secrets (tokens) and of request bodies are stored, so a database leak
/// does not leak usable tokens.
fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// Reads a text column into a wire enum (anything `FromStr`). An unknown stored value is a
/// conversion error, never a default: a corrupt role must not quietly become another one.
fn parse_column<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    text.parse().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error))
    })
}

/// Like [`parse_column`] for a nullable column.
fn parse_optional_column<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_column(row, index).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_rules::model::Role;

    #[tokio::test]
    async fn a_panic_inside_a_transaction_rolls_it_back_and_leaves_the_store_usable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), true).expect("store");
        let panicked = store
            .run(|tx| -> Result<()> {
                tx.connection
                    .execute("UPDATE users SET name = 'Changed'", [])?;
                panic!("boom while holding the connection")
            })
            .await;
        assert!(matches!(panicked, Err(Error::Task(_))), "{panicked:?}");
        let changed: i64 = store
            .run(|tx| {
                Ok::<_, Error>(tx.connection.query_row(
                    "SELECT count(*) FROM users WHERE name = 'Changed'",
                    [],
                    |row| row.get(0),
                )?)
            })
            .await
            .expect("the store still answers");
        assert_eq!(changed, 0, "the panicking transaction was rolled back");
    }

    #[tokio::test]
    async fn the_connection_makes_acknowledged_commits_durable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), false).expect("store");
        let settings = store
            .run(|tx| -> Result<(String, i64, i64, i64)> {
                let pragma = |name: &str| {
                    tx.connection
                        .query_row(&format!("PRAGMA {name}"), [], |row| row.get::<_, i64>(0))
                };
                Ok((
                    tx.connection
                        .query_row("PRAGMA journal_mode", [], |row| row.get(0))?,
                    pragma("synchronous")?,
                    pragma("foreign_keys")?,
                    pragma("busy_timeout")?,
                ))
            })
            .await
            .expect("pragmas");
        // synchronous = FULL (2): WAL syncs on every commit, so an acknowledged write
        // survives a power loss (the crash test's kill -9 cannot show that).
        assert_eq!(settings, ("wal".to_owned(), 2, 1, 5000));
    }

    #[tokio::test]
    async fn a_transaction_whose_caller_gave_up_is_rolled_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), true).expect("store");
        let slow = store.run(|tx| -> Result<()> {
            tx.connection
                .execute("UPDATE users SET name = 'Changed'", [])?;
            std::thread::sleep(std::time::Duration::from_millis(300));
            Ok(())
        });
        // Like the request deadline: the caller stops waiting.
        let timed_out = tokio::time::timeout(std::time::Duration::from_millis(50), slow).await;
        assert!(timed_out.is_err());
        // The next transaction waits for the connection, so it sees the outcome.
        let changed: i64 = store
            .run(|tx| {
                Ok::<_, Error>(tx.connection.query_row(
                    "SELECT count(*) FROM users WHERE name = 'Changed'",
                    [],
                    |row| row.get(0),
                )?)
            })
            .await
            .expect("the store still answers");
        assert_eq!(changed, 0, "rolled back, not committed after the 503");
    }

    #[tokio::test]
    async fn expired_rows_are_purged_in_bounded_batches() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), true).expect("store");
        let old = now_unix() - 30 * 24 * 3600;
        store
            .run(move |tx| -> Result<()> {
                for index in 0..7 {
                    sign_in_tokens::insert(tx, &format!("expired-{index}"), 1, -60, None)?;
                    sessions::insert(tx, &format!("expired-{index}"), 1, -60)?;
                    let scope = idempotency::Scope {
                        account_id: 1,
                        user_id: 1,
                        endpoint: "users",
                    };
                    idempotency::remember(tx, scope, &format!("k{index}"), "{}", 201, "{}")?;
                    rate_limits::hit(tx, &format!("bucket-{index}"), 60)?;
                    let id = mail_queue::push(
                        tx,
                        &mail_queue::NewMail {
                            kind: "sign-in-link",
                            to: "a@b.example".into(),
                            language: "en",
                            subject: "s".into(),
                            body: "b".into(),
                            link: None,
                            give_up_after_secs: 60,
                        },
                    )?;
                    let claimed = mail_queue::claim_next(tx, "purge-test", 60)?;
                    assert_eq!(claimed.map(|mail| mail.id), Some(id));
                    assert!(mail_queue::mark_sent(tx, id, "purge-test", true)?);
                }
                sign_in_tokens::insert(tx, "live", 1, 600, None)?;
                sessions::insert(tx, "live", 1, 600)?;
                for table in ["idempotency_keys", "rate_limits"] {
                    tx.connection.execute(
                        &format!(
                            "UPDATE {table} SET {} = ?1",
                            if table == "rate_limits" {
                                "window_start"
                            } else {
                                "created_at"
                            }
                        ),
                        [old],
                    )?;
                }
                tx.connection
                    .execute("UPDATE mail_queue SET finished_at = ?1", [old])?;
                Ok(())
            })
            .await
            .expect("arranged");
        let purged = store
            .run(|tx| -> Result<[usize; 5]> {
                Ok([
                    sign_in_tokens::purge(tx, 5)?,
                    sessions::purge(tx, 3600, 5)?,
                    idempotency::purge(tx, 3600, 5)?,
                    mail_queue::purge(tx, 3600, 5)?,
                    rate_limits::purge(tx, 3600, 5)?,
                ])
            })
            .await
            .expect("purged");
        assert_eq!(purged, [5; 5], "at most one batch per call");
        let left = store
            .run(|tx| -> Result<Vec<i64>> {
                [
                    "sign_in_tokens",
                    "sessions",
                    "idempotency_keys",
                    "mail_queue",
                    "rate_limits",
                ]
                .iter()
                .map(|table| {
                    Ok(tx.connection.query_row(
                        &format!("SELECT count(*) FROM {table}"),
                        [],
                        |row| row.get(0),
                    )?)
                })
                .collect()
            })
            .await
            .expect("counted");
        assert_eq!(left, [3, 3, 2, 2, 2], "the rest next time; live rows stay");
    }

    #[tokio::test]
    async fn every_purge_finds_its_rows_by_an_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), false).expect("store");
        let purges = [
            ("sign_in_tokens", sign_in_tokens::PURGE),
            ("sessions", sessions::PURGE),
            ("idempotency_keys", idempotency::PURGE),
            ("mail_queue", mail_queue::PURGE),
            ("rate_limits", rate_limits::PURGE),
            ("known_devices", known_devices::PURGE),
        ];
        store
            .run(move |tx| -> Result<()> {
                for (table, sql) in purges {
                    let mut statement = tx
                        .connection
                        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                    let parameters = vec![0_i64; statement.parameter_count()];
                    let plan = statement
                        .query_map(rusqlite::params_from_iter(parameters), |row| {
                            row.get::<_, String>(3)
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    for step in &plan {
                        assert!(
                            !step.starts_with(&format!("SCAN {table}")),
                            "{table}: a full scan in {plan:?}"
                        );
                    }
                    assert!(
                        plan.iter().any(|step| step.contains("INDEX")),
                        "{table}: no index in {plan:?}"
                    );
                }
                Ok(())
            })
            .await
            .expect("plans");
    }

    #[test]
    fn servers_starting_together_on_a_fresh_file_all_open_it_and_seed_it_once() {
        const SERVERS: usize = 4;
        for round in 0..10 {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("db.sqlite3");
            let start = Arc::new(std::sync::Barrier::new(SERVERS));
            let opened: Vec<_> = (0..SERVERS)
                .map(|_| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        Store::open(&path, true).map(drop)
                    })
                })
                .collect();
            for server in opened {
                let result = server.join().expect("no panic");
                assert!(result.is_ok(), "round {round}: {:?}", result.err());
            }
            let connection = Connection::open(&path).expect("open");
            let (version, accounts): (usize, i64) = connection
                .query_row(
                    "SELECT (SELECT user_version FROM pragma_user_version), \
                     (SELECT count(*) FROM accounts)",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .expect("read");
            assert_eq!(version, schema::MIGRATION_COUNT, "round {round}");
            assert_eq!(
                accounts, 5,
                "round {round}: seeded once (five demo accounts)"
            );
        }
    }

    #[test]
    fn a_database_from_a_newer_binary_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db.sqlite3");
        drop(Store::open(&path, false).expect("store"));
        let connection = Connection::open(&path).expect("open");
        connection
            .pragma_update(None, "user_version", 999)
            .expect("user_version");
        drop(connection);
        let error = Store::open(&path, false).err().expect("refused");
        assert!(
            matches!(error, Error::NewerSchema { found: 999, .. }),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_stored_value_is_an_error_not_a_default() {
        let connection = Connection::open_in_memory().expect("database");
        let read = |sql: &str| {
            connection.query_row(sql, [], |row| {
                Ok((
                    parse_column::<Role>(row, 0),
                    parse_optional_column::<Role>(row, 1),
                ))
            })
        };
        let (role, optional) = read("SELECT 'editor', NULL").expect("row");
        assert_eq!(role.expect("known"), Role::Editor);
        assert_eq!(optional.expect("null"), None);
        let (role, optional) = read("SELECT 'owner', 'owner'").expect("row");
        for error in [role.expect_err("unknown"), optional.expect_err("unknown")] {
            assert!(
                matches!(
                    error,
                    rusqlite::Error::FromSqlConversionFailure(_, Type::Text, _)
                ),
                "{error:?}"
            );
        }
    }
}
