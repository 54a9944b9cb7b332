//! The account's support cases, a page at a time; each case's reference is a button that
//! opens it (the detail dialog lives in the panel, which makes the list inert meanwhile).

use crate::api::{self, ApiResource};
use crate::i18n::{case_status_id, msg, support_category_id, use_i18n};
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::api::SupportCasesPage;
use portal_rules::support::SupportCase;

const PER_PAGE: u32 = 10;
/// The list's heading: where focus goes when a closed case's button is gone.
pub const HEADING_ID: &str = "support-cases-heading";

/// The id of the button that opens the case `reference` (references are `CASE-…` ids).
pub fn case_button_id(reference: &str) -> String {
    let safe: String = reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("support-case-{safe}")
}

/// The account's cases, newest first, a page at a time; reloaded when `changed` notifies.
/// `on_open` gets the reference of the case to show.
#[component]
pub fn SupportCaseList(changed: Trigger, on_open: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1u32);
    let cases = ApiResource::new(move || {
        changed.track();
        api::support_cases(page.get(), PER_PAGE)
    });
    let content = move || match cases.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move |()| cases.refetch() /> }.into_any()
        }
        Some(Ok(result)) if result.cases.is_empty() => {
            view! { <p>{i18n.tr(msg::SUPPORT_CASES_EMPTY)}</p> }.into_any()
        }
        Some(Ok(result)) => view! { <CasesPage result page on_open /> }.into_any(),
    };
    view! {
        <section class="support-cases" aria-labelledby="support-cases-heading">
            <h3 id=HEADING_ID class="subsection-heading" tabindex="-1">
                {i18n.tr(msg::SUPPORT_CASES_HEADING)}
            </h3>
            {move || content()}
        </section>
    }
}

/// One page of cases and the buttons to the neighbouring pages.
#[component]
fn CasesPage(
    result: SupportCasesPage,
    page: RwSignal<u32>,
    on_open: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = result.total.div_ceil(u64::from(result.per_page)).max(1);
    let current = result.page;
    let status = move || {
        i18n.t_with(
            msg::SUPPORT_PAGE_STATUS,
            &[("page", current.into()), ("pages", pages.into())],
        )
    };
    let rows = result
        .cases
        .into_iter()
        .map(|case| case_row(case, on_open))
        .collect_view();
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{i18n.tr(msg::SUPPORT_CASES_HEADING)}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_REFERENCE)}</th>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_SUBJECT)}</th>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_CATEGORY)}</th>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_STATUS)}</th>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_CREATED)}</th>
                    <th scope="col">{i18n.tr(msg::SUPPORT_COLUMN_CREATED_BY)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pagination" aria-label=i18n.tr(msg::SUPPORT_CASES_PAGES)>
            <button
                type="button"
                class="button"
                disabled={current <= 1}
                on:click=move |_| page.update(|page| *page = page.saturating_sub(1).max(1))
            >
                {i18n.tr(msg::SUPPORT_PAGE_PREVIOUS)}
            </button>
            <span>{move || status()}</span>
            <button
                type="button"
                class="button"
                disabled={u64::from(current) >= pages}
                on:click=move |_| page.update(|page| *page += 1)
            >
                {i18n.tr(msg::SUPPORT_PAGE_NEXT)}
            </button>
        </nav>
    }
}

fn case_row(case: SupportCase, on_open: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = move || i18n.date_time(&case.created_at);
    let reference = case.reference.clone();
    let button_id = case_button_id(&case.reference);
    view! {
        <tr>
            <th scope="row">
                <button
                    type="button"
                    class="link-button"
                    id=button_id
                    aria-haspopup="dialog"
                    on:click=move |_| on_open.run(reference.clone())
                >
                    {case.reference}
                </button>
            </th>
            <td>{case.subject}</td>
            <td>{i18n.tr(support_category_id(case.category))}</td>
            <td>{i18n.tr(case_status_id(case.status))}</td>
            <td>{move || created_at()}</td>
            <td>{case.created_by}</td>
        </tr>
    }
}
