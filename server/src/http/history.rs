//! The account's change history: every signed-in user of the account may read it (as they
//! may read the contact information), newest first, a page at a time by cursor.

use super::extract::{ApiQuery, CurrentUser};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::history;
use axum::Json;
use axum::extract::State;
use portal_rules::api::Problem;
use portal_rules::history::{
    DEFAULT_PAGE_SIZE, HistoryPage, MAX_PAGE_SIZE, cursor_after, parse_cursor,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The `next_cursor` of the previous page (a positive entry id); none: the newest page.
    #[param(pattern = r"^\+?0*[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
    /// Entries per page (clamped to 1–100; default 20).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_i64)]
    limit: Option<u32>,
}

/// `GET /api/v1/history?cursor=…&limit=…`.
#[utoipa::path(
    get,
    path = "/history",
    tag = "history",
    params(HistoryQuery),
    responses(
        (status = 200, description = "One page of the account's change history, newest first; `next_cursor` names the next (older) page", body = HistoryPage),
        (status = 400, description = "`bad-request`: the cursor or limit does not parse", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn list_history(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<HistoryPage>> {
    let before = match query.cursor.as_deref() {
        None => None,
        Some(cursor) => Some(parse_cursor(cursor).ok_or(ApiError::BadRequest(
            "The query string does not have the expected parameters",
        ))?),
    };
    let limit = query
        .limit
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let keep_secs = state.config.history_keep_secs();
    let (entries, more) = state
        .store
        .run(move |tx| history::page(tx, user.account_id, before, limit, keep_secs))
        .await?;
    let next_cursor = cursor_after(&entries, more);
    Ok(Json(HistoryPage {
        entries,
        next_cursor,
    }))
}
