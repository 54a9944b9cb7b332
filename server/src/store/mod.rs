//! Every SQL statement the server runs, one module per entity, over one of two databases:
//! an embedded SQLite file (the default: nothing to install) or PostgreSQL (`--database
//! postgres://…`: any number of replicas on one database). Callers get typed values and a
//! [`Tx`] handle; no driver row, statement or error crosses this boundary.
//!
//! **One synchronous interface, two drivers.** [`Store::run`] runs a closure in one
//! transaction off the async threads; the closure calls the entity modules, which call
//! [`Tx::execute`] and [`Tx::query`] with one SQL text per statement (written with `?1`
//! placeholders, rewritten to `$1` for PostgreSQL) and branch on [`Tx::backend`] only where
//! the dialects truly differ (the schema's DDL, `FOR UPDATE SKIP LOCKED`). SQLite goes
//! through `rusqlite` on one connection, on a thread of its own that runs the transactions
//! in turn (SQLite has one writer anyway; see `sqlite`); PostgreSQL through
//! `tokio-postgres` from a bounded `deadpool-postgres` pool, driven from the blocking
//! thread with the runtime's handle. Not `sqlx` for both: it would replace rusqlite (the
//! two pin clashing `libsqlite3-sys` versions), make every caller async, and let a
//! transaction be held across unrelated `.await`s. Not the sync `postgres` client with
//! `r2d2`: it runs a Tokio runtime of its own inside every connection, which must never
//! be created or dropped on an async thread; deadpool is maintained, async-native, caches
//! prepared statements per connection and bounds waiting and connecting by timeouts.
//!
//! **Serial behaviour on both.** SQLite transactions begin IMMEDIATE: one at a time.
//! PostgreSQL transactions run SERIALIZABLE, so each still behaves as if it ran alone (the
//! compare-and-set save, the last-administrator check, seeding once); one that fails to
//! serialize (or deadlocks) is rolled back and its closure runs again, a bounded number of
//! times. So the closure is `FnMut` and has no effect outside its transaction. The one
//! exception is [`Store::read`], for the hot reads: on PostgreSQL its statements each
//! commit by themselves (a third of the round trips; see there for what qualifies).

pub mod accounts;
pub mod contact_info;
pub mod contact_verifications;
pub mod history;
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

mod postgres;
mod schema;
mod sqlite;
#[cfg(test)]
pub(crate) mod testing;

use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
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
    #[error("PostgreSQL: {}", postgres::describe(.0))]
    Postgres(#[from] tokio_postgres::Error),
    /// No connection could be had from the pool (or made at all).
    #[error("PostgreSQL connection pool: {0}")]
    Pool(String),
    /// No pooled connection became free (or could be made or checked) in time: the
    /// database is busy or unreachable; the request may be tried again shortly.
    #[error("PostgreSQL connection pool: no connection within the timeout ({0})")]
    PoolTimeout(&'static str),
    /// A stored value is not what the column should hold (an unknown role, a text where a
    /// number belongs): an error, never a default.
    #[error("unreadable stored value in column {index}: {detail}")]
    Decode { index: usize, detail: String },
    /// A PostgreSQL transaction kept colliding with others (and `work` hid the error).
    #[error("the transaction failed to serialize {0} times")]
    Serialization(u32),
    #[error("the query returned no row")]
    NoRow,
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
    /// The transaction's closure panicked; the transaction was rolled back.
    #[error("the transaction panicked: {0}")]
    Panicked(String),
    #[error("cannot start the database thread: {0}")]
    Thread(std::io::Error),
    /// The SQLite connection's thread is gone (the store is being dropped).
    #[error("the database connection has stopped")]
    Stopped,
    /// Whoever waited for the transaction gave up (the request timed out), so it was rolled
    /// back instead of committed.
    #[error("the transaction was abandoned by its caller and rolled back")]
    Abandoned,
}

pub type Result<T> = std::result::Result<T, Error>;

/// Which database `--database` names: a SQLite file, or a `postgres://` (or
/// `postgresql://`) URL. Shown (in logs and errors) without the URL's password.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(PostgresUrl),
}

/// A parsed PostgreSQL URL; its password is never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl {
    /// Boxed: it is large, and errors carry the database they are about.
    config: Box<tokio_postgres::Config>,
}

impl FromStr for Database {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            // The parser's message never repeats the URL (which may hold a password).
            let config = text.parse::<tokio_postgres::Config>().map_err(|error| {
                format!(
                    "--database: not a valid PostgreSQL URL ({})",
                    postgres::describe(&error)
                )
            })?;
            Ok(Self::Postgres(PostgresUrl {
                config: Box::new(config),
            }))
        } else if text.is_empty() {
            Err("--database: empty".into())
        } else {
            Ok(Self::Sqlite(PathBuf::from(text)))
        }
    }
}

