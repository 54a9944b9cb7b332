//! The account's users: who has access, and for Administrators inviting colleagues,
//! changing roles and removing access (their own too: stepping down, leaving). One component for the blocking modal's Users tab
//! and Configuration → Users. The server checks every action; hiding controls from other
//! roles is only a courtesy.

mod confirm;
mod invite_form;
mod left;
mod page;
pub mod sort;
mod table;

pub use confirm::{ChangeRoleDialog, RemoveUserDialog};
pub use invite_form::InviteUserForm;
pub use left::LeftAccountNotice;
pub use page::{UsersPage, UsersTab};
pub use sort::{SortColumn, SortOrder};
pub use table::UsersTable;

use crate::dom;
use crate::i18n::{msg, use_i18n};
use crate::state::{use_portal, use_session_reload};
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::model::{Role, User};

pub const LIST_HEADING_ID: &str = "users-list-heading";

/// What an Administrator asked to do with a user; confirmed in an alert dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    ChangeRole(User),
    Remove(User),
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
    // Rebuilt after the user stepped down (see `ChangeRoleDialog`): focus is back on the list.
    if use_session_reload().is_some_and(|reload| reload.take_focus(LIST_HEADING_ID)) {
        dom::focus_after_render(LIST_HEADING_ID);
    }
    // Focus returns to the opener; if its row is gone (removed meanwhile), to the list.
    let close = Callback::new(move |focus_id: String| {
        action.set(None);
        dom::focus_after_render_or(focus_id, LIST_HEADING_ID);
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
        i18n.list(&names)
    };

    let list = move || match state.get() {
        ListState::Loading => view! { <Loading /> }.into_any(),
        ListState::Failed(error) => {
            view! { <ErrorNotice error retry=move |()| portal.users.refetch() /> }.into_any()
        }
        ListState::Ready => view! {
            <UsersTable
                users
                current_user=me.id
                can_manage
                order
                on_action=Callback::new(move |chosen| action.set(Some(chosen)))
            />
        }
        .into_any(),
    };
    // Read-only users and Editors learn whom to ask instead of seeing the invitation form.
    let managed_by = move || {
        i18n.t_with(
            msg::USERS_MANAGED_BY_ADMINISTRATORS,
            &[("names", administrators().into())],
        )
    };
    let confirmation = move || {
        action.get().map(|chosen| match chosen {
            UserAction::ChangeRole(user) => {
                view! { <ChangeRoleDialog user on_close=close /> }.into_any()
            }
            UserAction::Remove(user) => {
                let is_alert_contact = alert_contacts.get_untracked().map(|list| {
                    list.iter()
                        .any(|address| address.eq_ignore_ascii_case(&user.email))
                });
                view! { <RemoveUserDialog user is_alert_contact on_close=close /> }.into_any()
            }
        })
    };

    view! {
        <div class="user-management">
            <div inert=move || action.get().is_some()>
                <section class="users-list" aria-labelledby=LIST_HEADING_ID>
                    <h2 id=LIST_HEADING_ID class="section-heading" tabindex="-1">
                        {i18n.tr(msg::USERS_LIST_HEADING)}
                    </h2>
                    {move || list()}
                </section>
                {if can_manage {
                    view! { <InviteUserForm /> }.into_any()
                } else {
                    view! {
                        <p class="note" id="users-managed-by-administrators">{move || managed_by()}</p>
                    }
                    .into_any()
                }}
            </div>
            {move || confirmation()}
        </div>
    }
}
