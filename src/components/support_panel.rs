//! Contact support: open a case (any role may, which is how blocked Read-only users ask for
//! help), see the account's earlier cases, and find the help pages. Used in the blocking
//! modal and on Help → Contact support.

use crate::api::{self, ApiError};
use crate::components::error_summary::{ErrorSummary, focus_by_id};
use crate::components::form::{FieldErrorMessage, FormErrors, FormField, TextField};
use crate::components::status::ErrorNotice;
use crate::i18n::{case_status_id, environment_id, msg, support_category_id, use_i18n};
use crate::intl;
use crate::state::{use_announcer, use_portal};
use leptos::prelude::*;
use portal_rules::ErrorCode;
use portal_rules::model::Environment;
use portal_rules::support::{
    self, MAX_DESCRIPTION_CHARS, NewSupportCase, SupportCase, SupportCategory,
};

const PER_PAGE: u32 = 10;
const FIELDS: [FormField; 4] = [
    ("subject", "support-subject", msg("support-subject-label")),
    (
        "description",
        "support-description",
        msg("support-description-label"),
    ),
    (
        "reply_to",
        "support-reply-to",
        msg("support-reply-to-label"),
    ),
    (
        "category",
        "support-category",
        msg("support-category-label"),
    ),
];

/// The help centre's address, configured in index.html.
fn help_url() -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("meta[name='portal-help-url']")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| "/".into())
}

#[component]
pub fn SupportPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="support-panel" aria-labelledby="support-panel-heading">
            <h3 id="support-panel-heading">{move || i18n.t("support-heading")}</h3>
            <p>{move || i18n.t("support-intro")}</p>
            <p>
                <a href=help_url() target="_blank" rel="noopener">
                    {move || i18n.t("support-help-link")}
                    <span class="visually-hidden">{move || format!(" ({})", i18n.t("link-new-tab"))}</span>
                </a>
            </p>
            <SupportCaseForm />
            <SupportCaseList />
        </section>
    }
}

#[derive(Clone, Copy)]
struct CasesRefresh(RwSignal<u32>);

#[component]
fn SupportCaseForm() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let refresh = CasesRefresh(RwSignal::new(0));
    provide_context(refresh);

    let category = RwSignal::new(SupportCategory::ContactInformation);
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let reply_to = RwSignal::new(
        portal
            .session
            .with_value(|session| session.user.email.clone()),
    );
    let environment = RwSignal::new(Some(portal.environment.get_untracked()));
    // One key per draft: a retried submit of the same draft never opens two cases.
    let idempotency_key = RwSignal::new(intl::random_id());
    let failure = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<SupportCase>);

    let draft = move || NewSupportCase {
        category: category.get(),
        subject: subject.get(),
        description: description.get(),
        reply_to: reply_to.get(),
        environment: environment.get(),
    };
    let errors = FormErrors::new(
        &FIELDS,
        Memo::new(move |_| support::validate_case(&draft()).err().unwrap_or_default()),
    );

    let send = Action::new_local(move |(key, case): &(String, NewSupportCase)| {
        let (key, case) = (key.clone(), case.clone());
        async move {
            match api::create_support_case(&key, &case).await {
                Ok(case) => {
                    announcer.announce(i18n.t_with(
                        "support-created",
                        &[("reference", case.reference.clone().into())],
                    ));
                    created.set(Some(case));
                    subject.set(String::new());
                    description.set(String::new());
                    errors.reset();
                    idempotency_key.set(intl::random_id());
                    refresh.0.update(|count| *count += 1);
                }
                Err(ApiError::Problem(problem)) if problem.code == ErrorCode::ValidationFailed => {
                    errors.show_server(problem.errors);
                    request_animation_frame(|| focus_by_id("support-summary"));
                }
                Err(error) => {
                    failure.set(Some(error));
                    request_animation_frame(|| focus_by_id("support-failure"));
                }
            }
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        failure.set(None);
        if !errors.begin_submit() {
            request_animation_frame(|| focus_by_id("support-summary"));
            return;
        }
        send.dispatch((idempotency_key.get_untracked(), untrack(draft)));
    };

    let count = move || description.with(|text| text.trim().chars().count());

    view! {
        <form class="support-form" novalidate on:submit=on_submit aria-labelledby="support-form-heading">
            <h4 id="support-form-heading">{move || i18n.t("support-form-heading")}</h4>
            {move || created.get().map(|case| view! {
                <p class="notice notice-success" id="support-created">
                    {move || i18n.t_with("support-created", &[("reference", case.reference.clone().into())])}
                </p>
            })}
            {move || failure.get().map(|error| {
                let id = error.message_id();
                view! { <p class="notice notice-error" id="support-failure" tabindex="-1" role="alert">{move || i18n.t(&id)}</p> }
            })}
            <ErrorSummary
                id="support-summary"
                items=errors.summary_items()
            />
            <div class="form-field">
                <label for="support-category">{move || i18n.t("support-category-label")}</label>
                <select id="support-category" on:change:target=move |event| {
                    if let Some(value) = SupportCategory::parse(&event.target().value()) {
                        category.set(value);
                    }
                }>
                    {SupportCategory::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() prop:selected=move || category.get() == option>{move || i18n.t(&support_category_id(option))}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField errors field="subject" value=subject maxlength=200 />
            <div class="form-field">
                <label for="support-description">{move || i18n.t("support-description-label")}</label>
                <textarea
                    id="support-description"
                    rows="6"
                    prop:value=move || description.get()
                    aria-invalid=errors.invalid("description")
                    aria-describedby=errors.described_by("description", Some("support-description-counter"))
                    on:input:target=move |event| description.set(event.target().value())
                    on:blur=move |_| errors.touch("description")
                ></textarea>
                <p class="hint" id="support-description-counter">
                    {move || i18n.t_with("support-description-counter", &[("count", count().into()), ("max", MAX_DESCRIPTION_CHARS.into())])}
                </p>
                <FieldErrorMessage errors field="description" />
            </div>
            <TextField errors field="reply_to" value=reply_to input_type="email" autocomplete="email" />
            <div class="form-field">
                <label for="support-environment">{move || i18n.t("support-environment-label")}</label>
                <select id="support-environment" on:change:target=move |event| environment.set(Environment::parse(&event.target().value()))>
                    <option value="" prop:selected=move || environment.get().is_none()>{move || i18n.t("support-environment-none")}</option>
                    {Environment::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() prop:selected=move || environment.get() == Some(option)>{move || i18n.t(&environment_id(option))}</option>
                    }).collect_view()}
                </select>
            </div>
            // aria-disabled, not disabled: a disabled button would drop keyboard focus.
            <button type="submit" class="button button-primary" aria-disabled=move || send.pending().get().to_string()>
                {move || i18n.t(if send.pending().get() { "support-submitting" } else { "support-submit" })}
            </button>
        </form>
    }
}

