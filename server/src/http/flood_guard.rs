//! The per-replica flood guard in front of the sign-in endpoints: an in-memory token bucket
//! per client IP (`tower_governor`), so a flood from one source is turned away before it
//! touches the database. The business limits (per address, account, user, overall) are in
//! the database: see `crate::limits`.

use super::extract::ClientIp;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::http::Request;
use axum::response::IntoResponse;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

/// Requests one source may send at once...
const BURST: u32 = 30;
/// ...and how fast that allowance refills (one request per period).
const REFILL: Duration = Duration::from_secs(2);
/// How often sources that went quiet are forgotten, so memory stays flat.
const FORGET_EVERY: Duration = Duration::from_mins(1);

/// Keys requests by [`ClientIp`] (IPv6 by its /64).
#[derive(Debug, Clone, Copy)]
struct SourceKey;

impl KeyExtractor for SourceKey {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let ip = request
            .extensions()
            .get::<ClientIp>()
            .ok_or(GovernorError::UnableToExtractKey)?
            .0;
        Ok(match ip {
            IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(Ipv6Addr::from(segments))
            }
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            IpAddr::V4(_) => ip,
        })
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

/// `routes` behind the flood guard (unless rate limits are off).
pub fn guard(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    if !state.limits.enabled {
        return routes;
    }
    let Some(config) = GovernorConfigBuilder::default()
        .period(REFILL)
        .burst_size(BURST)
        .key_extractor(SourceKey)
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
