//! Partner Portal API server: JSON API under `/api/v1` over an embedded SQLite database,
//! optionally serving the built SPA.
//!
//! Modules and what each may use, so there are no cycles:
//! - `http`: router, middleware, extractors and one module per resource; uses `state`,
//!   `error`, `auth`, `mail` and `store`. Only this file uses `http`.
//! - `auth` (sign-in links, sessions) and `mail` (messages, sent through the outbox) use
//!   `store`; `error` (the problem documents) and `state` (what handlers reach) name it.
//! - `store`: every SQL statement, one module per entity; uses only `portal_rules`.

mod auth;
mod config;
mod error;
mod http;
mod mail;
mod state;
mod store;

pub use config::Config;

use state::AppState;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info".into());
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// Why the server could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("database {path}: {source}")]
    Database {
        path: std::path::PathBuf,
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

/// Opens the database (migrating and seeding it) and serves on `listener`. Tests bind
/// 127.0.0.1:0 and use this directly.
pub async fn start(listener: TcpListener, config: Config) -> Result<RunningServer, ServerError> {
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Listen {
            addr: config.addr,
            source,
        })?;
    // Opening migrates (and may seed): file I/O, so off the async threads.
    let (path, seed_demo) = (config.database.clone(), config.seeds_demo_data());
    let store = tokio::task::spawn_blocking(move || store::Store::open(&path, seed_demo))
        .await?
        .map_err(|source| ServerError::Database {
            path: config.database.clone(),
            source,
        })?;
    let lifetime = config.shutdown_after_secs;
    let app = http::router(AppState::new(store, config));
    let (shutdown, mut stop) = watch::channel(false);
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
        };
        tracing::info!("listening on http://{addr}");
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
            .map_err(ServerError::Serve)
    });
    Ok(RunningServer {
        addr,
        shutdown,
        finished,
    })
}