#[component]
fn SupportCaseList() -> impl IntoView {
    let i18n = use_i18n();
    let refresh = expect_context::<CasesRefresh>();
    let page = RwSignal::new(1u32);
    let cases = LocalResource::new(move || {
        refresh.0.track();
        api::support_cases(page.get(), PER_PAGE)
    });
    view! {
        <section class="support-cases" aria-labelledby="support-cases-heading">
            <h4 id="support-cases-heading">{move || i18n.t("support-cases-heading")}</h4>
            {move || match cases.get() {
                None => view! { <p class="loading" role="status">{move || i18n.t("loading")}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error retry=move || cases.refetch() /> }.into_any(),
                Some(Ok(result)) if result.cases.is_empty() => view! { <p>{move || i18n.t("support-cases-empty")}</p> }.into_any(),
                Some(Ok(result)) => {
                    let pages = result.total.div_ceil(u64::from(result.per_page)).max(1);
                    let current = result.page;
                    view! {
                        <table class="data-table">
                            <caption class="visually-hidden">{move || i18n.t("support-cases-heading")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t("support-column-reference")}</th>
                                    <th scope="col">{move || i18n.t("support-column-subject")}</th>
                                    <th scope="col">{move || i18n.t("support-column-category")}</th>
                                    <th scope="col">{move || i18n.t("support-column-status")}</th>
                                    <th scope="col">{move || i18n.t("support-column-created")}</th>
                                    <th scope="col">{move || i18n.t("support-column-created-by")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {result.cases.into_iter().map(|case| {
                                    let created_at = case.created_at.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{case.reference}</th>
                                            <td>{case.subject}</td>
                                            <td>{move || i18n.t(&support_category_id(case.category))}</td>
                                            <td>{move || i18n.t(&case_status_id(case.status))}</td>
                                            <td>{move || intl::format_date_time(i18n.locale().code(), &created_at)}</td>
                                            <td>{case.created_by}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pagination" aria-label=move || i18n.t("support-cases-pages")>
                            <button type="button" class="button" disabled={current <= 1} on:click=move |_| page.update(|page| *page = page.saturating_sub(1).max(1))>
                                {move || i18n.t("support-page-previous")}
                            </button>
                            <span>{move || i18n.t_with("support-page-status", &[("page", current.into()), ("pages", pages.into())])}</span>
                            <button type="button" class="button" disabled={u64::from(current) >= pages} on:click=move |_| page.update(|page| *page += 1)>
                                {move || i18n.t("support-page-next")}
                            </button>
                        </nav>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
