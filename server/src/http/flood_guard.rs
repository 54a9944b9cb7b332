//! The per-replica flood guard in front of the sign-in endpoints: an in-memory token bucket
//! per client IP (`tower_governor`), so a flood from one source is turned away before it
//! touches the database. The business limits (per address, account, user, overall) are in
//! the database: see `crate::limits`.
//!
//! It stays in each process on purpose, also with several replicas on PostgreSQL: it is a
//! denial-of-service guard, whose point is to cost nothing (no database round trip) per
//! refused request. Behind N replicas one source gets up to N bursts; every limit that
//! protects an account or an inbox is counted in the database and holds across replicas.

use super::extract::ClientIp;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::http::Request;
use axum::response::IntoResponse;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

/// Requests one source may send at once...
const BURST: u32 = 30;
/// ...and how fast that allowance refills (one request per period).
const REFILL: Duration = Duration::from_secs(2);
/// The same for a whole IPv6 /48 (65 536 /64s): one site with many sources.
const NETWORK_BURST: u32 = 120;
const NETWORK_REFILL: Duration = Duration::from_millis(500);
/// How often sources that went quiet are forgotten, so memory stays flat.
const FORGET_EVERY: Duration = Duration::from_mins(1);

/// Keys requests by [`ClientIp`]: IPv4 by address, IPv6 by its first `SEGMENTS` groups
/// (4: the /64 of one subscriber; 3: the /48 of one site).
#[derive(Debug, Clone, Copy)]
struct SourceKey<const SEGMENTS: usize>;

impl<const SEGMENTS: usize> KeyExtractor for SourceKey<SEGMENTS> {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(request
            .extensions()
            .get::<ClientIp>()
            .ok_or(GovernorError::UnableToExtractKey)?
            .prefix(SEGMENTS))
    }
}

fn refusal(error: GovernorError) -> axum::response::Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
            retry_after: Duration::from_secs(wait_time.max(1)),
        }
        .into_response(),
        other => ApiError::internal(format!("flood guard: {other}")).into_response(),
    }
}

/// `routes` behind a token bucket per [`SourceKey`]; sources that went quiet are forgotten
/// periodically.
fn limited<const SEGMENTS: usize>(
    routes: Router<AppState>,
    burst: u32,
    refill: Duration,
) -> Router<AppState> {
    let Some(config) = GovernorConfigBuilder::default()
        .period(refill)
        .burst_size(burst)
        .key_extractor(SourceKey::<SEGMENTS>)
        .finish()
    else {
        return routes;
    };
    let config = Arc::new(config);
    let limiter = Arc::downgrade(config.limiter());
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            loop {
                tokio::time::sleep(FORGET_EVERY).await;
                // Ends with the router.
                let Some(limiter) = limiter.upgrade() else {
                    return;
                };
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        });
    }
    routes.route_layer(tower_governor::GovernorLayer::new(config).error_handler(refusal))
}

/// `routes` behind the flood guard (unless rate limits are off): per source, and per IPv6
/// /48.
pub fn guard(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    if !state.limits.enabled {
        return routes;
    }
    let routes = limited::<4>(routes, BURST, REFILL);
    limited::<3>(routes, NETWORK_BURST, NETWORK_REFILL)
}
