use crate::components::user_list::UserList;
use crate::pages::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeading message_id="users-heading" />
        <UserList />
    }
}
