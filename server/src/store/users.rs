//! The users of each account.

use super::{Backend, Result, Row, Tx, args, now_rfc3339};
use portal_rules::api::NewUser;
use portal_rules::model::{Role, User, UserStatus};

const USER_COLUMNS: &str = "id, name, email, role, status, last_sign_in_at, version";

fn user_from_row(row: &Row) -> Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        role: row.parse(3)?,
        status: row.parse(4)?,
        last_sign_in_at: row.get(5)?,
        version: row.get(6)?,
    })
}

/// The account's users, by name (ignoring the case of ASCII letters).
pub fn list(tx: &Tx<'_>, account_id: i64) -> Result<Vec<User>> {
    tx.query(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = ?1 ORDER BY lower(name), id"),
        args![account_id],
    )?
    .iter()
    .map(user_from_row)
    .collect()
}

/// A user of this account; None for unknown ids and for other accounts' users alike.
pub fn member(tx: &Tx<'_>, account_id: i64, user_id: i64) -> Result<Option<User>> {
    tx.query_optional(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND account_id = ?2"),
        args![user_id, account_id],
    )?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

/// The users with this address (compared case-insensitively), in any account.
pub fn with_email(tx: &Tx<'_>, address: &str) -> Result<Vec<User>> {
    tx.query(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower(?1)"),
        args![address],
    )?
    .iter()
    .map(user_from_row)
    .collect()
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
/// authenticating proxy signs in: the one in `preferred_account` (the account the person
/// chose) if the address has one there; otherwise, of an address in several accounts, the
/// user who signed in most recently, else the one with the lowest id.
pub fn for_proxy(
    tx: &Tx<'_>,
    address: &str,
    preferred_account: Option<i64>,
) -> Result<Option<Addressed>> {
    tx.query_optional(
        "SELECT id, account_id, role, status, last_sign_in_at FROM users \
         WHERE lower(email) = lower(?1) AND status IN (?2, ?3) \
         ORDER BY CASE WHEN account_id = ?4 THEN 0 ELSE 1 END, \
         last_sign_in_at IS NULL, last_sign_in_at DESC, id LIMIT 1",
        args![
            address,
            UserStatus::Active.as_str(),
            UserStatus::Invited.as_str(),
            preferred_account.unwrap_or(0)
        ],
    )?
    .as_ref()
    .map(addressed_from_row)
    .transpose()
}

fn addressed_from_row(row: &Row) -> Result<Addressed> {
    Ok(Addressed {
        user_id: row.get(0)?,
        account_id: row.get(1)?,
        role: row.parse(2)?,
        status: row.parse(3)?,
        last_sign_in_at: row.get(4)?,
    })
}

/// The users with the same address as `user_id` (itself included), active or invited: the
/// person's memberships, one per partner account, by account name.
pub fn same_address(tx: &Tx<'_>, user_id: i64) -> Result<Vec<Addressed>> {
    tx.query(
        "SELECT o.id, o.account_id, o.role, o.status, o.last_sign_in_at \
         FROM users u JOIN users o ON lower(o.email) = lower(u.email) \
         JOIN accounts a ON a.id = o.account_id \
         WHERE u.id = ?1 AND o.status IN (?2, ?3) ORDER BY lower(a.name), a.id",
        args![
            user_id,
            UserStatus::Active.as_str(),
            UserStatus::Invited.as_str()
        ],
    )?
    .iter()
    .map(addressed_from_row)
    .collect()
}

/// How many partner accounts the address of `user_id` belongs to (as an active or invited
/// user).
pub fn account_count(tx: &Tx<'_>, user_id: i64) -> Result<i64> {
    tx.query_one(
        "SELECT count(*) FROM users u JOIN users o ON lower(o.email) = lower(u.email) \
         WHERE u.id = ?1 AND o.status IN (?2, ?3)",
        args![
            user_id,
            UserStatus::Active.as_str(),
            UserStatus::Invited.as_str()
        ],
    )?
    .get(0)
}

/// The user with the same address as `user_id` in `account_id`, active or invited; None
/// when the address has none there (or the account does not exist: the two look alike).
pub fn same_address_in(tx: &Tx<'_>, user_id: i64, account_id: i64) -> Result<Option<Addressed>> {
    tx.query_optional(
        "SELECT o.id, o.account_id, o.role, o.status, o.last_sign_in_at \
         FROM users u JOIN users o ON lower(o.email) = lower(u.email) \
         WHERE u.id = ?1 AND o.account_id = ?2 AND o.status IN (?3, ?4)",
        args![
            user_id,
            account_id,
            UserStatus::Active.as_str(),
            UserStatus::Invited.as_str()
        ],
    )?
    .as_ref()
    .map(addressed_from_row)
    .transpose()
}

pub fn email_taken(tx: &Tx<'_>, account_id: i64, address: &str) -> Result<bool> {
    let count: i64 = tx
        .query_one(
            "SELECT count(*) FROM users WHERE account_id = ?1 AND lower(email) = lower(?2)",
            args![account_id, address],
        )?
        .get(0)?;
    Ok(count > 0)
}

/// Administrators who have signed in: an invited administrator who never did cannot act
/// for the account, so does not count as one.
pub fn active_administrator_count(tx: &Tx<'_>, account_id: i64) -> Result<i64> {
    tx.query_one(
        "SELECT count(*) FROM users WHERE account_id = ?1 AND role = ?2 AND status = ?3",
        args![
            account_id,
            Role::Administrator.as_str(),
            UserStatus::Active.as_str()
        ],
    )?
    .get(0)
}

/// Adds an invited user and returns its id.
pub fn insert_invited(tx: &Tx<'_>, account_id: i64, user: &NewUser) -> Result<i64> {
    // Never a removed user's id (SQLite would reuse the highest; see the schema).
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "INSERT INTO users (id, account_id, name, email, role, status, created_at) \
             VALUES ((SELECT high + 1 FROM user_id_high), ?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"
        }
        Backend::Postgres => {
            "INSERT INTO users (account_id, name, email, role, status, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"
        }
    };
    tx.query_one(
        sql,
        args![
            account_id,
            user.name,
            user.email,
            user.role.as_str(),
            UserStatus::Invited.as_str(),
            now_rfc3339()
        ],
    )?
    .get(0)
}

