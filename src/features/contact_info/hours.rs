//! Operational support hours: "24/7", or rows of weekdays, a start and an end time
//! (15-minute steps) and an IANA time zone. Weekday names come from the browser's Intl.
//! Each error is tied to the control it is about (`aria-invalid`, `aria-describedby`) and
//! shown under the row's times; an overlap, which is about the row as a whole, marks its
//! times.

use super::zone_list;
use crate::dom;
use crate::i18n::{I18n, MsgId, msg, use_i18n};
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

/// One row's errors, in one memo per row that all its controls read: an edit re-runs only
/// the controls of a row whose errors changed. (A plain `Memo<Vec<RowError>>`, the type of
/// the form's list of every row's errors: each further memo value type grows the bundle.)
type RowErrors = Memo<Vec<RowError>>;

/// The messages of a row's errors about `part` (`None`: about the row as a whole).
fn messages_of(errors: &[RowError], part: Option<RowPart>) -> impl Iterator<Item = &String> {
    errors
        .iter()
        .filter(move |error| error.part == part)
        .map(|error| &error.message)
}

// The error lists that describe each control: a time also by the row's (an overlap).
const START: &[Option<RowPart>] = &[Some(RowPart::Start), None];
const END: &[Option<RowPart>] = &[Some(RowPart::End), None];
const WEEKDAYS: &[Option<RowPart>] = &[Some(RowPart::Weekdays)];
const TIME_ZONE: &[Option<RowPart>] = &[Some(RowPart::TimeZone)];
const ROW: &[Option<RowPart>] = &[None];

/// `aria-invalid` of a control described by the error lists of `parts`: true while any
/// of them shows something.
fn invalid_of(errors: RowErrors, parts: &'static [Option<RowPart>]) -> impl Fn() -> String {
    move || {
        errors
            .with(|errors| errors.iter().any(|error| parts.contains(&error.part)))
            .to_string()
    }
}

