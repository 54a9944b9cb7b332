//! Accounts, with the integration table's answer to "uses the merchant contact?".

use super::{Result, Row, Tx, args};
use portal_rules::model::{Account, IntegrationType};

const ACCOUNT_SELECT: &str = "SELECT a.id, a.partner_id, a.name, a.integration, a.production_enabled, \
     t.uses_merchant_contact FROM accounts a JOIN integration_types t ON t.code = a.integration";

/// Like [`ACCOUNT_SELECT`], with the number of the account's users as a seventh column.
const ACCOUNT_SELECT_WITH_USERS: &str = "SELECT a.id, a.partner_id, a.name, a.integration, \
     a.production_enabled, t.uses_merchant_contact, \
     (SELECT count(*) FROM users u WHERE u.account_id = a.id) \
     FROM accounts a JOIN integration_types t ON t.code = a.integration";

fn account_from_row(row: &Row) -> Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        partner_id: row.get(1)?,
        name: row.get(2)?,
        integration: row.parse(3)?,
        production_enabled: row.get(4)?,
        uses_merchant_contact: row.get(5)?,
    })
}

pub fn get(tx: &Tx<'_>, account_id: i64) -> Result<Account> {
    account_from_row(&tx.query_one(
        &format!("{ACCOUNT_SELECT} WHERE a.id = ?1"),
        args![account_id],
    )?)
}

/// The account with this partner ID (compared exactly), if any.
pub fn by_partner_id(tx: &Tx<'_>, partner_id: &str) -> Result<Option<Account>> {
    tx.query_optional(
        &format!("{ACCOUNT_SELECT} WHERE a.partner_id = ?1"),
        args![partner_id],
    )?
    .as_ref()
    .map(account_from_row)
    .transpose()
}

/// An account as the provisioning commands list it: with its number of users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub account: Account,
    pub users: i64,
}

/// Every account, by partner ID.
pub fn list(tx: &Tx<'_>) -> Result<Vec<Listed>> {
    tx.query(
        &format!("{ACCOUNT_SELECT_WITH_USERS} ORDER BY a.partner_id"),
        args![],
    )?
    .iter()
    .map(|row| {
        Ok(Listed {
            account: account_from_row(row)?,
            users: row.get(6)?,
        })
    })
    .collect()
}

/// The fields of a new account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub partner_id: String,
    pub name: String,
    pub integration: IntegrationType,
    pub production_enabled: bool,
}

/// Adds an account (its partner ID must be new) and returns its id.
pub fn insert(tx: &Tx<'_>, account: &NewAccount) -> Result<i64> {
    tx.query_one(
        "INSERT INTO accounts (partner_id, name, integration, production_enabled) \
         VALUES (?1, ?2, ?3, ?4) RETURNING id",
        args![
            account.partner_id,
            account.name,
            account.integration.as_str(),
            account.production_enabled
        ],
    )?
    .get(0)
}

/// Enables or disables Production for the account.
pub fn set_production(tx: &Tx<'_>, account_id: i64, enabled: bool) -> Result<()> {
    tx.execute(
        "UPDATE accounts SET production_enabled = ?2 WHERE id = ?1",
        args![account_id, enabled],
    )?;
    Ok(())
}
