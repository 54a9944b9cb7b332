//! An error summary at the top of a form: focused on a failed submit, one link per
//! problem that moves focus to the field.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// `items` are (id of the field to focus, localized text).
#[component]
pub fn ErrorSummary(id: &'static str, items: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <div class="error-summary" id=id tabindex="-1" role="group" aria-labelledby=labelled_by hidden=move || items.get().is_empty()>
            <h4 id=heading_id>{move || i18n.t("error-summary-heading")}</h4>
            <ul>
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|(target, text)| {
                            let href = format!("#{target}");
                            view! {
                                <li>
                                    <a href=href on:click=move |event| { event.prevent_default(); focus_by_id(&target); }>{text}</a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
