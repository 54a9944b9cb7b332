//! The three-way merge of a save that met someone else's save (412): per field, what the
//! user started from (base), what the server has now (theirs) and what the user typed
//! (mine). Fields only one side changed merge by themselves; fields both changed
//! differently are the user's choice.

use super::{ContactInfo, Field};

/// What happens to one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldMerge {
    /// Nobody changed it.
    Unchanged,
    /// Only the user changed it: their value is kept.
    Mine,
    /// Only the other save changed it: its value is taken.
    Theirs,
    /// Both changed it to the same value.
    Same,
    /// Both changed it, differently: the user keeps one side.
    Conflict,
}

/// The side a user keeps for a conflicting field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// Whether `a` and `b` hold the same value in `field`.
pub fn same(a: &ContactInfo, b: &ContactInfo, field: Field) -> bool {
    match field {
        Field::SupportHours => a.support_hours == b.support_hours,
        _ => a.list(field) == b.list(field),
    }
}

/// Copies `field` from `from` into `into`.
pub fn copy_field(from: &ContactInfo, into: &mut ContactInfo, field: Field) {
    match into.list_mut(field) {
        Some(list) => from.list(field).clone_into(list),
        None => into.support_hours.clone_from(&from.support_hours),
    }
}

/// The decision for one field.
pub fn decide(
    base: &ContactInfo,
    theirs: &ContactInfo,
    mine: &ContactInfo,
    field: Field,
) -> FieldMerge {
    match (same(base, theirs, field), same(base, mine, field)) {
        (true, true) => FieldMerge::Unchanged,
        (true, false) => FieldMerge::Mine,
        (false, true) => FieldMerge::Theirs,
        (false, false) if same(theirs, mine, field) => FieldMerge::Same,
        (false, false) => FieldMerge::Conflict,
    }
}

/// The decision for every field, in the form's order.
pub fn decide_all(
    base: &ContactInfo,
    theirs: &ContactInfo,
    mine: &ContactInfo,
) -> Vec<(Field, FieldMerge)> {
    Field::ALL
        .into_iter()
        .map(|field| (field, decide(base, theirs, mine, field)))
        .collect()
}

/// True when the other save changed no field (e.g. it only confirmed the data as still
/// correct): the user's save can be repeated against the new version without asking.
pub fn theirs_unchanged(base: &ContactInfo, theirs: &ContactInfo) -> bool {
    Field::ALL
        .into_iter()
        .all(|field| same(base, theirs, field))
}

/// The merged contact information: mine, with the fields only they changed taken from
/// theirs and each conflicting field from the side `choose` names.
pub fn resolve(
    base: &ContactInfo,
    theirs: &ContactInfo,
    mine: &ContactInfo,
    choose: impl Fn(Field) -> Side,
) -> ContactInfo {
    let mut merged = mine.clone();
    for field in Field::ALL {
        let take_theirs = match decide(base, theirs, mine, field) {
            FieldMerge::Theirs => true,
            FieldMerge::Conflict => choose(field) == Side::Theirs,
            FieldMerge::Unchanged | FieldMerge::Mine | FieldMerge::Same => false,
        };
        if take_theirs {
            copy_field(theirs, &mut merged, field);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{HoursRow, SupportHours, Weekday};

    fn info(technical: &[&str], public: &[&str], always_open: bool) -> ContactInfo {
        ContactInfo {
            technical_emergency: technical.iter().map(|s| (*s).to_owned()).collect(),
            operational_public: public.iter().map(|s| (*s).to_owned()).collect(),
            support_hours: SupportHours {
                always_open,
                rows: Vec::new(),
            },
            ..ContactInfo::default()
        }
    }

    #[test]
    fn each_field_is_decided_by_who_changed_it() {
        let base = info(&["a@x.example"], &["p@x.example"], false);
        let theirs = info(&["b@x.example"], &["p@x.example"], true);
        let mine = info(&["c@x.example"], &["q@x.example"], true);
        let decisions = decide_all(&base, &theirs, &mine);
        let of = |field| decisions.iter().find(|(f, _)| *f == field).unwrap().1;
        assert_eq!(of(Field::TechnicalEmergency), FieldMerge::Conflict);
        assert_eq!(of(Field::OperationalPublic), FieldMerge::Mine);
        assert_eq!(of(Field::SupportHours), FieldMerge::Same);
        assert_eq!(of(Field::AlertContacts), FieldMerge::Unchanged);
        assert_eq!(decisions.len(), Field::ALL.len());
        assert_eq!(
            decide(&base, &mine, &base, Field::TechnicalEmergency),
            FieldMerge::Theirs
        );
    }

    #[test]
    fn resolve_takes_theirs_only_where_they_changed_or_the_user_chose_them() {
        let base = info(&["a@x.example"], &["p@x.example"], false);
        let mut theirs = info(&["b@x.example"], &["p@x.example"], false);
        theirs.support_hours.rows.push(HoursRow {
            weekdays: vec![Weekday::Monday],
            start: "09:00".into(),
            end: "17:00".into(),
            overnight: false,
            time_zone: "Europe/Rome".into(),
        });
        let mine = info(&["c@x.example"], &["q@x.example"], false);

        let kept_mine = resolve(&base, &theirs, &mine, |_| Side::Mine);
        assert_eq!(kept_mine.technical_emergency, ["c@x.example"]);
        assert_eq!(kept_mine.operational_public, ["q@x.example"]);
        // Only they changed the hours: taken without asking.
        assert_eq!(kept_mine.support_hours, theirs.support_hours);

        let kept_theirs = resolve(&base, &theirs, &mine, |_| Side::Theirs);
        assert_eq!(kept_theirs.technical_emergency, ["b@x.example"]);
        // Only I changed the public contact: a choice of "theirs" elsewhere keeps it.
        assert_eq!(kept_theirs.operational_public, ["q@x.example"]);
    }

    #[test]
    fn a_version_bump_without_changes_needs_no_question() {
        let base = info(&["a@x.example"], &[], false);
        assert!(theirs_unchanged(&base, &base.clone()));
        assert!(!theirs_unchanged(&base, &info(&["a@x.example"], &[], true)));
        let mine = info(&["c@x.example"], &[], true);
        // Rebasing changes nothing of mine.
        assert_eq!(resolve(&base, &base, &mine, |_| Side::Theirs), mine);
    }

    #[test]
    fn copy_field_moves_exactly_one_field() {
        let from = info(&["a@x.example"], &["p@x.example"], true);
        let mut into = ContactInfo::default();
        copy_field(&from, &mut into, Field::SupportHours);
        assert!(into.support_hours.always_open);
        assert!(into.technical_emergency.is_empty());
        copy_field(&from, &mut into, Field::OperationalPublic);
        assert_eq!(into.operational_public, ["p@x.example"]);
        assert!(into.technical_emergency.is_empty());
    }
}
