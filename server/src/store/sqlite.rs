//! The SQLite driver: one connection (SQLite has one writer) on a thread of its own, WAL
//! with synchronous=FULL, IMMEDIATE transactions.
//!
//! **Why a thread of its own.** Transactions used to run on Tokio's blocking pool around a
//! mutex: under concurrent requests a dozen pool threads took turns at that mutex, and
//! the handing over (thread wake-ups and futex waits) cost far more than the statements
//! themselves. Now the connection's thread takes the transactions from a queue, one after
//! another in the order they came (as the mutex serialized them), and each caller awaits
//! its answer.

use super::{Db, Error, Param, Result, Row, Tx, Value, is_abandoned, panic_message, schema};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, TransactionBehavior};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};

/// How long a statement waits for another connection's lock (another server on the same
/// file) before failing with "database is locked".
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Prepared statements kept per connection (more than the store has).
const STATEMENT_CACHE: usize = 128;

/// Opens (creating) the database file and migrates it.
pub(super) fn open(path: &Path) -> Result<Connection> {
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
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    schema::migrate_sqlite(&mut connection)?;
    Ok(connection)
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

/// A transaction for the connection's thread to run.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The connection on its own thread, which runs the queued transactions one at a time.
/// Dropping it lets the thread finish what is queued, close the connection and end.
pub(super) struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    pub(super) fn start(mut connection: Connection) -> Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("sqlite".into())
            .spawn(move || {
                for job in queue {
                    job(&mut connection);
                }
            })
            .map_err(Error::Thread)?;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `work` in a transaction (see [`transaction`]) on the connection's thread. A
    /// panic in `work` rolls the transaction back and is answered [`Error::Panicked`]; the
    /// connection stays usable.
    pub(super) async fn run<T, E>(
        &self,
        abandoned: Arc<AtomicBool>,
        work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<(T, bool), E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |connection| {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                transaction(connection, &abandoned, work)
            }));
            // Nobody to tell when the caller gave up waiting.
            let _ = reply.send(outcome);
        });
        self.jobs
            .as_ref()
            .ok_or(Error::Stopped)?
            .send(job)
            .map_err(|_| Error::Stopped)?;
        match answer.await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(panic)) => Err(Error::Panicked(panic_message(panic.as_ref())).into()),
            Err(_) => Err(Error::Stopped.into()),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Ends the thread's queue; it closes the connection when it has run what is left.
        self.jobs = None;
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != std::thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

/// Runs `work` once in an IMMEDIATE transaction and commits it, unless the caller gave up
/// meanwhile. Returns the value and whether the transaction queued work.
pub(super) fn transaction<T, E>(
    connection: &mut Connection,
    abandoned: &AtomicBool,
    mut work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<(T, bool), E>
where
    E: From<Error>,
{
    // A transaction a panic left open was rolled back as it unwound; should it still be
    // open, it is rolled back here.
    if !connection.is_autocommit() {
        let _ = connection.execute_batch("ROLLBACK");
    }
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(Error::from)?;
    let tx = Tx::new(Db::Sqlite(&transaction));
    let value = work(&tx)?;
    let queued = tx.queued.get();
    drop(tx);
    if is_abandoned(abandoned) {
        // Dropping the transaction rolls it back.
        return Err(Error::Abandoned.into());
    }
    transaction.commit().map_err(Error::from)?;
    Ok((value, queued))
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Self::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Self::Int(number) => ToSqlOutput::Borrowed(ValueRef::Integer(number)),
            Self::Bool(flag) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(flag))),
            Self::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
        })
    }
}

pub(super) fn execute(connection: &Connection, sql: &str, params: &[Param<'_>]) -> Result<usize> {
    let mut statement = connection.prepare_cached(sql)?;
    Ok(statement.execute(rusqlite::params_from_iter(params))?)
}

pub(super) fn query(connection: &Connection, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
    let mut statement = connection.prepare_cached(sql)?;
    let columns = statement.column_count();
    let mut rows = statement.query(rusqlite::params_from_iter(params))?;
    let mut read = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..columns)
            .map(|index| value(index, row.get_ref(index)?))
            .collect::<Result<Vec<_>>>()?;
        read.push(Row(values));
    }
    Ok(read)
}

fn value(index: usize, value: ValueRef<'_>) -> Result<Value> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(number) => Value::Int(number),
        ValueRef::Real(number) => Value::Real(number),
        ValueRef::Text(bytes) => Value::Text(String::from_utf8(bytes.to_vec()).map_err(
            |error| Error::Decode {
                index,
                detail: error.to_string(),
            },
        )?),
        ValueRef::Blob(_) => {
            return Err(Error::Decode {
                index,
                detail: "a blob where no column holds one".into(),
            });
        }
    })
}
