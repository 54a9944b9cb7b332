//! Operational support hours: "24/7", or rows of weekdays, a start and an end time
//! (15-minute steps) and an IANA time zone. Weekday names come from the browser's Intl.
//! Each error is tied to the control it is about (`aria-invalid`, `aria-describedby`) and
//! shown under the row's times; an overlap, which is about the row as a whole, marks its
//! times.

use super::zone_list;
use crate::i18n::{MsgId, msg, use_i18n};
use crate::intl;
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::contact::{HoursRow, RowPart, SupportHours, Weekday};

pub fn new_row() -> HoursRow {
    HoursRow {
        weekdays: Weekday::ALL[..5].to_vec(),
        start: "09:00".into(),
        end: "17:00".into(),
        overnight: false,
        time_zone: intl::local_time_zone(),
    }
}

/// One localized error of one row: about one of its controls, or (`part: None`, an
/// overlap) about the row as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub part: Option<RowPart>,
    pub message: String,
}

fn row_id(row: usize) -> String {
    format!("field-support_hours-row-{row}")
}

/// The id of a row's control: the first weekday for the weekdays, and the start time for
/// the row as a whole (where the error summary's link for such an error leads).
pub fn control_id(row: usize, part: Option<RowPart>) -> String {
    match part {
        Some(RowPart::Weekdays) => weekday_id_of(row, Weekday::Monday),
        Some(part) => format!("{}-{part}", row_id(row)),
        None => control_id(row, Some(RowPart::Start)),
    }
}

fn weekday_id_of(row: usize, day: Weekday) -> String {
    format!("{}-{day}", row_id(row))
}

/// The id of the element that shows a row's errors about `part` (or about the row).
fn error_id(row: usize, part: Option<RowPart>) -> String {
    match part {
        Some(part) => format!("{}-{part}-error", row_id(row)),
        None => format!("{}-error", row_id(row)),
    }
}

