//! Someone else saved first (412). What the user typed stays; the form shows, field by
//! field, what each side changed since the version the user started from: fields only one
//! side changed merge by themselves, and where both changed a field differently the user
//! keeps one side (radio buttons in a fieldset per field). The differences are in words.

use super::history::hours_text;
use crate::i18n::{I18n, MsgId, field_label_id, msg, use_i18n};
use leptos::prelude::*;
use portal_rules::contact::merge::{self, FieldMerge, Side};
use portal_rules::contact::{ContactInfo, Field};

/// The id the form moves focus to when a save meets a conflict.
pub const CONFLICT_ID: &str = "contact-form-conflict";

/// A field's value in words: the addresses as a list, the hours as rows, or "empty".
fn value_text(i18n: I18n, info: &ContactInfo, field: Field) -> String {
    if field == Field::SupportHours {
        return hours_text(i18n, &info.support_hours);
    }
    let list = info.list(field);
    if list.is_empty() {
        i18n.t(msg::CONTACT_MERGE_EMPTY)
    } else {
        i18n.list(list)
    }
}

fn with_value(i18n: I18n, id: MsgId, info: &ContactInfo, field: Field) -> String {
    i18n.t_with(id, &[("value", value_text(i18n, info, field).into())])
}

fn radio_id(field: Field, side: Side) -> String {
    let side = match side {
        Side::Mine => "mine",
        Side::Theirs => "theirs",
    };
    format!("{CONFLICT_ID}-{}-{side}", field.as_str())
}

/// `theirs` is what the server has now; `base` what the user started from; `mine` what
/// they typed. `on_save` gets the merged contact information; `on_load_latest` drops
/// the user's changes for theirs.
#[component]
pub fn ConflictMerge(
    theirs: ContactInfo,
    #[prop(into)] base: Signal<ContactInfo>,
    #[prop(into)] mine: Signal<ContactInfo>,
    on_save: Callback<ContactInfo>,
    on_load_latest: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let theirs = StoredValue::new(theirs);
    // Each conflicting field keeps the user's side unless they choose theirs.
    let chosen = RwSignal::new(Vec::<Field>::new());
    let side_of = move |field: Field| {
        if chosen.with(|fields| fields.contains(&field)) {
            Side::Theirs
        } else {
            Side::Mine
        }
    };
    let choose = move |field: Field, side: Side| {
        chosen.update(|fields| {
            fields.retain(|chosen| *chosen != field);
            if side == Side::Theirs {
                fields.push(field);
            }
        });
    };
    let decisions = Memo::new(move |_| {
        base.with(|base| {
            mine.with(|mine| theirs.with_value(|theirs| merge::decide_all(base, theirs, mine)))
        })
    });
    let radio = move |field: Field, side: Side, id: MsgId| {
        let info = move || match side {
            Side::Mine => mine.get(),
            Side::Theirs => theirs.get_value(),
        };
        let input_id = radio_id(field, side);
        view! {
            <div class="merge-choice">
                <input
                    type="radio"
                    id=input_id.clone()
                    name=format!("{CONFLICT_ID}-{}", field.as_str())
                    prop:checked=move || side_of(field) == side
                    on:change=move |_| choose(field, side)
                />
                <label for=input_id>{move || with_value(i18n, id, &info(), field)}</label>
            </div>
        }
    };
    let row = move |field: Field, decision: FieldMerge| {
        let label = i18n.tr(field_label_id(field));
        match decision {
            FieldMerge::Unchanged => None,
            FieldMerge::Conflict => Some(
                view! {
                    <fieldset class="merge-field" id=format!("{CONFLICT_ID}-{}", field.as_str())>
                        <legend>{label}</legend>
                        <p class="hint">
                            {move || with_value(i18n, msg::CONTACT_MERGE_BEFORE, &base.get(), field)}
                        </p>
                        {radio(field, Side::Theirs, msg::CONTACT_MERGE_KEEP_THEIRS)}
                        {radio(field, Side::Mine, msg::CONTACT_MERGE_KEEP_MINE)}
                    </fieldset>
                }
                .into_any(),
            ),
            FieldMerge::Theirs | FieldMerge::Mine | FieldMerge::Same => {
                let (id, from_theirs) = match decision {
                    FieldMerge::Theirs => (msg::CONTACT_MERGE_TAKEN, true),
                    FieldMerge::Mine => (msg::CONTACT_MERGE_KEPT, false),
                    _ => (msg::CONTACT_MERGE_SAME, false),
                };
                let text = move || {
                    if from_theirs {
                        theirs.with_value(|theirs| with_value(i18n, id, theirs, field))
                    } else {
                        mine.with(|mine| with_value(i18n, id, mine, field))
                    }
                };
                Some(
                    view! {
                        <div class="merge-field" id=format!("{CONFLICT_ID}-{}", field.as_str())>
                            <p class="merge-field-name">{label}</p>
                            <p>{text}</p>
                        </div>
                    }
                    .into_any(),
                )
            }
        }
    };
    let save = move |_| {
        let merged = base.with_untracked(|base| {
            mine.with_untracked(|mine| {
                theirs.with_value(|theirs| {
                    merge::resolve(base, theirs, mine, |field| untrack(|| side_of(field)))
                })
            })
        });
        on_save.run(merged);
    };
    view! {
        <section
            class="notice notice-warning merge"
            id=CONFLICT_ID
            tabindex="-1"
            aria-labelledby=format!("{CONFLICT_ID}-text")
        >
            <p id=format!("{CONFLICT_ID}-text")>{i18n.tr(msg::CONTACT_FORM_CONFLICT)}</p>
            {move || {
                decisions
                    .get()
                    .into_iter()
                    .filter_map(|(field, decision)| row(field, decision))
                    .collect_view()
            }}
            <button type="button" class="button button-primary" id=format!("{CONFLICT_ID}-save") on:click=save>
                {i18n.tr(msg::CONTACT_MERGE_SAVE)}
            </button>
            " "
            <button type="button" class="button" id=format!("{CONFLICT_ID}-load") on:click=move |_| on_load_latest.run(())>
                {i18n.tr(msg::CONTACT_FORM_CONFLICT_LOAD)}
            </button>
        </section>
    }
}
