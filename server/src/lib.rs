//! Partner Portal API server: JSON API under `/api/v1` over an embedded SQLite database or
//! PostgreSQL, optionally serving the built SPA, with a durable mail queue sent by a background
//! worker.
//!
//! Modules and what each may use, so there are no cycles:
//! - `http`: router, middleware, extractors and one module per resource; uses `state`,
//!   `error`, `auth`, `mail`, `limits` and `store`. Only this file uses `http`; its
//!   resource modules never use each other's loaders.
//! - `worker` (the mail worker and the purge task) uses `auth`, `mail`, `limits` and
//!   `store`. Only this file uses it.
//! - `metrics` (the Prometheus recorder) is used by `http` and `worker`; it names the
//!   store's `PoolUsage` only.
//! - `admin` (the provisioning subcommands: accounts, users, integration types) uses
//!   `auth`, `mail`, `config` and `store`. Only this file uses it.
//! - `auth` (sign-in links, sessions, sign-ins through an authenticating proxy) uses
//!   `mail` and `store`; `mail` (messages, the queue, the SMTP transport built from
//!   `config`) and `limits` (the business rate limits) use `store`; `error` (the problem
//!   documents) and `state` (what handlers reach) name it.
//! - `live` (the account feeds of `GET /api/v1/events`, polled from the change history)
//!   uses `store`; `state` names it.
//! - `store`: every SQL statement, one module per entity; uses only `portal_rules`.

mod admin;
mod auth;
mod config;
mod error;
mod http;
mod limits;
mod live;
mod mail;
mod metrics;
mod state;
mod store;
mod verification;
mod worker;

pub use admin::{AdminCommand, AdminError, administer};
pub use config::{Config, LogFormat};
pub use store::{Backend, Database, PoolOptions};

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt as _;

/// A client must send a request's headers within this time (no slowloris).
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// Open connections at most; further clients wait in the listen backlog.
const MAX_CONNECTIONS: usize = 1024;
/// A stop signal ends the process within this long: the drain (`--shutdown-drain-secs`,
/// still serving while /readyz fails), then running requests get the rest; then their
/// connections are dropped. The background workers stop meanwhile.
const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(30);
/// The background workers get this long to finish what they are doing, then are aborted.
const WORKER_STOP_DEADLINE: Duration = Duration::from_secs(5);

/// The server's logging on stdout: readable lines, or with `--log-format json` one JSON
/// object per line (`timestamp`, `level`, `target`, `message` and the event's fields at
/// the top level; `span` holds the request span's fields, e.g. the request id).
pub fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        // Colours only on a terminal: log collectors get plain lines.
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            .init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// Partner Portal API server. Every flag can also be set by its environment variable.
/// Secrets never come from flags: the SMTP password is read from `PORTAL_SMTP_PASSWORD`
/// or from the file `--smtp-password-file` names.
///
/// Without a command it serves. The commands provision a deployment's database (accounts,
/// their users, integration types); each takes its own flags after its name, `--database`
/// as the server does.
#[derive(Debug, clap::Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(flatten)]
    pub server: Config,
    #[command(subcommand)]
    pub command: Option<AdminCommand>,
}

/// Logging for the provisioning subcommands: warnings and their `audit` lines, on stderr
/// (stdout is for what they report).
pub fn init_admin_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "warn,audit=info".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Why the server could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// A flag is missing or unsafe; the text names it.
    #[error("{0}")]
    Config(String),
    #[error("database {database}: {source}")]
    Database {
        database: Database,
        source: store::Error,
    },
    #[error("serving failed: {0}")]
    Serve(std::io::Error),
    #[error("the server task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Binds `config.addr` and serves until SIGINT/SIGTERM (or the configured lifetime).
pub async fn run(config: Config) -> Result<(), ServerError> {
    let addr = config.addr;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Listen { addr, source })?;
    let server = start(listener, config).await?;
    let shutdown = server.shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        let _ = shutdown.send(true);
    });
    server.finished.await?
}

