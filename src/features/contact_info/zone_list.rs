//! The time-zone list of an hours row. The browser knows ~420 zones, each labelled with its
//! localized name (one `Intl.DateTimeFormat` per zone). Building those options as views for
//! every row cost 150–600 ms per row on a 4× throttled CPU (1–2 s for the first, which
//! names the zones) and kept ~2,500 options in the page while partners type elsewhere
//! (`cargo xtask bench`, typing). So a closed list holds only its selected zone; the whole
//! list goes in when the user reaches for it (pointer down, focus — before the browser opens
//! it or reads it out), cloned from one set of options built once per language.

use crate::i18n::{I18n, Locale};
use std::cell::RefCell;
use std::sync::LazyLock;
use web_sys::{DocumentFragment, HtmlOptionElement, HtmlSelectElement, Node};

/// The browser's zone list, read once: it is long and never changes.
static TIME_ZONES: LazyLock<Vec<String>> = LazyLock::new(crate::intl::time_zones);

thread_local! {
    /// Every listed zone as options labelled in one language, built on first use.
    static ALL_ZONES: RefCell<Option<(Locale, DocumentFragment)>> = const { RefCell::new(None) };
}

fn option(label: &str, zone: &str) -> Option<Node> {
    HtmlOptionElement::new_with_text_and_value(label, zone)
        .ok()
        .map(Into::into)
}

/// A copy of the options of every listed zone in the UI language.
fn all_zones(i18n: I18n) -> Option<Node> {
    let locale = i18n.locale();
    ALL_ZONES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.as_ref().is_none_or(|(built, _)| *built != locale) {
            let fragment = crate::dom::document()?.create_document_fragment();
            for zone in TIME_ZONES.iter() {
                fragment
                    .append_child(&option(&i18n.time_zone_label(zone), zone)?)
                    .ok()?;
            }
            *cache = Some((locale, fragment));
        }
        let (_, fragment) = cache.as_ref()?;
        fragment.clone_node_with_deep(true).ok()
    })
}

/// Puts into `select` all listed zones (`complete`) or only `zone`, and selects `zone`. A
/// stored zone this browser does not list is an option of its own, first, so it stays
/// selected until the user picks another. Without a zone the list is always complete.
pub fn fill(select: &HtmlSelectElement, i18n: I18n, zone: &str, complete: bool) {
    let all = (complete || zone.is_empty())
        .then(|| all_zones(i18n))
        .flatten();
    if let Some(all) = all {
        select.replace_children_with_node_1(&all);
        if !zone.is_empty()
            && !TIME_ZONES.iter().any(|known| known == zone)
            && let Some(own) = option(zone, zone)
        {
            let _ = select.prepend_with_node_1(&own);
        }
    } else if let Some(own) = option(&i18n.time_zone_label(zone), zone) {
        select.replace_children_with_node_1(&own);
    }
    select.set_value(zone);
}
