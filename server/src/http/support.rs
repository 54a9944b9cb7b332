//! Support cases: idempotent creation (with an acknowledgement mail), paginated list, one case.

use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser, IdempotencyKey};
use super::idempotency::create_once;
use crate::error::{ApiError, ApiResult};
use crate::mail;
use crate::state::AppState;
use crate::store::{support_cases, users};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use portal_rules::api::SupportCasesPage;
use portal_rules::support::{self, NewSupportCase, SupportCase};
use serde::Deserialize;

const MAX_PER_PAGE: u32 = 100;

/// Creates a case once per `Idempotency-Key`: a retry with the same body gets the first
/// answer, the same key with another body is refused.
pub async fn create_case(
    State(state): State<AppState>,
    user: CurrentUser,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<NewSupportCase>,
) -> ApiResult<Response> {
    let case = support::validate_case(&request).map_err(ApiError::Validation)?;
    create_once(&state.store, user.account_id, key, case, move |tx, case| {
        let author =
            users::member(tx, user.account_id, user.user_id)?.ok_or(ApiError::Unauthenticated)?;
        let created = support_cases::insert(tx, user.account_id, user.user_id, &author.name, case)?;
        mail::send(tx, &mail::case_acknowledgement(&created))?;
        Ok(created)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
    per_page: Option<u32>,
}

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