/// Sets the role of the account's user and bumps the user's version (the role's
/// `If-Match` tag).
pub fn set_role(tx: &Tx<'_>, account_id: i64, user_id: i64, role: Role) -> Result<()> {
    tx.execute(
        "UPDATE users SET role = ?3, version = version + 1 WHERE id = ?1 AND account_id = ?2",
        args![user_id, account_id, role.as_str()],
    )?;
    Ok(())
}

/// A redeemed link makes an invited user active; `language` (the one the link was asked
/// for in), when known, becomes the language of the mail they get. Returns whether the
/// user was invited until now (only one of two sign-ins at once sees it: the row is
/// locked by the first update).
pub fn mark_signed_in(tx: &Tx<'_>, user_id: i64, language: Option<&str>) -> Result<bool> {
    let accepted = tx.execute(
        "UPDATE users SET status = ?2 WHERE id = ?1 AND status = ?3",
        args![
            user_id,
            UserStatus::Active.as_str(),
            UserStatus::Invited.as_str()
        ],
    )? > 0;
    tx.execute(
        "UPDATE users SET status = ?2, last_sign_in_at = ?3, language = coalesce(?4, language) \
         WHERE id = ?1",
        args![
            user_id,
            UserStatus::Active.as_str(),
            now_rfc3339(),
            language
        ],
    )?;
    Ok(accepted)
}

/// A user's name, address and account, whatever the account.
pub fn name_email_and_account(tx: &Tx<'_>, user_id: i64) -> Result<Option<(String, String, i64)>> {
    tx.query_optional(
        "SELECT name, email, account_id FROM users WHERE id = ?1",
        args![user_id],
    )?
    .map(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
    .transpose()
}

/// The language the user's mail is written in, if known.
pub fn language(tx: &Tx<'_>, user_id: i64) -> Result<Option<String>> {
    Ok(tx
        .query_optional("SELECT language FROM users WHERE id = ?1", args![user_id])?
        .map(|row| row.get::<Option<String>>(0))
        .transpose()?
        .flatten())
}

/// Removes the account's user; their sessions and sign-in tokens go with them (foreign
/// keys).
pub fn delete(tx: &Tx<'_>, account_id: i64, user_id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM users WHERE id = ?1 AND account_id = ?2",
        args![user_id, account_id],
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
    tx.query(
        "SELECT u.email, u.name, u.role, u.status, a.name FROM users u JOIN accounts a ON a.id = u.account_id \
         ORDER BY a.id, u.id LIMIT ?1",
        args![limit],
    )?
    .iter()
    .map(|row| {
        Ok(Directory {
            email: row.get(0)?,
            name: row.get(1)?,
            role: row.parse(2)?,
            status: row.parse(3)?,
            account: row.get(4)?,
        })
    })
    .collect()
}
