//! Small wrapper over `localStorage`. Storage can be unavailable (private mode, disabled
//! cookies); preferences then simply are not remembered.
//!
//! In the designer preview build, [`keep_in_memory`] makes this page keep its preferences
//! to itself (the gallery's frames, which share the designer's `localStorage`).

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
    pub fn set(key: &str, value: &str) -> bool {
        MEMORY.with(|memory| {
            memory.borrow_mut().as_mut().is_some_and(|map| {
                map.insert(key.to_owned(), value.to_owned());
                true
            })
        })
    }
}
