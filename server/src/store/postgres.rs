//! The PostgreSQL driver: `tokio-postgres` connections from a bounded `deadpool-postgres`
//! pool, used from [`super::Store::run`]'s blocking thread through the runtime's handle;
//! SERIALIZABLE transactions, run again when they fail to serialize, or (for
//! [`super::Store::read`]) statements that each commit by themselves.

use super::{
    Db, Error, Param, PoolOptions, Result, Row, Tx, Value, dollar_placeholders, is_abandoned,
    schema,
};
use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod, Runtime};
use std::cell::Cell;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{IsolationLevel, NoTls};

/// How often a transaction that failed to serialize runs at most.
pub(super) const MAX_ATTEMPTS: u32 = 10;

/// Where a session's statements run, and the runtime that drives its connection.
pub(super) struct Session<'c> {
    on: On<'c>,
    runtime: Handle,
    /// Set once a statement has run to completion.
    ran: Cell<bool>,
    /// Set when a statement found the connection gone.
    lost: Cell<bool>,
}

enum On<'c> {
    /// An open transaction.
    Transaction(deadpool_postgres::Transaction<'c>),
    /// The bare connection: each statement is a transaction of its own.
    Autocommit(&'c deadpool_postgres::Client),
}

impl<'c> Session<'c> {
    fn new(on: On<'c>, runtime: &Handle) -> Self {
        Self {
            on,
            runtime: runtime.clone(),
            ran: Cell::new(false),
            lost: Cell::new(false),
        }
    }
}

/// An error with its causes, which `tokio-postgres` keeps out of its own message (the
/// server's text, the I/O error). None of them contains the connection's password.
pub(super) fn describe(error: &tokio_postgres::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Whether running the transaction again may succeed.
fn is_retryable(error: &tokio_postgres::Error) -> bool {
    error.code().is_some_and(|code| {
        *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED
    })
}

/// Whether the connection is gone (closed, or the server is ending it): nothing more can
/// run on it.
fn is_connection_lost(error: &tokio_postgres::Error) -> bool {
    error.is_closed()
        || error.code().is_some_and(|code| {
            // Class 08: connection exception; 57P: the server is shutting down or restarting.
            code.code().starts_with("08") || code.code().starts_with("57P")
        })
}

fn pool_error(error: &deadpool_postgres::PoolError) -> Error {
    match error {
        deadpool_postgres::PoolError::Backend(error) => Error::Pool(describe(error)),
        deadpool_postgres::PoolError::Timeout(kind) => Error::PoolTimeout(match kind {
            deadpool_postgres::TimeoutType::Wait => "waiting for a free connection",
            deadpool_postgres::TimeoutType::Create => "connecting",
            deadpool_postgres::TimeoutType::Recycle => "checking an idle connection",
        }),
        other => Error::Pool(other.to_string()),
    }
}

/// Builds the pool and migrates the database.
pub(super) async fn connect(
    config: &tokio_postgres::Config,
    options: PoolOptions,
) -> Result<deadpool_postgres::Pool> {
    let mut config = config.clone();
    config.connect_timeout(options.connect_timeout);
    if config.get_application_name().is_none() {
        config.application_name("portal-server");
    }
    if let Some(limit) = options.statement_timeout {
        // A startup option, so it holds from the connection's first statement on (the
        // URL's own `options` are kept).
        let setting = format!("-c statement_timeout={}", limit.as_millis());
        let options = match config.get_options() {
            Some(given) => format!("{given} {setting}"),
            None => setting,
        };
        config.options(&options);
    }
    let manager = Manager::from_config(
        config,
        NoTls,
        // Fast: a pooled connection is handed out unless its connection task saw it close
        // (the server's goodbye or the socket's end), without the round trip `Verified`
        // made before every transaction (two of the eight a signed-in GET took). One
        // whose end is still in flight fails at its BEGIN, before any work ran, and
        // `transaction` takes another connection (a test ends the pool's connections).
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let pool = deadpool_postgres::Pool::builder(manager)
        .max_size(options.max_size.max(1))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(options.acquire_timeout))
        .create_timeout(Some(options.connect_timeout))
        .recycle_timeout(Some(options.connect_timeout))
        .build()
        .map_err(|error| Error::Pool(error.to_string()))?;
    let mut client = pool.get().await.map_err(|error| pool_error(&error))?;
    // No statement limit while migrating: a replica may wait on the advisory lock while
    // another one migrates. RESET goes back to the connection's startup setting.
    client.batch_execute("SET statement_timeout = 0").await?;
    schema::migrate_postgres(&mut client).await?;
    client.batch_execute("RESET statement_timeout").await?;
    drop(client);
    Ok(pool)
}

/// Runs `work` in a SERIALIZABLE transaction on a pooled connection and commits it,
/// unless the caller gave up meanwhile; a serialization failure or deadlock (in `work` or
/// at the commit) rolls back and runs `work` again, up to [`MAX_ATTEMPTS`] times in all.
/// Returns the value and whether the committed transaction queued work.
pub(super) fn transaction<T, E>(
    pool: &deadpool_postgres::Pool,
    runtime: &Handle,
    abandoned: &AtomicBool,
    mut work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<(T, bool), E>
where
    E: From<Error>,
{
    let mut client = checkout(pool, runtime)?;
    // Connections found closed at BEGIN: each is replaced, up to the pool's size (after a
    // database restart every pooled connection may be).
    let mut closed = 0;
    let mut replace = false;
    let mut attempt = 1;
    loop {
        if replace {
            // Out of the pool first: a pool of one would otherwise wait for it.
            discard(client);
            client = checkout(pool, runtime)?;
            replace = false;
        }
        let begun = runtime.block_on(
            client
                .build_transaction()
                .isolation_level(IsolationLevel::Serializable)
                .start(),
        );
        let transaction = match begun {
            Ok(transaction) => transaction,
            Err(error) if is_connection_lost(&error) && closed < pool.status().max_size => {
                // Nothing ran on it: another connection may take the transaction.
                closed += 1;
                replace = true;
                continue;
            }
            Err(error) => return Err(Error::from(error).into()),
        };
        let tx = Tx::new(Db::Postgres(Session::new(
            On::Transaction(transaction),
            runtime,
        )));
        let outcome = work(&tx);
        let (queued, retry) = (tx.queued.get(), tx.retry.get());
        let Db::Postgres(Session {
            on: On::Transaction(transaction),
            ..
        }) = tx.db
        else {
            unreachable!("a PostgreSQL transaction")
        };
        let again = attempt < MAX_ATTEMPTS && !is_abandoned(abandoned);
        if retry && again {
            let _ = runtime.block_on(transaction.rollback());
            back_off(attempt);
            attempt += 1;
            continue;
        }
        let value = match outcome {
            Ok(value) if !retry => value,
            Ok(_) => {
                // `work` swallowed the failure: the transaction is aborted all the same.
                let _ = runtime.block_on(transaction.rollback());
                return Err(Error::Serialization(attempt).into());
            }
            Err(error) => {
                let _ = runtime.block_on(transaction.rollback());
                return Err(error);
            }
        };
        if is_abandoned(abandoned) {
            let _ = runtime.block_on(transaction.rollback());
            return Err(Error::Abandoned.into());
        }
        match runtime.block_on(transaction.commit()) {
            Ok(()) => return Ok((value, queued)),
            Err(error) if is_retryable(&error) && again => {
                back_off(attempt);
                attempt += 1;
            }
            Err(error) => return Err(Error::from(error).into()),
        }
    }
}

/// Runs `work` on a pooled connection outside any transaction: each statement commits by
/// itself, in one round trip (a transaction adds BEGIN and COMMIT, two more). When the
/// connection turns out to be gone before any statement ran, `work` runs again on
/// another one, up to the pool's size (as [`transaction`] does at BEGIN). Returns the
/// value and whether `work` queued work.
pub(super) fn autocommit<T, E>(
    pool: &deadpool_postgres::Pool,
    runtime: &Handle,
    abandoned: &AtomicBool,
    mut work: impl FnMut(&Tx<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<(T, bool), E>
where
    E: From<Error>,
{
    let mut closed = 0;
    loop {
        if is_abandoned(abandoned) {
            return Err(Error::Abandoned.into());
        }
        let client = checkout(pool, runtime)?;
        let tx = Tx::new(Db::Postgres(Session::new(On::Autocommit(&client), runtime)));
        let outcome = work(&tx);
        let Db::Postgres(session) = &tx.db else {
            unreachable!("a PostgreSQL session")
        };
        let untouched = session.lost.get() && !session.ran.get();
        let queued = tx.queued.get();
        drop(tx);
        if outcome.is_err() && untouched && closed < pool.status().max_size {
            // Nothing ran on it: another connection may take the work.
            closed += 1;
            discard(client);
            continue;
        }
        return outcome.map(|value| (value, queued));
    }
}

/// Closes a connection found gone and takes it out of the pool, which opens another in
/// its place when one is next wanted. Returned to the pool instead, it could be handed
/// out again before its connection task has seen the end.
fn discard(client: deadpool_postgres::Object) {
    drop(deadpool_postgres::Object::take(client));
}

/// A connection from the pool, waiting at most the pool's timeout for a free one.
fn checkout(pool: &deadpool_postgres::Pool, runtime: &Handle) -> Result<deadpool_postgres::Object> {
    runtime
        .block_on(pool.get())
        .map_err(|error| pool_error(&error))
}

/// A short random pause before running a transaction again, longer after each failure,
/// so the transactions it collided with can finish.
fn back_off(attempt: u32) {
    use rand::Rng as _;
    let ceiling = 2_u64 << attempt.min(6);
    std::thread::sleep(Duration::from_millis(rand::rng().random_range(1..=ceiling)));
}

impl Session<'_> {
    fn statement(&self, sql: &str, retry: &Cell<bool>) -> Result<tokio_postgres::Statement> {
        let sql = dollar_placeholders(sql);
        let prepared = match &self.on {
            On::Transaction(transaction) => self.runtime.block_on(transaction.prepare_cached(&sql)),
            On::Autocommit(client) => self.runtime.block_on(client.prepare_cached(&sql)),
        };
        prepared.map_err(|error| self.failed(error, retry))
    }

    /// The statement's outcome, noting that one ran or why it failed.
    fn outcome<T>(
        &self,
        outcome: std::result::Result<T, tokio_postgres::Error>,
        retry: &Cell<bool>,
    ) -> Result<T> {
        match outcome {
            Ok(value) => {
                self.ran.set(true);
                Ok(value)
            }
            Err(error) => Err(self.failed(error, retry)),
        }
    }

    /// Notes whether running the work again may cure `error`.
    fn failed(&self, error: tokio_postgres::Error, retry: &Cell<bool>) -> Error {
        if is_retryable(&error) {
            retry.set(true);
        }
        if is_connection_lost(&error) {
            self.lost.set(true);
        }
        Error::from(error)
    }

    /// The connection, in the transaction or not (a transaction's statements go over its
    /// connection after its BEGIN, as `tokio_postgres::Transaction`'s own methods send them).
    fn client(&self) -> &tokio_postgres::Client {
        match &self.on {
            On::Transaction(transaction) => transaction.client(),
            On::Autocommit(client) => client,
        }
    }

    pub(super) fn execute(
        &self,
        sql: &str,
        params: &[Param<'_>],
        retry: &Cell<bool>,
    ) -> Result<usize> {
        let statement = self.statement(sql, retry)?;
        let changed = self.outcome(
            self.runtime
                .block_on(self.client().execute(&statement, &bound(params))),
            retry,
        )?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn query(
        &self,
        sql: &str,
        params: &[Param<'_>],
        retry: &Cell<bool>,
    ) -> Result<Vec<Row>> {
        let statement = self.statement(sql, retry)?;
        let rows = self.outcome(
            self.runtime
                .block_on(self.client().query(&statement, &bound(params))),
            retry,
        )?;
        rows.iter().map(row).collect()
    }
}

/// The parameters as `tokio-postgres` takes them.
fn bound<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|param| param as &(dyn ToSql + Sync))
        .collect()
}

fn row(row: &tokio_postgres::Row) -> Result<Row> {
    (0..row.len())
        .map(|index| {
            let decode = |error: tokio_postgres::Error| Error::Decode {
                index,
                detail: describe(&error),
            };
            let value = match *row.columns()[index].type_() {
                Type::INT8 => row
                    .try_get::<_, Option<i64>>(index)
                    .map(|v| v.map(Value::Int)),
                Type::INT4 => row
                    .try_get::<_, Option<i32>>(index)
                    .map(|v| v.map(|number| Value::Int(number.into()))),
                Type::INT2 => row
                    .try_get::<_, Option<i16>>(index)
                    .map(|v| v.map(|number| Value::Int(number.into()))),
                Type::BOOL => row
                    .try_get::<_, Option<bool>>(index)
                    .map(|v| v.map(Value::Bool)),
                Type::FLOAT8 => row
                    .try_get::<_, Option<f64>>(index)
                    .map(|v| v.map(Value::Real)),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => row
                    .try_get::<_, Option<String>>(index)
                    .map(|v| v.map(Value::Text)),
                ref other => {
                    return Err(Error::Decode {
                        index,
                        detail: format!("unsupported column type {other}"),
                    });
                }
            };
            Ok(value.map_err(decode)?.unwrap_or(Value::Null))
        })
        .collect::<Result<Vec<_>>>()
        .map(Row)
}

/// Binds a [`Param`] to whatever type PostgreSQL inferred for its placeholder: integers
/// to any integer type that holds them, booleans to `boolean` (or 0/1 integers), text to
/// any text type.
impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (*self, ty) {
            (Self::Null, _) => Ok(IsNull::Yes),
            (Self::Int(number), &Type::INT8) => number.to_sql(ty, out),
            (Self::Int(number), &Type::INT4) => i32::try_from(number)?.to_sql(ty, out),
            (Self::Int(number), &Type::INT2) => i16::try_from(number)?.to_sql(ty, out),
            (Self::Int(number @ (0 | 1)), &Type::BOOL) => (number == 1).to_sql(ty, out),
            (Self::Bool(flag), &Type::BOOL) => flag.to_sql(ty, out),
            (Self::Bool(flag), &Type::INT8) => i64::from(flag).to_sql(ty, out),
            (Self::Bool(flag), &Type::INT4) => i32::from(flag).to_sql(ty, out),
            (Self::Text(text), &(Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME)) => {
                text.to_sql(ty, out)
            }
            // The value itself stays out of the message (it may be an address).
            (param, ty) => {
                Err(format!("cannot bind {} to a {ty} placeholder", param.kind()).into())
            }
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`.
        true
    }

    to_sql_checked!();
}
