//! Accounts, with the integration table's answer to "uses the merchant contact?".

use super::{Result, Tx, parse_column};
use portal_rules::model::Account;
use rusqlite::params;

pub fn get(tx: &Tx<'_>, account_id: i64) -> Result<Account> {
    Ok(tx.connection.query_row(
        "SELECT a.id, a.partner_id, a.name, a.integration, a.production_enabled, t.uses_merchant_contact \
         FROM accounts a JOIN integration_types t ON t.code = a.integration WHERE a.id = ?1",
        params![account_id],
        |row| {
            Ok(Account {
                id: row.get(0)?,
                partner_id: row.get(1)?,
                name: row.get(2)?,
                integration: parse_column(row, 3)?,
                production_enabled: row.get(4)?,
                uses_merchant_contact: row.get(5)?,
            })
        },
    )?)
}
