//! Main navigation. `<A>` marks the current page with `aria-current="page"`.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn PortalNavigation() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="navigation" aria-label=move || i18n.t("nav-label")>
            <ul>
                <li>
                    <A href="/">{move || i18n.t("nav-overview")}</A>
                </li>
                <li>
                    <span class="nav-group" id="nav-group-configuration">{move || i18n.t("nav-configuration")}</span>
                    <ul aria-labelledby="nav-group-configuration">
                        <li>
                            <A href="/configuration/contact-information">{move || i18n.t("nav-contact-information")}</A>
                        </li>
                        <li>
                            <A href="/configuration/users">{move || i18n.t("nav-users")}</A>
                        </li>
                    </ul>
                </li>
                <li>
                    <span class="nav-group" id="nav-group-help">{move || i18n.t("nav-help")}</span>
                    <ul aria-labelledby="nav-group-help">
                        <li>
                            <A href="/help/contact-support">{move || i18n.t("nav-contact-support")}</A>
                        </li>
                    </ul>
                </li>
            </ul>
        </nav>
    }
}
