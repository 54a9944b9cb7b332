//! Where the feature is mounted: on Configuration → Contact information, and in the
//! blocking modal's first tab.

use super::ContactForm;
use super::history::ChangeHistory;
use super::verification::VerificationSummary;
use crate::i18n::{integration_id, msg, use_i18n};
use crate::state::use_portal;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactInformationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading message_id=msg::CONTACT_INFORMATION_HEADING />
        <p>{i18n.tr(msg::CONTACT_INFORMATION_INTRO)}</p>
        <VerificationSummary />
        <ContactForm />
        <ChangeHistory />
    }
}

/// The blocking modal's tab: what the contact information is for, naming the account's
/// integration as the help pages do.
#[component]
pub fn ContactInformationTab() -> impl IntoView {
    let i18n = use_i18n();
    let integration = use_portal()
        .session
        .with_value(|session| session.account.integration);
    let intro = move || {
        let integration = i18n.t(integration_id(integration));
        i18n.t_with(
            msg::MODAL_CONTACT_INFORMATION_INTRO,
            &[("integration", integration.into())],
        )
    };
    view! {
        <p>{move || intro()}</p>
        <ContactForm />
    }
}
