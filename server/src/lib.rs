//! Partner Portal API server: JSON API under `/api/v1` over an embedded SQLite database,
//! optionally serving the built SPA.

mod auth;
mod config;
mod db;
mod idempotency;
mod mail;
mod problem;
mod routes;

pub use config::Config;

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info".into());
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// Binds `config.addr` and serves until SIGINT/SIGTERM (or the configured lifetime).
pub async fn run(config: Config) -> Result<(), String> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.addr))?;
    let server = start(listener, config).await?;
    let shutdown = server.shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        let _ = shutdown.send(true);
    });
    server.finished.await.map_err(|error| error.to_string())?
}

async fn wait_for_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return std::future::pending().await,
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
    pub finished: tokio::task::JoinHandle<Result<(), String>>,
}

/// Opens the database (migrating and seeding it) and serves on `listener`. Tests bind
/// 127.0.0.1:0 and use this directly.
pub async fn start(listener: TcpListener, config: Config) -> Result<RunningServer, String> {
    let addr = listener.local_addr().map_err(|error| error.to_string())?;
    let database = db::Db::open(&config.database, config.seeds_demo_data())
        .map_err(|error| format!("database {}: {error}", config.database.display()))?;
    let lifetime = config.shutdown_after_secs;
    let app = routes::router(routes::AppState::new(database, config));
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
                _ = timer => tracing::info!("configured lifetime over; shutting down"),
            }
        };
        tracing::info!("listening on http://{addr}");
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
            .map_err(|error| error.to_string())
    });
    Ok(RunningServer {
        addr,
        shutdown,
        finished,
    })
}
