//! Tabs following the WAI-ARIA APG tabs pattern: one tab stop (roving tabindex), arrow
//! keys move between tabs and activate them, Home/End jump to the ends. A panel's content is
//! built when its tab is first selected (the blocking modal opens on its first tab, and
//! building the other two with it made its first render ~2× as long: `cargo xtask
//! profile`); from then on it stays in the document when hidden, so switching tabs never
//! loses what the user typed.

use crate::dom::focus_by_id;
use crate::i18n::MsgId;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

/// A value naming one tab.
pub trait TabKey: Copy + PartialEq + Send + Sync + 'static {
    /// Stable, unique within its tab list; used in element ids.
    fn key(self) -> &'static str;
    /// Fluent id of the tab's label.
    fn label_id(self) -> MsgId;
}

pub fn tab_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-tab-{key}")
}

pub fn panel_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-panel-{key}")
}

/// Selects `tab` and moves keyboard focus to it.
pub fn focus_tab<T: TabKey>(prefix: &str, selected: RwSignal<T>, tab: T) {
    selected.set(tab);
    focus_by_id(&tab_id(prefix, tab.key()));
}

#[component]
pub fn TabList<T: TabKey>(
    /// Prefix of the tab and panel element ids.
    prefix: &'static str,
    tabs: Vec<T>,
    selected: RwSignal<T>,
    /// Accessible name of the tab list.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let order = tabs.clone();
    let on_keydown = move |event: KeyboardEvent| {
        let Some(current) = order
            .iter()
            .position(|tab| *tab == selected.get_untracked())
        else {
            return;
        };
        let last = order.len() - 1;
        let next = match event.key().as_str() {
            "ArrowRight" => Some(if current == last { 0 } else { current + 1 }),
            "ArrowLeft" => Some(if current == 0 { last } else { current - 1 }),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(next) = next {
            event.prevent_default();
            focus_tab(prefix, selected, order[next]);
        }
    };
    view! {
        <div role="tablist" class="tablist" aria-label=move || label.get() on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|tab| {
                    let is_selected = move || selected.get() == tab;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class="tab"
                            id=tab_id(prefix, tab.key())
                            aria-controls=panel_id(prefix, tab.key())
                            aria-selected=move || is_selected().to_string()
                            tabindex=move || if is_selected() { "0" } else { "-1" }
                            on:click=move |_| selected.set(tab)
                        >
                            {i18n.tr(tab.label_id())}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn TabPanel<T: TabKey>(
    prefix: &'static str,
    tab: T,
    selected: RwSignal<T>,
    children: Children,
) -> impl IntoView {
    // Once selected, always built: only ever turns true.
    let built = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || selected.get() == tab
    });
    let mut children = Some(children);
    view! {
        <div
            role="tabpanel"
            class="tabpanel"
            id=panel_id(prefix, tab.key())
            aria-labelledby=tab_id(prefix, tab.key())
            tabindex="0"
            hidden=move || selected.get() != tab
        >
            {move || built.get().then(|| children.take()).flatten().map(|children| children())}
        </div>
    }
}
