use super::UserManagement;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeading message_id="users-heading" />
        <UserManagement />
    }
}
