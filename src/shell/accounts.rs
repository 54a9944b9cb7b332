//! Several partner accounts (one address, e.g. an agency's): the page that picks the
//! account after signing in, and the header's switcher. Both switch through the server,
//! which replaces the session, and then rebuild the signed-in portal from the new session
//! (`SessionReload`): every account-scoped resource (contact information, users, cases,
//! history) is loaded afresh, so nothing of the previous account stays on screen. The
//! switch is announced, and focus goes to the heading of the page shown next.

use super::language_switcher::LanguageSwitcher;
use super::sign_out::SignOutButton;
use super::title::{DocumentTitle, Screen};
use crate::api::{self, ApiResource};
use crate::dom;
use crate::i18n::{msg, role_id, use_i18n};
use crate::state::{use_announcer, use_portal, use_session_reload};
use crate::ui::action::RequestAction;
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::api::{AccountMembership, AccountsResponse, SessionInfo};

/// The `<h1>` of every portal page (`ui::page_heading`) and of the account picker.
pub const PAGE_HEADING_ID: &str = "page-heading";
/// The picker's alert when a switch failed.
pub const SWITCH_ERROR_ID: &str = "account-switch-error";

/// The signed-in person's accounts, for the header's and the blocking modal's switchers:
/// one `GET /api/v1/accounts` per portal. The portal is rebuilt from the new session after
/// a switch or a sign-in (`SessionReload`, a new page), so the list is loaded afresh
/// whenever the set of accounts can have changed.
#[derive(Clone, Copy)]
pub struct AccountList(ApiResource<AccountsResponse>);

impl AccountList {
    /// Loads the list for a person in several accounts (nobody else has a switcher).
    pub fn provide(session: &SessionInfo) {
        if session.account_count > 1 {
            provide_context(Self(ApiResource::new(api::accounts)));
        }
    }
}

/// Switches the session to the account `target` holds when dispatched; on success,
/// announces it and rebuilds the portal with focus on the next page's heading.
fn switch_action(target: RwSignal<i64>) -> RequestAction {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let reload = use_session_reload();
    RequestAction::new(move || {
        let account_id = target.get_untracked();
        async move {
            let info = api::switch_account(account_id).await?;
            let role = i18n.t(role_id(info.user.role));
            announcer.announce(i18n.t_with(
                msg::ACCOUNT_SWITCHED,
                &[("account", info.account.name.into()), ("role", role.into())],
            ));
            if let Some(reload) = reload {
                reload.reload(PAGE_HEADING_ID);
            }
            Ok(())
        }
    })
}

/// One account of the picker: its name, partner ID, the person's role there, and whether
/// its contact information is still missing (the blocking modal shows there). None is
/// marked current: the picker shows while no account is chosen.
fn choice(
    account: AccountMembership,
    switch: RequestAction,
    target: RwSignal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.account_id;
    let (partner_id, role) = (account.partner_id, account.role);
    let missing = (!account.contact_info_complete).then(|| {
        view! { <span class="account-missing">{i18n.tr(msg::ACCOUNTS_CONTACT_MISSING)}</span> }
    });
    view! {
        <li>
            <button
                type="button"
                class="account-choice"
                id=format!("account-choice-{id}")
                aria-disabled=move || switch.pending().get().to_string()
                on:click=move |_| {
                    if !switch.pending().get_untracked() {
                        target.set(id);
                        switch.dispatch();
                    }
                }
            >
                <span class="account-name">{account.name}</span>
                <span class="account-meta">
                    {move || {
                        i18n.t_with(msg::ACCOUNT_PARTNER_ID, &[("id", partner_id.clone().into())])
                    }}
                </span>
                <span class="account-meta">
                    {move || {
                        i18n.t_with(msg::ACCOUNTS_ROLE, &[("role", i18n.t(role_id(role)).into())])
                    }}
                </span>
                {missing}
            </button>
        </li>
    }
}

