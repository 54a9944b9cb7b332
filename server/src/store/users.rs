//! The users of each account.

use super::{Result, Tx, now_rfc3339, parse_column};
use portal_rules::api::NewUser;
use portal_rules::model::{Role, User, UserStatus};
use rusqlite::{OptionalExtension, Row, params};

const USER_COLUMNS: &str = "id, name, email, role, status, last_sign_in_at, version";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        role: parse_column(row, 3)?,
        status: parse_column(row, 4)?,
        last_sign_in_at: row.get(5)?,
        version: row.get(6)?,
    })
}

/// The account's users, by name.
pub fn list(tx: &Tx<'_>, account_id: i64) -> Result<Vec<User>> {
    let mut statement = tx.connection.prepare(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE account_id = ?1 ORDER BY name COLLATE NOCASE, id"
    ))?;
    let users = statement
        .query_map(params![account_id], user_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(users)
}

/// A user of this account; None for unknown ids and for other accounts' users alike.
pub fn member(tx: &Tx<'_>, account_id: i64, user_id: i64) -> Result<Option<User>> {
    Ok(tx
        .connection
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND account_id = ?2"),
            params![user_id, account_id],
            user_from_row,
        )
        .optional()?)
}

/// The users with this address (compared case-insensitively), in any account.
pub fn with_email(tx: &Tx<'_>, address: &str) -> Result<Vec<User>> {
    let mut statement = tx.connection.prepare(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower(?1)"
    ))?;
    let users = statement
        .query_map(params![address], user_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(users)
}

/// A user an authenticating proxy names by address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    pub status: UserStatus,
    /// RFC 3339, as stored (so it sorts by time).
    pub last_sign_in_at: Option<String>,
}

/// The active or invited user with this address (compared case-insensitively) that an
/// authenticating proxy signs in. An address in several accounts names the user who signed
/// in most recently, else the one with the lowest id (choosing the account comes later).
pub fn for_proxy(tx: &Tx<'_>, address: &str) -> Result<Option<Addressed>> {
    Ok(tx
        .connection
        .query_row(
            "SELECT id, account_id, role, status, last_sign_in_at FROM users \
             WHERE lower(email) = lower(?1) AND status IN (?2, ?3) \
             ORDER BY last_sign_in_at IS NULL, last_sign_in_at DESC, id LIMIT 1",
            params![
                address,
                UserStatus::Active.as_str(),
                UserStatus::Invited.as_str()
            ],
            |row| {
                Ok(Addressed {
                    user_id: row.get(0)?,
                    account_id: row.get(1)?,
                    role: parse_column(row, 2)?,
                    status: parse_column(row, 3)?,
                    last_sign_in_at: row.get(4)?,
                })
            },
        )
        .optional()?)
}

pub fn email_taken(tx: &Tx<'_>, account_id: i64, address: &str) -> Result<bool> {
    let count: i64 = tx.connection.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND lower(email) = lower(?2)",
        params![account_id, address],
        |row| row.get(0),
    )?;
    Ok(count > 0)
}

/// Administrators who have signed in: an invited administrator who never did cannot act
/// for the account, so does not count as one.
pub fn active_administrator_count(tx: &Tx<'_>, account_id: i64) -> Result<i64> {
    Ok(tx.connection.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND role = ?2 AND status = ?3",
        params![
            account_id,
            Role::Administrator.as_str(),
            UserStatus::Active.as_str()
        ],
        |row| row.get(0),
    )?)
}

/// Adds an invited user and returns its id.
pub fn insert_invited(tx: &Tx<'_>, account_id: i64, user: &NewUser) -> Result<i64> {
    tx.connection.execute(
        "INSERT INTO users (account_id, name, email, role, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            account_id,
            user.name,
            user.email,
            user.role.as_str(),
            UserStatus::Invited.as_str(),
            now_rfc3339()
        ],
    )?;
    Ok(tx.connection.last_insert_rowid())
}

/// Sets the role of the account's user and bumps the user's version (the role's
/// `If-Match` tag).
pub fn set_role(tx: &Tx<'_>, account_id: i64, user_id: i64, role: Role) -> Result<()> {
    tx.connection.execute(
        "UPDATE users SET role = ?3, version = version + 1 WHERE id = ?1 AND account_id = ?2",
        params![user_id, account_id, role.as_str()],
    )?;
    Ok(())
}

/// A redeemed link makes an invited user active; `language` (the one the link was asked
/// for in), when known, becomes the language of the mail they get.
pub fn mark_signed_in(tx: &Tx<'_>, user_id: i64, language: Option<&str>) -> Result<()> {
    tx.connection.execute(
        "UPDATE users SET status = ?2, last_sign_in_at = ?3, language = coalesce(?4, language)          WHERE id = ?1",
        params![
            user_id,
            UserStatus::Active.as_str(),
            now_rfc3339(),
            language
        ],
    )?;
    Ok(())
}

/// A user's name and account, whatever the account.
pub fn name_and_account(tx: &Tx<'_>, user_id: i64) -> Result<Option<(String, i64)>> {
    Ok(tx
        .connection
        .query_row(
            "SELECT name, account_id FROM users WHERE id = ?1",
            params![user_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// The language the user's mail is written in, if known.
pub fn language(tx: &Tx<'_>, user_id: i64) -> Result<Option<String>> {
    Ok(tx
        .connection
        .query_row(
            "SELECT language FROM users WHERE id = ?1",
            params![user_id],
            |row| row.get(0),
        )
        .optional()?
        .flatten())
}

/// Removes the account's user; their sessions and sign-in tokens go with them (foreign
/// keys).
pub fn delete(tx: &Tx<'_>, account_id: i64, user_id: i64) -> Result<()> {
    tx.connection.execute(
        "DELETE FROM users WHERE id = ?1 AND account_id = ?2",
        params![user_id, account_id],
    )?;
    Ok(())
}

/// A user as the development outbox page lists it: who to sign in as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Directory {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub account: String,
}

/// Every user of every account (up to `limit`), by account and name: the development
/// outbox page lists them, and tests compare them with the README.
pub fn directory(tx: &Tx<'_>, limit: u32) -> Result<Vec<Directory>> {
    let mut statement = tx.connection.prepare(
        "SELECT u.email, u.name, u.role, u.status, a.name FROM users u JOIN accounts a ON a.id = u.account_id \
         ORDER BY a.id, u.id LIMIT ?1",
    )?;
    let users = statement
        .query_map(params![limit], |row| {
            Ok(Directory {
                email: row.get(0)?,
                name: row.get(1)?,
                role: parse_column(row, 2)?,
                status: parse_column(row, 3)?,
                account: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(users)
}
