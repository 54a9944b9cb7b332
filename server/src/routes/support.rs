//! Support cases: idempotent creation (with an acknowledgement mail), paginated list, one case.

use super::AppState;
use crate::auth::CurrentUser;
use crate::idempotency;
use crate::mail::{self, Mail};
use crate::problem::{ApiError, ApiJson, ApiResult};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portal_rules::ErrorCode;
use portal_rules::api::SupportCasesPage;
use portal_rules::model::Environment;
use portal_rules::support::{self, CaseStatus, NewSupportCase, SupportCase, SupportCategory};
use rusqlite::{Connection, Row, params};
use serde::Deserialize;

const MAX_PER_PAGE: u32 = 100;
const CASE_COLUMNS: &str = "reference, category, subject, description, reply_to, environment, status, created_at, created_by_name";

fn case_from_row(row: &Row<'_>) -> rusqlite::Result<SupportCase> {
    let category: String = row.get(1)?;
    let environment: Option<String> = row.get(5)?;
    let status: String = row.get(6)?;
    Ok(SupportCase {
        reference: row.get(0)?,
        category: SupportCategory::parse(&category).unwrap_or(SupportCategory::Other),
        subject: row.get(2)?,
        description: row.get(3)?,
        reply_to: row.get(4)?,
        environment: environment.as_deref().and_then(Environment::parse),
        status: if status == "closed" {
            CaseStatus::Closed
        } else {
            CaseStatus::Open
        },
        created_at: row.get(7)?,
        created_by: row.get(8)?,
    })
}

fn acknowledgement(case: &SupportCase) -> Mail {
    Mail {
        to: case.reply_to.clone(),
        subject: format!("[{}] {}", case.reference, case.subject),
        body: format!(
            "We received your support case {} and will reply to this address.\n\
             Wir haben Ihren Supportfall {} erhalten und antworten an diese Adresse.\n\
             Abbiamo ricevuto la tua richiesta di assistenza {} e risponderemo a questo indirizzo.\n\n{}\n\n{}",
            case.reference, case.reference, case.reference, case.subject, case.description
        ),
        link: None,
    }
}

fn insert_case(
    connection: &Connection,
    user: &CurrentUser,
    case: &NewSupportCase,
) -> rusqlite::Result<SupportCase> {
    let created_by_name: String = connection.query_row(
        "SELECT name FROM users WHERE id = ?1",
        params![user.user_id],
        |row| row.get(0),
    )?;
    let now = crate::db::now_rfc3339();
    connection.execute(
        "INSERT INTO support_cases (account_id, reference, category, subject, description, reply_to, environment, created_at, created_by, created_by_name) \
         VALUES (?1, 'pending-' || hex(randomblob(8)), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            user.account_id,
            case.category.as_str(),
            case.subject,
            case.description,
            case.reply_to,
            case.environment.map(Environment::as_str),
            now,
            user.user_id,
            created_by_name
        ],
    )?;
    let id = connection.last_insert_rowid();
    // The reference counts every case across accounts, so it is unique and sortable.
    let reference = format!("CASE-{}-{id:06}", &now[..4]);
    connection.execute(
        "UPDATE support_cases SET reference = ?2 WHERE id = ?1",
        params![id, reference],
    )?;
    connection.query_row(
        &format!("SELECT {CASE_COLUMNS} FROM support_cases WHERE id = ?1"),
        params![id],
        case_from_row,
    )
}

/// Creates a case once per `Idempotency-Key`: a retry with the same body gets the first
/// answer, the same key with another body is refused.
pub async fn create_case(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    ApiJson(request): ApiJson<NewSupportCase>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let case = support::validate_case(&request).map_err(ApiError::validation)?;
    let fingerprint = idempotency::fingerprint(&case)?;
    idempotency::respond_once(
        &state.db,
        user.account_id,
        key,
        fingerprint,
        move |transaction| {
            let created = insert_case(transaction, &user, &case)?;
            mail::send(transaction, &acknowledgement(&created))?;
            serde_json::to_string(&created).map_err(ApiError::internal)
        },
    )
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
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<SupportCasesPage>> {
    let Query(query) = query.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &rejection.body_text(),
        )
    })?;
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(20).clamp(1, MAX_PER_PAGE);
    let account_id = user.account_id;
    let result = state
        .db
        .call(move |connection| {
            let total: u64 = connection.query_row("SELECT count(*) FROM support_cases WHERE account_id = ?1", params![account_id], |row| row.get(0))?;
            let mut statement = connection.prepare(&format!("SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"))?;
            let offset = i64::from(page - 1) * i64::from(per_page);
            let cases = statement.query_map(params![account_id, per_page, offset], case_from_row)?.collect::<Result<_, _>>()?;
            Ok(SupportCasesPage { cases, page, per_page, total })
        })
        .await?;
    Ok(Json(result))
}

pub async fn get_case(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(reference): Path<String>,
) -> ApiResult<Json<SupportCase>> {
    let account_id = user.account_id;
    let case = state
        .db
        .call(move |connection| {
            Ok(crate::db::optional(connection.query_row(
                &format!("SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 AND reference = ?2"),
                params![account_id, reference],
                case_from_row,
            ))?)
        })
        .await?;
    case.map(Json).ok_or_else(ApiError::not_found)
}
