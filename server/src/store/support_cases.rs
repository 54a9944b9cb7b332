//! Support cases, numbered across all accounts.

use super::{Result, Row, Tx, args, now_rfc3339, random_hex};
use portal_rules::model::Environment;
use portal_rules::support::{NewSupportCase, SupportCase};

const CASE_COLUMNS: &str = "reference, category, subject, description, reply_to, environment, status, \
                            created_at, created_by_name";

fn case_from_row(row: &Row) -> Result<SupportCase> {
    Ok(SupportCase {
        reference: row.get(0)?,
        category: row.parse(1)?,
        subject: row.get(2)?,
        description: row.get(3)?,
        reply_to: row.get(4)?,
        environment: row.parse_optional(5)?,
        status: row.parse(6)?,
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
    let id: i64 = tx
        .query_one(
            "INSERT INTO support_cases (account_id, reference, category, subject, description, reply_to, \
             environment, created_at, created_by, created_by_name) \
             VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            args![
                account_id,
                case.category.as_str(),
                case.subject,
                case.description,
                case.reply_to,
                case.environment.map(Environment::as_str),
                now,
                user_id,
                user_name,
                format!("pending-{}", random_hex())
            ],
        )?
        .get(0)?;
    // The reference counts every case across accounts, so it is unique and sortable.
    let reference = format!("CASE-{}-{id:06}", &now[..4]);
    tx.execute(
        "UPDATE support_cases SET reference = ?2 WHERE id = ?1",
        args![id, reference],
    )?;
    case_from_row(&tx.query_one(
        &format!("SELECT {CASE_COLUMNS} FROM support_cases WHERE id = ?1"),
        args![id],
    )?)
}

/// One page of the account's cases, newest first, and the total number of cases.
pub fn page(
    tx: &Tx<'_>,
    account_id: i64,
    page: u32,
    per_page: u32,
) -> Result<(Vec<SupportCase>, u64)> {
    let total: u64 = tx
        .query_one(
            "SELECT count(*) FROM support_cases WHERE account_id = ?1",
            args![account_id],
        )?
        .get(0)?;
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let cases = tx
        .query(
            &format!(
                "SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 \
                 ORDER BY id DESC LIMIT ?2 OFFSET ?3"
            ),
            args![account_id, per_page, offset],
        )?
        .iter()
        .map(case_from_row)
        .collect::<Result<_>>()?;
    Ok((cases, total))
}

pub fn get(tx: &Tx<'_>, account_id: i64, reference: &str) -> Result<Option<SupportCase>> {
    tx.query_optional(
        &format!(
            "SELECT {CASE_COLUMNS} FROM support_cases WHERE account_id = ?1 AND reference = ?2"
        ),
        args![account_id, reference],
    )?
    .as_ref()
    .map(case_from_row)
    .transpose()
}