impl From<PathBuf> for Database {
    fn from(path: PathBuf) -> Self {
        Self::Sqlite(path)
    }
}

impl From<&Path> for Database {
    fn from(path: &Path) -> Self {
        Self::Sqlite(path.to_owned())
    }
}

impl fmt::Display for Database {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(formatter, "{}", path.display()),
            Self::Postgres(url) => write!(formatter, "{url}"),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{self}")
    }
}

impl fmt::Display for PostgresUrl {
    /// `postgres://user@host:port/database`, without the password or other parameters.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("postgres://")?;
        if let Some(user) = self.config.get_user() {
            write!(formatter, "{user}@")?;
        }
        let ports = self.config.get_ports();
        for (index, host) in self.config.get_hosts().iter().enumerate() {
            if index > 0 {
                formatter.write_str(",")?;
            }
            match host {
                tokio_postgres::config::Host::Tcp(name) => formatter.write_str(name)?,
                tokio_postgres::config::Host::Unix(path) => {
                    write!(formatter, "{}", path.display())?;
                }
            }
            if let Some(port) = ports.get(index).or(ports.first()) {
                write!(formatter, ":{port}")?;
            }
        }
        write!(formatter, "/{}", self.config.get_dbname().unwrap_or(""))
    }
}

/// The PostgreSQL connection pool (SQLite keeps one connection and ignores these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Connections at most, per server process.
    pub max_size: usize,
    /// How long connecting (and checking a pooled connection) may take.
    pub connect_timeout: Duration,
    /// How long a transaction waits for a free connection before failing (then the
    /// request is answered 503 with `Retry-After`).
    pub acquire_timeout: Duration,
    /// PostgreSQL's `statement_timeout` on every connection: a statement running longer
    /// is cancelled (and its transaction fails), so one slow query cannot hold a
    /// connection for ever. `None`: no limit.
    pub statement_timeout: Option<Duration>,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            connect_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(10),
            statement_timeout: Some(Duration::from_secs(15)),
        }
    }
}

/// The PostgreSQL pool's connections at one moment (for the metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    pub max_size: usize,
    /// Connections open now.
    pub size: usize,
    /// Open connections not in use.
    pub available: usize,
    /// Transactions waiting for a connection.
    pub waiting: usize,
}

/// Which database a [`Tx`] runs on, for the few statements whose dialects differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database. Cloning shares it.
#[derive(Clone)]
pub struct Store {
    pool: Arc<Pool>,
    /// Signalled after a transaction that queued mail (or a link request) commits, so the
    /// worker sends it at once instead of at its next poll.
    queue_changed: Arc<Notify>,
}

enum Pool {
    Sqlite(sqlite::Worker),
    Postgres(deadpool_postgres::Pool),
}

/// One unit of work inside a transaction; the store's functions take it.
pub struct Tx<'c> {
    db: Db<'c>,
    /// Set when the transaction adds work for the background worker.
    queued: Cell<bool>,
    /// Set when a statement failed in a way that running the transaction again may cure
    /// (a serialization failure or deadlock on PostgreSQL).
    retry: Cell<bool>,
}

enum Db<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres(postgres::Session<'c>),
}

/// A value bound to a statement's placeholder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Param<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(&'a str),
}

impl Param<'_> {
    fn kind(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Int(_) => "an integer",
            Self::Bool(_) => "a boolean",
            Self::Text(_) => "text",
        }
    }
}

/// What can be bound to a placeholder; see [`args!`].
pub(crate) trait ToParam {
    fn to_param(&self) -> Param<'_>;
}

impl ToParam for i64 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}

impl ToParam for u32 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for u16 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for bool {
    fn to_param(&self) -> Param<'_> {
        Param::Bool(*self)
    }
}

impl ToParam for str {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Param<'_> {
        (**self).to_param()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Param<'_> {
        self.as_ref().map_or(Param::Null, ToParam::to_param)
    }
}

/// The parameters of a statement: `args![a, b]` binds `a` to `?1` and `b` to `?2`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$($crate::store::ToParam::to_param(&$value)),*][..]
    };
}
pub(crate) use args;

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Bool(bool),
    Real(f64),
    Text(String),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Int(_) => "an integer",
            Self::Bool(_) => "a boolean",
            Self::Real(_) => "a real number",
            Self::Text(_) => "text",
        }
    }
}

