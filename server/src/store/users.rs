//! The users of each account, and the invitations that created some of them.

use super::{Result, Tx, now_rfc3339, now_unix, parse_column};
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

pub fn email_taken(tx: &Tx<'_>, account_id: i64, address: &str) -> Result<bool> {
    let count: i64 = tx.connection.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND lower(email) = lower(?2)",
        params![account_id, address],
        |row| row.get(0),
    )?;
    Ok(count > 0)
}

pub fn administrator_count(tx: &Tx<'_>, account_id: i64) -> Result<i64> {
    Ok(tx.connection.query_row(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND role = ?2",
        params![account_id, Role::Administrator.as_str()],
        |row| row.get(0),
    )?)
}

/// Adds an invited user and records the invitation (for the per-account rate limit).
/// Returns the new user's id.
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
    let user_id = tx.connection.last_insert_rowid();
    tx.connection.execute(
        "INSERT INTO invitations (account_id, user_id, created_at) VALUES (?1, ?2, ?3)",
        params![account_id, user_id, now_unix()],
    )?;
    Ok(user_id)
}

/// How many invitations the account sent in the last `window_secs` seconds.
pub fn invitations_within(tx: &Tx<'_>, account_id: i64, window_secs: i64) -> Result<i64> {
    Ok(tx.connection.query_row(
        "SELECT count(*) FROM invitations WHERE account_id = ?1 AND created_at > ?2",
        params![account_id, now_unix() - window_secs],
        |row| row.get(0),
    )?)
}

/// Sets the role and bumps the user's version (the role's `If-Match` tag).
pub fn set_role(tx: &Tx<'_>, user_id: i64, role: Role) -> Result<()> {
    tx.connection.execute(
        "UPDATE users SET role = ?2, version = version + 1 WHERE id = ?1",
        params![user_id, role.as_str()],
    )?;
    Ok(())
}

/// A redeemed link makes an invited user active.
pub fn mark_signed_in(tx: &Tx<'_>, user_id: i64) -> Result<()> {
    tx.connection.execute(
        "UPDATE users SET status = ?2, last_sign_in_at = ?3 WHERE id = ?1",
        params![user_id, UserStatus::Active.as_str(), now_rfc3339()],
    )?;
    Ok(())
}

/// Removes the user; their sessions and sign-in tokens go with them (foreign keys).
pub fn delete(tx: &Tx<'_>, user_id: i64) -> Result<()> {
    tx.connection
        .execute("DELETE FROM users WHERE id = ?1", params![user_id])?;
    Ok(())
}
