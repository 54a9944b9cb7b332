//! One support case, read in full: a modal dialog (WAI-ARIA APG dialog pattern) opened from
//! its reference in the list. It loads the case from the server (`GET /support-cases/{ref}`,
//! so its status is current), starts with focus on its title (the text can be long, so
//! reading starts at the top), traps Tab, and closes with Escape or its Close button; the
//! panel returns focus to the case's button.

use crate::api::{self, ApiResource};
use crate::i18n::{MsgId, case_status_id, environment_id, msg, support_category_id, use_i18n};
use crate::ui::dialog::ModalDialog;
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::support::SupportCase;

const TITLE_ID: &str = "case-dialog-title";
pub const CLOSE_ID: &str = "case-dialog-close";

#[component]
pub fn CaseDetailDialog(reference: String, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let title = {
        let reference = reference.clone();
        move || {
            i18n.t_with(
                msg::SUPPORT_CASE_TITLE,
                &[("reference", reference.clone().into())],
            )
        }
    };
    let case = ApiResource::new(move || {
        let reference = reference.clone();
        async move { api::support_case(&reference).await }
    });
    let content = move || match case.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move |()| case.refetch() /> }.into_any()
        }
        Some(Ok(case)) => view! { <CaseDetails case /> }.into_any(),
    };
    view! {
        <ModalDialog
            labelled_by=TITLE_ID
            initial_focus=TITLE_ID
            class="case-dialog"
            on_escape=on_close
        >
            <h2 id=TITLE_ID tabindex="-1">{move || title()}</h2>
            {move || content()}
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button"
                    id=CLOSE_ID
                    on:click=move |_| on_close.run(())
                >
                    {i18n.tr(msg::SUPPORT_CASE_CLOSE)}
                </button>
            </div>
        </ModalDialog>
    }
}

/// What the case says, as a description list, then its full text.
#[component]
fn CaseDetails(case: SupportCase) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = {
        let at = case.created_at.clone();
        move || i18n.date_time(&at)
    };
    let environment = case
        .environment
        .map_or(msg::SUPPORT_ENVIRONMENT_NONE, environment_id);
    let entry = |label: MsgId, id: &'static str, value: AnyView| {
        view! {
            <dt>{i18n.tr(label)}</dt>
            <dd id=id>{value}</dd>
        }
    };
    view! {
        <dl class="field-list case-details">
            {entry(msg::SUPPORT_COLUMN_SUBJECT, "case-dialog-subject", case.subject.into_any())}
            {entry(
                msg::SUPPORT_COLUMN_STATUS,
                "case-dialog-status",
                i18n.tr(case_status_id(case.status)).into_any(),
            )}
            {entry(
                msg::SUPPORT_COLUMN_CATEGORY,
                "case-dialog-category",
                i18n.tr(support_category_id(case.category)).into_any(),
            )}
            {entry(
                msg::SUPPORT_CASE_ENVIRONMENT,
                "case-dialog-environment",
                i18n.tr(environment).into_any(),
            )}
            {entry(msg::SUPPORT_COLUMN_CREATED, "case-dialog-created", created_at.into_any())}
            {entry(
                msg::SUPPORT_COLUMN_CREATED_BY,
                "case-dialog-created-by",
                case.created_by.into_any(),
            )}
            {entry(msg::SUPPORT_CASE_REPLY_TO, "case-dialog-reply-to", case.reply_to.into_any())}
        </dl>
        <h3 class="case-description-heading">{i18n.tr(msg::SUPPORT_DESCRIPTION_LABEL)}</h3>
        <p class="case-description" id="case-dialog-description">{case.description}</p>
    }
}