/// After signing in, a person in several accounts picks one here (the shell shows it
/// while the session's account is not chosen). Nothing account-scoped is loaded before.
#[component]
pub fn AccountPicker(session: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let accounts = ApiResource::new(api::accounts);
    let target = RwSignal::new(session.account.id);
    let switch = switch_action(target);
    dom::focus_after_render(PAGE_HEADING_ID);
    let email = session.user.email.clone();
    let list = move || match accounts.get() {
        None => Loading().into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move |()| accounts.refetch() /> }.into_any()
        }
        Some(Ok(response)) => {
            let choices = response
                .accounts
                .into_iter()
                .map(|account| choice(account, switch, target))
                .collect_view();
            view! { <ul class="account-list">{choices}</ul> }.into_any()
        }
    };
    let failed = move || {
        switch.failure().is_some().then(|| {
            view! {
                <p id=SWITCH_ERROR_ID class="notice notice-error" role="alert">
                    {i18n.tr(msg::ACCOUNT_SWITCH_FAILED)}
                </p>
            }
        })
    };
    view! {
        <DocumentTitle screen=Screen::ChooseAccount />
        <header class="portal-header">
            <div class="brand">
                <span class="product">{i18n.tr(msg::APP_TITLE)}</span>
            </div>
            <div class="header-controls">
                <LanguageSwitcher id="accounts-language" />
                <SignOutButton session />
            </div>
        </header>
        <main id="main" class="content narrow account-picker">
            <h1 id=PAGE_HEADING_ID tabindex="-1">{i18n.tr(msg::ACCOUNTS_HEADING)}</h1>
            <p>
                {move || i18n.t_with(msg::ACCOUNTS_INTRO, &[("email", email.clone().into())])}
            </p>
            {list}
            {failed}
        </main>
    }
}

/// The header's account switcher, for a person in several accounts (nothing otherwise): a
/// labelled select and a button, so choosing an option changes nothing until confirmed
/// (WCAG 3.2.2: switching replaces every page's content).
#[component]
pub fn AccountSwitcher(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_portal().session();
    use_context::<AccountList>().map(move |AccountList(accounts)| {
        let current = session.account.id;
        let chosen = RwSignal::new(current);
        let switch = switch_action(chosen);
        let option = move |id: i64, name: String, partner_id: String, role| {
            let label = move || {
                i18n.t_with(
                    msg::ACCOUNT_OPTION,
                    &[
                        ("account", name.clone().into()),
                        ("id", partner_id.clone().into()),
                        ("role", i18n.t(role_id(role)).into()),
                    ],
                )
            };
            view! {
                <option value=id.to_string() prop:selected=move || chosen.get() == id>
                    {label}
                </option>
            }
        };
        // Until the list is loaded, the current account is the only option.
        let (name, partner_id, role) = (
            session.account.name.clone(),
            session.account.partner_id.clone(),
            session.user.role,
        );
        let options = move || match accounts.get().and_then(Result::ok) {
            Some(response) => response
                .accounts
                .into_iter()
                .map(|account| {
                    option(
                        account.account_id,
                        account.name,
                        account.partner_id,
                        account.role,
                    )
                })
                .collect_view()
                .into_any(),
            None => option(current, name.clone(), partner_id.clone(), role).into_any(),
        };
        let failed = move || {
            switch
                .failure()
                .is_some()
                .then(|| i18n.t(msg::ACCOUNT_SWITCH_FAILED))
        };
        let error_id = format!("{id}-error");
        view! {
            <form
                class="switcher account-switcher"
                on:submit=move |event| {
                    event.prevent_default();
                    let target = chosen.get_untracked();
                    if target != current && !switch.pending().get_untracked() {
                        switch.dispatch();
                    }
                }
            >
                <label for=id>{i18n.tr(msg::ACCOUNT_SWITCHER_LABEL)}</label>
                <select
                    id=id
                    class="account-select"
                    aria-describedby=move || failed().map(|_| error_id.clone())
                    on:change:target=move |event| {
                        if let Ok(account_id) = event.target().value().parse() {
                            chosen.set(account_id);
                        }
                    }
                >
                    {options}
                </select>
                <button
                    type="submit"
                    class="button button-quiet"
                    aria-disabled=move || switch.pending().get().to_string()
                >
                    {i18n.tr(msg::ACCOUNT_SWITCH_BUTTON)}
                </button>
                {move || {
                    failed()
                        .map(|text| {
                            view! {
                                <span id=format!("{id}-error") class="field-error" role="alert">
                                    {text}
                                </span>
                            }
                        })
                }}
            </form>
        }
    })
}
