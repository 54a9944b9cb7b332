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
