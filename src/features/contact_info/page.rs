use super::ContactForm;
use crate::i18n::use_i18n;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ContactInformationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading message_id="contact-information-heading" />
        <p>{move || i18n.t("contact-information-intro")}</p>
        <ContactForm />
    }
}
