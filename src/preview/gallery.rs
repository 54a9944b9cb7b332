//! `/preview/gallery`: every state of [`SCENARIOS`] as a row, German, Italian and English
//! as columns. Each tile is an `<iframe>` (its own document: element ids and axe results
//! stay per state) that loads the app with the state's scenario on in-memory data, lazily.
//! Tiles are anchored `#<state>-<lang>` (e.g. `#modal-contact-invalid-de`), rows `#<state>`.

use super::i18n::{PMsg, pmsg, pt, pt_with};
use super::scenarios::{Group, SCENARIOS, Scenario};
use super::settings::pairs;
use crate::i18n::{I18n, Locale, locale_name_id, sync_document_language, translate};
use crate::shell::language_switcher::LanguageSwitcher;
use leptos::prelude::*;

/// Tile sizes (percent of the 1280 × 800 page a tile shows).
const ZOOMS: [u32; 4] = [25, 40, 50, 100];
const DEFAULT_ZOOM: u32 = 40;

/// The address of one tile: the scenario's page, in `locale`, on its own in-memory data.
pub fn tile_url(scenario: &Scenario, locale: Locale) -> String {
    let (path, fragment) = scenario
        .path
        .split_once('#')
        .map_or((scenario.path, String::new()), |(path, fragment)| {
            (path, format!("#{fragment}"))
        });
    format!(
        "{path}?pv-scenario={}&pv-store=ephemeral&pv-lang={}{fragment}",
        scenario.id,
        locale.code()
    )
}

fn zoom_from_url() -> u32 {
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    pairs(&query)
        .into_iter()
        .find(|(name, _)| name == "pv-zoom")
        .and_then(|(_, value)| value.parse().ok())
        .filter(|zoom| ZOOMS.contains(zoom))
        .unwrap_or(DEFAULT_ZOOM)
}

fn remember_zoom(zoom: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{}?pv-zoom={zoom}", super::GALLERY_PATH)),
        );
    }
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let i18n = I18n::from_browser();
    provide_context(i18n);
    sync_document_language(i18n);
    let zoom = RwSignal::new(zoom_from_url());
    let zoom_options = ZOOMS
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.to_string() prop:selected=move || zoom.get() == option>
                    {format!("{option} %")}
                </option>
            }
        })
        .collect_view();
    let sections = Group::ALL
        .into_iter()
        .map(|group| {
            view! {
                <li>
                    <a href=format!("#{}", group.id())>{move || pt(group.label())}</a>
                </li>
            }
        })
        .collect_view();
    let groups = Group::ALL
        .into_iter()
        .map(|group| view! { <GalleryGroup group /> })
        .collect_view();
    view! {
        <header class="gallery-header">
            <a href="/" rel="external">
                {move || pt(pmsg::GALLERY_BACK)}
            </a>
            <LanguageSwitcher id="gallery-language" />
            <div class="switcher">
                <label for="gallery-zoom">{move || pt(pmsg::GALLERY_ZOOM)}</label>
                <select
                    id="gallery-zoom"
                    on:change:target=move |event| {
                        if let Ok(value) = event.target().value().parse() {
                            zoom.set(value);
                            remember_zoom(value);
                        }
                    }
                >
                    {zoom_options}
                </select>
            </div>
        </header>
        <main id="main" class=move || format!("gallery gallery-zoom-{}", zoom.get())>
            <h1>{move || pt(pmsg::GALLERY_TITLE)}</h1>
            <p>{move || pt(pmsg::GALLERY_INTRO)}</p>
            <nav class="gallery-sections" aria-label=move || pt(pmsg::GALLERY_SECTIONS)>
                <ul>{sections}</ul>
            </nav>
            {groups}
        </main>
    }
}

#[component]
fn GalleryGroup(group: Group) -> impl IntoView {
    let heading = format!("gallery-{}", group.id());
    let labelled_by = heading.clone();
    let rows = SCENARIOS
        .iter()
        .filter(|scenario| scenario.group == group)
        .map(|scenario| view! { <GalleryRow scenario /> })
        .collect_view();
    let columns = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <span lang=locale.code()>{translate(locale, locale_name_id(locale), None)}</span>
            }
        })
        .collect_view();
    view! {
        <section class="gallery-group" id=group.id() aria-labelledby=labelled_by>
            <h2 id=heading>{move || pt(group.label())}</h2>
            <div class="gallery-columns">{columns}</div>
            {rows}
        </section>
    }
}

fn tile_name(label: PMsg, locale: Locale) -> impl Fn() -> String + Copy {
    move || {
        pt_with(
            pmsg::GALLERY_TILE,
            &[
                ("state", pt(label).into()),
                (
                    "language",
                    translate(locale, locale_name_id(locale), None).into(),
                ),
            ],
        )
    }
}

/// The tile's page, loaded when it comes near the viewport (`loading` is not one of the
/// view macro's iframe attributes, hence built here).
fn frame(url: String, name: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    leptos::html::iframe()
        .src(url)
        .title(name)
        .width("1280")
        .height("800")
        .attr("loading", "lazy")
}

#[component]
fn GalleryRow(scenario: &'static Scenario) -> impl IntoView {
    let heading = format!("{}-heading", scenario.id);
    let labelled_by = heading.clone();
    let tiles = Locale::ALL
        .into_iter()
        .map(|locale| {
            let url = tile_url(scenario, locale);
            let name = tile_name(scenario.label, locale);
            let open = move || {
                pt_with(
                    pmsg::GALLERY_OPEN,
                    &[
                        ("state", pt(scenario.label).into()),
                        (
                            "language",
                            translate(locale, locale_name_id(locale), None).into(),
                        ),
                    ],
                )
            };
            view! {
                <figure class="gallery-tile" id=format!("{}-{}", scenario.id, locale.code())>
                    <div class="gallery-frame">
                        {frame(url.clone(), name)}
                    </div>
                    <figcaption>
                        <a href=url target="_blank" rel="noopener external">
                            {open}
                        </a>
                    </figcaption>
                </figure>
            }
        })
        .collect_view();
    view! {
        <section class="gallery-row" id=scenario.id aria-labelledby=labelled_by>
            <h3 id=heading>{move || pt(scenario.label)}</h3>
            <div class="gallery-tiles">{tiles}</div>
        </section>
    }
}