/// One row of a result, its columns by index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row(Vec<Value>);

/// What a column can be read as.
pub(crate) trait FromValue: Sized {
    const EXPECTED: &'static str;
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(number) => Some(*number),
            _ => None,
        }
    }
}

impl FromValue for u64 {
    const EXPECTED: &'static str = "a non-negative integer";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|number| u64::try_from(number).ok())
    }
}

impl FromValue for u16 {
    const EXPECTED: &'static str = "an integer from 0 to 65535";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|number| u16::try_from(number).ok())
    }
}

/// SQLite stores booleans as 0 and 1.
impl FromValue for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(*flag),
            Value::Int(0) => Some(false),
            Value::Int(1) => Some(true),
            _ => None,
        }
    }
}

impl FromValue for String {
    const EXPECTED: &'static str = "text";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            _ => T::from_value(value).map(Some),
        }
    }
}

impl Row {
    fn value(&self, index: usize) -> Result<&Value> {
        self.0.get(index).ok_or_else(|| Error::Decode {
            index,
            detail: format!("the row has only {} columns", self.0.len()),
        })
    }

    /// Column `index` as `T`; a value of another type is an error.
    pub(crate) fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self.value(index)?;
        T::from_value(value).ok_or_else(|| Error::Decode {
            index,
            detail: format!("expected {}, found {}", T::EXPECTED, value.kind()),
        })
    }

    /// A text column read into a wire enum (anything `FromStr`). An unknown stored value is
    /// an error, never a default: a corrupt role must not quietly become another one.
    pub(crate) fn parse<T>(&self, index: usize) -> Result<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let text: String = self.get(index)?;
        text.parse().map_err(|error: T::Err| Error::Decode {
            index,
            detail: error.to_string(),
        })
    }

    /// Like [`Row::parse`] for a nullable column.
    pub(crate) fn parse_optional<T>(&self, index: usize) -> Result<Option<T>>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        match self.value(index)? {
            Value::Null => Ok(None),
            _ => self.parse(index).map(Some),
        }
    }
}

impl<'c> Tx<'c> {
    fn new(db: Db<'c>) -> Self {
        Self {
            db,
            queued: Cell::new(false),
            retry: Cell::new(false),
        }
    }

    fn mark_queued(&self) {
        self.queued.set(true);
    }

    /// The database this transaction runs on.
    pub(crate) fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize> {
        match &self.db {
            Db::Sqlite(connection) => sqlite::execute(connection, sql, params),
            Db::Postgres(session) => session.execute(sql, params, &self.retry),
        }
    }

    /// Every row the statement returns.
    pub(crate) fn query(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        match &self.db {
            Db::Sqlite(connection) => sqlite::query(connection, sql, params),
            Db::Postgres(session) => session.query(sql, params, &self.retry),
        }
    }

    /// The first row the statement returns, if any.
    pub(crate) fn query_optional(&self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row the statement returns; none is an error.
    pub(crate) fn query_one(&self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        self.query_optional(sql, params)?.ok_or(Error::NoRow)
    }
}

/// Rewrites `?1`-style placeholders to PostgreSQL's `$1`, leaving quoted text alone.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut characters = sql.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\'' => quoted = !quoted,
            '?' if !quoted && characters.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(character);
    }
    out
}

impl Store {
    /// Opens (creating) a SQLite database file, migrates it and, if asked, seeds demo data
    /// into an empty database. Blocks: call it off the async threads.
    pub fn open(path: &Path, seed_demo: bool) -> Result<Self> {
        let mut connection = sqlite::open(path)?;
        if seed_demo {
            sqlite::transaction(&mut connection, &AtomicBool::new(false), schema::seed)?;
        }
        Ok(Self {
            pool: Arc::new(Pool::Sqlite(sqlite::Worker::start(connection)?)),
            queue_changed: Arc::new(Notify::new()),
        })
    }

