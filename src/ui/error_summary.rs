//! An error summary at the top of a form: focused on a failed submit, one link per
//! problem that moves focus to the field.

use crate::dom::focus_by_id;
use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;

/// `items` are (id of the field to focus, localized text).
#[component]
pub fn ErrorSummary(id: &'static str, items: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let links = move || {
        items
            .get()
            .into_iter()
            .map(|(target, text)| {
                let href = format!("#{target}");
                let follow = move |event: leptos::ev::MouseEvent| {
                    event.prevent_default();
                    focus_by_id(&target);
                };
                view! {
                    <li>
                        <a href=href on:click=follow>{text}</a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div
            class="error-summary"
            id=id
            tabindex="-1"
            role="group"
            aria-labelledby=labelled_by
            hidden=move || items.get().is_empty()
        >
            <h3 id=heading_id>{i18n.tr(msg::ERROR_SUMMARY_HEADING)}</h3>
            <ul>{move || links()}</ul>
        </div>
    }
}
