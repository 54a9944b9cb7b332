//! Each account's contact information: one JSON document with a version, written only
//! by compare-and-set ([`save_if_version`]).

use super::{Error, Result, Row, Tx, args, contact_verifications, now_rfc3339, now_unix, sessions};
use portal_rules::contact::ContactInfo;

/// The stored document; version 0 means nothing was saved yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredContactInfo {
    pub version: i64,
    pub contact: ContactInfo,
    pub updated_at: Option<String>,
    /// The name of the user who saved it, while that user exists.
    pub updated_by: Option<String>,
    /// When an editor last confirmed it (every save, or "Still correct"), Unix seconds;
    /// `None`: never.
    pub confirmed_at: Option<i64>,
}

pub fn load(tx: &Tx<'_>, account_id: i64) -> Result<StoredContactInfo> {
    let row = tx.query_optional(
        "SELECT c.version, c.data, c.updated_at, u.name, c.confirmed_at \
         FROM contact_info c LEFT JOIN users u ON u.id = c.updated_by WHERE c.account_id = ?1",
        args![account_id],
    )?;
    match row {
        Some(row) => Ok(stored_at(&row, 0, account_id)?.unwrap_or_default()),
        None => Ok(StoredContactInfo::default()),
    }
}

/// The contact information as its reads answer it, from one query: the stored document,
/// whether the account's integration uses the merchant contact (for what each environment
/// misses) and the stored verifications of its addresses (by address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub uses_merchant_contact: bool,
    pub stored: StoredContactInfo,
    pub verifications: Vec<contact_verifications::Stored>,
}

/// The account's [`View`]: one row per stored verification (at least one), each repeating
/// the account's and the document's columns. One query, not three: every read of the
/// contact information (and so every `GET /contact-info`) needs all of it.
pub fn load_view(tx: &Tx<'_>, account_id: i64) -> Result<View> {
    let rows = tx.query(
        &format!(
            "SELECT {VIEW_COLUMNS} FROM accounts a {VIEW_JOINS} WHERE a.id = ?1 ORDER BY v.address"
        ),
        args![account_id],
    )?;
    view_at(&rows, 0, account_id)
}

/// As [`load_view`], for the account of the live session `lookup` finds; None when there
/// is no such session. The session is found in the same
/// statement (a round trip fewer than [`sessions::user`] first: this is the hottest read,
/// every page load's), and its use is recorded as [`sessions::user`] does.
pub fn load_view_as(tx: &Tx<'_>, lookup: &sessions::Lookup) -> Result<Option<View>> {
    // LEFT JOINs from the session: a live session always gives a row, so an account
    // without its integration type is an error (as in `load_view`), never "signed out".
    let rows = tx.query(
        &format!(
            "SELECT me.*, {VIEW_COLUMNS} FROM ({live}) me \
             LEFT JOIN accounts a ON a.id = me.account_id {joins} ORDER BY v.address",
            live = sessions::LIVE,
            joins = VIEW_JOINS,
        ),
        &lookup.args(),
    )?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user = lookup.found(tx, first, 0)?;
    view_at(&rows, sessions::LIVE_COLUMNS, user.account_id).map(Some)
}

/// [`View`]'s columns, read by [`view_at`].
const VIEW_COLUMNS: &str = "t.uses_merchant_contact, c.version, c.data, c.updated_at, u.name, \
     c.confirmed_at, v.address, v.status, v.expires_at, v.sent_at, v.verified_at";

/// What [`VIEW_COLUMNS`] come from, after the account `a`.
const VIEW_JOINS: &str = "LEFT JOIN integration_types t ON t.code = a.integration \
     LEFT JOIN contact_info c ON c.account_id = a.id \
     LEFT JOIN users u ON u.id = c.updated_by \
     LEFT JOIN contact_verifications v ON v.account_id = a.id";

/// The [`View`] in [`VIEW_COLUMNS`] from column `first` of `rows` (one per verification).
fn view_at(rows: &[Row], first: usize, account_id: i64) -> Result<View> {
    let head = rows.first().ok_or(Error::NoRow)?;
    let now = now_unix();
    Ok(View {
        uses_merchant_contact: head.get(first)?,
        stored: stored_at(head, first + 1, account_id)?.unwrap_or_default(),
        verifications: rows
            .iter()
            .filter_map(|row| contact_verifications::stored_at(row, first + 6, now).transpose())
            .collect::<Result<_>>()?,
    })
}

/// The stored document in the five columns from `first` (`version`, `data`, `updated_at`,
/// the saver's name, `confirmed_at`); None when there is none (a NULL version).
fn stored_at(row: &Row, first: usize, account_id: i64) -> Result<Option<StoredContactInfo>> {
    let Some(version) = row.get::<Option<i64>>(first)? else {
        return Ok(None);
    };
    let data: String = row.get(first + 1)?;
    // Stored data was validated on write; unreadable data is treated as empty so the
    // modal asks for it again instead of failing every request.
    let contact = serde_json::from_str(&data).unwrap_or_else(|error| {
        tracing::error!(account_id, "unreadable contact information: {error}");
        ContactInfo::default()
    });
    Ok(Some(StoredContactInfo {
        version,
        contact,
        updated_at: Some(row.get(first + 2)?),
        updated_by: row.get(first + 3)?,
        confirmed_at: row.get(first + 4)?,
    }))
}

/// Saves `contact` as the next version if the stored version is still `expected`
/// (0: nothing stored yet), which also confirms it. Returns false, changing nothing, when
/// it is not.
pub fn save_if_version(
    tx: &Tx<'_>,
    account_id: i64,
    expected: i64,
    contact: &ContactInfo,
    saved_by: i64,
) -> Result<bool> {
    let data = serde_json::to_string(contact)?;
    let now = now_rfc3339();
    let confirmed_at = now_unix();
    let changed = if expected == 0 {
        tx.execute(
            "INSERT INTO contact_info (account_id, version, data, updated_at, updated_by, confirmed_at) \
             VALUES (?1, 1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            args![account_id, data, now, saved_by, confirmed_at],
        )?
    } else {
        tx.execute(
            "UPDATE contact_info SET version = version + 1, data = ?2, updated_at = ?3, updated_by = ?4, \
             confirmed_at = ?6 WHERE account_id = ?1 AND version = ?5",
            args![account_id, data, now, saved_by, expected, confirmed_at],
        )?
    };
    Ok(changed == 1)
}

/// Records that the stored version `expected` is still correct: the next version, with
/// the same data (so caches and open forms see the new `confirmed_at`). `updated_at` and
/// `updated_by` keep naming the last change. Returns false, changing nothing, when the
/// stored version is not `expected` (or nothing is stored).
pub fn confirm_if_version(tx: &Tx<'_>, account_id: i64, expected: i64) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE contact_info SET version = version + 1, confirmed_at = ?3 \
         WHERE account_id = ?1 AND version = ?2",
        args![account_id, expected, now_unix()],
    )?;
    Ok(changed == 1)
}
