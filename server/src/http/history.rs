//! The account's change history: every signed-in user of the account may read it (as they
//! may read the contact information), newest first, a page at a time by cursor.

use super::extract::{ApiQuery, CurrentUser};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::history;
use axum::Json;
use axum::extract::State;
use portal_rules::history::{
    DEFAULT_PAGE_SIZE, HistoryPage, MAX_PAGE_SIZE, cursor_after, parse_cursor,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    limit: Option<u32>,
}

/// `GET /api/v1/history?cursor=…&limit=…`.
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
