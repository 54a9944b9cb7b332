//! The change history of each account: one row per change to the contact information,
//! users or roles, written in the transaction of the change. Who made it is kept by name
//! and address as they were then, so an entry stays readable after the user is gone.

use super::{Result, Row, Tx, args, now_unix};
use portal_rules::history::{Change, ChangeKind, HistoryEntry, LiveEvent, Person};

/// A change to record.
pub struct NewEntry<'a> {
    pub kind: ChangeKind,
    /// Who made it (id, name and address); `None` for the provisioning commands.
    pub actor: Option<(i64, &'a Person)>,
    /// The user a user change is about.
    pub subject: Option<&'a Person>,
    pub changes: &'a [Change],
}

/// Records `entry` for the account unless it changes nothing (a no-op save; a
/// confirmation, a verified address and an accepted invitation never have field changes
/// and are always recorded), and drops the account's entries older than `keep_secs`
/// (`None`: kept for ever; the new entry, the table's newest, is never among them, so
/// SQLite cannot give its id out again: see [`PURGE`]).
pub fn record(
    tx: &Tx<'_>,
    account_id: i64,
    entry: &NewEntry<'_>,
    keep_secs: Option<i64>,
) -> Result<()> {
    if entry.changes.is_empty()
        && !matches!(
            entry.kind,
            ChangeKind::ContactInfoConfirmed
                | ChangeKind::AddressVerified
                | ChangeKind::InvitationAccepted
        )
    {
        return Ok(());
    }
    let now = now_unix();
    let changes = serde_json::to_string(entry.changes)?;
    let (actor_id, actor_name, actor_email) = match entry.actor {
        Some((id, person)) => (Some(id), Some(&person.name), Some(&person.email)),
        None => (None, None, None),
    };
    tx.execute(
        "INSERT INTO change_history (account_id, created_at, kind, actor_id, actor_name, \
         actor_email, subject_name, subject_email, changes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![
            account_id,
            now,
            entry.kind.as_str(),
            actor_id,
            actor_name,
            actor_email,
            entry.subject.map(|person| &person.name),
            entry.subject.map(|person| &person.email),
            changes
        ],
    )?;
    if let Some(keep_secs) = keep_secs {
        tx.execute(
            "DELETE FROM change_history WHERE account_id = ?1 AND created_at < ?2",
            args![account_id, now - keep_secs],
        )?;
    }
    Ok(())
}

