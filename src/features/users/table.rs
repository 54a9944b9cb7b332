//! The users table: sortable by every column (APG sortable table: a button in each column
//! header, `aria-sort` on the sorted one), with per-row actions for Administrators.

use super::UserAction;
use super::sort::{SortColumn, SortOrder, sort_users};
use crate::i18n::{msg, role_id, use_i18n, user_status_id};
use crate::intl;
use leptos::prelude::*;
use portal_rules::model::User;

pub fn change_role_button_id(user_id: i64) -> String {
    format!("user-{user_id}-change-role")
}

pub fn remove_button_id(user_id: i64) -> String {
    format!("user-{user_id}-remove")
}

const COLUMNS: [(SortColumn, &str); 5] = [
    (SortColumn::Name, msg("users-column-name")),
    (SortColumn::Email, msg("users-column-email")),
    (SortColumn::Role, msg("users-column-role")),
    (SortColumn::Status, msg("users-column-status")),
    (SortColumn::LastSignIn, msg("users-column-last-sign-in")),
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
    let sorted = Memo::new(move |_| {
        let mut list = users.get();
        sort_users(&mut list, order.get(), intl::collator(i18n.locale().code()));
        list
    });

    let header = move |(column, label_id): (SortColumn, &'static str)| {
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
                    id=format!("users-sort-{}", label_id.trim_start_matches("users-column-"))
                    on:click=move |_| order.update(|current| *current = current.toggled(column))
                >
                    {move || i18n.t(label_id)}
                    <span class="sort-indicator" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    view! {
        {move || sorted.with(Vec::is_empty).then(|| view! { <p>{move || i18n.t("users-empty")}</p> })}
        // Narrow screens scroll the table sideways instead of overflowing the modal.
        <div class="table-scroll" hidden=move || sorted.with(Vec::is_empty)>
        <table class="data-table users-table">
            <caption class="visually-hidden">{move || i18n.t("users-caption")}</caption>
            <thead>
                <tr>
                    {COLUMNS.into_iter().map(header).collect_view()}
                    {can_manage.then(|| view! { <th scope="col">{move || i18n.t("users-column-actions")}</th> })}
                </tr>
            </thead>
            <tbody>
                // Keyed by id and reading the row from the list, so a refetch updates cells
                // in place and a focused button in the row keeps its focus.
                <For each=move || sorted.get() key=|user| user.id let:user>
                    <UserRow user_id=user.id users current_user can_manage on_action />
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
    on_action: Callback<UserAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row =
        Memo::new(move |_| users.with(|list| list.iter().find(|user| user.id == user_id).cloned()));
    let is_me = user_id == current_user;
    let last_sign_in = move || {
        row.with(|user| user.as_ref().and_then(|user| user.last_sign_in_at.clone()))
            .map(|at| intl::format_date_time(i18n.locale().code(), &at))
            .unwrap_or_else(|| i18n.t("users-never-signed-in"))
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
    let actions = move || {
        if is_me {
            view! { <span class="hint">{move || i18n.t("users-self-note")}</span> }.into_any()
        } else {
            view! {
                <div class="row-actions">
                    <button
                        type="button"
                        class="button button-small"
                        id=change_role_button_id(user_id)
                        aria-label=move || i18n.t_with("users-change-role-label", &[("name", name().into())])
                        on:click=act(UserAction::ChangeRole)
                    >
                        {move || i18n.t("users-change-role-button")}
                    </button>
                    <button
                        type="button"
                        class="button button-small button-danger"
                        id=remove_button_id(user_id)
                        aria-label=move || i18n.t_with("users-remove-label", &[("name", name().into())])
                        on:click=act(UserAction::Remove)
                    >
                        {move || i18n.t("users-remove-button")}
                    </button>
                </div>
            }
                .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row">
                {name}
                {is_me.then(|| view! { " " <span class="badge">{move || i18n.t("users-you")}</span> })}
            </th>
            <td class="user-email">{move || row.with(|user| user.as_ref().map(|user| user.email.clone()))}</td>
            <td>{move || row.with(|user| user.as_ref().map(|user| role_id(user.role))).map(|id| i18n.t(&id))}</td>
            <td>{move || row.with(|user| user.as_ref().map(|user| user_status_id(user.status))).map(|id| i18n.t(&id))}</td>
            <td>{last_sign_in}</td>
            {can_manage.then(|| view! { <td>{actions}</td> })}
        </tr>
    }
}
