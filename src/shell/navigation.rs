//! Main navigation. `<A>` marks the current page with `aria-current="page"`.

use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn PortalNavigation() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="navigation" aria-label=i18n.tr(msg::NAV_LABEL)>
            <ul>
                <li>
                    <A href="/">{i18n.tr(msg::NAV_OVERVIEW)}</A>
                </li>
                <li>
                    <span class="nav-group" id="nav-group-configuration">
                        {i18n.tr(msg::NAV_CONFIGURATION)}
                    </span>
                    <ul aria-labelledby="nav-group-configuration">
                        <li>
                            <A href="/configuration/contact-information">
                                {i18n.tr(msg::NAV_CONTACT_INFORMATION)}
                            </A>
                        </li>
                        <li>
                            <A href="/configuration/users">{i18n.tr(msg::NAV_USERS)}</A>
                        </li>
                    </ul>
                </li>
                <li>
                    <span class="nav-group" id="nav-group-help">{i18n.tr(msg::NAV_HELP)}</span>
                    <ul aria-labelledby="nav-group-help">
                        <li>
                            <A href="/help/contact-support">{i18n.tr(msg::NAV_CONTACT_SUPPORT)}</A>
                        </li>
                    </ul>
                </li>
            </ul>
        </nav>
    }
}
