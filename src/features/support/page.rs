//! Where the feature is mounted: on Help → Contact support, and in the blocking modal's
//! Contact support tab.

use super::SupportPanel;
use crate::i18n::msg;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactSupportPage() -> impl IntoView {
    view! {
        <PageHeading message_id=msg::CONTACT_SUPPORT_HEADING />
        <SupportPanel />
    }
}

#[component]
pub fn ContactSupportTab() -> impl IntoView {
    view! { <SupportPanel /> }
}
