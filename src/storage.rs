//! Small wrapper over `localStorage`. Storage can be unavailable (private mode, disabled
//! cookies); preferences then simply are not remembered, nor are drafts ([`DraftStore`]).
//!
//! In the designer preview build, [`keep_in_memory`] makes this page keep its preferences
//! to itself (the gallery's frames, which share the designer's `localStorage`).

use portal_rules::api::SessionInfo;
use portal_rules::email;
use std::cell::{Cell, RefCell};

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    flush_pending();
    get_now(key)
}

pub fn set(key: &str, value: &str) {
    flush_pending();
    set_now(key, value);
}

pub fn remove(key: &str) {
    flush_pending();
    remove_now(key);
}

fn get_now(key: &str) -> Option<String> {
    #[cfg(feature = "preview")]
    if memory::enabled() {
        return memory::get(key);
    }
    local_storage()?.get_item(key).ok()?
}

fn set_now(key: &str, value: &str) {
    #[cfg(feature = "preview")]
    if memory::set(key, value) {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

fn remove_now(key: &str) {
    #[cfg(feature = "preview")]
    if memory::remove(key) {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// A write [`DraftStore::keep_soon`] has not made yet.
type PendingWrite = Box<dyn FnOnce()>;

thread_local! {
    /// Draft writes not made yet, by key (the latest of each key only).
    static PENDING: RefCell<Vec<(String, PendingWrite)>> = RefCell::default();
    /// Whether the page is told to make them when it is hidden or left.
    static FLUSH_ON_HIDE: Cell<bool> = const { Cell::new(false) };
}

/// Makes the pending draft writes now. Every read and write of storage does this first,
/// so the page always reads what it last kept.
fn flush_pending() {
    let pending = PENDING.with(|pending| std::mem::take(&mut *pending.borrow_mut()));
    for (_, write) in pending {
        write();
    }
}

/// Queues `write` as the one pending write of `key`. It is made while the browser is
/// idle (after the frame the user waits for), when the page is hidden or left (the last
/// moments a browser promises to a page), or before storage is next read or written.
fn defer(key: &str, write: PendingWrite) {
    let first = PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        let first = pending.is_empty();
        pending.retain(|(other, _)| other != key);
        pending.push((key.to_owned(), write));
        first
    });
    if !FLUSH_ON_HIDE.replace(true) {
        for event in ["pagehide", "visibilitychange"] {
            // For the page's lifetime: dropping the handle keeps the listener.
            let _ = leptos::prelude::window_event_listener_untyped(event, |_| flush_pending());
        }
    }
    if first {
        leptos::prelude::request_idle_callback(flush_pending);
    }
}

/// Drafts older than this are dropped unread: after a month what was typed is more likely
/// stale than wanted, and a shared browser should not keep it forever.
pub const DRAFT_MAX_AGE_DAYS: f64 = 30.0;

const DRAFT_PREFIX: &str = "portal.draft.";

/// A draft as stored: what was typed and when (RFC 3339, UTC). The stored JSON also names
/// its owner (the signed-in address, lower-cased, last: [`drop_drafts_of`] finds it at the
/// end of the text), so an explicit sign-out finds the person's drafts in their other
/// accounts, whose user ids this page does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft<T> {
    pub saved_at: String,
    pub value: T,
}

/// The forms that keep drafts (the last part of a draft's key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftForm {
    ContactInfo,
    Invite,
    SupportCase,
}

impl DraftForm {
    fn key(self) -> &'static str {
        match self {
            Self::ContactInfo => "contact_info",
            Self::Invite => "invite",
            Self::SupportCase => "support_case",
        }
    }
}

/// Where one form keeps what a user typed until it is saved or discarded: one key per
/// account, user and form, so a draft is never offered to another user or in another
/// account in the same browser. Written on every edit (a small JSON write; by the contact
/// form at the next idle moment, [`DraftStore::keep_soon`]), so it survives a reload, a
/// crashed tab, a failed request and an expired sign-in (but not an explicit sign-out:
/// [`drop_drafts_of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    key: String,
    owner: String,
}

impl DraftStore {
    /// The store of `form` for the signed-in user in the session's account.
    pub fn new(form: DraftForm, session: &SessionInfo) -> Self {
        Self {
            key: draft_key(session.account.id, session.user.id, form.key()),
            owner: email::duplicate_key(&session.user.email),
        }
    }

    /// The stored draft to offer back, unless it is missing, unreadable, expired or not
    /// `worth_offering` (it says nothing the form does not already have); those are removed.
    /// Only reading `T` is generic: the envelope is read once for every form.
    pub fn offer<T: serde::de::DeserializeOwned>(
        &self,
        worth_offering: impl FnOnce(&T) -> bool,
    ) -> Option<Draft<T>> {
        let draft = self.read().and_then(|(saved_at, value)| {
            let value = serde_wasm_bindgen::from_value::<T>(value).ok()?;
            worth_offering(&value).then_some(Draft { saved_at, value })
        });
        if draft.is_none() {
            self.clear();
        }
        draft
    }

    /// Whether a draft is kept that [`offer`](Self::offer) may offer back (missing,
    /// unreadable and expired ones are not).
    pub fn is_kept(&self) -> bool {
        self.read().is_some()
    }

