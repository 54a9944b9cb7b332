//! The integration types: the one table that says which of them use the merchant-issues
//! contact (SPEC §6).

use super::{Result, Tx, parse_column};
use portal_rules::model::IntegrationType;
use rusqlite::params;

/// An integration type as the provisioning commands list it: its setting and how many
/// accounts have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    pub integration: IntegrationType,
    pub uses_merchant_contact: bool,
    pub accounts: i64,
}

/// Every integration type, by code.
pub fn list(tx: &Tx<'_>) -> Result<Vec<Listed>> {
    let mut statement = tx.connection.prepare(
        "SELECT t.code, t.uses_merchant_contact, \
         (SELECT count(*) FROM accounts a WHERE a.integration = t.code) \
         FROM integration_types t ORDER BY t.code",
    )?;
    let integrations = statement
        .query_map([], |row| {
            Ok(Listed {
                integration: parse_column(row, 0)?,
                uses_merchant_contact: row.get(1)?,
                accounts: row.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(integrations)
}

/// Sets whether accounts of this integration type use the merchant-issues contact; false
/// when the type is not in the table.
pub fn set_uses_merchant_contact(
    tx: &Tx<'_>,
    integration: IntegrationType,
    enabled: bool,
) -> Result<bool> {
    let changed = tx.connection.execute(
        "UPDATE integration_types SET uses_merchant_contact = ?2 WHERE code = ?1",
        params![integration.as_str(), enabled],
    )?;
    Ok(changed > 0)
}
