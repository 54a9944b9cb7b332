//! Where the feature is mounted: on Configuration → Users, and in the blocking modal's
//! Users tab (so a blocked user can hand the job to a colleague).

use super::UserManagement;
use crate::i18n::{msg, use_i18n};
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeading message_id=msg::USERS_HEADING />
        <UserManagement />
    }
}

#[component]
pub fn UsersTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{i18n.tr(msg::MODAL_USERS_INTRO)}</p>
        <UserManagement />
    }
}
