//! What every handler can reach: the store and the configuration.

use crate::config::Config;
use crate::store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
        }
    }

    /// Cookies carry `Secure` except in dev mode (plain http on localhost).
    pub fn secure_cookies(&self) -> bool {
        !self.config.dev
    }
}
