//! The link to the help article "How to get support" (German "Hilfe", Italian "Guida
//! *Come ottenere assistenza*"), in the UI language. Its address is deployment
//! configuration, set in one place, `index.html`, and read at run time (so operators edit
//! `dist/index.html` without a rebuild):
//!
//! ```html
//! <meta name="portal-help-url" content="https://help.example/support?hl={lang}">
//! <meta name="portal-help-url" lang="it" content="https://help.example/it/assistenza">
//! ```
//!
//! A `<meta>` whose `lang` is the UI language wins; otherwise the one without `lang`, with
//! `{lang}` replaced by `de`, `it` or `en`.

use crate::dom;
use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const META_NAME: &str = "portal-help-url";

/// The help article's address for `lang`, from the `(lang, content)` of each configured
/// `<meta>`. Only `https:`/`http:` addresses and paths on this site are linked: anything
/// else (a `javascript:` URL, say) is no link at all.
pub fn resolve_help_url(configured: &[(Option<String>, String)], lang: &str) -> Option<String> {
    let for_language = configured.iter().find(|(meta_lang, _)| {
        meta_lang
            .as_deref()
            .is_some_and(|each| each.eq_ignore_ascii_case(lang))
    });
    let (_, template) =
        for_language.or_else(|| configured.iter().find(|(meta_lang, _)| meta_lang.is_none()))?;
    let url = template.trim().replace("{lang}", lang);
    let lower = url.to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"));
    allowed.then_some(url)
}

/// Every `<meta name="portal-help-url">` as `(lang, content)`.
fn configured() -> Vec<(Option<String>, String)> {
    let Some(nodes) = dom::document().and_then(|document| {
        document
            .query_selector_all(&format!("meta[name='{META_NAME}']"))
            .ok()
    }) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .filter_map(|meta| {
            let content = meta.get_attribute("content")?;
            let lang = meta
                .get_attribute("lang")
                .filter(|lang| !lang.trim().is_empty());
            Some((lang, content))
        })
        .collect()
}

/// The link to the help article in the UI language (a new tab, said to screen readers);
/// nothing where no help article is configured.
#[component]
pub fn HelpLink() -> impl IntoView {
    let i18n = use_i18n();
    // Read once: the page's configuration does not change while it runs.
    let configured = configured();
    let content = move || {
        resolve_help_url(&configured, i18n.locale().code()).map(|href| {
            view! {
                <p class="support-help">
                    <a href=href target="_blank" rel="noopener" id="support-help-link">
                        {i18n.tr(msg::SUPPORT_HELP_LINK)}
                        <span class="visually-hidden">
                            {move || format!(" ({})", i18n.t(msg::LINK_NEW_TAB))}
                        </span>
                    </a>
                </p>
            }
        })
    };
    view! { {move || content()} }
}

#[cfg(test)]
mod tests {
    use super::resolve_help_url;

    fn meta(lang: Option<&str>, content: &str) -> (Option<String>, String) {
        (lang.map(str::to_owned), content.to_owned())
    }

    #[test]
    fn the_language_picks_its_address() {
        let configured = [
            meta(None, "https://help.example/support?hl={lang}"),
            meta(Some("it"), " https://help.example/it/assistenza "),
        ];
        assert_eq!(
            resolve_help_url(&configured, "de").as_deref(),
            Some("https://help.example/support?hl=de")
        );
        assert_eq!(
            resolve_help_url(&configured, "it").as_deref(),
            Some("https://help.example/it/assistenza")
        );
        assert_eq!(resolve_help_url(&[], "en"), None);
        assert_eq!(
            resolve_help_url(&[meta(Some("de"), "https://help.example/de")], "en"),
            None,
            "no address for this language and no default: no link"
        );
    }

    #[test]
    fn only_web_addresses_are_linked() {
        for bad in [
            "javascript:alert(1)",
            "//elsewhere.example/x",
            "data:text/html,x",
            "",
        ] {
            assert_eq!(resolve_help_url(&[meta(None, bad)], "en"), None, "{bad}");
        }
        assert_eq!(
            resolve_help_url(&[meta(None, "/help?hl={lang}")], "it").as_deref(),
            Some("/help?hl=it")
        );
    }
}
