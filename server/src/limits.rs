//! The business rate limits: how many sign-in links, support cases and invitations may be
//! asked for, per address, source IP, user, account and overall. The counters live in the
//! database (`store::rate_limits`), so they hold across restarts and replicas; the
//! per-replica flood guard in front of the auth endpoints is `http::flood_guard`.

use crate::store::{self, Tx, rate_limits};
use std::time::Duration;

/// At most `max` hits per fixed window of `window_secs` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    name: &'static str,
    max: i64,
    window_secs: i64,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;

/// Sign-in link requests from one source (an IPv4 address or an IPv6 /64).
pub const SIGN_IN_PER_SOURCE: Limit = Limit {
    name: "sign-in-source",
    max: 20,
    window_secs: 15 * MINUTE,
};
/// Sign-in link requests overall (50 a second, far above real use), so a distributed
/// flood cannot make the server mail without bound.
pub const SIGN_IN_GLOBAL: Limit = Limit {
    name: "sign-in-global",
    max: 3000,
    window_secs: MINUTE,
};
/// Link previews and redemptions from one source: guessing tokens is hopeless (256 bits),
/// but should not be free.
pub const REDEEM_PER_SOURCE: Limit = Limit {
    name: "redeem-source",
    max: 60,
    window_secs: 15 * MINUTE,
};
/// Link mails to one address asked for from one source.
pub const LINKS_PER_ADDRESS_AND_SOURCE: Limit = Limit {
    name: "links-address-source",
    max: 3,
    window_secs: 15 * MINUTE,
};
/// Link mails to one address from all sources together; past it, each further source still
/// gets its first link (see [`allow_link_mail`]).
pub const LINKS_PER_ADDRESS: Limit = Limit {
    name: "links-address",
    max: 5,
    window_secs: 15 * MINUTE,
};
pub const CASES_PER_USER: Limit = Limit {
    name: "cases-user",
    max: 5,
    window_secs: 10 * MINUTE,
};
pub const CASES_PER_ACCOUNT: Limit = Limit {
    name: "cases-account",
    max: 50,
    window_secs: 24 * HOUR,
};
pub const INVITATIONS_PER_USER: Limit = Limit {
    name: "invitations-user",
    max: 10,
    window_secs: HOUR,
};
pub const INVITATIONS_PER_ACCOUNT: Limit = Limit {
    name: "invitations-account",
    max: 20,
    window_secs: HOUR,
};

/// Counters older than this are purged (longer than the longest window).
pub const KEEP_COUNTERS_SECS: i64 = 2 * 24 * HOUR;

/// The limits, or none at all (`--no-rate-limits`, load tests on loopback only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub enabled: bool,
}

fn bucket(limit: Limit, subject: &str) -> String {
    format!("{}:{subject}", limit.name)
}

impl Limits {
    /// Counts one hit against each `(limit, subject)` unless one of them is used up; then
    /// nothing is counted and the answer is how long until the fullest one frees up.
    pub fn take(self, tx: &Tx<'_>, limits: &[(Limit, &str)]) -> store::Result<Option<Duration>> {
        if !self.enabled {
            return Ok(None);
        }
        let mut retry_after = None;
        for (limit, subject) in limits {
            let window = rate_limits::current(tx, &bucket(*limit, subject), limit.window_secs)?;
            if window.hits >= limit.max {
                let wait = Duration::from_secs(window.ends_in_secs.unsigned_abs());
                retry_after = Some(retry_after.map_or(wait, |other: Duration| other.max(wait)));
            }
        }
        if retry_after.is_none() {
            for (limit, subject) in limits {
                rate_limits::hit(tx, &bucket(*limit, subject), limit.window_secs)?;
            }
        }
        Ok(retry_after)
    }

    /// Whether a sign-in link may be mailed to `address` (normalized) for a request from
    /// `source`. Each source gets up to [`LINKS_PER_ADDRESS_AND_SOURCE`] links per window;
    /// once the address had [`LINKS_PER_ADDRESS`] from all sources, only a source's first
    /// link goes out. So nobody can flood an inbox from one place, and strangers elsewhere
    /// cannot use up the owner's budget: the owner's own first request always gets a link.
    pub fn allow_link_mail(self, tx: &Tx<'_>, address: &str, source: &str) -> store::Result<bool> {
        if !self.enabled {
            return Ok(true);
        }
        let pair_bucket = bucket(LINKS_PER_ADDRESS_AND_SOURCE, &format!("{address} {source}"));
        let total_bucket = bucket(LINKS_PER_ADDRESS, address);
        let pair =
            rate_limits::current(tx, &pair_bucket, LINKS_PER_ADDRESS_AND_SOURCE.window_secs)?;
        let total = rate_limits::current(tx, &total_bucket, LINKS_PER_ADDRESS.window_secs)?;
        let allowed = pair.hits < LINKS_PER_ADDRESS_AND_SOURCE.max
            && (total.hits < LINKS_PER_ADDRESS.max || pair.hits == 0);
        if allowed {
            rate_limits::hit(tx, &pair_bucket, LINKS_PER_ADDRESS_AND_SOURCE.window_secs)?;
            rate_limits::hit(tx, &total_bucket, LINKS_PER_ADDRESS.window_secs)?;
        }
        Ok(allowed)
    }
}
