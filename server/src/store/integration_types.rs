//! The integration types: the one table that says which of them use the merchant-issues
//! contact (SPEC §6).

use super::{Result, Tx, args};
use portal_rules::model::IntegrationType;

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
    tx.query(
        "SELECT t.code, t.uses_merchant_contact, \
         (SELECT count(*) FROM accounts a WHERE a.integration = t.code) \
         FROM integration_types t ORDER BY t.code",
        args![],
    )?
    .iter()
    .map(|row| {
        Ok(Listed {
            integration: row.parse(0)?,
            uses_merchant_contact: row.get(1)?,
            accounts: row.get(2)?,
        })
    })
    .collect()
}

/// Sets whether accounts of this integration type use the merchant-issues contact; false
/// when the type is not in the table.
pub fn set_uses_merchant_contact(
    tx: &Tx<'_>,
    integration: IntegrationType,
    enabled: bool,
) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE integration_types SET uses_merchant_contact = ?2 WHERE code = ?1",
        args![integration.as_str(), enabled],
    )?;
    Ok(changed > 0)
}
