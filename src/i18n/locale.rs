//! The supported locales, and which one a browser gets.

use unic_langid::{LanguageIdentifier, langid};

const STORAGE_KEY: &str = "portal.locale";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    De,
    It,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::De, Locale::It, Locale::En];
    pub const FALLBACK: Locale = Locale::En;

    pub const fn code(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::It => "it",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|locale| locale.code() == code)
    }

    pub(super) fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::De => langid!("de"),
            Locale::It => langid!("it"),
            Locale::En => langid!("en"),
        }
    }

    /// The position in [`Locale::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Picks the best supported locale for the browser's preferred languages
/// (`de-CH` → German, `it-IT` → Italian, anything else → English).
pub fn negotiate<S: AsRef<[u8]>>(requested: &[S]) -> Locale {
    let requested = fluent_langneg::convert_vec_str_to_langids_lossy(requested);
    let available: Vec<LanguageIdentifier> =
        Locale::ALL.iter().map(|locale| locale.langid()).collect();
    let default = Locale::FALLBACK.langid();
    fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    )
    .first()
    .and_then(|best| Locale::from_code(best.language.as_str()))
    .unwrap_or(Locale::FALLBACK)
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let navigator = window.navigator();
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    if languages.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        languages
    }
}

/// The language the user chose in this browser, if any.
pub(super) fn remembered() -> Option<Locale> {
    crate::storage::get(STORAGE_KEY).and_then(|code| Locale::from_code(&code))
}

/// Remembers the user's choice in this browser (the next `I18n::from_browser` starts in it).
pub fn remember(locale: Locale) {
    crate::storage::set(STORAGE_KEY, locale.code());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_the_spec_examples() {
        assert_eq!(negotiate(&["de-CH"]), Locale::De);
        assert_eq!(negotiate(&["de-AT", "en"]), Locale::De);
        assert_eq!(negotiate(&["it-IT", "de"]), Locale::It);
        assert_eq!(negotiate(&["fr-FR", "it"]), Locale::It);
        assert_eq!(negotiate(&["fr-FR"]), Locale::En);
        assert_eq!(negotiate(&["en-GB"]), Locale::En);
        assert_eq!(negotiate::<&str>(&[]), Locale::En);
        assert_eq!(negotiate(&["not a tag"]), Locale::En);
    }
}
