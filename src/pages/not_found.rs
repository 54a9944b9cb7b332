use crate::i18n::{msg, use_i18n};
use crate::shell::title::{DocumentTitle, Screen};
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DocumentTitle screen=Screen::NotFound />
        <main id="main" class="content narrow">
            <PageHeading message_id=msg::NOT_FOUND_HEADING />
            <p>
                <A href="/">{i18n.tr(msg::NOT_FOUND_HOME)}</A>
            </p>
        </main>
    }
}
