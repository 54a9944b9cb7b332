//! The account's users: who has access, and for Administrators inviting colleagues,
//! changing roles and removing access. One component for the blocking modal's Users tab
//! and Configuration → Users. The server checks every action; hiding controls from other
//! roles is only a courtesy.

mod confirm;
mod invite_form;
mod table;

pub use confirm::{ChangeRoleDialog, RemoveUserDialog};
pub use invite_form::InviteUserForm;
pub use table::UsersTable;

use crate::components::error_summary::focus_by_id;
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::use_i18n;
use crate::state::use_portal;
use leptos::prelude::*;
use portal_rules::model::{Role, User, UserStatus};
use std::cmp::Ordering;

pub const LIST_HEADING_ID: &str = "users-list-heading";

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
            SortColumn::Email => a.email.to_lowercase().cmp(&b.email.to_lowercase()),
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

/// What an Administrator asked to do with a user; confirmed in an alert dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    ChangeRole(User),
    Remove(User),
}

impl UserAction {
    /// The button that opened the confirmation: focus returns there on cancel.
    pub fn trigger_id(&self) -> String {
        match self {
            UserAction::ChangeRole(user) => table::change_role_button_id(user.id),
            UserAction::Remove(user) => table::remove_button_id(user.id),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum ListState {
    Loading,
    Ready,
    Failed(crate::api::ApiError),
}

#[component]
pub fn UserManagement() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let me = portal.session.with_value(|session| session.user.clone());
    let can_manage = me.role.can_manage_users();
    let order = RwSignal::new(SortOrder::default());
    let action = RwSignal::new(None::<UserAction>);

    // The table stays mounted across refetches (only the state kind re-renders), so focus
    // on a row's button survives a role change.
    let state = Memo::new(move |_| match portal.users.get() {
        None => ListState::Loading,
        Some(Ok(_)) => ListState::Ready,
        Some(Err(error)) => ListState::Failed(error),
    });
    let users = Signal::derive(move || {
        portal
            .users
            .get()
            .and_then(Result::ok)
            .map(|response| response.users)
            .unwrap_or_default()
    });
    let alert_contacts = Signal::derive(move || {
        portal
            .contact_info
            .get()
            .and_then(Result::ok)
            .map(|info| info.contact.alert_contacts)
    });
    // Focus returns to the opener; if its row is gone (removed meanwhile), to the list.
    let close = Callback::new(move |focus_id: String| {
        action.set(None);
        request_animation_frame(move || {
            let exists = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id(&focus_id))
                .is_some();
            focus_by_id(if exists { &focus_id } else { LIST_HEADING_ID });
        });
    });
    // Current administrators from the list; the session's (from sign-in) until it loads.
    let administrators = move || {
        let names: Vec<String> = users.with(|list| {
            list.iter()
                .filter(|user| user.role == Role::Administrator)
                .map(|user| user.name.clone())
                .collect()
        });
        let names = if names.is_empty() {
            portal
                .session
                .with_value(|session| session.administrators.clone())
        } else {
            names
        };
        crate::intl::format_list(i18n.locale().code(), &names)
    };

    view! {
        <div class="user-management">
            <div inert=move || action.get().is_some()>
                <section class="users-list" aria-labelledby=LIST_HEADING_ID>
                    <h3 id=LIST_HEADING_ID tabindex="-1">{move || i18n.t("users-list-heading")}</h3>
                    {move || match state.get() {
                        ListState::Loading => view! { <Loading /> }.into_any(),
                        ListState::Failed(error) => {
                            view! { <ErrorNotice error retry=move || portal.users.refetch() /> }.into_any()
                        }
                        ListState::Ready => {
                            view! {
                                <UsersTable
                                    users
                                    current_user=me.id
                                    can_manage
                                    order
                                    on_action=Callback::new(move |chosen| action.set(Some(chosen)))
                                />
                            }
                                .into_any()
                        }
                    }}
                </section>
                {if can_manage {
                    view! { <InviteUserForm /> }.into_any()
                } else {
                    view! {
                        <p class="note" id="users-managed-by-administrators">
                            {move || i18n.t_with("users-managed-by-administrators", &[("names", administrators().into())])}
                        </p>
                    }
                        .into_any()
                }}
            </div>
            {move || {
                action
                    .get()
                    .map(|chosen| match chosen {
                        UserAction::ChangeRole(user) => view! { <ChangeRoleDialog user on_close=close /> }.into_any(),
                        UserAction::Remove(user) => {
                            let is_alert_contact = alert_contacts.get_untracked().map(|list| {
                                list.iter().any(|address| address.eq_ignore_ascii_case(&user.email))
                            });
                            view! { <RemoveUserDialog user is_alert_contact on_close=close /> }.into_any()
                        }
                    })
            }}
        </div>
    }
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
        a.to_lowercase().cmp(&b.to_lowercase())
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
