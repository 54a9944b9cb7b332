//! The users table's order: by any column, both ways, with the name as tie-breaker. Pure,
//! so it is unit-tested natively.

use portal_rules::model::{Role, User, UserStatus};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Email,
    Role,
    Status,
    LastSignIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOrder {
    pub column: SortColumn,
    pub ascending: bool,
}

impl Default for SortOrder {
    fn default() -> Self {
        Self {
            column: SortColumn::Name,
            ascending: true,
        }
    }
}

impl SortOrder {
    /// A click on `column`'s header: the same column flips, another starts ascending
    /// (last sign-in starts with the most recent, which is what people look for).
    #[must_use]
    pub fn toggled(self, column: SortColumn) -> Self {
        if self.column == column {
            Self {
                column,
                ascending: !self.ascending,
            }
        } else {
            Self {
                column,
                ascending: column != SortColumn::LastSignIn,
            }
        }
    }
}

fn role_rank(role: Role) -> usize {
    Role::ALL.iter().position(|each| *each == role).unwrap_or(0)
}

fn status_rank(status: UserStatus) -> u8 {
    match status {
        UserStatus::Active => 0,
        UserStatus::Invited => 1,
    }
}

/// Sorts `users` by `order`. Names compare with `compare_text` (the UI language's
/// collation); roles by privilege; never signed in counts as oldest. Ties fall back to
/// the name, so the order is stable across refetches.
pub fn sort_users(
    users: &mut [User],
    order: SortOrder,
    compare_text: impl Fn(&str, &str) -> Ordering,
) {
    users.sort_by(|a, b| {
        let primary = match order.column {
            SortColumn::Name => compare_text(&a.name, &b.name),
            // Addresses are ASCII (`portal_rules::email`).
            SortColumn::Email => crate::intl::cmp_ascii_caseless(&a.email, &b.email),
            SortColumn::Role => role_rank(a.role).cmp(&role_rank(b.role)),
            SortColumn::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            // The server writes RFC 3339 in UTC with one format, so text order is time order.
            SortColumn::LastSignIn => a.last_sign_in_at.cmp(&b.last_sign_in_at),
        };
        let primary = if order.ascending {
            primary
        } else {
            primary.reverse()
        };
        primary
            .then_with(|| compare_text(&a.name, &b.name))
            .then(a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, name: &str, role: Role, status: UserStatus, last: Option<&str>) -> User {
        User {
            id,
            name: name.into(),
            email: format!("{}@example.test", name.to_lowercase().replace(' ', ".")),
            role,
            status,
            last_sign_in_at: last.map(str::to_owned),
            version: 1,
        }
    }

    fn names(users: &[User]) -> Vec<&str> {
        users.iter().map(|user| user.name.as_str()).collect()
    }

    fn sample() -> Vec<User> {
        vec![
            user(
                1,
                "Rita Reader",
                Role::ReadOnly,
                UserStatus::Active,
                Some("2026-11-20T08:00:00Z"),
            ),
            user(
                2,
                "anna Admin",
                Role::Administrator,
                UserStatus::Active,
                Some("2026-11-22T08:00:00Z"),
            ),
            user(3, "Emil Editor", Role::Editor, UserStatus::Invited, None),
            user(
                4,
                "Bruno Editor",
                Role::Editor,
                UserStatus::Active,
                Some("2026-11-21T08:00:00Z"),
            ),
        ]
    }

    fn caseless(a: &str, b: &str) -> Ordering {
        crate::intl::cmp_ascii_caseless(a, b)
    }

    #[test]
    fn addresses_sort_ignoring_case() {
        let mut users = sample();
        for (user, email) in users
            .iter_mut()
            .zip(["b@x.test", "A@x.test", "c@X.test", "a@y.test"])
        {
            user.email = email.to_owned();
        }
        let by_email = SortOrder::default().toggled(SortColumn::Email);
        sort_users(&mut users, by_email, caseless);
        let emails: Vec<&str> = users.iter().map(|user| user.email.as_str()).collect();
        assert_eq!(emails, ["A@x.test", "a@y.test", "b@x.test", "c@X.test"]);
    }

    #[test]
    fn sorts_each_column_both_ways_with_name_as_tie_breaker() {
        let mut users = sample();
        sort_users(&mut users, SortOrder::default(), caseless);
        assert_eq!(
            names(&users),
            ["anna Admin", "Bruno Editor", "Emil Editor", "Rita Reader"]
        );

        let by_role = SortOrder::default().toggled(SortColumn::Role);
        sort_users(&mut users, by_role, caseless);
        assert_eq!(
            names(&users),
            ["anna Admin", "Bruno Editor", "Emil Editor", "Rita Reader"]
        );
        sort_users(&mut users, by_role.toggled(SortColumn::Role), caseless);
        assert_eq!(
            names(&users),
            ["Rita Reader", "Bruno Editor", "Emil Editor", "anna Admin"]
        );

        sort_users(&mut users, by_role.toggled(SortColumn::Status), caseless);
        assert_eq!(
            names(&users),
            ["anna Admin", "Bruno Editor", "Rita Reader", "Emil Editor"]
        );
    }

    #[test]
    fn last_sign_in_starts_with_the_most_recent_and_never_is_oldest() {
        let order = SortOrder::default().toggled(SortColumn::LastSignIn);
        assert!(!order.ascending);
        let mut users = sample();
        sort_users(&mut users, order, caseless);
        assert_eq!(
            names(&users),
            ["anna Admin", "Bruno Editor", "Rita Reader", "Emil Editor"]
        );
        sort_users(&mut users, order.toggled(SortColumn::LastSignIn), caseless);
        assert_eq!(
            names(&users),
            ["Emil Editor", "Rita Reader", "Bruno Editor", "anna Admin"]
        );
    }
}
