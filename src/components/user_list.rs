//! The account's Partner Portal users (read view).

use crate::api;
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::{role_id, use_i18n, user_status_id};
use leptos::prelude::*;

#[component]
pub fn UserList() -> impl IntoView {
    let i18n = use_i18n();
    let users = LocalResource::new(api::users);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(response) if response.users.is_empty() => {
                        view! { <p>{move || i18n.t("users-empty")}</p> }.into_any()
                    }
                    Ok(response) => {
                        view! {
                            <table class="data-table">
                                <caption class="visually-hidden">{move || i18n.t("users-caption")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t("users-column-name")}</th>
                                        <th scope="col">{move || i18n.t("users-column-email")}</th>
                                        <th scope="col">{move || i18n.t("users-column-role")}</th>
                                        <th scope="col">{move || i18n.t("users-column-status")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {response
                                        .users
                                        .into_iter()
                                        .map(|user| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{user.name}</th>
                                                    <td>{user.email}</td>
                                                    <td>{move || i18n.t(&role_id(user.role))}</td>
                                                    <td>{move || i18n.t(&user_status_id(user.status))}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error retry=move || users.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
