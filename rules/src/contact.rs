//! Contact information: the seven fields, their validation, and completeness per environment.

use crate::email;
use crate::model::Environment;
use crate::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// At most this many addresses per list.
pub const MAX_LIST_ENTRIES: usize = 10;
const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    AlertContacts,
    TechnicalEmergency,
    TechnicalNonEmergency,
    MerchantIssues,
    OperationalGoogle,
    OperationalPublic,
    SupportHours,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::AlertContacts,
        Field::TechnicalEmergency,
        Field::TechnicalNonEmergency,
        Field::MerchantIssues,
        Field::OperationalGoogle,
        Field::OperationalPublic,
        Field::SupportHours,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Field::AlertContacts => "alert_contacts",
            Field::TechnicalEmergency => "technical_emergency",
            Field::TechnicalNonEmergency => "technical_non_emergency",
            Field::MerchantIssues => "merchant_issues",
            Field::OperationalGoogle => "operational_google",
            Field::OperationalPublic => "operational_public",
            Field::SupportHours => "support_hours",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub const fn index(self) -> u32 {
        self as u32
    }
}

/// One row of support hours: these weekdays, from `start` to `end` ("HH:MM", 24-hour),
/// in one IANA time zone. An `overnight` row ends on the following day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRow {
    pub weekdays: Vec<Weekday>,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub overnight: bool,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SupportHours {
    /// "24/7": support is always available; rows are then ignored.
    #[serde(default)]
    pub always_open: bool,
    #[serde(default)]
    pub rows: Vec<HoursRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContactInfo {
    #[serde(default)]
    pub alert_contacts: Vec<String>,
    #[serde(default)]
    pub technical_emergency: Vec<String>,
    #[serde(default)]
    pub technical_non_emergency: Vec<String>,
    #[serde(default)]
    pub merchant_issues: Vec<String>,
    #[serde(default)]
    pub operational_google: Vec<String>,
    #[serde(default)]
    pub operational_public: Vec<String>,
    #[serde(default)]
    pub support_hours: SupportHours,
}

/// What a save is checked against: the account's configuration and its users.
pub struct ValidationContext<'a> {
    /// The environment the user saves in. Alert contacts are required (and may only be
    /// changed) in Production.
    pub environment: Environment,
    pub uses_merchant_contact: bool,
    /// E-mail addresses of the account's current users.
    pub user_emails: &'a [String],
    /// Whether a time zone name is a real IANA zone (the server asks its zone database,
    /// the browser asks `Intl`).
    pub is_known_time_zone: &'a dyn Fn(&str) -> bool,
}

