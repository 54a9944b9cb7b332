//! The account's change history on Configuration → Contact information: who changed the
//! contact information, users or roles, when, and each field's old and new value, newest
//! first, a page at a time ("Show more"). Every role reads it. Each change is said in
//! words ("Added: …", "Was: … Now: …"), never by colour or strike-through alone.

use crate::api::{self, ApiResource};
use crate::dom;
use crate::i18n::{I18n, field_label_id, msg, role_id, use_i18n};
use crate::state::{use_live_feed, use_portal};
use crate::ui::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use portal_rules::contact::{Field, SupportHours};
use portal_rules::history::{Change, ChangeKind, HistoryEntry, Person};
use portal_rules::model::Role;

pub const HEADING_ID: &str = "change-history-heading";

/// The id of an entry's heading, where focus goes when "Show more" brings it.
pub fn entry_heading_id(id: i64) -> String {
    format!("history-entry-{id}")
}

/// The section. A save of the contact information (a new version) starts the timeline
/// again from its newest page, so the new entry shows at once.
#[component]
pub fn ChangeHistory() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let live = use_live_feed();
    view! {
        <section class="change-history" aria-labelledby=HEADING_ID>
            <h2 id=HEADING_ID class="section-heading">
                {i18n.tr(msg::HISTORY_HEADING)}
            </h2>
            <p>{i18n.tr(msg::HISTORY_INTRO)}</p>
            // Read here, not through a `Memo`: a memo over a resource that is `set` (as a
            // save does) is not re-run, so the timeline would keep the old entries.
            // Also after another user's change of the users (the live feed's latest).
            {move || {
                portal.contact_info.track();
                if let Some(live) = live {
                    live.latest.track();
                }
                view! { <Timeline /> }
            }}
        </section>
    }
}

/// The entries loaded so far and the page being loaded.
#[component]
fn Timeline() -> impl IntoView {
    let i18n = use_i18n();
    let cursor = RwSignal::new(None::<String>);
    // The pages before the one `page` holds, kept when "Show more" asks for the next.
    let earlier = RwSignal::new(Vec::<HistoryEntry>::new());
    let page = ApiResource::new(move || api::history(cursor.get()));
    // After "Show more", focus goes to the first new entry (the button is gone by then).
    let focus_new = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(Ok(loaded)) = page.get()
            && focus_new.get_value()
        {
            focus_new.set_value(false);
            if let Some(first) = loaded.entries.first() {
                dom::focus_after_render(entry_heading_id(first.id));
            }
        }
    });
    let show_more = move |next: String| {
        if let Some(Ok(loaded)) = page.get_untracked() {
            earlier.update(|entries| entries.extend(loaded.entries));
        }
        focus_new.set_value(true);
        cursor.set(Some(next));
    };
    let content = move || {
        let shown = earlier.get();
        match page.get() {
            None if shown.is_empty() => view! { <Loading /> }.into_any(),
            None => view! {
                {entry_list(shown)}
                <Loading />
            }
            .into_any(),
            Some(Err(error)) => view! {
                {entry_list(shown)}
                <ErrorNotice error retry=move |()| page.refetch() />
            }
            .into_any(),
            Some(Ok(loaded)) if loaded.entries.is_empty() && shown.is_empty() => {
                view! { <p class="history-empty">{i18n.tr(msg::HISTORY_EMPTY)}</p> }.into_any()
            }
            Some(Ok(loaded)) => {
                let mut entries = shown;
                entries.extend(loaded.entries);
                let more = loaded.next_cursor.map(|next| {
                    view! {
                        <button
                            type="button"
                            class="button history-more"
                            on:click=move |_| show_more(next.clone())
                        >
                            {i18n.tr(msg::HISTORY_SHOW_MORE)}
                        </button>
                    }
                });
                view! {
                    {entry_list(entries)}
                    {more}
                }
                .into_any()
            }
        }
    };
    view! { <div class="history-timeline">{move || content()}</div> }
}

fn entry_list(entries: Vec<HistoryEntry>) -> Option<impl IntoView> {
    (!entries.is_empty()).then(|| {
        view! {
            <ol class="history-list">
                {entries.into_iter().map(|entry| view! { <Entry entry /> }).collect_view()}
            </ol>
        }
    })
}

