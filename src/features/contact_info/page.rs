//! Where the feature is mounted: on Configuration → Contact information, and in the
//! blocking modal's first tab.

use super::ContactForm;
use crate::i18n::{msg, use_i18n};
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactInformationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading message_id=msg::CONTACT_INFORMATION_HEADING />
        <p>{i18n.tr(msg::CONTACT_INFORMATION_INTRO)}</p>
        <ContactForm />
    }
}

#[component]
pub fn ContactInformationTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{i18n.tr(msg::MODAL_CONTACT_INFORMATION_INTRO)}</p>
        <ContactForm />
    }
}