    /// The stored draft's time and value, unless it is missing, unreadable or expired.
    fn read(&self) -> Option<(String, wasm_bindgen::JsValue)> {
        let draft = js_sys::JSON::parse(&get(&self.key)?).ok()?;
        let field = |name: &str| js_sys::Reflect::get(&draft, &name.into()).ok();
        let saved_at = field("saved_at")?.as_string()?;
        let age_ms = js_sys::Date::now() - js_sys::Date::parse(&saved_at);
        // An unreadable time (NaN) counts as expired.
        (age_ms < DRAFT_MAX_AGE_DAYS * 86_400_000.0).then_some(())?;
        Some((saved_at, field("value")?))
    }

    /// Keeps `value` as the draft, stamped now; when it is `unchanged` (nothing typed that
    /// the server does not have), there is nothing to keep and the draft is dropped.
    pub fn keep<T: serde::Serialize>(&self, value: &T, unchanged: bool) {
        flush_pending();
        keep_now(&self.key, &self.owner, value, unchanged);
    }

    /// As [`keep`](Self::keep), made soon rather than now: for a form that keeps a draft on
    /// every keystroke, where serializing and storing it would delay the keystroke's paint.
    /// A later keep replaces a pending one; see [`defer`] for when it is made.
    pub fn keep_soon<T: serde::Serialize + 'static>(&self, value: T, unchanged: bool) {
        let (key, owner) = (self.key.clone(), self.owner.clone());
        defer(
            &self.key,
            Box::new(move || keep_now(&key, &owner, &value, unchanged)),
        );
    }

    pub fn clear(&self) {
        remove(&self.key);
    }
}

/// Stores `value` as the draft at `key`, or drops the draft when `value` is `unchanged`.
fn keep_now<T: serde::Serialize>(key: &str, owner: &str, value: &T, unchanged: bool) {
    if unchanged {
        remove_now(key);
        return;
    }
    let Ok(value) = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) else {
        return;
    };
    let draft = js_sys::Object::new();
    let field = |name: &str, value: &wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&draft, &name.into(), value);
    };
    field("saved_at", &js_sys::Date::new_0().to_iso_string().into());
    field("value", &value);
    field("owner", &owner.into());
    if let Some(text) = js_sys::JSON::stringify(&draft)
        .ok()
        .and_then(|text| text.as_string())
    {
        set_now(key, &text);
    }
}

fn draft_key(account_id: i64, user_id: i64, form: &str) -> String {
    format!("{DRAFT_PREFIX}{account_id}.{user_id}.{form}")
}

/// On an explicit sign-out (not an expiry): removes the drafts of the person signing out,
/// so what they typed is not left readable on a shared computer. Theirs are the drafts of
/// this user in this account and the drafts they typed in their other accounts (the same
/// address is the same person, who signs out of all of them at once). Another person's
/// drafts stay, as do drafts kept before their owner was stored in other accounts (whose
/// owner cannot be told).
pub fn drop_drafts_of(session: &SessionInfo) {
    flush_pending();
    let own = draft_key(session.account.id, session.user.id, "");
    // JSON escapes every `"` inside a string, so this can only be the owner field.
    let owner = format!(
        r#","owner":"{}"}}"#,
        email::duplicate_key(&session.user.email)
    );
    for key in keys() {
        let theirs = key.starts_with(&own)
            || (key.starts_with(DRAFT_PREFIX)
                && get(&key).is_some_and(|text| text.ends_with(&owner)));
        if theirs {
            remove(&key);
        }
    }
}

/// Every stored key.
fn keys() -> Vec<String> {
    #[cfg(feature = "preview")]
    if memory::enabled() {
        return memory::keys();
    }
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .collect()
}

/// From now on this page reads and writes its preferences in memory only.
#[cfg(feature = "preview")]
pub fn keep_in_memory() {
    memory::enable();
}

#[cfg(feature = "preview")]
mod memory {
    use std::cell::RefCell;
    use std::collections::HashMap;

    thread_local! {
        static MEMORY: RefCell<Option<HashMap<String, String>>> = const { RefCell::new(None) };
    }

    pub fn enable() {
        MEMORY.with(|memory| memory.borrow_mut().get_or_insert_with(HashMap::new).clear());
    }

    pub fn enabled() -> bool {
        MEMORY.with(|memory| memory.borrow().is_some())
    }

    pub fn keys() -> Vec<String> {
        MEMORY.with(|memory| {
            memory
                .borrow()
                .as_ref()
                .map(|map| map.keys().cloned().collect())
                .unwrap_or_default()
        })
    }

    pub fn get(key: &str) -> Option<String> {
        MEMORY.with(|memory| memory.borrow().as_ref()?.get(key).cloned())
    }

    /// False when storage is not kept in memory.
    pub fn remove(key: &str) -> bool {
        MEMORY.with(|memory| {
            memory.borrow_mut().as_mut().is_some_and(|map| {
                map.remove(key);
                true
            })
        })
    }

    /// False when storage is not kept in memory.
    pub fn set(key: &str, value: &str) -> bool {
        MEMORY.with(|memory| {
            memory.borrow_mut().as_mut().is_some_and(|map| {
                map.insert(key.to_owned(), value.to_owned());
                true
            })
        })
    }
}