async fn wait_for_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
        // Without a SIGTERM handler, Ctrl+C still stops the server.
        let Ok(mut terminate) = terminate else {
            let _ = interrupt.await;
            return;
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

/// A running server.
pub struct RunningServer {
    pub addr: SocketAddr,
    /// Send `true` to stop gracefully.
    pub shutdown: watch::Sender<bool>,
    pub finished: tokio::task::JoinHandle<Result<(), ServerError>>,
}

/// Checks the configuration, opens the database (migrating and seeding it), starts the
/// mail worker and the purge task, and serves on `listener`. Tests bind 127.0.0.1:0 and use
/// this directly.
pub async fn start(listener: TcpListener, config: Config) -> Result<RunningServer, ServerError> {
    config.validate().map_err(ServerError::Config)?;
    let transport = mail::Transport::from_config(&config).map_err(ServerError::Config)?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Listen {
            addr: config.addr,
            source,
        })?;
    // Opening migrates (and may seed); the database is shown without a password.
    let store = store::Store::connect(
        &config.database,
        config.seeds_demo_data(),
        config.pool_options(),
    )
    .await
    .map_err(|source| ServerError::Database {
        database: config.database.clone(),
        source,
    })?;
    tracing::info!(database = %config.database, backend = ?store.backend(), "database ready");
    if config.dev {
        tracing::warn!(
            "development mode: every mail is shown at /api/dev/outbox; never expose this server"
        );
    }
    let lifetime = config.shutdown_after_secs;
    let drain = config.shutdown_drain();
    let (shutdown, mut stop) = watch::channel(false);
    // The workers stop when the server starts stopping, whatever made it stop.
    let (stop_workers, workers_stopping) = watch::channel(false);
    let metrics = metrics::Metrics::new();
    let workers = worker::spawn(
        store.clone(),
        transport,
        &config,
        metrics.clone(),
        &workers_stopping,
    );
    let state = AppState::new(store, config, metrics);
    let app = http::router(state.clone());
    let finished = tokio::spawn(async move {
        let stopped = async move {
            let timer = async {
                match lifetime {
                    Some(seconds) => tokio::time::sleep(Duration::from_secs(seconds)).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = stop.wait_for(|stop| *stop) => {}
                () = timer => tracing::info!("configured lifetime over; shutting down"),
            }
            let _ = stop_workers.send(true);
        };
        tracing::info!("listening on http://{addr}");
        let mut workers_stopping = workers_stopping;
        // The workers stop while the requests drain, within the same deadline.
        let (served, _) = tokio::join!(serve(listener, app, stopped, &state, drain), async {
            let _ = workers_stopping.wait_for(|stop| *stop).await;
            // A mail still being sent when they are aborted goes out again once its lease
            // ends (at least once, same Message-ID).
            shutdown_workers(workers).await
        });
        served
    });
    Ok(RunningServer {
        addr,
        shutdown,
        finished,
    })
}

async fn shutdown_workers(
    workers: Vec<tokio::task::JoinHandle<()>>,
) -> Result<(), tokio::time::error::Elapsed> {
    let aborts: Vec<_> = workers
        .iter()
        .map(tokio::task::JoinHandle::abort_handle)
        .collect();
    let joined = tokio::time::timeout(WORKER_STOP_DEADLINE, async {
        for worker in workers {
            let _ = worker.await;
        }
    })
    .await;
    if joined.is_err() {
        for abort in aborts {
            abort.abort();
        }
    }
    joined
}

/// Accepts HTTP/1.1 connections until `stopped`; then /readyz fails while connections are
/// still accepted for `drain` (so a load balancer notices and stops sending new requests);
/// then the listener closes and running requests get the rest of [`SHUTDOWN_DEADLINE`].
/// Each connection must send its headers within [`HEADER_DEADLINE`]; at most
/// [`MAX_CONNECTIONS`] are open at once. Handlers see the peer address as
/// `ConnectInfo<SocketAddr>`.
async fn serve(
    listener: TcpListener,
    app: axum::Router,
    stopped: impl Future<Output = ()>,
    state: &AppState,
    drain: Duration,
) -> Result<(), ServerError> {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE);
    let acceptor = Acceptor {
        listener: &listener,
        app: &app,
        builder: &builder,
        graceful: &graceful,
        slots: &slots,
    };
    acceptor.accept_until(stopped).await;
    state.stop_accepting();
    if !drain.is_zero() {
        tracing::info!(
            "stopping: /readyz fails; still serving for {} s",
            drain.as_secs()
        );
        acceptor.accept_until(tokio::time::sleep(drain)).await;
    }
    drop(listener);
    tracing::info!("stopping: no new connections; running requests may finish");
    if tokio::time::timeout(SHUTDOWN_DEADLINE.saturating_sub(drain), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "shutdown deadline of {} s passed; dropping the connections left",
            SHUTDOWN_DEADLINE.as_secs()
        );
    }
    Ok(())
}

/// What accepting a connection takes.
struct Acceptor<'a> {
    listener: &'a TcpListener,
    app: &'a axum::Router,
    builder: &'a hyper::server::conn::http1::Builder,
    graceful: &'a GracefulShutdown,
    slots: &'a Arc<Semaphore>,
}

impl Acceptor<'_> {
    /// Accepts connections, each served on its own task, until `until` completes.
    async fn accept_until(&self, until: impl Future<Output = ()>) {
        tokio::pin!(until);
        loop {
            let slot = tokio::select! {
                slot = self.slots.clone().acquire_owned() => match slot {
                    Ok(slot) => slot,
                    Err(_) => return,
                },
                () = &mut until => return,
            };
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // E.g. too many open files: wait instead of spinning.
                        tracing::warn!("accepting a connection failed: {error}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                () = &mut until => return,
            };
            let service = self.app.clone().map_request(
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                },
            );
            let connection = self
                .builder
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let connection = self.graceful.watch(connection);
            tokio::spawn(async move {
                let _ = connection.await;
                drop(slot);
            });
        }
    }
}
