//! Operational support hours: "24/7", or rows of weekdays, a start and an end time
//! (15-minute steps) and an IANA time zone. Weekday names come from the browser's Intl.

use crate::i18n::{MsgId, msg, use_i18n};
use crate::intl;
use crate::ui::form::FieldErrorList;
use leptos::prelude::*;
use portal_rules::contact::{HoursRow, SupportHours, Weekday};
use std::sync::LazyLock;

/// The browser's zone list, read once: it is long and never changes.
static TIME_ZONES: LazyLock<Vec<String>> = LazyLock::new(intl::time_zones);

pub fn new_row() -> HoursRow {
    HoursRow {
        weekdays: Weekday::ALL[..5].to_vec(),
        start: "09:00".into(),
        end: "17:00".into(),
        overnight: false,
        time_zone: intl::local_time_zone(),
    }
}

#[component]
pub fn SupportHoursEditor(
    hours: Signal<SupportHours>,
    on_change: Callback<SupportHours>,
    /// Localized errors for the whole field, and per row index.
    field_errors: Signal<Vec<String>>,
    row_errors: Signal<Vec<(usize, String)>>,
    #[prop(into)] disabled: Signal<bool>,
    on_leave: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
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
    let time_input =
        move |index: usize, label_id: MsgId, field: fn(&mut HoursRow) -> &mut String| {
            let value = move || {
                hours
                    .with(|hours| hours.rows.get(index).cloned())
                    .map(|mut row| field(&mut row).clone())
                    .unwrap_or_default()
            };
            view! {
                <label>
                    {i18n.tr(label_id)}
                    <input
                        type="time"
                        step="900"
                        prop:value=value
                        disabled=move || disabled.get()
                        on:change:target=move |event| {
                            let value = event.target().value();
                            update_row(index, Box::new(move |row| *field(row) = value));
                        }
                    />
                </label>
            }
        };
    let weekday_label = move |day: Weekday| i18n.weekday(day);
    let weekday_box = move |index: usize, day: Weekday| {
        let checked = move || {
            hours.with(|hours| {
                hours
                    .rows
                    .get(index)
                    .is_some_and(|row| row.weekdays.contains(&day))
            })
        };
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=checked
                    disabled=move || disabled.get()
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
    // The options of one row's zone list; `zone` is the row's zone.
    let zone_options = move |zone: Memo<String>| {
        move || {
            let current = zone.get();
            let known = TIME_ZONES.contains(&current);
            // A stored zone this browser does not list stays selectable.
            (!known && !current.is_empty())
                .then(|| current.clone())
                .into_iter()
                .chain(TIME_ZONES.iter().cloned())
                .map(|zone| {
                    let selected = zone == current;
                    let label = i18n.time_zone_label(&zone);
                    view! { <option value=zone.clone() selected=selected>{label}</option> }
                })
                .collect_view()
        }
    };
    let row_view = move |index: usize| {
        let overnight =
            move || hours.with(|hours| hours.rows.get(index).is_some_and(|row| row.overnight));
        // The long zone list re-renders only when this row's zone or the language changes.
        let zone = Memo::new(move |_| {
            hours.with(|hours| {
                hours
                    .rows
                    .get(index)
                    .map(|row| row.time_zone.clone())
                    .unwrap_or_default()
            })
        });
        let errors = Signal::derive(move || {
            row_errors
                .get()
                .into_iter()
                .filter(|(row, _)| *row == index)
                .map(|(_, message)| message)
                .collect()
        });
        let number = move || (index + 1).into();
        let row_id = format!("field-support_hours-row-{index}");
        let error_id = format!("{row_id}-error");
        let described_by = error_id.clone();
        view! {
            <fieldset class="hours-row" id=row_id aria-describedby=described_by>
                <legend>
                    {move || i18n.t_with(msg::HOURS_ROW_LEGEND, &[("number", number())])}
                </legend>
                <div class="weekdays" role="group" aria-label=i18n.tr(msg::HOURS_WEEKDAYS)>
                    {Weekday::ALL.into_iter().map(|day| weekday_box(index, day)).collect_view()}
                </div>
                <div class="hours-times">
                    {time_input(index, msg::HOURS_START, |row| &mut row.start)}
                    {time_input(index, msg::HOURS_END, |row| &mut row.end)}
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            prop:checked=overnight
                            disabled=move || disabled.get()
                            on:change:target=move |event| {
                                let checked = event.target().checked();
                                update_row(index, Box::new(move |row| row.overnight = checked));
                            }
                        />
                        {i18n.tr(msg::HOURS_OVERNIGHT)}
                    </label>
                    <label>
                        {i18n.tr(msg::HOURS_TIME_ZONE)}
                        <select
                            disabled=move || disabled.get()
                            on:change:target=move |event| {
                                let value = event.target().value();
                                update_row(index, Box::new(move |row| row.time_zone = value));
                            }
                        >
                            {zone_options(zone)}
                        </select>
                    </label>
                </div>
                <FieldErrorList id=error_id errors />
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || disabled.get()
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

    view! {
        <fieldset
            class="form-field hours"
            id="field-support_hours"
            tabindex="-1"
            aria-describedby="field-support_hours-help field-support_hours-error"
            on:focusout=move |_| on_leave.run(())
        >
            <legend>{i18n.tr(msg::FIELD_SUPPORT_HOURS)}</legend>
            <p class="hint" id="field-support_hours-help">
                {i18n.tr(msg::FIELD_SUPPORT_HOURS_HELP)}
            </p>
            <label class="checkbox">
                <input
                    type="checkbox"
                    id="field-support_hours-always"
                    prop:checked=always_open
                    disabled=move || disabled.get()
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
                    disabled=move || disabled.get()
                    on:click=move |_| update(Box::new(|hours| hours.rows.push(new_row())))
                >
                    {i18n.tr(msg::HOURS_ADD_ROW)}
                </button>
            </div>
            <FieldErrorList id="field-support_hours-error" errors=field_errors />
        </fieldset>
    }
}
