//! Support cases: idempotent creation (with an acknowledgement mail to the signed-in user),
//! paginated list, one case.

use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser, IdempotencyKey};
use super::idempotency::create_once;
use crate::error::{ApiError, ApiResult};
use crate::limits;
use crate::mail::{self, Language};
use crate::state::AppState;
use crate::store::{support_cases, users};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use portal_rules::api::{Problem, SupportCasesPage};
use portal_rules::support::{self, NewSupportCase, SupportCase};
use serde::Deserialize;

const MAX_PER_PAGE: u32 = 100;

/// Creates a case once per `Idempotency-Key`: a retry with the same body gets the first
/// answer, the same key with another body is refused. New cases are limited per user and
/// per account. The acknowledgement goes to the user's own address in their language; the
/// reply-to address is recorded for support staff and never mailed, so the form relays
/// nothing.
#[utoipa::path(
    post,
    path = "/support-cases",
    tag = "support",
    params(
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "Names this case (1–200 visible ASCII characters): a retry with the same key and body gets the first answer"),
    ),
    request_body(content = NewSupportCase, example = json!({
        "category": "contact_information", "subject": "The form does not save",
        "description": "Saving the contact information shows an error.",
        "reply_to": "it@alpenblick.example", "environment": "production"
    })),
    responses(
        (status = 201, description = "Opened (or, for a retry, the first answer); an acknowledgement is mailed to the user", body = SupportCase,
            links(("Read" = (operation_id = "get_case", parameters(("reference" = "$response.body#/reference")))))),
        (status = 400, description = "`idempotency-key-required` (missing or too long), or `bad-request`", body = Problem),
        (status = 422, description = "`validation-failed` (`errors`), or `idempotency-key-reused` with another body", body = Problem),
        (status = 429, description = "`rate-limited`: too many cases by this user or account", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn create_case(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<NewSupportCase>,
) -> ApiResult<Response> {
    let case = support::validate_case(&request).map_err(ApiError::Validation)?;
    let limits = state.limits;
    let scope = (user.account_id, user.user_id, "support-cases");
    let (account_id, user_id) = (user.account_id, user.user_id);
    let (response, created) = create_once(&state.store, scope, key, case, move |tx, case| {
        let retry_after = limits.take(
            tx,
            &[
                (limits::CASES_PER_USER, &user_id.to_string()),
                (limits::CASES_PER_ACCOUNT, &account_id.to_string()),
            ],
        )?;
        if let Some(retry_after) = retry_after {
            return Err(ApiError::RateLimited { retry_after });
        }
        let author = users::member(tx, account_id, user_id)?.ok_or(ApiError::Unauthenticated)?;
        let created = support_cases::insert(tx, account_id, user_id, &author.name, case)?;
        let language = Language::from_locale(users::language(tx, user_id)?.as_deref());
        mail::queue(
            tx,
            mail::case_acknowledgement(&created, &author.email, &author.name, language),
            mail::MAIL_LIFETIME_SECS,
        )?;
        Ok(created)
    })
    .await?;
    // Logged once the case committed (not for a replayed answer).
    if let Some(created) = created {
        tracing::info!(
            target: "audit",
            action = "support-case-created",
            actor = user_id,
            account = account_id,
            case = %created.reference,
            "support case created"
        );
    }
    Ok(response)
}

/// Pages count from 1; `per_page` is clamped to 1–100 (default 20).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1 (0 reads as 1; default 1).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_i64)]
    page: Option<u32>,
    /// Cases per page (clamped to 1–100; default 20).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_i64)]
    per_page: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/support-cases",
    tag = "support",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of the account's cases, newest first", body = SupportCasesPage),
        (status = 400, description = "`bad-request`: the query string does not parse", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn list_cases(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<SupportCasesPage>> {
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(20).clamp(1, MAX_PER_PAGE);
    let (cases, total) = state
        .store
        .run(move |tx| support_cases::page(tx, user.account_id, page, per_page))
        .await?;
    Ok(Json(SupportCasesPage {
        cases,
        page,
        per_page,
        total,
    }))
}

#[utoipa::path(
    get,
    path = "/support-cases/{reference}",
    tag = "support",
    params(
        ("reference" = String, Path, description = "The case's reference, e.g. `CASE-2026-000123`"),
    ),
    responses(
        (status = 200, description = "The case", body = SupportCase),
        (status = 404, description = "`not-found`: no such case in this account", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn get_case(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<SupportCase>> {
    let case = state
        .store
        .run(move |tx| support_cases::get(tx, user.account_id, &reference))
        .await?;
    case.map(Json).ok_or(ApiError::NotFound)
}
