//! The business rate limits the preview enforces, from `portal_rules::limits` as the server
//! takes them (fixed windows aligned to the epoch, as `server/src/store/rate_limits.rs`
//! counts them):
//! support cases and invitations per user and per account. The sign-in limits are not
//! modelled: the preview has one browser, and a forced 429 shows their answer.

use crate::state::RateWindow;

use portal_rules::limits::window_start;
pub use portal_rules::limits::{
    CASES_PER_ACCOUNT, CASES_PER_USER, INVITATIONS_PER_ACCOUNT, INVITATIONS_PER_USER, Limit,
};

/// Counts one hit against each `(limit, subject)` unless one of them is used up; then
/// nothing is counted and the answer is the seconds until the fullest one frees up.
/// Windows that ended are forgotten.
pub fn take(windows: &mut Vec<RateWindow>, now: i64, limits: &[(Limit, String)]) -> Option<u64> {
    windows.retain(|window| {
        limits
            .iter()
            .all(|(limit, subject)| window.bucket != limit.bucket(subject))
            || limits.iter().any(|(limit, subject)| {
                window.bucket == limit.bucket(subject)
                    && window.window_start == window_start(now, limit.window_secs)
            })
    });
    let mut retry_after: Option<u64> = None;
    for (limit, subject) in limits {
        let start = window_start(now, limit.window_secs);
        let name = limit.bucket(subject);
        let hits = windows
            .iter()
            .find(|window| window.bucket == name && window.window_start == start)
            .map_or(0, |window| window.hits);
        if hits >= limit.max {
            let wait = (start + limit.window_secs - now).max(1).unsigned_abs();
            retry_after = Some(retry_after.map_or(wait, |other| other.max(wait)));
        }
    }
    if retry_after.is_none() {
        for (limit, subject) in limits {
            let start = window_start(now, limit.window_secs);
            let name = limit.bucket(subject);
            match windows
                .iter_mut()
                .find(|window| window.bucket == name && window.window_start == start)
            {
                Some(window) => window.hits += 1,
                None => windows.push(RateWindow {
                    bucket: name,
                    window_start: start,
                    hits: 1,
                }),
            }
        }
    }
    retry_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_case_in_a_window_waits_for_the_next_window() {
        let mut windows = Vec::new();
        let now = 1_000_000 * 600 + 100;
        let limits = [(CASES_PER_USER, "7".to_owned())];
        for _ in 0..5 {
            assert_eq!(take(&mut windows, now, &limits), None);
        }
        assert_eq!(take(&mut windows, now, &limits), Some(500));
        assert_eq!(take(&mut windows, now + 500, &limits), None, "a new window");
        assert_eq!(windows.len(), 1, "the old window is forgotten");
    }
}
