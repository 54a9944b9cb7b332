//! What every handler can reach: the store, the configuration and the rate limits.

use crate::config::Config;
use crate::limits::Limits;
use crate::live::Live;
use crate::metrics::Metrics;
use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub limits: Limits,
    pub metrics: Metrics,
    /// The account feeds behind `GET /api/v1/events`.
    pub live: Live,
    /// False once shutdown began: the readiness probe then fails, so a load balancer stops
    /// sending new requests while the running ones finish.
    accepting: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(store: Store, config: Config, metrics: Metrics) -> Self {
        Self {
            live: Live::new(store.clone()),
            store,
            metrics,
            limits: Limits {
                enabled: !config.no_rate_limits,
            },
            config: Arc::new(config),
            accepting: Arc::new(AtomicBool::new(true)),
        }
    }

    /// Cookies carry `Secure` (and the `__Host-` name) except in dev mode (plain http on
    /// localhost).
    pub fn secure_cookies(&self) -> bool {
        !self.config.dev
    }

    pub fn is_accepting(&self) -> bool {
        self.accepting.load(Ordering::Relaxed)
    }

    /// Also ends the live streams, which would otherwise hold the shutdown until its
    /// deadline.
    pub fn stop_accepting(&self) {
        self.accepting.store(false, Ordering::Relaxed);
        self.live.close();
    }
}
