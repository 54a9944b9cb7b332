//! Small wrapper over `localStorage`. Storage can be unavailable (private mode, disabled
//! cookies); preferences then simply are not remembered, nor are drafts ([`DraftStore`]).
//!
//! In the designer preview build, [`keep_in_memory`] makes this page keep its preferences
//! to itself (the gallery's frames, which share the designer's `localStorage`).

use portal_rules::api::SessionInfo;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    #[cfg(feature = "preview")]
    if memory::enabled() {
        return memory::get(key);
    }
    local_storage()?.get_item(key).ok()?
}

pub fn set(key: &str, value: &str) {
    #[cfg(feature = "preview")]
    if memory::set(key, value) {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    #[cfg(feature = "preview")]
    if memory::remove(key) {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
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
/// account in the same browser. Written on every edit (a small JSON write), so it
/// survives a reload, a crashed tab, a failed request and an expired sign-in (but not an
/// explicit sign-out: [`drop_drafts_of`]).
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
            owner: session.user.email.trim().to_lowercase(),
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
        if unchanged {
            self.clear();
        } else if let Ok(value) =
            value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        {
            self.write(&value);
        }
    }

    fn write(&self, value: &wasm_bindgen::JsValue) {
        let draft = js_sys::Object::new();
        let field = |name: &str, value: &wasm_bindgen::JsValue| {
            let _ = js_sys::Reflect::set(&draft, &name.into(), value);
        };
        field("saved_at", &js_sys::Date::new_0().to_iso_string().into());
        field("value", value);
        field("owner", &self.owner.as_str().into());
        if let Some(text) = js_sys::JSON::stringify(&draft)
            .ok()
            .and_then(|text| text.as_string())
        {
            set(&self.key, &text);
        }
    }

    pub fn clear(&self) {
        remove(&self.key);
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
    let own = draft_key(session.account.id, session.user.id, "");
    // JSON escapes every `"` inside a string, so this can only be the owner field.
    let owner = format!(
        r#","owner":"{}"}}"#,
        session.user.email.trim().to_lowercase()
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
