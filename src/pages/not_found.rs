use crate::i18n::use_i18n;
use crate::ui::page_heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="content narrow">
            <PageHeading message_id="not-found-heading" />
            <p>
                <A href="/">{move || i18n.t("not-found-home")}</A>
            </p>
        </main>
    }
}
