//! Contact support: how to reach the support team.

use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn SupportPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="support-panel" aria-labelledby="support-panel-heading">
            <h3 id="support-panel-heading">{move || i18n.t("support-heading")}</h3>
            <p>{move || i18n.t("support-intro")}</p>
        </section>
    }
}