    /// Opens `database` (for PostgreSQL: a pool of at most `pool.max_size` connections),
    /// migrates it (on PostgreSQL under an advisory lock, so replicas starting together
    /// migrate once) and, if asked, seeds demo data into an empty database.
    pub async fn connect(database: &Database, seed_demo: bool, pool: PoolOptions) -> Result<Self> {
        match database {
            Database::Sqlite(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || Self::open(&path, seed_demo)).await?
            }
            Database::Postgres(url) => {
                let store = Self {
                    pool: Arc::new(Pool::Postgres(postgres::connect(&url.config, pool).await?)),
                    queue_changed: Arc::new(Notify::new()),
                };
                if seed_demo {
                    store.run(schema::seed).await?;
                }
                Ok(store)
            }
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match &*self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Resolves after a transaction that queued work commits (or at once, if one committed
    /// since the last call).
    pub async fn queue_changed(&self) {
        self.queue_changed.notified().await;
    }

    /// Runs `work` in one transaction off the async threads, committing when it returns
    /// `Ok`. On SQLite the connection's own thread runs the transactions one at a time,
    /// which SQLite does anyway; each begins IMMEDIATE (takes the write lock at once), so a
    /// second process on the same file waits for it instead of failing with a stale
    /// snapshot. On PostgreSQL it runs SERIALIZABLE on a pooled connection (on a blocking
    /// thread), and `work` runs again (from a fresh transaction) when it failed to
    /// serialize. A panic in `work` rolls the transaction back ([`Error::Panicked`]).
    ///
    /// The work cannot be interrupted; but if the returned future is dropped before it
    /// finishes (the request's deadline passed and it was answered 503), the transaction is
    /// rolled back instead of committed ([`Error::Abandoned`]), so a client told "timed
    /// out" does not find the change made after all. (Should the future be dropped during
    /// the commit itself, the commit stands.)
    pub async fn run<T, E>(
        &self,
        work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        self.perform(Mode::Transaction, work).await
    }

    /// Runs `work` as [`Store::run`] does, except that on PostgreSQL no transaction holds
    /// its statements together: each commits by itself, in one round trip instead of
    /// three (BEGIN, the statement, COMMIT), and it never waits on another transaction's
    /// serialization. For the hot reads (a session's check, `GET /contact-info`): work
    /// whose statements need no common snapshot, and whose writes, if any, are idempotent
    /// bookkeeping that may stand even when its caller gives up (a session's last use).
    /// On SQLite it is [`Store::run`]: there a transaction costs no round trip.
    pub async fn read<T, E>(
        &self,
        work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        self.perform(Mode::Autocommit, work).await
    }

    async fn perform<T, E>(
        &self,
        mode: Mode,
        work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let waiting = Waiting::new();
        let abandoned = waiting.abandoned.clone();
        let outcome = match &*self.pool {
            Pool::Sqlite(worker) => worker.run(abandoned, work).await,
            Pool::Postgres(_) => {
                let pool = self.pool.clone();
                let runtime = tokio::runtime::Handle::current();
                tokio::task::spawn_blocking(move || {
                    let Pool::Postgres(pool) = &*pool else {
                        unreachable!("matched as PostgreSQL")
                    };
                    catch_unwind(AssertUnwindSafe(|| match mode {
                        Mode::Transaction => {
                            postgres::transaction(pool, &runtime, &abandoned, work)
                        }
                        Mode::Autocommit => postgres::autocommit(pool, &runtime, &abandoned, work),
                    }))
                    .unwrap_or_else(|panic| {
                        Err(Error::Panicked(panic_message(panic.as_ref())).into())
                    })
                })
                .await
                .map_err(Error::from)?
            }
        };
        waiting.finished();
        let (value, queued) = outcome?;
        if queued {
            self.queue_changed.notify_one();
        }
        Ok(value)
    }

    /// The PostgreSQL pool's state (`None` on SQLite: one connection, always open).
    pub fn pool_usage(&self) -> Option<PoolUsage> {
        match &*self.pool {
            Pool::Sqlite(_) => None,
            Pool::Postgres(pool) => {
                let status = pool.status();
                Some(PoolUsage {
                    max_size: status.max_size,
                    size: status.size,
                    available: status.available,
                    waiting: status.waiting,
                })
            }
        }
    }

    /// Answers when the database does: for the readiness probe.
    pub async fn ping(&self) -> Result<()> {
        self.run(|tx| tx.query_one("SELECT 1", args![]).map(drop))
            .await
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Self::Postgres(pool) = self {
            // Connections close in their own tasks; nothing here blocks.
            pool.close();
        }
    }
}

/// How [`Store::perform`] runs its work on PostgreSQL.
#[derive(Clone, Copy)]
enum Mode {
    /// In one SERIALIZABLE transaction.
    Transaction,
    /// Each statement by itself.
    Autocommit,
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

/// A panic's message (a `String` or `&str` payload).
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-text panic payload")
        .to_owned()
}

/// Whether the caller gave up waiting.
fn is_abandoned(abandoned: &AtomicBool) -> bool {
    abandoned.load(Ordering::SeqCst)
}

/// Audit timestamps (`created_at`, `updated_at`) are stored as RFC 3339 text.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Expiry and rate-limit times are stored as Unix seconds, so they compare as numbers.
pub(crate) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Only hashes of secrets (tokens) and of request bodies are stored, so a database leak
/// does not leak usable tokens.
fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// 128 random bits as 32 lower-case hex digits (made here, not by SQL: the dialects
/// differ).
fn random_hex() -> String {
    format!("{:032x}", rand::random::<u128>())
}

#[cfg(test)]
mod tests {
    use super::testing;
    use super::*;
    use portal_rules::model::Role;

    async fn count(store: &Store, sql: &'static str) -> i64 {
        store
            .run(move |tx| tx.query_one(sql, args![])?.get(0))
            .await
            .expect("counted")
    }

    #[tokio::test]
    async fn a_panic_inside_a_transaction_rolls_it_back_and_leaves_the_store_usable() {
        let store = testing::store(true).await;
        let panicked = store
            .run(|tx| -> Result<()> {
                tx.execute("UPDATE users SET name = 'Changed'", args![])?;
                panic!("boom while holding the connection")
            })
            .await;
        assert!(
            matches!(&panicked, Err(Error::Panicked(message)) if message == "boom while holding the connection"),
            "{panicked:?}"
        );
        let changed = count(&store, "SELECT count(*) FROM users WHERE name = 'Changed'").await;
        assert_eq!(changed, 0, "the panicking transaction was rolled back");
    }

    #[tokio::test]
    async fn transactions_are_durable_and_serial() {
        let store = testing::store(false).await;
        let settings = store
            .run(|tx| -> Result<Vec<String>> {
                let show = |sql: &str| -> Result<String> {
                    let value = tx.query_one(sql, args![])?.0.swap_remove(0);
                    Ok(match value {
                        Value::Int(number) => number.to_string(),
                        Value::Text(text) => text,
                        other => format!("{other:?}"),
                    })
                };
                match tx.backend() {
                    Backend::Sqlite => [
                        "PRAGMA journal_mode",
                        "PRAGMA synchronous",
                        "PRAGMA foreign_keys",
                        "PRAGMA busy_timeout",
                    ]
                    .into_iter()
                    .map(show)
                    .collect(),
                    Backend::Postgres => ["SHOW transaction_isolation", "SHOW fsync"]
                        .into_iter()
                        .map(show)
                        .collect(),
                }
            })
            .await
            .expect("settings");
        match store.backend() {
            // synchronous = FULL (2): WAL syncs on every commit, so an acknowledged write
            // survives a power loss (the crash test's kill -9 cannot show that).
            Backend::Sqlite => assert_eq!(settings, ["wal", "2", "1", "5000"]),
            // Durability is the server's configuration (the test cluster turns fsync off);
            // what the store sets is the isolation.
            Backend::Postgres => assert_eq!(settings[0], "serializable"),
        }
    }

    #[tokio::test]
    async fn a_transaction_whose_caller_gave_up_is_rolled_back() {
        let store = testing::store(true).await;
        let slow = store.run(|tx| -> Result<()> {
            tx.execute("UPDATE users SET name = 'Changed'", args![])?;
            std::thread::sleep(std::time::Duration::from_millis(300));
            Ok(())
        });
        // Like the request deadline: the caller stops waiting.
        let timed_out = tokio::time::timeout(std::time::Duration::from_millis(50), slow).await;
        assert!(timed_out.is_err());
        // Wait for the abandoned transaction to end (on SQLite the next one waits for the
        // connection anyway).
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let changed = count(&store, "SELECT count(*) FROM users WHERE name = 'Changed'").await;
        assert_eq!(changed, 0, "rolled back, not committed after the 503");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_compare_and_set_saves_lose_no_update() {
        // Like 20 PUTs with `If-Match: "0"` at once: on PostgreSQL the transactions really
        // overlap, and SERIALIZABLE with the retry must let exactly one of them through.
        let store = testing::store(true).await;
        let mut saves = tokio::task::JoinSet::new();
        for attempt in 0..20 {
            let store = store.clone();
            saves.spawn(async move {
                store
                    .run(move |tx| {
                        let mut contact = contact_info::load(tx, 1)?.contact;
                        contact.technical_emergency = vec![format!("a{attempt}@x.example")];
                        contact_info::save_if_version(tx, 1, 0, &contact, 1)
                    })
                    .await
            });
        }
        let mut accepted = 0;
        while let Some(result) = saves.join_next().await {
            if result.expect("joined").expect("no database error") {
                accepted += 1;
            }
        }
        let stored = store
            .run(|tx| contact_info::load(tx, 1))
            .await
            .expect("loaded");
        assert_eq!(
            (accepted, stored.version),
            (1, 1),
            "one save, the others refused"
        );
    }

    #[tokio::test]
    async fn expired_rows_are_purged_in_bounded_batches() {
        let store = testing::store(true).await;
        let old = now_unix() - 30 * 24 * 3600;
        store
            .run(move |tx| -> Result<()> {
                for index in 0..7 {
                    sign_in_tokens::insert(tx, &format!("expired-{index}"), 1, -60, None)?;
                    sessions::insert(tx, &format!("expired-{index}"), 1, -60, true)?;
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
                sessions::insert(tx, "live", 1, 600, true)?;
                tx.execute("UPDATE idempotency_keys SET created_at = ?1", args![old])?;
                tx.execute("UPDATE rate_limits SET window_start = ?1", args![old])?;
                tx.execute("UPDATE mail_queue SET finished_at = ?1", args![old])?;
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
                    tx.query_one(&format!("SELECT count(*) FROM {table}"), args![])?
                        .get(0)
                })
                .collect()
            })
            .await
            .expect("counted");
        assert_eq!(left, [3, 3, 2, 2, 2], "the rest next time; live rows stay");
    }

    /// The highest `?N` in `sql`.
    fn parameter_count(sql: &str) -> usize {
        sql.split('?')
            .skip(1)
            .filter_map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn every_purge_finds_its_rows_by_an_index() {
        let store = testing::store(false).await;
        let purges = [
            ("sign_in_tokens", sign_in_tokens::PURGE),
            ("sessions", sessions::PURGE),
            ("idempotency_keys", idempotency::PURGE),
            ("mail_queue", mail_queue::PURGE),
            ("rate_limits", rate_limits::PURGE),
            ("known_devices", known_devices::PURGE),
            ("change_history", history::PURGE),
        ];
        store
            .run(move |tx| -> Result<()> {
                if tx.backend() == Backend::Postgres {
                    // With sequential scans priced out, a plan that still has one has no
                    // index to use (tiny test tables would otherwise always be scanned).
                    tx.execute("SET LOCAL enable_seqscan = off", args![])?;
                }
                for (table, sql) in purges {
                    let parameters = vec![Param::Int(0); parameter_count(sql)];
                    let (explain, column) = match tx.backend() {
                        Backend::Sqlite => ("EXPLAIN QUERY PLAN", 3),
                        Backend::Postgres => ("EXPLAIN", 0),
                    };
                    let plan = tx
                        .query(&format!("{explain} {sql}"), &parameters)?
                        .iter()
                        .map(|row| row.get::<String>(column))
                        .collect::<Result<Vec<_>>>()?;
                    let scan = match tx.backend() {
                        Backend::Sqlite => format!("SCAN {table}"),
                        Backend::Postgres => format!("Seq Scan on {table}"),
                    };
                    for step in &plan {
                        assert!(!step.contains(&scan), "{table}: a full scan in {plan:?}");
                    }
                    assert!(
                        plan.iter()
                            .any(|step| step.to_lowercase().contains("index")),
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
            let connection = rusqlite::Connection::open(&path).expect("open");
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
                usize::try_from(accounts).ok(),
                Some(schema::DEMO_ACCOUNTS.len()),
                "round {round}: seeded once"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn replicas_starting_together_on_a_fresh_database_migrate_and_seed_it_once() {
        if testing::backend() != Backend::Postgres {
            return; // SQLite: the test above, with threads on one file.
        }
        for round in 0..3 {
            let (database, _dir) = testing::database().await;
            let opened = futures_util::future::join_all((0..4).map(|_| {
                let database = database.clone();
                tokio::spawn(async move {
                    Store::connect(&database, true, PoolOptions::default()).await
                })
            }))
            .await;
            let mut stores = Vec::new();
            for store in opened {
                let store = store.expect("joined");
                assert!(store.is_ok(), "round {round}: {:?}", store.err());
                stores.extend(store);
            }
            let (version, accounts) = stores[0]
                .run(|tx| -> Result<(i64, i64)> {
                    let version = tx.query_one("SELECT version FROM schema_version", args![])?;
                    let accounts = tx.query_one("SELECT count(*) FROM accounts", args![])?;
                    Ok((version.get(0)?, accounts.get(0)?))
                })
                .await
                .expect("read");
            assert_eq!(
                usize::try_from(version).ok(),
                Some(schema::POSTGRES_MIGRATION_COUNT),
                "round {round}"
            );
            assert_eq!(
                usize::try_from(accounts).ok(),
                Some(schema::DEMO_ACCOUNTS.len()),
                "round {round}: seeded once"
            );
        }
    }

    /// Pooled connections the database closed (a restart, an idle-connection killer) are
    /// replaced when they are next taken, without failing a transaction.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn connections_the_database_closed_are_replaced_without_failing_a_transaction() {
        if testing::backend() != Backend::Postgres {
            return; // SQLite: one connection to a file, nothing to close it.
        }
        let store = testing::store(false).await;
        let concurrently = || {
            futures_util::future::join_all((0..4).map(|_| {
                store.run(|tx| {
                    tx.query_one("SELECT 1 FROM pg_sleep(0.05)", args![])
                        .map(drop)
                })
            }))
        };
        // Four pooled connections, then every one but the killer's ended by the server
        // (waiting until each is gone).
        assert!(concurrently().await.iter().all(Result::is_ok));
        let killed: i64 = store
            .run(|tx| {
                tx.query_one(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))                      FROM pg_stat_activity                      WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    args![],
                )?
                .get(0)
            })
            .await
            .expect("terminate");
        assert!(killed >= 1, "{killed} connections ended");
        for outcome in concurrently().await {
            assert!(outcome.is_ok(), "{outcome:?}");
        }
    }

    /// A read whose connection is gone before any of its statements ran runs again on
    /// another one; once a statement has run, a lost connection is the read's error (what
    /// ran stands, and running it twice is not this layer's call).
    #[tokio::test]
    async fn a_read_that_lost_its_connection_before_any_statement_runs_on_another() {
        if testing::backend() != Backend::Postgres {
            return; // SQLite: one connection to a file, nothing to close it.
        }
        let store = testing::store(false).await;
        // The connection's server process ends itself, as a restart would end it.
        let end_connection = "SELECT pg_terminate_backend(pg_backend_pid())";
        let attempts = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counted = attempts.clone();
        let value: i64 = store
            .read(move |tx| {
                if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                    tx.query_one(end_connection, args![])?;
                }
                tx.query_one("SELECT 7", args![])?.get(0)
            })
            .await
            .expect("read on another connection");
        assert_eq!((value, attempts.load(Ordering::SeqCst)), (7, 2));

        let attempts = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counted = attempts.clone();
        let lost = store
            .read(move |tx| {
                counted.fetch_add(1, Ordering::SeqCst);
                tx.query_one("SELECT 1", args![])?;
                tx.query_one(end_connection, args![]).map(drop)
            })
            .await;
        assert!(lost.is_err(), "{lost:?}");
        assert_eq!(attempts.load(Ordering::SeqCst), 1, "not run again");
    }

    /// [`Store::read`] on PostgreSQL: no transaction holds its statements together, so one
    /// that failed does not take back one that ran, and no SERIALIZABLE snapshot is taken.
    /// On SQLite it is a transaction, as [`Store::run`].
    #[tokio::test]
    async fn a_read_runs_each_statement_by_itself_on_postgresql() {
        let store = testing::store(true).await;
        let failed = store
            .read(|tx| -> Result<()> {
                tx.execute("UPDATE users SET name = 'Touched'", args![])?;
                tx.execute("UPDATE users SET no_such_column = 1", args![])?;
                Ok(())
            })
            .await;
        assert!(failed.is_err());
        let touched = count(&store, "SELECT count(*) FROM users WHERE name = 'Touched'").await;
        match store.backend() {
            Backend::Postgres => {
                assert!(touched > 0, "the first statement stands");
                let isolation: String = store
                    .read(|tx| tx.query_one("SHOW transaction_isolation", args![])?.get(0))
                    .await
                    .expect("shown");
                assert_eq!(isolation, "read committed");
            }
            Backend::Sqlite => assert_eq!(touched, 0, "one transaction, rolled back"),
        }
    }

    /// A database from before re-confirmation existed: its contact information counts as
    /// confirmed when it was last saved (so no banner at once), and a row whose save time
    /// can't be read is due for review rather than failing the migration.
    #[tokio::test]
    async fn an_old_databases_contact_information_counts_as_confirmed_when_it_was_last_saved() {
        const OLD_ROWS: &str = "INSERT INTO integration_types (code, uses_merchant_contact) \
             VALUES ('old', FALSE); \
             INSERT INTO accounts (id, partner_id, name, integration, production_enabled) \
             VALUES (1, 'old-1', 'Saved', 'old', FALSE), (2, 'old-2', 'Unreadable', 'old', FALSE); \
             INSERT INTO contact_info (account_id, version, data, updated_at) \
             VALUES (1, 3, '{}', '2024-05-01T10:00:00Z'), (2, 1, '{}', 'yesterday')";
        let (sqlite, postgres) = schema::migrations_before("ADD COLUMN confirmed_at");
        let (database, _dir) = match testing::backend() {
            Backend::Sqlite => {
                let (database, dir) = testing::database().await;
                let Database::Sqlite(path) = &database else {
                    unreachable!("SQLite tests get a file")
                };
                let connection = rusqlite::Connection::open(path).expect("open");
                for migration in sqlite {
                    connection.execute_batch(migration).expect("old migration");
                }
                connection
                    .pragma_update(None, "user_version", sqlite.len())
                    .expect("version");
                connection.execute_batch(OLD_ROWS).expect("old rows");
                (database, dir)
            }
            Backend::Postgres => {
                let url = tokio::task::spawn_blocking(testing::test_cluster::fresh_database_url)
                    .await
                    .expect("cluster");
                let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                let connection = tokio::spawn(connection);
                for migration in postgres {
                    client
                        .batch_execute(migration)
                        .await
                        .expect("old migration");
                }
                client
                    .batch_execute(&format!(
                        "CREATE TABLE schema_version (version BIGINT NOT NULL); \
                         INSERT INTO schema_version VALUES ({}); {OLD_ROWS}",
                        postgres.len()
                    ))
                    .await
                    .expect("old rows");
                drop(client);
                connection.await.expect("joined").expect("closed");
                (url.parse().expect("a PostgreSQL URL"), None)
            }
        };
        let store = Store::connect(&database, false, PoolOptions::default())
            .await
            .expect("migrated");
        let confirmed = store
            .run(|tx| -> Result<Vec<Option<i64>>> {
                tx.query(
                    "SELECT confirmed_at FROM contact_info ORDER BY account_id",
                    args![],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect()
            })
            .await
            .expect("read");
        let saved = chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
            .expect("a time")
            .timestamp();
        assert_eq!(confirmed, vec![Some(saved), None]);
    }

    #[tokio::test]
    async fn a_database_from_a_newer_binary_is_refused() {
        let test = testing::store(false).await;
        let (store, database) = (test.store.clone(), test.database.clone());
        store
            .run(|tx| match tx.backend() {
                Backend::Sqlite => tx.execute("PRAGMA user_version = 999", args![]),
                Backend::Postgres => tx.execute("UPDATE schema_version SET version = 999", args![]),
            })
            .await
            .expect("version set");
        drop(store);
        drop(test.store);
        let error = Store::connect(&database, false, PoolOptions::default())
            .await
            .err()
            .expect("refused");
        assert!(
            matches!(error, Error::NewerSchema { found: 999, .. }),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_stored_value_is_an_error_not_a_default() {
        let row = Row(vec![Value::Text("editor".into()), Value::Null]);
        assert_eq!(row.parse::<Role>(0).expect("known"), Role::Editor);
        assert_eq!(row.parse_optional::<Role>(1).expect("null"), None);
        let row = Row(vec![
            Value::Text("owner".into()),
            Value::Text("owner".into()),
        ]);
        for error in [
            row.parse::<Role>(0).expect_err("unknown"),
            row.parse_optional::<Role>(1).expect_err("unknown"),
        ] {
            assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        }
        let row = Row(vec![Value::Int(3), Value::Text("1".into())]);
        assert!(row.get::<bool>(0).is_err(), "only 0 and 1 are booleans");
        assert!(row.get::<i64>(1).is_err(), "text is not a number");
    }

    #[test]
    fn placeholders_are_rewritten_for_postgresql_outside_quoted_text() {
        assert_eq!(
            dollar_placeholders("a = ?1 AND b = '?2' AND c IN (?12, ?3) AND d = '' || ?4"),
            "a = $1 AND b = '?2' AND c IN ($12, $3) AND d = '' || $4"
        );
    }

    #[test]
    fn a_postgresql_url_is_shown_without_its_password() {
        let database: Database = "postgres://portal:s3cret@db.example:5433/portal?sslmode=disable"
            .parse()
            .expect("a URL");
        assert!(matches!(database, Database::Postgres(_)));
        for shown in [database.to_string(), format!("{database:?}")] {
            assert_eq!(shown, "postgres://portal@db.example:5433/portal");
        }
        let error = "postgresql://portal:s3cret@db.example:port/portal"
            .parse::<Database>()
            .expect_err("a bad port");
        assert!(!error.contains("s3cret"), "{error}");
        assert!(matches!(
            "data/portal.sqlite3".parse::<Database>(),
            Ok(Database::Sqlite(path)) if path == Path::new("data/portal.sqlite3")
        ));
    }
}
