//! Each account's contact information: one JSON document with a version, written only
//! by compare-and-set ([`save_if_version`]).

use super::{Result, Tx, args, now_rfc3339};
use portal_rules::contact::ContactInfo;

/// The stored document; version 0 means nothing was saved yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredContactInfo {
    pub version: i64,
    pub contact: ContactInfo,
    pub updated_at: Option<String>,
    /// The name of the user who saved it, while that user exists.
    pub updated_by: Option<String>,
}

pub fn load(tx: &Tx<'_>, account_id: i64) -> Result<StoredContactInfo> {
    let Some(row) = tx.query_optional(
        "SELECT c.version, c.data, c.updated_at, u.name \
         FROM contact_info c LEFT JOIN users u ON u.id = c.updated_by WHERE c.account_id = ?1",
        args![account_id],
    )?
    else {
        return Ok(StoredContactInfo::default());
    };
    let (version, data, updated_at, updated_by): (i64, String, String, Option<String>) =
        (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
    // Stored data was validated on write; unreadable data is treated as empty so the
    // modal asks for it again instead of failing every request.
    let contact = serde_json::from_str(&data).unwrap_or_else(|error| {
        tracing::error!(account_id, "unreadable contact information: {error}");
        ContactInfo::default()
    });
    Ok(StoredContactInfo {
        version,
        contact,
        updated_at: Some(updated_at),
        updated_by,
    })
}

/// Saves `contact` as the next version if the stored version is still `expected`
/// (0: nothing stored yet). Returns false, changing nothing, when it is not.
pub fn save_if_version(
    tx: &Tx<'_>,
    account_id: i64,
    expected: i64,
    contact: &ContactInfo,
    saved_by: i64,
) -> Result<bool> {
    let data = serde_json::to_string(contact)?;
    let now = now_rfc3339();
    let changed = if expected == 0 {
        tx.execute(
            "INSERT INTO contact_info (account_id, version, data, updated_at, updated_by) \
             VALUES (?1, 1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            args![account_id, data, now, saved_by],
        )?
    } else {
        tx.execute(
            "UPDATE contact_info SET version = version + 1, data = ?2, updated_at = ?3, updated_by = ?4 \
             WHERE account_id = ?1 AND version = ?5",
            args![account_id, data, now, saved_by, expected],
        )?
    };
    Ok(changed == 1)
}
