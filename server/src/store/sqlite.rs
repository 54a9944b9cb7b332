//! The SQLite driver: one connection (SQLite has one writer), WAL with synchronous=FULL,
//! IMMEDIATE transactions.

use super::{Db, Error, Param, Result, Row, Tx, Value, is_abandoned, schema};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, TransactionBehavior};
use std::cell::Cell;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

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

/// The connection, whatever happened before: a panic while it was held poisons the
/// mutex, but the transaction it had open was rolled back when it unwound (and is rolled
/// back here should it still be open), so the connection is sound.
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

/// Runs `work` once in an IMMEDIATE transaction and commits it, unless the caller gave up
/// meanwhile. Returns the value and whether the transaction queued work.
pub(super) fn transaction<T, E>(
    connection: &Mutex<Connection>,
    abandoned: &AtomicBool,
    mut work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<(T, bool), E>
where
    E: From<Error>,
{
    let mut connection = lock(connection);
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(Error::from)?;
    let tx = Tx {
        db: Db::Sqlite(&transaction),
        queued: Cell::new(false),
        retry: Cell::new(false),
    };
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