fn title(i18n: I18n, kind: ChangeKind, subject: Option<&Person>) -> String {
    let name = subject
        .map(|person| person.name.clone())
        .unwrap_or_default();
    let id = match kind {
        ChangeKind::ContactInfoUpdated => return i18n.t(msg::HISTORY_CONTACT_INFO_UPDATED),
        ChangeKind::ContactInfoConfirmed => return i18n.t(msg::HISTORY_CONTACT_INFO_CONFIRMED),
        // The address itself is shown below the title.
        ChangeKind::AddressVerified => return i18n.t(msg::HISTORY_ADDRESS_VERIFIED),
        ChangeKind::UserInvited => msg::HISTORY_USER_INVITED,
        ChangeKind::InvitationAccepted => msg::HISTORY_INVITATION_ACCEPTED,
        ChangeKind::RoleChanged => msg::HISTORY_ROLE_CHANGED,
        ChangeKind::UserRemoved => msg::HISTORY_USER_REMOVED,
    };
    i18n.t_with(id, &[("name", name.into())])
}

fn by(i18n: I18n, kind: ChangeKind, actor: Option<&Person>) -> String {
    match actor {
        None if kind == ChangeKind::AddressVerified => i18n.t(msg::HISTORY_BY_LINK),
        Some(person) => i18n.t_with(
            msg::HISTORY_BY,
            &[
                ("name", person.name.clone().into()),
                ("email", person.email.clone().into()),
            ],
        ),
        None => i18n.t(msg::HISTORY_BY_OPERATOR),
    }
}

/// One change: a heading saying what and whom, when and by whom, and each field's change.
#[component]
fn Entry(entry: HistoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let HistoryEntry {
        id,
        at,
        kind,
        actor,
        subject,
        changes,
    } = entry;
    let datetime = at.clone();
    let subject_email = subject.as_ref().map(|person| {
        let email = person.email.clone();
        view! { <p class="history-subject">{email}</p> }
    });
    let heading = move || title(i18n, kind, subject.as_ref());
    let when = move || i18n.date_time(&at);
    let who = move || by(i18n, kind, actor.as_ref());
    let changes = changes.into_iter().map(change_view).collect_view();
    view! {
        <li class="history-entry">
            <h3 class="history-title" id=entry_heading_id(id) tabindex="-1">
                {heading}
            </h3>
            {subject_email}
            <p class="history-meta">
                <time datetime=datetime>{when}</time>
                ", "
                {who}
            </p>
            <dl class="history-changes">{changes}</dl>
        </li>
    }
}

fn change_view(change: Change) -> impl IntoView {
    let i18n = use_i18n();
    match change {
        Change::List {
            field,
            added,
            removed,
        } => {
            let listed = move |id, items: Vec<String>| {
                (!items.is_empty()).then(|| {
                    let text = move || i18n.t_with(id, &[("items", i18n.list(&items).into())]);
                    view! { <dd>{text}</dd> }
                })
            };
            view! {
                <dt>{i18n.tr(field_label_id(field))}</dt>
                {listed(msg::HISTORY_ADDED, added)}
                {listed(msg::HISTORY_REMOVED, removed)}
            }
            .into_any()
        }
        Change::SupportHours { old, new } => {
            let text = move || was_now(i18n, hours_text(i18n, &old), hours_text(i18n, &new));
            view! {
                <dt>{i18n.tr(field_label_id(Field::SupportHours))}</dt>
                <dd>{text}</dd>
            }
            .into_any()
        }
        Change::Role { old, new } => {
            let text = move || was_now(i18n, role_text(i18n, old), role_text(i18n, new));
            view! {
                <dt>{i18n.tr(msg::HISTORY_ROLE)}</dt>
                <dd>{text}</dd>
            }
            .into_any()
        }
    }
}

fn was_now(i18n: I18n, old: String, new: String) -> String {
    i18n.t_with(
        msg::HISTORY_WAS_NOW,
        &[("old", old.into()), ("new", new.into())],
    )
}

fn role_text(i18n: I18n, role: Option<Role>) -> String {
    role.map_or_else(|| i18n.t(msg::HISTORY_NONE), |role| i18n.t(role_id(role)))
}

/// "Monday and Friday 09:00–17:00 (Europe/Berlin)", rows joined by semicolons; 24/7; none.
pub(super) fn hours_text(i18n: I18n, hours: &SupportHours) -> String {
    if hours.always_open {
        return i18n.t(msg::HOURS_ALWAYS_OPEN);
    }
    if hours.rows.is_empty() {
        return i18n.t(msg::HISTORY_NONE);
    }
    hours
        .rows
        .iter()
        .map(|row| {
            let days: Vec<String> = row.weekdays.iter().map(|day| i18n.weekday(*day)).collect();
            let id = if row.overnight {
                msg::HISTORY_HOURS_ROW_OVERNIGHT
            } else {
                msg::HISTORY_HOURS_ROW
            };
            i18n.t_with(
                id,
                &[
                    ("weekdays", i18n.list(&days).into()),
                    ("start", row.start.clone().into()),
                    ("end", row.end.clone().into()),
                    ("zone", row.time_zone.clone().into()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
