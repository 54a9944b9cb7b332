//! Contact support: open a case (any role may, which is how blocked Read-only users ask for
//! help), see the account's earlier cases and open one to read it, and find the help
//! article. Used in the blocking modal and on Help → Contact support.

mod case_detail;
mod case_form;
mod case_list;
mod help;
mod page;

pub use case_detail::CaseDetailDialog;
pub use help::{HelpLink, resolve_help_url};
pub use page::{ContactSupportPage, ContactSupportTab};

use crate::dom;
use crate::i18n::{msg, use_i18n};
use case_form::SupportCaseForm;
use case_list::{SupportCaseList, case_button_id};
use leptos::prelude::*;

#[component]
pub fn SupportPanel() -> impl IntoView {
    let i18n = use_i18n();
    // A new case shows in the list below: the form notifies, the list reloads.
    let cases_changed = Trigger::new();
    // The case open in the detail dialog, by reference; the panel behind is inert meanwhile.
    let open_case = RwSignal::new(None::<String>);
    let on_open = Callback::new(move |reference: String| open_case.set(Some(reference)));
    // Focus returns to the case's button (or, if its page is gone, to the list's heading).
    let on_close = Callback::new(move |()| {
        if let Some(reference) = open_case.get_untracked() {
            dom::focus_after_render_or(case_button_id(&reference), case_list::HEADING_ID);
        }
        open_case.set(None);
    });
    let detail = move || {
        open_case
            .get()
            .map(|reference| view! { <CaseDetailDialog reference on_close /> })
    };
    view! {
        <section class="support-panel" aria-labelledby="support-panel-heading">
            <div inert=move || open_case.get().is_some()>
                <h2 id="support-panel-heading" class="section-heading">
                    {i18n.tr(msg::SUPPORT_HEADING)}
                </h2>
                <p>{i18n.tr(msg::SUPPORT_INTRO)}</p>
                <HelpLink />
                <SupportCaseForm on_created=cases_changed />
                <SupportCaseList changed=cases_changed on_open />
            </div>
            {move || detail()}
        </section>
    }
}
