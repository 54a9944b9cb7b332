use crate::components::users::UserManagement;
use crate::pages::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeading message_id="users-heading" />
        <UserManagement />
    }
}
