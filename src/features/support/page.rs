use super::SupportPanel;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactSupportPage() -> impl IntoView {
    view! {
        <PageHeading message_id="contact-support-heading" />
        <SupportPanel />
    }
}
