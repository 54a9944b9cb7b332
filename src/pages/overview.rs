use crate::features::contact_info::ContactStatus;
use crate::i18n::{integration_id, msg, use_i18n};
use crate::state::use_portal;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_portal().session();
    let integration = session.account.integration;
    let name = session.user.name.clone();
    view! {
        <PageHeading message_id=msg::OVERVIEW_HEADING />
        <p>{move || i18n.t_with(msg::OVERVIEW_WELCOME, &[("name", name.clone().into())])}</p>
        <p>
            {move || {
                let integration = i18n.t(integration_id(integration));
                i18n.t_with(msg::OVERVIEW_INTEGRATION, &[("integration", integration.into())])
            }}
        </p>
        <ContactStatus />
    }
}