fn rfc3339(unix_secs: i64) -> String {
    chrono::DateTime::from_timestamp(unix_secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn person(name: Option<String>, email: Option<String>) -> Option<Person> {
    Some(Person {
        name: name?,
        email: email?,
    })
}

fn entry_from_row(row: &Row) -> Result<HistoryEntry> {
    let changes: String = row.get(7)?;
    Ok(HistoryEntry {
        id: row.get(0)?,
        at: rfc3339(row.get(1)?),
        kind: row.parse(2)?,
        actor: person(row.get(3)?, row.get(4)?),
        subject: person(row.get(5)?, row.get(6)?),
        changes: serde_json::from_str(&changes).map_err(|error| super::Error::Decode {
            index: 7,
            detail: error.to_string(),
        })?,
    })
}

/// Up to `limit` of the account's entries older than the entry `before` (all when
/// `None`), newest first, and whether more follow. Entries past `keep_secs` are left out
/// even before the purge has deleted them.
pub fn page(
    tx: &Tx<'_>,
    account_id: i64,
    before: Option<i64>,
    limit: u32,
    keep_secs: Option<i64>,
) -> Result<(Vec<HistoryEntry>, bool)> {
    let oldest = keep_secs.map_or(i64::MIN, |keep| now_unix() - keep);
    let mut entries = tx
        .query(
            "SELECT id, created_at, kind, actor_name, actor_email, subject_name, subject_email, changes \
             FROM change_history WHERE account_id = ?1 AND id < ?2 AND created_at >= ?3 \
             ORDER BY id DESC LIMIT ?4",
            args![
                account_id,
                before.unwrap_or(i64::MAX),
                oldest,
                i64::from(limit) + 1
            ],
        )?
        .iter()
        .map(entry_from_row)
        .collect::<Result<Vec<_>>>()?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    Ok((entries, more))
}

/// The columns a [`LiveEvent`] is read from (`h`: the history, `c`: the contact
/// information, whose version a contact-information change names).
const LIVE_COLUMNS: &str = "h.id, h.created_at, h.kind, h.actor_id, h.actor_name, \
     CASE WHEN h.kind IN ('contact_info_updated', 'contact_info_confirmed') THEN c.version END, \
     h.account_id";

fn live_from_row(row: &Row) -> Result<(i64, i64, LiveEvent)> {
    let created_at: i64 = row.get(1)?;
    Ok((
        row.get(6)?,
        created_at,
        LiveEvent {
            id: row.get(0)?,
            at: rfc3339(created_at),
            kind: row.parse(2)?,
            actor_id: row.get(3)?,
            actor_name: row.get(4)?,
            contact_info_version: row.get(5)?,
        },
    ))
}

/// Every account's entries written at `since` (Unix seconds) or later, oldest first, as
/// (account id, written at, event); the newest `limit` of them. Uses the `created_at`
/// index: the live feed's poller asks for a short window, so this reads only the last
/// seconds' rows.
pub fn written_since(tx: &Tx<'_>, since: i64, limit: u32) -> Result<Vec<(i64, i64, LiveEvent)>> {
    let mut rows = tx
        .query(
            &format!(
                "SELECT {LIVE_COLUMNS} FROM change_history h \
                 LEFT JOIN contact_info c ON c.account_id = h.account_id \
                 WHERE h.created_at >= ?1 ORDER BY h.id DESC LIMIT ?2"
            ),
            args![since, limit],
        )?
        .iter()
        .map(live_from_row)
        .collect::<Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}

/// The account's first `limit` entries after the entry `after`, oldest first (a stream
/// resumed with `Last-Event-ID`).
pub fn live_after(
    tx: &Tx<'_>,
    account_id: i64,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, i64, LiveEvent)>> {
    tx.query(
        &format!(
            "SELECT {LIVE_COLUMNS} FROM change_history h \
             LEFT JOIN contact_info c ON c.account_id = h.account_id \
             WHERE h.account_id = ?1 AND h.id > ?2 ORDER BY h.id LIMIT ?3"
        ),
        args![account_id, after, limit],
    )?
    .iter()
    .map(live_from_row)
    .collect()
}

/// Deletes up to `?2` entries (of any account) written before `?1`, but never the table's
/// newest row: SQLite gives a new row the highest id + 1, so deleting the newest would
/// hand its id out again, and a stream resumed with `Last-Event-ID` would skip the new
/// entry. (Keeping one expired row is simpler than rebuilding the table for AUTOINCREMENT;
/// listings leave it out by its age. PostgreSQL's identity never repeats anyway.) Uses an
/// index (checked by a test).
pub(super) const PURGE: &str = "DELETE FROM change_history WHERE id IN ( \
     SELECT id FROM change_history WHERE created_at < ?1 \
     AND id < (SELECT max(id) FROM change_history) LIMIT ?2)";

/// Deletes up to `limit` entries (of any account) older than `keep_secs`.
pub fn purge(tx: &Tx<'_>, keep_secs: i64, limit: u32) -> Result<usize> {
    tx.execute(PURGE, args![now_unix() - keep_secs, limit])
}

/// Records a change made by the signed-in user `user_id`, named as they are now (see
/// `record` for which entries are kept).
pub fn record_by_user(
    tx: &Tx<'_>,
    account_id: i64,
    user_id: i64,
    kind: ChangeKind,
    subject: Option<&Person>,
    changes: &[Change],
    keep_secs: Option<i64>,
) -> Result<()> {
    let by = person_of(tx, account_id, user_id)?;
    record(
        tx,
        account_id,
        &NewEntry {
            kind,
            actor: by.as_ref().map(|person| (user_id, person)),
            subject,
            changes,
        },
        keep_secs,
    )
}

/// Records that the invited user `user_id` signed in for the first time, in their account;
/// they are both who did it and whom it is about.
pub fn record_invitation_accepted(tx: &Tx<'_>, user_id: i64, keep_secs: Option<i64>) -> Result<()> {
    let Some(row) = tx.query_optional(
        "SELECT account_id, name, email FROM users WHERE id = ?1",
        args![user_id],
    )?
    else {
        return Ok(());
    };
    let account_id: i64 = row.get(0)?;
    let user = Person {
        name: row.get(1)?,
        email: row.get(2)?,
    };
    record(
        tx,
        account_id,
        &NewEntry {
            kind: ChangeKind::InvitationAccepted,
            actor: Some((user_id, &user)),
            subject: Some(&user),
            changes: &[],
        },
        keep_secs,
    )
}

/// The account's user `user_id` as an entry names them, if they exist.
fn person_of(tx: &Tx<'_>, account_id: i64, user_id: i64) -> Result<Option<Person>> {
    tx.query_optional(
        "SELECT name, email FROM users WHERE id = ?1 AND account_id = ?2",
        args![user_id, account_id],
    )?
    .map(|row| {
        Ok(Person {
            name: row.get(0)?,
            email: row.get(1)?,
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;
    use portal_rules::model::Role;

    const DAY: i64 = 24 * 60 * 60;

    #[tokio::test]
    async fn the_purge_deletes_only_entries_past_the_retention_in_batches() {
        let store = testing::store(true).await;
        store
            .run(|tx| -> Result<()> {
                for age_days in [400, 300, 200, 10] {
                    tx.execute(
                        "INSERT INTO change_history (account_id, created_at, kind, changes) \
                         VALUES (1, ?1, 'contact_info_updated', '[]')",
                        args![now_unix() - age_days * DAY],
                    )?;
                }
                Ok(())
            })
            .await
            .expect("inserted");
        let keep = 100 * DAY;
        assert_eq!(store.run(move |tx| purge(tx, keep, 2)).await.ok(), Some(2));
        assert_eq!(store.run(move |tx| purge(tx, keep, 2)).await.ok(), Some(1));
        assert_eq!(store.run(move |tx| purge(tx, keep, 2)).await.ok(), Some(0));
        let (left, more) = store
            .run(|tx| page(tx, 1, None, 20, None))
            .await
            .expect("listed");
        assert_eq!(left.len(), 1);
        assert!(!more);
    }

    #[tokio::test]
    async fn a_purged_newest_entry_never_gives_its_id_again() {
        let store = testing::store(true).await;
        let (newest_before, newest_after, purged) = store
            .run(|tx| -> Result<(i64, i64, usize)> {
                for _ in 0..3 {
                    tx.execute(
                        "INSERT INTO change_history (account_id, created_at, kind, changes) \
                         VALUES (1, ?1, 'contact_info_updated', '[]')",
                        args![now_unix() - 400 * DAY],
                    )?;
                }
                let newest = || -> Result<i64> {
                    tx.query_one("SELECT max(id) FROM change_history", args![])?
                        .get(0)
                };
                let before = newest()?;
                // Every row is past the retention; the purge still keeps the newest.
                let purged = purge(tx, DAY, 100)?;
                let anna = Person {
                    name: "Anna".into(),
                    email: "anna@demo.example".into(),
                };
                let entry = NewEntry {
                    kind: ChangeKind::ContactInfoConfirmed,
                    actor: Some((1, &anna)),
                    subject: None,
                    changes: &[],
                };
                record(tx, 1, &entry, None)?;
                Ok((before, newest()?, purged))
            })
            .await
            .expect("purged and recorded");
        assert!(purged >= 2, "the older rows went: {purged}");
        assert!(
            newest_after > newest_before,
            "a new entry got id {newest_after}, not above the purged {newest_before}"
        );
    }

    #[tokio::test]
    async fn a_change_without_field_changes_is_not_recorded() {
        let store = testing::store(true).await;
        let anna = Person {
            name: "Anna".into(),
            email: "anna@demo.example".into(),
        };
        let recorder = anna.clone();
        let entries = store
            .run(move |tx| -> Result<Vec<HistoryEntry>> {
                let anna = &recorder;
                for changes in [
                    Vec::new(),
                    vec![Change::Role {
                        old: Some(Role::Editor),
                        new: None,
                    }],
                ] {
                    let entry = NewEntry {
                        kind: ChangeKind::UserRemoved,
                        actor: Some((1, anna)),
                        subject: Some(anna),
                        changes: &changes,
                    };
                    record(tx, 1, &entry, Some(DAY))?;
                }
                Ok(page(tx, 1, None, 20, None)?.0)
            })
            .await
            .expect("recorded");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].actor.as_ref(), Some(&anna));
    }
}
