//! Rate limits as values: how many hits a fixed window (aligned to the Unix epoch) allows,
//! and the business limits on support cases and invitations. The server counts them in its
//! database, the designer preview in the browser; both take the numbers from here.

/// At most `max` hits per fixed window of `window_secs` seconds, counted per subject in a
/// bucket named after the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 60 * MINUTE;

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

impl Limit {
    /// The counter's name for one subject (a user id, an account id, an address, …).
    pub fn bucket(self, subject: &str) -> String {
        format!("{}:{subject}", self.name)
    }
}

/// The start of the window of `window_secs` seconds that `now` (Unix seconds) falls in.
pub fn window_start(now: i64, window_secs: i64) -> i64 {
    now - now.rem_euclid(window_secs.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_to_the_epoch() {
        assert_eq!(window_start(599, 600), 0);
        assert_eq!(window_start(600, 600), 600);
        assert_eq!(window_start(-1, 600), -600);
        assert_eq!(window_start(5, 0), 5, "a zero window is one second");
        assert_eq!(CASES_PER_USER.bucket("7"), "cases-user:7");
    }
}