/// `aria-describedby` from the error lists that show something now.
fn described_by(lists: Vec<(String, Signal<Vec<String>>)>) -> impl Fn() -> Option<String> {
    move || {
        let ids: Vec<&str> = lists
            .iter()
            .filter(|(_, errors)| errors.with(|errors| !errors.is_empty()))
            .map(|(id, _)| id.as_str())
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
pub fn SupportHoursEditor(
    hours: Signal<SupportHours>,
    on_change: Callback<SupportHours>,
    /// Localized errors for the whole field, and per row.
    field_errors: Signal<Vec<String>>,
    row_errors: Signal<Vec<RowError>>,
    #[prop(into)] disabled: Signal<bool>,
    on_leave: Callback<()>,
    /// Shown after the legend, e.g. "(required)".
    #[prop(optional)]
    marker: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What a first added row asks `Intl` for (the browser's zone, then in the UI language the
    // zone's name, weekday names and the row number) costs ~100 ms at 4× CPU the first time,
    // mostly building formatters (`cargo xtask profile`, BENCH_SCENARIO=row): asked while
    // the browser is idle, so adding the row is quick.
    request_idle_callback(move || {
        // The editor (and in tests its whole tree) may be gone by then.
        if !i18n.is_alive() {
            return;
        }
        untrack(|| {
            let zone = intl::local_time_zone();
            let _ = i18n.time_zone_label(&zone);
            let _ = i18n.weekday(Weekday::Monday);
            let _ = i18n.number(1.0);
        });
    });
    let update = move |change: Box<dyn FnOnce(&mut SupportHours)>| {
        let mut value = hours.get_untracked();
        change(&mut value);
        on_change.run(value);
    };
    let update_row = move |index: usize, change: Box<dyn FnOnce(&mut HoursRow)>| {
        update(Box::new(move |hours: &mut SupportHours| {
            if let Some(row) = hours.rows.get_mut(index) {
                change(row);
            }
        }));
    };
    // The errors of one row about one part (`None`: about the row).
    let errors_of = move |index: usize, part: Option<RowPart>| {
        Signal::derive(move || {
            row_errors.with(|errors| {
                errors
                    .iter()
                    .filter(|error| error.row == index && error.part == part)
                    .map(|error| error.message.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    // A control is invalid while any of the error lists that describe it shows something.
    let invalid = |lists: Vec<Signal<Vec<String>>>| {
        move || {
            lists
                .iter()
                .any(|errors| errors.with(|errors| !errors.is_empty()))
                .to_string()
        }
    };
    // A 24-hour time input (15-minute steps) bound to one time of one row; an error about
    // the whole row (an overlap) also marks it.
    let time_input = move |index: usize,
                           row: Memo<Option<HoursRow>>,
                           part: RowPart,
                           label_id: MsgId,
                           field: fn(&mut HoursRow) -> &mut String| {
        let value = move || {
            row.get()
                .map(|mut row| field(&mut row).clone())
                .unwrap_or_default()
        };
        let (own, whole_row) = (errors_of(index, Some(part)), errors_of(index, None));
        let id = control_id(index, Some(part));
        view! {
            <div class="hours-control">
                <label for=id.clone()>{i18n.tr(label_id)}</label>
                <input
                    id=id
                    type="time"
                    step="900"
                    prop:value=value
                    disabled=disabled
                    aria-invalid=invalid(vec![own, whole_row])
                    aria-describedby=described_by(
                        vec![
                            (error_id(index, Some(part)), own),
                            (error_id(index, None), whole_row),
                        ],
                    )
                    on:change:target=move |event| {
                        let value = event.target().value();
                        update_row(index, Box::new(move |row| *field(row) = value));
                    }
                />
            </div>
        }
    };
    let weekday_label = move |day: Weekday| i18n.weekday(day);
    let weekday_box = move |index: usize, row: Memo<Option<HoursRow>>, day: Weekday| {
        let checked =
            move || row.with(|row| row.as_ref().is_some_and(|row| row.weekdays.contains(&day)));
        let errors = errors_of(index, Some(RowPart::Weekdays));
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    id=weekday_id_of(index, day)
                    prop:checked=checked
                    disabled=disabled
                    aria-invalid=invalid(vec![errors])
                    aria-describedby=described_by(
                        vec![(error_id(index, Some(RowPart::Weekdays)), errors)],
                    )
                    on:change:target=move |event| {
                        let checked = event.target().checked();
                        update_row(
                            index,
                            Box::new(move |row| {
                                row.weekdays.retain(|each| *each != day);
                                if checked {
                                    row.weekdays.push(day);
                                    row.weekdays.sort();
                                }
                            }),
                        );
                    }
                />
                {move || weekday_label(day)}
            </label>
        }
    };
    let zone_select = move |index: usize, row: Memo<Option<HoursRow>>| {
        // The long zone list re-renders only when this row's zone or the language changes.
        let zone = Memo::new(move |_| {
            row.with(|row| {
                row.as_ref()
                    .map(|row| row.time_zone.clone())
                    .unwrap_or_default()
            })
        });
        let errors = errors_of(index, Some(RowPart::TimeZone));
        let id = control_id(index, Some(RowPart::TimeZone));
        // All zones once the user reaches for the list (see `zone_list`).
        let complete = RwSignal::new(false);
        let reach = move || {
            if !complete.get_untracked() {
                complete.set(true);
            }
        };
        let select = NodeRef::<leptos::html::Select>::new();
        Effect::new(move || {
            if let Some(select) = select.get() {
                zone_list::fill(&select, i18n, &zone.get(), complete.get());
            }
        });
        view! {
            <div class="hours-control">
                <label for=id.clone()>{i18n.tr(msg::HOURS_TIME_ZONE)}</label>
                <select
                    id=id
                    node_ref=select
                    on:pointerdown=move |_| reach()
                    on:focus=move |_| reach()
                    disabled=disabled
                    aria-invalid=invalid(vec![errors])
                    aria-describedby=described_by(
                        vec![(error_id(index, Some(RowPart::TimeZone)), errors)],
                    )
                    on:change:target=move |event| {
                        let value = event.target().value();
                        update_row(index, Box::new(move |row| row.time_zone = value));
                    }
                ></select>
            </div>
        }
    };
    let row_view = move |index: usize| {
        // This row alone: an edit in one row (or a row added) re-runs only its controls.
        let row = Memo::new(move |_| hours.with(|hours| hours.rows.get(index).cloned()));
        let overnight = move || row.with(|row| row.as_ref().is_some_and(|row| row.overnight));
        let number = move || (index + 1).into();
        let weekday_errors = errors_of(index, Some(RowPart::Weekdays));
        let row_errors = errors_of(index, None);
        view! {
            <fieldset
                class="hours-row"
                id=row_id(index)
                aria-describedby=described_by(vec![(error_id(index, None), row_errors)])
            >
                <legend>
                    {move || i18n.t_with(msg::HOURS_ROW_LEGEND, &[("number", number())])}
                </legend>
                <div
                    class="weekdays"
                    role="group"
                    aria-label=i18n.tr(msg::HOURS_WEEKDAYS)
                    aria-describedby=described_by(
                        vec![(error_id(index, Some(RowPart::Weekdays)), weekday_errors)],
                    )
                >
                    {Weekday::ALL.into_iter().map(|day| weekday_box(index, row, day)).collect_view()}
                </div>
                <FieldErrorList
                    id=error_id(index, Some(RowPart::Weekdays))
                    errors=weekday_errors
                />
                <div class="hours-times">
                    {time_input(index, row, RowPart::Start, msg::HOURS_START, |row| &mut row.start)}
                    {time_input(index, row, RowPart::End, msg::HOURS_END, |row| &mut row.end)}
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            prop:checked=overnight
                            disabled=disabled
                            on:change:target=move |event| {
                                let checked = event.target().checked();
                                update_row(index, Box::new(move |row| row.overnight = checked));
                            }
                        />
                        {i18n.tr(msg::HOURS_OVERNIGHT)}
                    </label>
                    {zone_select(index, row)}
                </div>
                // Under the times, in the controls' order; each tied to its control.
                {[RowPart::Start, RowPart::End, RowPart::TimeZone]
                    .into_iter()
                    .map(|part| {
                        view! {
                            <FieldErrorList
                                id=error_id(index, Some(part))
                                errors=errors_of(index, Some(part))
                            />
                        }
                    })
                    .collect_view()}
                <FieldErrorList id=error_id(index, None) errors=row_errors />
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=disabled
                    on:click=move |_| {
                        update(
                            Box::new(move |hours| {
                                if index < hours.rows.len() {
                                    hours.rows.remove(index);
                                }
                            }),
                        );
                    }
                >
                    {move || i18n.t_with(msg::HOURS_REMOVE_ROW, &[("number", number())])}
                </button>
            </fieldset>
        }
    };
    let row_count = move || hours.with(|hours| hours.rows.len());
    let always_open = move || hours.with(|hours| hours.always_open);
    let field_invalid = move || (!field_errors.with(Vec::is_empty)).to_string();
    let field_described_by = move || {
        let mut ids = String::from("field-support_hours-help");
        if !field_errors.with(Vec::is_empty) {
            ids.push_str(" field-support_hours-error");
        }
        ids
    };

    view! {
        <fieldset
            class="form-field hours"
            id="field-support_hours"
            tabindex="-1"
            aria-invalid=field_invalid
            aria-describedby=field_described_by
            on:focusout=move |_| on_leave.run(())
        >
            <legend>
                {i18n.tr(msg::FIELD_SUPPORT_HOURS)}
                {marker
                    .map(|marker| {
                        view! { " " <span class="required-marker">{move || marker.get()}</span> }
                    })}
            </legend>
            <p class="hint" id="field-support_hours-help">
                {i18n.tr(msg::FIELD_SUPPORT_HOURS_HELP)}
            </p>
            <label class="checkbox">
                <input
                    type="checkbox"
                    id="field-support_hours-always"
                    prop:checked=always_open
                    disabled=disabled
                    aria-invalid=field_invalid
                    aria-describedby=field_described_by
                    on:change:target=move |event| {
                        let checked = event.target().checked();
                        update(Box::new(move |hours| hours.always_open = checked));
                    }
                />
                {i18n.tr(msg::HOURS_ALWAYS_OPEN)}
            </label>
            <div class="hours-rows" hidden=always_open>
                <For each=move || 0..row_count() key=|index| *index let:index>
                    {row_view(index)}
                </For>
                <button
                    type="button"
                    class="button"
                    disabled=disabled
                    on:click=move |_| update(Box::new(|hours| hours.rows.push(new_row())))
                >
                    {i18n.tr(msg::HOURS_ADD_ROW)}
                </button>
            </div>
            <FieldErrorList id="field-support_hours-error" errors=field_errors />
        </fieldset>
    }
}
