//! The business rate limits: how many sign-in links, support cases and invitations may be
//! asked for, per address, source IP, user, account and overall. The counters live in the
//! database (`store::rate_limits`), so they hold across restarts and replicas; the
//! per-replica flood guard in front of the auth endpoints is `http::flood_guard`.

use crate::store::{self, Tx, rate_limits};
use std::time::Duration;

pub use portal_rules::limits::{
    CASES_PER_ACCOUNT, CASES_PER_USER, HOUR, INVITATIONS_PER_ACCOUNT, INVITATIONS_PER_USER, Limit,
    MINUTE,
};

/// Sign-in link requests from one source (an IPv4 address or an IPv6 /64); past it, 429.
pub const SIGN_IN_PER_SOURCE: Limit = Limit {
    name: "sign-in-source",
    max: 20,
    window_secs: 15 * MINUTE,
};
/// Sign-in link requests from one IPv6 /48 (65 536 /64s, one site): a source with many
/// /64s gets no more than this; past it, 429.
pub const SIGN_IN_PER_NETWORK: Limit = Limit {
    name: "sign-in-network",
    max: 100,
    window_secs: 15 * MINUTE,
};
/// Sign-in link mails the worker queues overall for requests from browsers that never
/// signed in as the address (50 a second, far above real use), so a distributed flood
/// cannot make the server mail without bound. Past it the request is still answered 202
/// (the answer never depends on it) and no mail goes out; known browsers are not held back.
pub const SIGN_IN_MAILS_GLOBAL: Limit = Limit {
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
/// Link previews and redemptions from one IPv6 /48.
pub const REDEEM_PER_NETWORK: Limit = Limit {
    name: "redeem-network",
    max: 300,
    window_secs: 15 * MINUTE,
};
/// Verification links used from one source: counted apart from sign-in links (the same
/// numbers), so neither uses up the other's allowance.
pub const VERIFY_PER_SOURCE: Limit = Limit {
    name: "verify-source",
    max: 60,
    window_secs: 15 * MINUTE,
};
/// Verification links used from one IPv6 /48.
pub const VERIFY_PER_NETWORK: Limit = Limit {
    name: "verify-network",
    max: 300,
    window_secs: 15 * MINUTE,
};
/// Link mails to one address asked for by browsers that have not signed in as it, from
/// wherever they come: the most strangers can make an inbox receive (per account the
/// address belongs to), and how long they can keep the owner waiting on a new browser.
pub const LINKS_PER_ADDRESS: Limit = Limit {
    name: "links-address",
    max: 3,
    window_secs: 15 * MINUTE,
};
/// Link mails to one address asked for by one browser that signed in as it before. These
/// do not count against [`LINKS_PER_ADDRESS`], so strangers cannot use that up for the
/// owner.
pub const LINKS_PER_KNOWN_DEVICE: Limit = Limit {
    name: "links-known-device",
    max: 3,
    window_secs: 15 * MINUTE,
};
/// Counters older than this are purged (longer than the longest window).
pub const KEEP_COUNTERS_SECS: i64 = 2 * 24 * HOUR;

/// The limits, or none at all (`--no-rate-limits`, load tests on loopback only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub enabled: bool,
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
            let window = rate_limits::current(tx, &limit.bucket(subject), limit.window_secs)?;
            if window.hits >= limit.max {
                let wait = Duration::from_secs(window.ends_in_secs.unsigned_abs());
                retry_after = Some(retry_after.map_or(wait, |other: Duration| other.max(wait)));
            }
        }
        if retry_after.is_none() {
            for (limit, subject) in limits {
                rate_limits::hit(tx, &limit.bucket(subject), limit.window_secs)?;
            }
        }
        Ok(retry_after)
    }

    /// Whether a sign-in link may be mailed to `address` (normalized). `known_device` is the
    /// token of the requesting browser if it signed in as `address` before: it has a budget
    /// of its own ([`LINKS_PER_KNOWN_DEVICE`]). Every other request counts against the
    /// address ([`LINKS_PER_ADDRESS`]), wherever it comes from. So strangers can make an
    /// inbox receive only a few links, and cannot keep the owner from getting one on a
    /// browser they used before; on a new browser the owner waits at most one window.
    pub fn allow_link_mail(
        self,
        tx: &Tx<'_>,
        address: &str,
        known_device: Option<&str>,
    ) -> store::Result<bool> {
        let used_up = match known_device {
            Some(device) => self.take(
                tx,
                &[(LINKS_PER_KNOWN_DEVICE, &format!("{address} {device}"))],
            )?,
            None => self.take(tx, &[(LINKS_PER_ADDRESS, address)])?,
        };
        Ok(used_up.is_none())
    }

    /// Whether the worker may queue one more sign-in link mail: always for a request from a
    /// known browser, otherwise within [`SIGN_IN_MAILS_GLOBAL`].
    pub fn allow_sign_in_mail(self, tx: &Tx<'_>, known_device: bool) -> store::Result<bool> {
        if known_device {
            return Ok(true);
        }
        Ok(self.take(tx, &[(SIGN_IN_MAILS_GLOBAL, "")])?.is_none())
    }
}
