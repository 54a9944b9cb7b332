use crate::components::support_panel::SupportPanel;
use crate::pages::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactSupportPage() -> impl IntoView {
    view! {
        <PageHeading message_id="contact-support-heading" />
        <SupportPanel />
    }
}
