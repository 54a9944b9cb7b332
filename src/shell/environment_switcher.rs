//! Sandbox / Production switcher. Production is offered only when the account has it.

use crate::i18n::{environment_id, msg, use_i18n};
use crate::state::use_portal;
use leptos::prelude::*;
use portal_rules::model::Environment;

#[component]
pub fn EnvironmentSwitcher(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let production_enabled = portal
        .session
        .with_value(|session| session.account.production_enabled);
    let options = Environment::ALL
        .into_iter()
        .filter(|environment| *environment == Environment::Sandbox || production_enabled)
        .map(|environment| {
            let selected = move || portal.environment.get() == environment;
            view! {
                <option value=environment.as_str() prop:selected=selected>
                    {i18n.tr(environment_id(environment))}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="switcher">
            <label for=id>{i18n.tr(msg::ENVIRONMENT_LABEL)}</label>
            <select
                id=id
                class="environment-select"
                on:change:target=move |event| {
                    if let Some(environment) = Environment::parse(&event.target().value()) {
                        portal.set_environment(environment);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}