/// Parses "HH:MM" (00:00–23:59) into minutes after midnight.
pub fn parse_time(value: &str) -> Option<u32> {
    let (hours, minutes) = value.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

fn validate_list(
    field: Field,
    entries: &[String],
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let name = field.as_str();
    if required && entries.is_empty() {
        errors.push(FieldError::new(name, ErrorCode::Required));
    }
    if entries.len() > MAX_LIST_ENTRIES {
        errors.push(FieldError::new(name, ErrorCode::ListTooLong));
    }
    let mut seen = HashSet::new();
    let mut normalized = Vec::with_capacity(entries.len());
    for entry in entries {
        match email::normalize(entry) {
            Ok(address) => {
                if seen.insert(email::duplicate_key(&address)) {
                    normalized.push(address);
                } else {
                    errors
                        .push(FieldError::new(name, ErrorCode::EmailDuplicate).with_value(address));
                }
            }
            Err(code) => errors.push(FieldError::new(name, code).with_value(entry.trim())),
        }
    }
    normalized
}

/// The minutes of the week a row covers, as half-open intervals on a 0..MINUTES_PER_WEEK
/// circle split so none wraps (an overnight Sunday row continues on Monday).
fn weekly_intervals(row: &HoursRow, start: u32, end: u32) -> Vec<(u32, u32)> {
    let length = if row.overnight {
        MINUTES_PER_DAY - start + end
    } else {
        end - start
    };
    let mut intervals = Vec::new();
    for day in &row.weekdays {
        let from = day.index() * MINUTES_PER_DAY + start;
        let to = from + length;
        if to <= MINUTES_PER_WEEK {
            intervals.push((from, to));
        } else {
            intervals.push((from, MINUTES_PER_WEEK));
            intervals.push((0, to - MINUTES_PER_WEEK));
        }
    }
    intervals
}

fn validate_hours(
    hours: &SupportHours,
    ctx: &ValidationContext<'_>,
    errors: &mut Vec<FieldError>,
) -> SupportHours {
    let name = Field::SupportHours.as_str();
    if hours.always_open {
        return SupportHours {
            always_open: true,
            rows: Vec::new(),
        };
    }
    if hours.rows.is_empty() {
        errors.push(FieldError::new(name, ErrorCode::HoursRowsRequired));
    }
    let mut rows = Vec::with_capacity(hours.rows.len());
    // (time zone, interval, row index) of every well-formed row, for the overlap check.
    let mut covered: Vec<(&str, (u32, u32), usize)> = Vec::new();
    for (index, row) in hours.rows.iter().enumerate() {
        let path = format!("{name}.rows[{index}]");
        let mut weekdays = row.weekdays.clone();
        weekdays.sort();
        weekdays.dedup();
        let time_zone = row.time_zone.trim().to_owned();
        let mut row_ok = true;
        if weekdays.is_empty() {
            errors.push(FieldError::new(&path, ErrorCode::HoursNoWeekdays));
            row_ok = false;
        }
        if time_zone.is_empty() || !(ctx.is_known_time_zone)(&time_zone) {
            errors.push(
                FieldError::new(&path, ErrorCode::HoursUnknownTimeZone).with_value(&time_zone),
            );
            row_ok = false;
        }
        match (parse_time(&row.start), parse_time(&row.end)) {
            (Some(start), Some(end)) => {
                let ordered = if row.overnight {
                    end <= start
                } else {
                    start < end
                };
                if !ordered {
                    errors.push(FieldError::new(&path, ErrorCode::HoursStartNotBeforeEnd));
                } else if row_ok {
                    let normalized = HoursRow {
                        weekdays,
                        start: row.start.clone(),
                        end: row.end.clone(),
                        overnight: row.overnight,
                        time_zone,
                    };
                    for interval in weekly_intervals(&normalized, start, end) {
                        covered.push((&hours.rows[index].time_zone, interval, index));
                    }
                    rows.push(normalized);
                    continue;
                }
            }
            _ => errors.push(FieldError::new(&path, ErrorCode::HoursInvalidTime)),
        }
        rows.push(HoursRow {
            weekdays,
            start: row.start.clone(),
            end: row.end.clone(),
            overnight: row.overnight,
            time_zone,
        });
    }
    let mut reported = HashSet::new();
    for (i, (zone_a, (from_a, to_a), row_a)) in covered.iter().enumerate() {
        for (zone_b, (from_b, to_b), row_b) in &covered[i + 1..] {
            if row_a != row_b
                && zone_a.trim() == zone_b.trim()
                && from_a < to_b
                && from_b < to_a
                && reported.insert(*row_b)
            {
                errors.push(
                    FieldError::new(format!("{name}.rows[{row_b}]"), ErrorCode::HoursOverlap)
                        .with_value((row_a + 1).to_string()),
                );
            }
        }
    }
    SupportHours {
        always_open: false,
        rows,
    }
}

/// Validates a whole save. On success returns the normalized contact information
/// (trimmed addresses, lower-cased domains, sorted weekdays).
pub fn validate(
    info: &ContactInfo,
    ctx: &ValidationContext<'_>,
) -> Result<ContactInfo, Vec<FieldError>> {
    let mut errors = Vec::new();
    let in_production = ctx.environment == Environment::Production;
    let alert_contacts = validate_list(
        Field::AlertContacts,
        &info.alert_contacts,
        in_production,
        &mut errors,
    );
    let users: HashSet<String> = ctx
        .user_emails
        .iter()
        .map(|address| email::duplicate_key(address))
        .collect();
    for address in &alert_contacts {
        if !users.contains(&email::duplicate_key(address)) {
            errors.push(
                FieldError::new(
                    Field::AlertContacts.as_str(),
                    ErrorCode::AlertContactNotUser,
                )
                .with_value(address),
            );
        }
    }
    let technical_emergency = validate_list(
        Field::TechnicalEmergency,
        &info.technical_emergency,
        true,
        &mut errors,
    );
    let technical_non_emergency = validate_list(
        Field::TechnicalNonEmergency,
        &info.technical_non_emergency,
        true,
        &mut errors,
    );
    let merchant_issues = if ctx.uses_merchant_contact {
        validate_list(
            Field::MerchantIssues,
            &info.merchant_issues,
            true,
            &mut errors,
        )
    } else {
        Vec::new()
    };
    let operational_google = validate_list(
        Field::OperationalGoogle,
        &info.operational_google,
        true,
        &mut errors,
    );
    let operational_public = validate_list(
        Field::OperationalPublic,
        &info.operational_public,
        true,
        &mut errors,
    );
    if operational_public.len() > 1 {
        errors.push(FieldError::new(
            Field::OperationalPublic.as_str(),
            ErrorCode::ExactlyOne,
        ));
    }
    let support_hours = validate_hours(&info.support_hours, ctx, &mut errors);
    if errors.is_empty() {
        Ok(ContactInfo {
            alert_contacts,
            technical_emergency,
            technical_non_emergency,
            merchant_issues,
            operational_google,
            operational_public,
            support_hours,
        })
    } else {
        Err(errors)
    }
}

/// The required fields still empty for one environment. Saved data has been validated,
/// so emptiness is the only thing left to check here.
pub fn missing_fields(
    info: &ContactInfo,
    environment: Environment,
    uses_merchant_contact: bool,
) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|field| match field {
            Field::AlertContacts => {
                environment == Environment::Production && info.alert_contacts.is_empty()
            }
            Field::TechnicalEmergency => info.technical_emergency.is_empty(),
            Field::TechnicalNonEmergency => info.technical_non_emergency.is_empty(),
            Field::MerchantIssues => uses_merchant_contact && info.merchant_issues.is_empty(),
            Field::OperationalGoogle => info.operational_google.is_empty(),
            Field::OperationalPublic => info.operational_public.is_empty(),
            Field::SupportHours => {
                !info.support_hours.always_open && info.support_hours.rows.is_empty()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn users() -> Vec<String> {
        vec!["admin@demo.example".into(), "Editor@Demo.example".into()]
    }

    fn known_zone(zone: &str) -> bool {
        ["Europe/Berlin", "Europe/Rome", "America/New_York", "UTC"].contains(&zone)
    }

    fn ctx(users: &[String], environment: Environment) -> ValidationContext<'_> {
        ValidationContext {
            environment,
            uses_merchant_contact: false,
            user_emails: users,
            is_known_time_zone: &known_zone,
        }
    }

    fn row(days: &[Weekday], start: &str, end: &str, overnight: bool, zone: &str) -> HoursRow {
        HoursRow {
            weekdays: days.to_vec(),
            start: start.into(),
            end: end.into(),
            overnight,
            time_zone: zone.into(),
        }
    }

    fn complete() -> ContactInfo {
        ContactInfo {
            alert_contacts: vec!["admin@demo.example".into()],
            technical_emergency: vec!["oncall@partner.example".into()],
            technical_non_emergency: vec!["dev@partner.example".into()],
            merchant_issues: vec![],
            operational_google: vec!["ops@partner.example".into()],
            operational_public: vec!["support@partner.example".into()],
            support_hours: SupportHours {
                always_open: true,
                rows: vec![],
            },
        }
    }

    fn codes(result: Result<ContactInfo, Vec<FieldError>>) -> Vec<(String, ErrorCode)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_form_is_valid_and_complete_everywhere() {
        let users = users();
        let saved = validate(&complete(), &ctx(&users, Environment::Production)).unwrap();
        assert!(missing_fields(&saved, Environment::Production, false).is_empty());
        assert!(missing_fields(&saved, Environment::Sandbox, false).is_empty());
    }

    #[test]
    fn alert_contacts_are_required_only_in_production() {
        let users = users();
        let info = ContactInfo {
            alert_contacts: vec![],
            ..complete()
        };
        assert!(validate(&info, &ctx(&users, Environment::Sandbox)).is_ok());
        assert_eq!(
            codes(validate(&info, &ctx(&users, Environment::Production))),
            vec![("alert_contacts".into(), ErrorCode::Required)]
        );
        assert_eq!(missing_fields(&info, Environment::Sandbox, false), vec![]);
        assert_eq!(
            missing_fields(&info, Environment::Production, false),
            vec![Field::AlertContacts]
        );
    }

    #[test]
    fn alert_contacts_must_be_users_case_insensitively() {
        let users = users();
        let info = ContactInfo {
            alert_contacts: vec!["editor@demo.EXAMPLE".into(), "stranger@demo.example".into()],
            ..complete()
        };
        let errors = validate(&info, &ctx(&users, Environment::Production)).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("alert_contacts", ErrorCode::AlertContactNotUser)
                    .with_value("stranger@demo.example")
            ]
        );
    }

    #[test]
    fn merchant_contact_is_required_only_where_the_integration_uses_it() {
        let users = users();
        let mut context = ctx(&users, Environment::Sandbox);
        assert!(validate(&complete(), &context).is_ok());
        assert_eq!(
            missing_fields(&complete(), Environment::Sandbox, true),
            vec![Field::MerchantIssues]
        );
        context.uses_merchant_contact = true;
        assert_eq!(
            codes(validate(&complete(), &context)),
            vec![("merchant_issues".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn lists_reject_duplicates_naming_them_and_more_than_ten() {
        let users = users();
        let info = ContactInfo {
            technical_emergency: vec!["a@x.example".into(), " A@X.EXAMPLE ".into(), "bad".into()],
            technical_non_emergency: (0..11).map(|i| format!("dev{i}@x.example")).collect(),
            ..complete()
        };
        let errors = validate(&info, &ctx(&users, Environment::Sandbox)).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("technical_emergency", ErrorCode::EmailDuplicate)
                    .with_value("A@x.example"),
                FieldError::new("technical_emergency", ErrorCode::EmailInvalid).with_value("bad"),
                FieldError::new("technical_non_emergency", ErrorCode::ListTooLong),
            ]
        );
    }

    #[test]
    fn the_public_contact_is_exactly_one_address() {
        let users = users();
        let info = ContactInfo {
            operational_public: vec!["a@x.example".into(), "b@x.example".into()],
            ..complete()
        };
        assert_eq!(
            codes(validate(&info, &ctx(&users, Environment::Sandbox))),
            vec![("operational_public".into(), ErrorCode::ExactlyOne)]
        );
    }

    #[test]
    fn hours_table_of_edge_cases() {
        use Weekday::*;
        let users = users();
        type Case = (Vec<HoursRow>, Vec<(&'static str, ErrorCode)>);
        let cases: Vec<Case> = vec![
            (
                vec![],
                vec![("support_hours", ErrorCode::HoursRowsRequired)],
            ),
            (
                vec![row(
                    &[Monday, Friday],
                    "09:00",
                    "17:00",
                    false,
                    "Europe/Berlin",
                )],
                vec![],
            ),
            // Split shift on the same day does not overlap.
            (
                vec![
                    row(&[Monday], "08:00", "12:00", false, "Europe/Berlin"),
                    row(&[Monday], "12:00", "16:00", false, "Europe/Berlin"),
                ],
                vec![],
            ),
            (
                vec![
                    row(&[Monday], "08:00", "12:30", false, "Europe/Berlin"),
                    row(&[Monday], "12:00", "16:00", false, "Europe/Berlin"),
                ],
                vec![("support_hours.rows[1]", ErrorCode::HoursOverlap)],
            ),
            // Same hours in different zones are different teams.
            (
                vec![
                    row(&[Monday], "08:00", "12:00", false, "Europe/Berlin"),
                    row(&[Monday], "08:00", "12:00", false, "America/New_York"),
                ],
                vec![],
            ),
            (
                vec![row(&[Monday], "17:00", "09:00", false, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursStartNotBeforeEnd)],
            ),
            (
                vec![row(&[Monday], "09:00", "09:00", false, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursStartNotBeforeEnd)],
            ),
            (vec![row(&[Monday], "22:00", "06:00", true, "UTC")], vec![]),
            (
                vec![row(&[Monday], "06:00", "22:00", true, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursStartNotBeforeEnd)],
            ),
            // An overnight Sunday row spills into Monday morning.
            (
                vec![
                    row(&[Sunday], "22:00", "06:00", true, "UTC"),
                    row(&[Monday], "05:00", "09:00", false, "UTC"),
                ],
                vec![("support_hours.rows[1]", ErrorCode::HoursOverlap)],
            ),
            (
                vec![row(&[], "09:00", "17:00", false, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursNoWeekdays)],
            ),
            (
                vec![row(&[Monday], "9:00", "17:00", false, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursInvalidTime)],
            ),
            (
                vec![row(&[Monday], "09:00", "24:00", false, "UTC")],
                vec![("support_hours.rows[0]", ErrorCode::HoursInvalidTime)],
            ),
            (
                vec![row(&[Monday], "09:00", "17:00", false, "Mars/Olympus")],
                vec![("support_hours.rows[0]", ErrorCode::HoursUnknownTimeZone)],
            ),
            (
                vec![row(&[Monday], "09:00", "17:00", false, "")],
                vec![("support_hours.rows[0]", ErrorCode::HoursUnknownTimeZone)],
            ),
        ];
        for (rows, expected) in cases {
            let info = ContactInfo {
                support_hours: SupportHours {
                    always_open: false,
                    rows: rows.clone(),
                },
                ..complete()
            };
            let got = codes(validate(&info, &ctx(&users, Environment::Sandbox)));
            let expected: Vec<(String, ErrorCode)> = expected
                .into_iter()
                .map(|(f, c)| (f.to_owned(), c))
                .collect();
            assert_eq!(got, expected, "rows {rows:?}");
        }
    }

    #[test]
    fn always_open_drops_rows_and_needs_none() {
        let users = users();
        let info = ContactInfo {
            support_hours: SupportHours {
                always_open: true,
                rows: vec![row(&[], "x", "y", false, "nowhere")],
            },
            ..complete()
        };
        assert_eq!(
            validate(&info, &ctx(&users, Environment::Sandbox))
                .unwrap()
                .support_hours
                .rows,
            vec![]
        );
    }

    #[test]
    fn parse_time_bounds() {
        assert_eq!(parse_time("00:00"), Some(0));
        assert_eq!(parse_time("23:59"), Some(1439));
        for bad in ["24:00", "12:60", "1200", "12:0", "-1:00", "ab:cd", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    fn arb_weekdays() -> impl Strategy<Value = Vec<Weekday>> {
        proptest::sample::subsequence(Weekday::ALL.to_vec(), 0..=7)
    }

    fn arb_row() -> impl Strategy<Value = HoursRow> {
        (
            arb_weekdays(),
            0u32..96,
            0u32..96,
            any::<bool>(),
            proptest::sample::select(vec!["UTC", "Europe/Berlin"]),
        )
            .prop_map(|(weekdays, start, end, overnight, zone)| HoursRow {
                weekdays,
                start: format!("{:02}:{:02}", start * 15 / 60, start * 15 % 60),
                end: format!("{:02}:{:02}", end * 15 / 60, end * 15 % 60),
                overnight,
                time_zone: zone.into(),
            })
    }

    proptest! {
        /// Accepted hours never cover one minute of one zone twice: checked by brute force.
        #[test]
        fn accepted_hours_never_overlap(rows in proptest::collection::vec(arb_row(), 1..5)) {
            let users = users();
            let info = ContactInfo { support_hours: SupportHours { always_open: false, rows }, ..complete() };
            if let Ok(saved) = validate(&info, &ctx(&users, Environment::Sandbox)) {
                for zone in ["UTC", "Europe/Berlin"] {
                    let mut minutes = vec![false; MINUTES_PER_WEEK as usize];
                    for row in saved.support_hours.rows.iter().filter(|r| r.time_zone == zone) {
                        let (start, end) = (parse_time(&row.start).unwrap(), parse_time(&row.end).unwrap());
                        for (from, to) in weekly_intervals(row, start, end) {
                            for minute in from..to {
                                prop_assert!(!minutes[minute as usize], "minute {} covered twice", minute);
                                minutes[minute as usize] = true;
                            }
                        }
                    }
                }
            }
        }

        /// Validation is idempotent: a normalized save validates to itself.
        #[test]
        fn validation_is_idempotent(rows in proptest::collection::vec(arb_row(), 0..4), extra in "[a-z]{1,8}@[a-z]{1,8}\\.example") {
            let users = users();
            let info = ContactInfo {
                technical_emergency: vec![format!("  {extra}  ")],
                support_hours: SupportHours { always_open: false, rows },
                ..complete()
            };
            if let Ok(saved) = validate(&info, &ctx(&users, Environment::Production)) {
                prop_assert_eq!(validate(&saved, &ctx(&users, Environment::Production)).unwrap(), saved.clone());
                prop_assert!(missing_fields(&saved, Environment::Production, false).is_empty());
            }
        }
    }
}
