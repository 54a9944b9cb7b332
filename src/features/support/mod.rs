//! Contact support: open a case (any role may, which is how blocked Read-only users ask for
//! help), see the account's earlier cases, and find the help pages. Used in the blocking
//! modal and on Help → Contact support.

mod case_form;
mod case_list;
mod page;

pub use page::{ContactSupportPage, ContactSupportTab};

use crate::dom;
use crate::i18n::{msg, use_i18n};
use case_form::SupportCaseForm;
use case_list::SupportCaseList;
use leptos::prelude::*;

#[component]
pub fn SupportPanel() -> impl IntoView {
    let i18n = use_i18n();
    // The help centre's address is configured in index.html.
    let help_url = dom::meta_content("portal-help-url").unwrap_or_else(|| "/".into());
    // A new case shows in the list below: the form notifies, the list reloads.
    let cases_changed = Trigger::new();
    view! {
        <section class="support-panel" aria-labelledby="support-panel-heading">
            <h2 id="support-panel-heading" class="section-heading">
                {i18n.tr(msg::SUPPORT_HEADING)}
            </h2>
            <p>{i18n.tr(msg::SUPPORT_INTRO)}</p>
            <p>
                <a href=help_url target="_blank" rel="noopener">
                    {i18n.tr(msg::SUPPORT_HELP_LINK)}
                    <span class="visually-hidden">
                        {move || format!(" ({})", i18n.t(msg::LINK_NEW_TAB))}
                    </span>
                </a>
            </p>
            <SupportCaseForm on_created=cases_changed />
            <SupportCaseList changed=cases_changed />
        </section>
    }
}
