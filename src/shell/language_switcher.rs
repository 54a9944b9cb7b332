//! Language picker: overrides the negotiated language and is remembered in the browser.

use crate::i18n::{Locale, locale_name_id, msg, translate, use_i18n};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitcher(
    /// Unique id of the select, since the switcher appears in the header and in the modal.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    // Each language is named in itself, so people can find their own.
    let options = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <option
                    value=locale.code()
                    lang=locale.code()
                    prop:selected=move || i18n.locale() == locale
                >
                    {translate(locale, locale_name_id(locale), None)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="switcher">
            <label for=id>{i18n.tr(msg::LANGUAGE_LABEL)}</label>
            <select
                id=id
                on:change:target=move |event| {
                    if let Some(locale) = Locale::from_code(&event.target().value()) {
                        i18n.set_locale(locale);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}