/// `aria-describedby` of a control of row `index`: the ids of `parts`' error lists that
/// show something now.
fn described_by_of(
    errors: RowErrors,
    index: usize,
    parts: &'static [Option<RowPart>],
) -> impl Fn() -> Option<String> {
    move || {
        errors.with(|errors| {
            let ids: Vec<String> = parts
                .iter()
                .filter(|part| messages_of(errors, **part).next().is_some())
                .map(|part| error_id(index, *part))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    }
}

/// The error list under row `index` for `part` (or for the row as a whole).
fn error_list(errors: RowErrors, index: usize, part: Option<RowPart>) -> impl IntoView {
    view! {
        <FieldErrorList
            id=error_id(index, part)
            errors=Signal::derive(move || {
                errors.with(|errors| messages_of(errors, part).cloned().collect())
            })
        />
    }
}

const EDITOR_ID: &str = "field-support_hours";

/// Asks `Intl` what a first row needs, one step per idle task; stops when the editor (and in
/// tests its whole tree) is gone.
fn warm_up(i18n: I18n, weekday_names: Memo<Vec<String>>) {
    request_idle_callback(move || {
        if !i18n.is_alive() {
            return;
        }
        let zone = intl::local_time_zone();
        request_idle_callback(move || {
            if !i18n.is_alive() {
                return;
            }
            untrack(|| {
                let _ = i18n.time_zone_label(&zone);
            });
            request_idle_callback(move || {
                if i18n.is_alive() {
                    untrack(|| {
                        let _ = weekday_names.try_with_untracked(|_| ());
                        let _ = i18n.number(1.0);
                    });
                }
            });
        });
    });
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
    // The weekday names, asked of `Intl` once per language rather than in every row.
    let weekday_names = Memo::new(move |_| {
        Weekday::ALL
            .into_iter()
            .map(|day| i18n.weekday(day))
            .collect::<Vec<_>>()
    });
    // What a first added row asks `Intl` for (the browser's zone, then in the UI language the
    // zone's name, weekday names and the row number) costs ~100 ms at 4× CPU the first time,
    // mostly building formatters (`cargo xtask profile`, BENCH_SCENARIO=row), so it is asked
    // ahead, on idle, once the editor comes within half a screen of view. Asked at load, it
    // was a task of 166 ms right after the modal showed, just when the partner starts typing
    // in its first field (Lighthouse, modal: TBT 436–611 → 347–424 ms, performance 80–84 →
    // 86–88). One step per idle task: the first `Intl.DateTimeFormat` alone takes ~100 ms.
    // Found by id once rendered: a `NodeRef` of a fieldset is a signal type of its own in
    // the wasm (~500 B brotli).
    request_animation_frame(move || {
        if let Some(editor) = dom::element_by_id(EDITOR_ID) {
            let warm_up = move || warm_up(i18n, weekday_names);
            dom::when_near_view(&editor, "0px 0px 50% 0px", warm_up);
        }
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
    // A 24-hour time input (15-minute steps) bound to one time of one row.
    let time_input = move |index: usize,
                           row: Memo<Option<HoursRow>>,
                           errors: RowErrors,
                           (part, parts): (RowPart, &'static [Option<RowPart>]),
                           label_id: MsgId,
                           field: fn(&HoursRow) -> &String,
                           set: fn(&mut HoursRow, String)| {
        let value = move || {
            row.with(|row| row.as_ref().map(|row| field(row).clone()))
                .unwrap_or_default()
        };
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
                    aria-invalid=invalid_of(errors, parts)
                    aria-describedby=described_by_of(errors, index, parts)
                    on:change:target=move |event| {
                        let value = event.target().value();
                        update_row(index, Box::new(move |row| set(row, value)));
                    }
                />
            </div>
        }
    };
    let weekday_box = move |index: usize,
                            row: Memo<Option<HoursRow>>,
                            errors: RowErrors,
                            (position, day): (usize, Weekday)| {
        let checked =
            move || row.with(|row| row.as_ref().is_some_and(|row| row.weekdays.contains(&day)));
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    id=weekday_id_of(index, day)
                    prop:checked=checked
                    disabled=disabled
                    aria-invalid=invalid_of(errors, WEEKDAYS)
                    aria-describedby=described_by_of(errors, index, WEEKDAYS)
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
                {move || weekday_names.with(|names| names[position].clone())}
            </label>
        }
    };
    let zone_select = move |index: usize, row: Memo<Option<HoursRow>>, errors: RowErrors| {
        // The long zone list re-renders only when this row's zone or the language changes.
        let zone = Memo::new(move |_| {
            row.with(|row| {
                row.as_ref()
                    .map(|row| row.time_zone.clone())
                    .unwrap_or_default()
            })
        });
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
                    aria-invalid=invalid_of(errors, TIME_ZONE)
                    aria-describedby=described_by_of(errors, index, TIME_ZONE)
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
        let errors = Memo::new(move |_| {
            row_errors.with(|all| {
                all.iter()
                    .filter(|error| error.row == index)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let overnight = move || row.with(|row| row.as_ref().is_some_and(|row| row.overnight));
        let number = move || (index + 1).into();
        view! {
            <fieldset
                class="hours-row"
                id=row_id(index)
                aria-describedby=described_by_of(errors, index, ROW)
            >
                <legend>
                    {move || i18n.t_with(msg::HOURS_ROW_LEGEND, &[("number", number())])}
                </legend>
                <div
                    class="weekdays"
                    role="group"
                    aria-label=i18n.tr(msg::HOURS_WEEKDAYS)
                    aria-describedby=described_by_of(errors, index, WEEKDAYS)
                >
                    {Weekday::ALL
                        .into_iter()
                        .enumerate()
                        .map(|day| weekday_box(index, row, errors, day))
                        .collect_view()}
                </div>
                {error_list(errors, index, Some(RowPart::Weekdays))}
                <div class="hours-times">
                    {time_input(
                        index,
                        row,
                        errors,
                        (RowPart::Start, START),
                        msg::HOURS_START,
                        |row| &row.start,
                        |row, value| row.start = value,
                    )}
                    {time_input(
                        index,
                        row,
                        errors,
                        (RowPart::End, END),
                        msg::HOURS_END,
                        |row| &row.end,
                        |row, value| row.end = value,
                    )}
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
                    {zone_select(index, row, errors)}
                </div>
                // Under the times, in the controls' order; each tied to its control.
                {error_list(errors, index, Some(RowPart::Start))}
                {error_list(errors, index, Some(RowPart::End))}
                {error_list(errors, index, Some(RowPart::TimeZone))}
                {error_list(errors, index, None)}
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
            id=EDITOR_ID
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
