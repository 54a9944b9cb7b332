use super::UserManagement;
use crate::i18n::msg;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeading message_id=msg::USERS_HEADING />
        <UserManagement />
    }
}
