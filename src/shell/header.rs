//! Portal header: account, environment and language switchers, and the user menu.

use super::accounts::AccountSwitcher;
use super::environment_switcher::EnvironmentSwitcher;
use super::language_switcher::LanguageSwitcher;
use super::sign_out::SignOutButton;
use crate::i18n::{msg, role_id, use_i18n};
use crate::state::use_portal;
use leptos::prelude::*;

#[component]
pub fn PortalHeader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_portal().session();
    let menu_open = RwSignal::new(false);
    let (account, partner_id) = (
        session.account.name.clone(),
        session.account.partner_id.clone(),
    );
    let role = session.user.role;
    let partner_id = move || {
        i18n.t_with(
            msg::ACCOUNT_PARTNER_ID,
            &[("id", partner_id.clone().into())],
        )
    };
    view! {
        <header class="portal-header">
            <div class="brand">
                <span class="product">{i18n.tr(msg::APP_TITLE)}</span>
                <span class="account">{account}</span>
                <span class="partner-id">{move || partner_id()}</span>
            </div>
            <div class="header-controls">
                <AccountSwitcher id="header-account" />
                <EnvironmentSwitcher id="header-environment" />
                <LanguageSwitcher id="header-language" />
                <div class="user-menu">
                    <button
                        type="button"
                        class="button button-quiet"
                        aria-expanded=move || menu_open.get().to_string()
                        aria-controls="user-menu-panel"
                        on:click=move |_| menu_open.update(|open| *open = !*open)
                    >
                        {session.user.name.clone()}
                    </button>
                    <div
                        id="user-menu-panel"
                        class="user-menu-panel"
                        hidden=move || !menu_open.get()
                    >
                        <p>{session.user.email.clone()}</p>
                        <p>{i18n.tr(role_id(role))}</p>
                        <SignOutButton />
                    </div>
                </div>
            </div>
        </header>
    }
}
