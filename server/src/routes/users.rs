//! The account's users.

use super::AppState;
use super::session::load_users;
use crate::auth::CurrentUser;
use crate::problem::ApiResult;
use axum::Json;
use axum::extract::State;
use portal_rules::api::UsersResponse;

pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<UsersResponse>> {
    let account_id = user.account_id;
    let users = state
        .db
        .call(move |connection| Ok(load_users(connection, account_id)?))
        .await?;
    Ok(Json(UsersResponse { users }))
}
