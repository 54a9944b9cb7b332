//! Small wrapper over `localStorage`. Storage can be unavailable (private mode, disabled
//! cookies); preferences then simply are not remembered, nor are drafts ([`DraftStore`]).
//!
//! In the designer preview build, [`keep_in_memory`] makes this page keep its preferences
//! to itself (the gallery's frames, which share the designer's `localStorage`).

use serde::Serialize as _;

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

/// A draft as stored: what was typed and when (RFC 3339, UTC).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft<T> {
    pub saved_at: String,
    pub value: T,
}

/// Where one form keeps what a user typed until it is saved or discarded: one key per
/// account, user and form, so a draft is never offered to another user or in another
/// account in the same browser. Written on every edit (a small JSON write), so it
/// survives a reload, a crashed tab, a failed request and an expired sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    key: String,
}

impl DraftStore {
    pub fn new(form: &str, account_id: i64, user_id: i64) -> Self {
        Self {
            key: format!("portal.draft.{account_id}.{user_id}.{form}"),
        }
    }

    /// The stored draft, unless it is missing, unreadable or expired (those are removed).
    pub fn load<T: serde::de::DeserializeOwned>(&self) -> Option<Draft<T>> {
        let text = get(&self.key)?;
        let draft = js_sys::JSON::parse(&text)
            .ok()
            .and_then(|value| serde_wasm_bindgen::from_value::<Draft<T>>(value).ok())
            .filter(|draft| {
                let age_ms = js_sys::Date::now() - js_sys::Date::parse(&draft.saved_at);
                age_ms < DRAFT_MAX_AGE_DAYS * 86_400_000.0
            });
        if draft.is_none() {
            self.clear();
        }
        draft
    }

    /// Stores `value`, stamped now.
    pub fn save<T: serde::Serialize>(&self, value: &T) {
        let draft = Draft {
            saved_at: String::from(js_sys::Date::new_0().to_iso_string()),
            value,
        };
        let text = draft
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()
            .and_then(|value| js_sys::JSON::stringify(&value).ok())
            .and_then(|text| text.as_string());
        if let Some(text) = text {
            set(&self.key, &text);
        }
    }

    pub fn clear(&self) {
        remove(&self.key);
    }
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
