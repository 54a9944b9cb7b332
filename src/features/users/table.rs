//! The users table: sortable by every column (APG sortable table: a button in each column
//! header, `aria-sort` on the sorted one), with per-row actions for Administrators; on their
//! own row, stepping down and leaving, while another active administrator remains.

use super::UserAction;
use super::sort::{SortColumn, SortOrder, sort_users};
use crate::i18n::{MsgId, msg, role_id, use_i18n, user_status_id};
use leptos::prelude::*;
use portal_rules::model::User;
use portal_rules::user::may_give_up_administration;

pub fn change_role_button_id(user_id: i64) -> String {
    format!("user-{user_id}-change-role")
}

pub fn remove_button_id(user_id: i64) -> String {
    format!("user-{user_id}-remove")
}

/// Each column: what it sorts by, its sort button's id suffix, its header.
const COLUMNS: [(SortColumn, &str, MsgId); 5] = [
    (SortColumn::Name, "name", msg::USERS_COLUMN_NAME),
    (SortColumn::Email, "email", msg::USERS_COLUMN_EMAIL),
    (SortColumn::Role, "role", msg::USERS_COLUMN_ROLE),
    (SortColumn::Status, "status", msg::USERS_COLUMN_STATUS),
    (
        SortColumn::LastSignIn,
        "last-sign-in",
        msg::USERS_COLUMN_LAST_SIGN_IN,
    ),
];

#[component]
pub fn UsersTable(
    users: Signal<Vec<User>>,
    current_user: i64,
    can_manage: bool,
    order: RwSignal<SortOrder>,
    on_action: Callback<UserAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The rows' ids in order: each row reads its user from `users` by id.
    let sorted = Memo::new(move |_| {
        let mut list = users.get();
        sort_users(&mut list, order.get(), i18n.collator());
        list.into_iter().map(|user| user.id).collect::<Vec<i64>>()
    });

    let header = move |(column, key, label): (SortColumn, &'static str, MsgId)| {
        let sort = move || {
            let current = order.get();
            (current.column == column).then_some(if current.ascending {
                "ascending"
            } else {
                "descending"
            })
        };
        let arrow = move || match sort() {
            Some("ascending") => "▲",
            Some(_) => "▼",
            None => "↕",
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button
                    type="button"
                    class="sort-button"
                    id=format!("users-sort-{key}")
                    on:click=move |_| order.update(|current| *current = current.toggled(column))
                >
                    {i18n.tr(label)}
                    <span class="sort-indicator" aria-hidden="true">{move || arrow()}</span>
                </button>
            </th>
        }
    };

    // The shared last-administrator rule, over the list as loaded: the server checks again.
    let may_give_up = Memo::new(move |_| {
        users.with(|list| {
            list.iter()
                .find(|user| user.id == current_user)
                .is_some_and(|me| may_give_up_administration(me, list))
        })
    });

    let is_empty = move || sorted.with(Vec::is_empty);
    let empty_note = move || is_empty().then(|| view! { <p>{i18n.tr(msg::USERS_EMPTY)}</p> });
    let actions_header =
        can_manage.then(|| view! { <th scope="col">{i18n.tr(msg::USERS_COLUMN_ACTIONS)}</th> });

    view! {
        {move || empty_note()}
        // Narrow screens scroll the table sideways instead of overflowing the modal.
        <div class="table-scroll" hidden=is_empty>
            <table class="data-table users-table">
                <caption class="visually-hidden">{i18n.tr(msg::USERS_CAPTION)}</caption>
                <thead>
                    <tr>
                        {COLUMNS.into_iter().map(header).collect_view()}
                        {actions_header}
                    </tr>
                </thead>
                <tbody>
                    // Keyed by id and reading the row from the list, so a refetch updates cells
                    // in place and a focused button in the row keeps its focus.
                    <For each=move || sorted.get() key=|id| *id let:user_id>
                        <UserRow
                            user_id
                            users
                            current_user
                            can_manage
                            may_give_up
                            on_action
                        />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserRow(
    user_id: i64,
    users: Signal<Vec<User>>,
    current_user: i64,
    can_manage: bool,
    /// Whether the signed-in administrator may step down or leave.
    may_give_up: Memo<bool>,
    on_action: Callback<UserAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row =
        Memo::new(move |_| users.with(|list| list.iter().find(|user| user.id == user_id).cloned()));
    let is_me = user_id == current_user;
    let last_sign_in = move || {
        row.with(|user| user.as_ref().and_then(|user| user.last_sign_in_at.clone()))
            .map_or_else(
                || i18n.t(msg::USERS_NEVER_SIGNED_IN),
                |at| i18n.date_time(&at),
            )
    };
    let name = move || {
        row.with(|user| {
            user.as_ref()
                .map(|user| user.name.clone())
                .unwrap_or_default()
        })
    };
    let act = move |make: fn(User) -> UserAction| {
        move |_| {
            if let Some(user) = row.get_untracked() {
                on_action.run(make(user));
            }
        }
    };
    // A row's buttons name the person, so a list of buttons is not a list of "Remove"s.
    let labelled = move |id: MsgId| move || i18n.t_with(id, &[("name", name().into())]);
    let buttons = move |labels: [MsgId; 4]| {
        let [change_text, change_label, remove_text, remove_label] = labels;
        view! {
            <div class="row-actions">
                <button
                    type="button"
                    class="button button-small"
                    id=change_role_button_id(user_id)
                    aria-label=labelled(change_label)
                    aria-haspopup="dialog"
                    on:click=act(UserAction::ChangeRole)
                >
                    {i18n.tr(change_text)}
                </button>
                <button
                    type="button"
                    class="button button-small button-danger"
                    id=remove_button_id(user_id)
                    aria-label=labelled(remove_label)
                    aria-haspopup="dialog"
                    on:click=act(UserAction::Remove)
                >
                    {i18n.tr(remove_text)}
                </button>
            </div>
        }
    };
    let actions = move || {
        if !is_me {
            buttons([
                msg::USERS_CHANGE_ROLE_BUTTON,
                msg::USERS_CHANGE_ROLE_LABEL,
                msg::USERS_REMOVE_BUTTON,
                msg::USERS_REMOVE_LABEL,
            ])
            .into_any()
        } else if may_give_up.get() {
            buttons([
                msg::USERS_CHANGE_ROLE_BUTTON,
                msg::USERS_CHANGE_OWN_ROLE_LABEL,
                msg::USERS_LEAVE_BUTTON,
                msg::USERS_LEAVE_LABEL,
            ])
            .into_any()
        } else {
            view! {
                <span class="hint" id="users-self-only-administrator">
                    {i18n.tr(msg::USERS_SELF_ONLY_ADMINISTRATOR)}
                </span>
            }
            .into_any()
        }
    };
    let email = move || row.with(|user| user.as_ref().map(|user| user.email.clone()));
    // A cell that shows a message about the row's user.
    let cell = move |id: fn(&User) -> MsgId| {
        move || row.with(|user| user.as_ref().map(id)).map(|id| i18n.t(id))
    };
    view! {
        <tr>
            <th scope="row">
                {move || name()}
                {is_me.then(|| view! { " " <span class="badge">{i18n.tr(msg::USERS_YOU)}</span> })}
            </th>
            <td class="user-email">{move || email()}</td>
            <td>{cell(|user| role_id(user.role))}</td>
            <td>{cell(|user| user_status_id(user.status))}</td>
            <td>{move || last_sign_in()}</td>
            {can_manage.then(|| view! { <td>{actions}</td> })}
        </tr>
    }
}
