//! Support cases, numbered across all accounts.

use super::{Result, Tx, now_rfc3339, parse_column, parse_optional_column};
use portal_rules::model::Environment;
use portal_rules::support::{NewSupportCase, SupportCase};
use rusqlite::{OptionalExtension, Row, params};

const CASE_COLUMNS: &str = "reference, category, subject, description, reply_to, environment, status, \
                            created_at, created_by_name";

fn case_from_row(row: &Row<'_>) -> rusqlite::Result<SupportCase> {
    Ok(SupportCase {
        reference: row.get(0)?,
        category: parse_column(row, 1)?,
        subject: row.get(2)?,
        description: row.get(3)?,
        reply_to: row.get(4)?,
        environment: parse_optional_column(row, 5)?,
        status: parse_column(row, 6)?,
        created_at: row.get(7)?,
        created_by: row.get(8)?,
    })
}

/// Stores a new open case by `user_id` (named `user_name`, kept should the user leave)
/// and returns it with its reference.
pub fn insert(
    tx: &Tx<'_>,
    account_id: i64,
    user_id: i64,
    user_name: &str,
    case: &NewSupportCase,
) -> Result<SupportCase> {
    let now = now_rfc3339();
    tx.connection.execute(
        "INSERT INTO support_cases (account_id, reference, category, subject, description, reply_to, environment, \
         created_at, created_by, created_by_name) \
         VALUES (?1, 'pending-' || hex(randomblob(8)), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            account_id,
            case.category.as_str(),
            case.subject,
            case.description,
            case.reply_to,
            case.environment.map(Environment::as_str),
            now,
            user_id,
            user_name
        ],
    )?;
    let id = tx.connection.last_insert_rowid();
    // The reference counts every case across accounts, so it is unique and sortable.
    let reference = format!("CASE-{}-{id:06}", &now[..4]);
    tx.connection.execute(
        "UPDATE support_cases SET reference = ?2 WHERE id = ?1",
        params![id, reference],
    )?;
    Ok(tx.connection.query_row(
        &format!("SELECT {CASE_COLUMNS} FROM support_cases WHERE id = ?1"),
        params![id],
        case_from_row,
    )?)
}

/// One page of the account's cases, newest first, and the total number of cases.
pub fn page(
    tx: &Tx<'_>,
    account_id: i64,
    page: u32,
    per_page: u32,
) -> Result<(Vec<SupportCase>, u64)> {
    let total: u64 = tx.connection.query_row(
        "SELECT count(*) FROM support_cases WHERE account_id = ?1",
        params![account_id],
        |row| row.get(0),
    )?;
    let mut statement = tx.connection.prepare(&format!(
        "SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let cases = statement
        .query_map(params![account_id, per_page, offset], case_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((cases, total))
}

pub fn get(tx: &Tx<'_>, account_id: i64, reference: &str) -> Result<Option<SupportCase>> {
    Ok(tx
        .connection
        .query_row(
            &format!(
                "SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 AND reference = ?2"
            ),
            params![account_id, reference],
            case_from_row,
        )
        .optional()?)
}
