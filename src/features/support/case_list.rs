//! The account's support cases, a page at a time.

use crate::api;
use crate::i18n::{case_status_id, msg, support_category_id, use_i18n};
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::api::SupportCasesPage;
use portal_rules::support::SupportCase;

const PER_PAGE: u32 = 10;

/// The account's cases, newest first, a page at a time; reloaded when `changed` notifies.
#[component]
pub fn SupportCaseList(changed: Trigger) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1u32);
    let cases = LocalResource::new(move || {
        changed.track();
        api::support_cases(page.get(), PER_PAGE)
    });
    let content = move || match cases.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=move || cases.refetch() /> }.into_any()
        }
        Some(Ok(result)) if result.cases.is_empty() => {
            view! { <p>{i18n.tr(msg::SUPPORT_CASES_EMPTY)}</p> }.into_any()
        }
        Some(Ok(result)) => view! { <CasesPage result page /> }.into_any(),
    };
    view! {
        <section class="support-cases" aria-labelledby="support-cases-heading">
            <h3 id="support-cases-heading" class="subsection-heading">
                {i18n.tr(msg::SUPPORT_CASES_HEADING)}
            </h3>
            {content}
        </section>
    }
}

/// One page of cases and the buttons to the neighbouring pages.
#[component]
fn CasesPage(result: SupportCasesPage, page: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let pages = result.total.div_ceil(u64::from(result.per_page)).max(1);
    let current = result.page;
    let status = move || {
        i18n.t_with(
            msg::SUPPORT_PAGE_STATUS,
            &[("page", current.into()), ("pages", pages.into())],
        )
    };
    let rows = result.cases.into_iter().map(case_row).collect_view();
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
            <span>{status}</span>
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

fn case_row(case: SupportCase) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = move || i18n.date_time(&case.created_at);
    view! {
        <tr>
            <th scope="row">{case.reference}</th>
            <td>{case.subject}</td>
            <td>{i18n.tr(support_category_id(case.category))}</td>
            <td>{i18n.tr(case_status_id(case.status))}</td>
            <td>{created_at}</td>
            <td>{case.created_by}</td>
        </tr>
    }
}
