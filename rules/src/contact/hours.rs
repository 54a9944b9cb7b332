//! Support hours: weekday rows with a time range in one IANA zone, or 24/7, and the
//! rules that keep them meaningful (ordered times, no overlap within a zone).

use crate::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::Field;

const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

crate::wire_enum! {
    #[derive(PartialOrd, Ord)]
    pub enum Weekday {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
}

impl Weekday {
    /// 0 for Monday … 6 for Sunday.
    pub const fn index(self) -> u32 {
        self as u32
    }
}

/// One row of support hours: these weekdays, from `start` to `end` ("HH:MM", 24-hour),
/// in one IANA time zone. An `overnight` row ends on the following day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursRow {
    pub weekdays: Vec<Weekday>,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub overnight: bool,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportHours {
    /// "24/7": support is always available; rows are then ignored.
    #[serde(default)]
    pub always_open: bool,
    #[serde(default)]
    pub rows: Vec<HoursRow>,
}

crate::wire_enum! {
    /// The control of a row an error is about, the last segment of its error path
    /// (`support_hours.rows[1].end`), so a client can mark exactly that control.
    pub enum RowPart {
        Weekdays => "weekdays",
        Start => "start",
        End => "end",
        TimeZone => "time_zone",
    }
}

/// The error path of one row as a whole (an overlap): `support_hours.rows[N]`.
pub fn row_path(index: usize) -> String {
    format!("{}.rows[{index}]", Field::SupportHours.as_str())
}

/// The error path of one control of one row: `support_hours.rows[N].start`.
pub fn row_part_path(index: usize, part: RowPart) -> String {
    format!("{}.{part}", row_path(index))
}

/// The row and, if the error is about one of its controls, which one, of an error path
/// made by [`row_path`] or [`row_part_path`].
pub fn row_target(path: &str) -> Option<(usize, Option<RowPart>)> {
    let rest = path
        .strip_prefix(Field::SupportHours.as_str())?
        .strip_prefix(".rows[")?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    match rest {
        "" => Some((index, None)),
        part => Some((index, Some(RowPart::parse(part.strip_prefix('.')?)?))),
    }
}

/// The row index in an error path made by [`row_path`] or [`row_part_path`].
pub fn row_index(path: &str) -> Option<usize> {
    row_target(path).map(|(index, _)| index)
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

/// The minutes of the week a row covers, as half-open intervals on a `0..MINUTES_PER_WEEK`
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

/// Checks the hours and returns them normalized (sorted weekdays, trimmed zones; no rows
/// when 24/7). `is_known_time_zone` says whether a name is a real IANA zone.
pub(super) fn validate_hours(
    hours: &SupportHours,
    is_known_time_zone: &dyn Fn(&str) -> bool,
    errors: &mut Vec<FieldError>,
) -> SupportHours {
    if hours.always_open {
        return SupportHours {
            always_open: true,
            rows: Vec::new(),
        };
    }
    if hours.rows.is_empty() {
        errors.push(FieldError::new(
            Field::SupportHours.as_str(),
            ErrorCode::HoursRowsRequired,
        ));
    }
    let mut rows = Vec::with_capacity(hours.rows.len());
    // (row index, interval) of every well-formed row, for the overlap check.
    let mut covered: Vec<(usize, (u32, u32))> = Vec::new();
    for (index, row) in hours.rows.iter().enumerate() {
        let mut weekdays = row.weekdays.clone();
        weekdays.sort();
        weekdays.dedup();
        let normalized = HoursRow {
            weekdays,
            start: row.start.clone(),
            end: row.end.clone(),
            overnight: row.overnight,
            time_zone: row.time_zone.trim().to_owned(),
        };
        // Each error names the control that is wrong (in the controls' order); only an
        // overlap is about the row as a whole.
        let part = |part: RowPart| row_part_path(index, part);
        let zone_ok = !normalized.time_zone.is_empty() && is_known_time_zone(&normalized.time_zone);
        // Only rows that are otherwise valid take part in the overlap check.
        let row_ok = zone_ok && !normalized.weekdays.is_empty();
        if normalized.weekdays.is_empty() {
            errors.push(FieldError::new(
                part(RowPart::Weekdays),
                ErrorCode::HoursNoWeekdays,
            ));
        }
        match (parse_time(&row.start), parse_time(&row.end)) {
            (Some(start), Some(end)) => {
                let ordered = if row.overnight {
                    end <= start
                } else {
                    start < end
                };
                if !ordered {
                    // The end is what has to move (or the row become overnight).
                    errors.push(FieldError::new(
                        part(RowPart::End),
                        ErrorCode::HoursStartNotBeforeEnd,
                    ));
                } else if row_ok {
                    for interval in weekly_intervals(&normalized, start, end) {
                        covered.push((index, interval));
                    }
                }
            }
            (start, end) => {
                for (time, which) in [(start, RowPart::Start), (end, RowPart::End)] {
                    if time.is_none() {
                        errors.push(FieldError::new(part(which), ErrorCode::HoursInvalidTime));
                    }
                }
            }
        }
        if !zone_ok {
            errors.push(
                FieldError::new(part(RowPart::TimeZone), ErrorCode::HoursUnknownTimeZone)
                    .with_value(&normalized.time_zone),
            );
        }
        rows.push(normalized);
    }
    let mut reported = HashSet::new();
    for (i, (row_a, (from_a, to_a))) in covered.iter().enumerate() {
        for (row_b, (from_b, to_b)) in &covered[i + 1..] {
            if row_a != row_b
                && rows[*row_a].time_zone == rows[*row_b].time_zone
                && from_a < to_b
                && from_b < to_a
                && reported.insert(*row_b)
            {
                errors.push(
                    FieldError::new(row_path(*row_b), ErrorCode::HoursOverlap)
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn known_zone(zone: &str) -> bool {
        ["Europe/Berlin", "Europe/Rome", "America/New_York", "UTC"].contains(&zone)
    }

    fn check(hours: &SupportHours) -> (SupportHours, Vec<FieldError>) {
        let mut errors = Vec::new();
        let normalized = validate_hours(hours, &known_zone, &mut errors);
        (normalized, errors)
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

    type Case = (Vec<HoursRow>, Vec<(&'static str, ErrorCode)>);

    fn assert_cases(cases: Vec<Case>) {
        for (rows, expected) in cases {
            let (_, errors) = check(&SupportHours {
                always_open: false,
                rows: rows.clone(),
            });
            let got: Vec<(String, ErrorCode)> =
                errors.into_iter().map(|e| (e.field, e.code)).collect();
            let expected: Vec<(String, ErrorCode)> = expected
                .into_iter()
                .map(|(f, c)| (f.to_owned(), c))
                .collect();
            assert_eq!(got, expected, "rows {rows:?}");
        }
    }

    #[test]
    fn hours_table_of_edge_cases() {
        use Weekday::*;
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
            // Zones are compared trimmed.
            (
                vec![
                    row(&[Monday], "08:00", "12:00", false, "UTC"),
                    row(&[Monday], "11:00", "13:00", false, " UTC "),
                ],
                vec![("support_hours.rows[1]", ErrorCode::HoursOverlap)],
            ),
            (
                vec![row(&[Monday], "17:00", "09:00", false, "UTC")],
                vec![(
                    "support_hours.rows[0].end",
                    ErrorCode::HoursStartNotBeforeEnd,
                )],
            ),
            (
                vec![row(&[Monday], "09:00", "09:00", false, "UTC")],
                vec![(
                    "support_hours.rows[0].end",
                    ErrorCode::HoursStartNotBeforeEnd,
                )],
            ),
            (vec![row(&[Monday], "22:00", "06:00", true, "UTC")], vec![]),
            (
                vec![row(&[Monday], "06:00", "22:00", true, "UTC")],
                vec![(
                    "support_hours.rows[0].end",
                    ErrorCode::HoursStartNotBeforeEnd,
                )],
            ),
            // An overnight Sunday row spills into Monday morning.
            (
                vec![
                    row(&[Sunday], "22:00", "06:00", true, "UTC"),
                    row(&[Monday], "05:00", "09:00", false, "UTC"),
                ],
                vec![("support_hours.rows[1]", ErrorCode::HoursOverlap)],
            ),
        ];
        assert_cases(cases);
    }

    /// Malformed rows: each error names the control that is wrong.
    #[test]
    fn hours_table_of_malformed_rows() {
        use Weekday::*;
        let cases: Vec<Case> = vec![
            (
                vec![row(&[], "09:00", "17:00", false, "UTC")],
                vec![("support_hours.rows[0].weekdays", ErrorCode::HoursNoWeekdays)],
            ),
            (
                vec![row(&[Monday], "9:00", "17:00", false, "UTC")],
                vec![("support_hours.rows[0].start", ErrorCode::HoursInvalidTime)],
            ),
            (
                vec![row(&[Monday], "09:00", "24:00", false, "UTC")],
                vec![("support_hours.rows[0].end", ErrorCode::HoursInvalidTime)],
            ),
            (
                vec![row(&[Monday], "09:00", "17:00", false, "Mars/Olympus")],
                vec![(
                    "support_hours.rows[0].time_zone",
                    ErrorCode::HoursUnknownTimeZone,
                )],
            ),
            (
                vec![row(&[Monday], "09:00", "17:00", false, "")],
                vec![(
                    "support_hours.rows[0].time_zone",
                    ErrorCode::HoursUnknownTimeZone,
                )],
            ),
        ];
        assert_cases(cases);
    }

    /// Every wrong control of a row is named, in the controls' order, so a client can
    /// mark exactly those.
    #[test]
    fn row_errors_name_each_wrong_control() {
        use Weekday::Monday;
        let paths = |rows: Vec<HoursRow>| -> Vec<(String, ErrorCode)> {
            let (_, errors) = check(&SupportHours {
                always_open: false,
                rows,
            });
            errors.into_iter().map(|e| (e.field, e.code)).collect()
        };
        assert_eq!(
            paths(vec![row(&[Monday], "", "", false, "UTC")]),
            vec![
                (
                    "support_hours.rows[0].start".into(),
                    ErrorCode::HoursInvalidTime
                ),
                (
                    "support_hours.rows[0].end".into(),
                    ErrorCode::HoursInvalidTime
                ),
            ]
        );
        assert_eq!(
            paths(vec![row(&[], "18:00", "08:00", false, "Mars/Olympus")]),
            vec![
                (
                    "support_hours.rows[0].weekdays".into(),
                    ErrorCode::HoursNoWeekdays
                ),
                (
                    "support_hours.rows[0].end".into(),
                    ErrorCode::HoursStartNotBeforeEnd
                ),
                (
                    "support_hours.rows[0].time_zone".into(),
                    ErrorCode::HoursUnknownTimeZone
                ),
            ]
        );
    }

    #[test]
    fn always_open_drops_rows_and_needs_none() {
        let (normalized, errors) = check(&SupportHours {
            always_open: true,
            rows: vec![row(&[], "x", "y", false, "nowhere")],
        });
        assert_eq!(errors, vec![]);
        assert_eq!(normalized.rows, vec![]);
    }

    #[test]
    fn rows_are_normalized_once() {
        use Weekday::*;
        let (normalized, errors) = check(&SupportHours {
            always_open: false,
            rows: vec![row(
                &[Friday, Monday, Friday],
                "09:00",
                "17:00",
                false,
                " UTC ",
            )],
        });
        assert_eq!(errors, vec![]);
        assert_eq!(
            normalized.rows,
            vec![row(&[Monday, Friday], "09:00", "17:00", false, "UTC")]
        );
    }

    #[test]
    fn row_paths_round_trip() {
        assert_eq!(row_path(3), "support_hours.rows[3]");
        assert_eq!(row_index(&row_path(12)), Some(12));
        assert_eq!(row_target(&row_path(12)), Some((12, None)));
        assert_eq!(
            row_part_path(2, RowPart::TimeZone),
            "support_hours.rows[2].time_zone"
        );
        for part in RowPart::ALL {
            assert_eq!(row_target(&row_part_path(4, part)), Some((4, Some(part))));
            assert_eq!(row_index(&row_part_path(4, part)), Some(4));
        }
        for bad in [
            "support_hours",
            "support_hours.rows[x]",
            "alert_contacts.rows[1]",
            "support_hours.rows[1].lunch",
            "support_hours.rows[1]end",
            "support_hours.rows[1",
        ] {
            assert_eq!(row_target(bad), None, "{bad}");
            assert_eq!(row_index(bad), None, "{bad}");
        }
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

    /// Rows on a 15-minute grid in one of two zones, for property tests here and in `contact`.
    pub(in crate::contact) fn arb_row() -> impl Strategy<Value = HoursRow> {
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
            let (saved, errors) = check(&SupportHours { always_open: false, rows });
            if errors.is_empty() {
                for zone in ["UTC", "Europe/Berlin"] {
                    let mut minutes = vec![false; MINUTES_PER_WEEK as usize];
                    for row in saved.rows.iter().filter(|r| r.time_zone == zone) {
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
    }
}
