//! The account's change history: who changed the contact information, users or roles,
//! when, and what (old → new per field). The server records an entry in the transaction
//! of the change; the preview does the same in memory. Both compute the diff here, so they
//! cannot disagree about what changed.

use crate::contact::{ContactInfo, Field, SupportHours};
use crate::model::Role;
use serde::{Deserialize, Serialize};

/// Entries per page when the request names no `limit`, and the most it may name.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

/// How long entries are kept unless the server is told otherwise: two years.
pub const DEFAULT_RETENTION_DAYS: u32 = 730;

/// Days after the last confirmation of the contact information (a save or "Still correct")
/// before editors are asked to review it, unless the server is told otherwise: a year.
pub const DEFAULT_RECONFIRM_AFTER_DAYS: u32 = 365;

/// Whether the contact information confirmed at `confirmed_at` (Unix seconds; `None`:
/// never) is due for review at `now`. `after_days` 0 never asks.
pub fn review_due(confirmed_at: Option<i64>, now: i64, after_days: u32) -> bool {
    if after_days == 0 {
        return false;
    }
    confirmed_at.is_none_or(|at| now.saturating_sub(at) >= i64::from(after_days) * 24 * 60 * 60)
}

crate::wire_enum! {
    /// What kind of change an entry records.
    pub enum ChangeKind {
        ContactInfoUpdated => "contact_info_updated",
        /// An editor confirmed the contact information as still correct (no field changes).
        ContactInfoConfirmed => "contact_info_confirmed",
        UserInvited => "user_invited",
        /// An invited user signed in for the first time (the actor and subject are they).
        InvitationAccepted => "invitation_accepted",
        RoleChanged => "role_changed",
        UserRemoved => "user_removed",
        /// A contact address was confirmed through its verification link (the subject is
        /// the address; no actor: whoever read the mail).
        AddressVerified => "address_verified",
    }
}

/// A person as they were when the entry was written, so the entry stays readable after
/// the user is removed or renamed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// One field's change. Lists say which addresses were added and removed (their order is
/// not recorded); support hours and roles say what they were and what they became.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    List {
        field: Field,
        added: Vec<String>,
        removed: Vec<String>,
    },
    SupportHours {
        old: SupportHours,
        new: SupportHours,
    },
    /// A user's role: `None` before an invitation and after a removal.
    Role {
        old: Option<Role>,
        new: Option<Role>,
    },
}

/// One recorded change, as `GET /api/v1/history` lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub kind: ChangeKind,
    /// Who made the change; `None` for the operator's provisioning commands.
    pub actor: Option<Person>,
    /// The user a user change is about; `None` for contact-information changes.
    pub subject: Option<Person>,
    pub changes: Vec<Change>,
}

/// `GET /api/v1/history?cursor=…&limit=…`: newest first; `next_cursor` fetches the
/// following (older) page and is absent on the last one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    pub next_cursor: Option<String>,
}

/// The name of the Server-Sent Events `GET /api/v1/events` sends for a change (its `id` is
/// the change's history entry id, its `data` a [`LiveEvent`]).
pub const LIVE_EVENT_NAME: &str = "change";

/// A change to the account as `GET /api/v1/events` announces it, moments after it is
/// saved (by any server replica): enough to tell what to reload and whom to name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// The change's history entry id (also the event's `id`, for `Last-Event-ID`).
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub kind: ChangeKind,
    /// Who made it (the user's id and name then); `None` for the provisioning commands.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    /// For contact-information changes: the version now stored (the change's or a later
    /// one).
    pub contact_info_version: Option<i64>,
}

impl ChangeKind {
    /// Whether this changes the contact information (otherwise the users).
    pub fn is_contact_info(self) -> bool {
        matches!(
            self,
            ChangeKind::ContactInfoUpdated | ChangeKind::ContactInfoConfirmed
        )
    }
}

/// The cursor of the page after `entries` (the last entry's id), when there is one.
pub fn cursor_after(entries: &[HistoryEntry], more: bool) -> Option<String> {
    more.then(|| entries.last().map(|entry| entry.id.to_string()))
        .flatten()
}

/// A cursor as the API takes it: a positive entry id.
pub fn parse_cursor(cursor: &str) -> Option<i64> {
    cursor.parse().ok().filter(|id| *id > 0)
}

fn list_change(field: Field, old: &[String], new: &[String]) -> Option<Change> {
    let added: Vec<String> = new.iter().filter(|a| !old.contains(a)).cloned().collect();
    let removed: Vec<String> = old.iter().filter(|a| !new.contains(a)).cloned().collect();
    (!added.is_empty() || !removed.is_empty()).then_some(Change::List {
        field,
        added,
        removed,
    })
}

/// What a save changed, field by field in the form's order; empty when nothing did (a
/// save that only reorders a list changes nothing worth recording).
pub fn contact_changes(old: &ContactInfo, new: &ContactInfo) -> Vec<Change> {
    let mut changes: Vec<Change> = Field::ALL
        .iter()
        .filter(|field| **field != Field::SupportHours)
        .filter_map(|field| list_change(*field, old.list(*field), new.list(*field)))
        .collect();
    if old.support_hours != new.support_hours {
        changes.push(Change::SupportHours {
            old: old.support_hours.clone(),
            new: new.support_hours.clone(),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{HoursRow, Weekday};

    fn contact(technical: &[&str]) -> ContactInfo {
        ContactInfo {
            technical_emergency: technical.iter().map(|a| (*a).to_owned()).collect(),
            ..ContactInfo::default()
        }
    }

    #[test]
    fn lists_record_added_and_removed_addresses_and_ignore_the_order() {
        let old = contact(&["a@x.example", "b@x.example"]);
        let new = contact(&["b@x.example", "c@x.example"]);
        assert_eq!(
            contact_changes(&old, &new),
            [Change::List {
                field: Field::TechnicalEmergency,
                added: vec!["c@x.example".into()],
                removed: vec!["a@x.example".into()],
            }]
        );
        let reordered = contact(&["b@x.example", "a@x.example"]);
        assert!(contact_changes(&old, &reordered).is_empty());
        assert!(contact_changes(&old, &old).is_empty());
    }

    #[test]
    fn support_hours_record_old_and_new() {
        let old = ContactInfo::default();
        let mut new = old.clone();
        new.support_hours.rows.push(HoursRow {
            weekdays: vec![Weekday::Monday],
            start: "09:00".into(),
            end: "17:00".into(),
            overnight: false,
            time_zone: "Europe/Berlin".into(),
        });
        assert_eq!(
            contact_changes(&old, &new),
            [Change::SupportHours {
                old: old.support_hours.clone(),
                new: new.support_hours.clone(),
            }]
        );
    }

    #[test]
    fn changes_read_as_json_by_their_kind() {
        let change = Change::Role {
            old: None,
            new: Some(Role::Editor),
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"role": {"old": null, "new": "editor"}})
        );
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
    }

    #[test]
    fn review_is_due_after_the_period_or_when_never_confirmed() {
        const DAY: i64 = 24 * 60 * 60;
        let now = 1_000 * DAY;
        assert!(review_due(None, now, 365));
        assert!(!review_due(Some(now - 364 * DAY), now, 365));
        assert!(review_due(Some(now - 365 * DAY), now, 365));
        assert!(!review_due(None, now, 0));
        assert!(!review_due(Some(0), now, 0));
    }

    #[test]
    fn cursors_are_positive_ids() {
        assert_eq!(parse_cursor("42"), Some(42));
        assert_eq!(parse_cursor("0"), None);
        assert_eq!(parse_cursor("-1"), None);
        assert_eq!(parse_cursor("abc"), None);
    }
}
