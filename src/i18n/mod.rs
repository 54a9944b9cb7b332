//! Localization: Fluent bundles for German, Italian and English compiled into the wasm,
//! language negotiation from `navigator.languages`, and the `I18n` context that every
//! component reads its strings from.

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use leptos::prelude::*;
use portal_rules::ErrorCode;
use portal_rules::contact::{Field, Weekday};
use portal_rules::model::{Environment, IntegrationType, Role, UserStatus};
use portal_rules::support::{CaseStatus, SupportCategory};
use std::sync::LazyLock;
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

    fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::De => langid!("de"),
            Locale::It => langid!("it"),
            Locale::En => langid!("en"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The `.ftl` files of each locale, in `locales/<code>/`. The catalogue test checks that
/// this list matches the files on disk.
pub const FTL_FILES: [&str; 2] = ["portal.ftl", "errors.ftl"];

macro_rules! ftl_sources {
    ($code:literal) => {
        [
            include_str!(concat!("../../locales/", $code, "/portal.ftl")),
            include_str!(concat!("../../locales/", $code, "/errors.ftl")),
        ]
    };
}

fn build_bundle(locale: Locale, sources: [&'static str; 2]) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
    // Unicode isolation marks would show up as stray characters in inputs and tests.
    bundle.set_use_isolating(false);
    for source in sources {
        // A syntax error in a shipped file is caught by the catalogue test; at run time the
        // valid messages of the file are still added.
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 3]> = LazyLock::new(|| {
    [
        build_bundle(Locale::De, ftl_sources!("de")),
        build_bundle(Locale::It, ftl_sources!("it")),
        build_bundle(Locale::En, ftl_sources!("en")),
    ]
});

/// Formats one message. A missing id falls back to English, then to the id itself, so a
/// gap is visible but never crashes the UI.
pub fn translate(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    for candidate in [locale, Locale::FALLBACK] {
        let bundle = &BUNDLES[candidate.index()];
        if let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
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

fn stored_locale() -> Option<Locale> {
    crate::storage::get(STORAGE_KEY).and_then(|code| Locale::from_code(&code))
}

/// The UI language, shared by every component through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn new(initial: Locale) -> Self {
        Self {
            locale: RwSignal::new(initial),
        }
    }

    /// The remembered choice, else the browser's preference.
    pub fn from_browser() -> Self {
        Self::new(stored_locale().unwrap_or_else(|| negotiate(&browser_languages())))
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// Switches language and remembers the choice in this browser.
    pub fn set_locale(&self, locale: Locale) {
        crate::storage::set(STORAGE_KEY, locale.code());
        self.locale.set(locale);
    }

    /// A message in the current language. Reactive: re-runs when the language changes.
    pub fn t(&self, id: &str) -> String {
        translate(self.locale.get(), id, None)
    }

    /// A message with arguments, e.g. `t_with("users-count", &[("count", 3.into())])`.
    pub fn t_with(&self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        translate(self.locale.get(), id, Some(&fluent_args))
    }

    /// The localized message of one field error (from the shared rules or the server).
    pub fn field_error(&self, error: &portal_rules::FieldError) -> String {
        self.error(error.code, error.value.as_deref())
    }

    pub fn error(&self, code: ErrorCode, value: Option<&str>) -> String {
        self.t_with(
            &error_message_id(code),
            &[(
                "value",
                FluentValue::from(value.unwrap_or_default().to_owned()),
            )],
        )
    }
}

/// Marks a string literal as a Fluent message id that is stored and translated later, so
/// the catalogue test finds it.
pub const fn msg(id: &'static str) -> &'static str {
    id
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Keeps `<html lang>` in step with the UI language (screen readers pick their voice from it).
pub fn sync_document_language(i18n: I18n) {
    Effect::new(move |_| {
        let code = i18n.locale().code();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", code);
        }
    });
}

// Message ids built from domain values. The catalogue test enumerates every value through
// these same functions, so an id the code can produce always exists in every locale.

pub fn error_message_id(code: ErrorCode) -> String {
    format!("error-{}", code.as_str())
}

pub fn field_label_id(field: Field) -> String {
    format!("field-{}", field.as_str().replace('_', "-"))
}

pub fn field_help_id(field: Field) -> String {
    format!("field-{}-help", field.as_str().replace('_', "-"))
}

pub fn role_id(role: Role) -> String {
    format!("role-{}", role.as_str().replace('_', "-"))
}

pub fn role_description_id(role: Role) -> String {
    format!("{}-description", role_id(role))
}

pub fn environment_id(environment: Environment) -> String {
    format!("environment-{}", environment.as_str())
}

pub fn integration_id(integration: IntegrationType) -> String {
    format!("integration-{}", integration.as_str().replace('_', "-"))
}

pub fn user_status_id(status: UserStatus) -> String {
    match status {
        UserStatus::Invited => "user-status-invited".into(),
        UserStatus::Active => "user-status-active".into(),
    }
}

pub fn locale_name_id(locale: Locale) -> String {
    format!("language-name-{}", locale.code())
}

pub fn weekday_id(day: Weekday) -> String {
    format!("weekday-{}", day.index())
}

pub fn support_category_id(category: SupportCategory) -> String {
    format!("support-category-{}", category.as_str().replace('_', "-"))
}

pub fn case_status_id(status: CaseStatus) -> String {
    match status {
        CaseStatus::Open => "case-status-open".into(),
        CaseStatus::Closed => "case-status-closed".into(),
    }
}

/// Every id the code builds at run time from domain values.
pub fn dynamic_message_ids() -> Vec<String> {
    let mut ids: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|code| error_message_id(*code))
        .collect();
    ids.extend(
        Field::ALL
            .into_iter()
            .flat_map(|field| [field_label_id(field), field_help_id(field)]),
    );
    ids.extend(Role::ALL.into_iter().map(role_id));
    ids.extend(Role::ALL.into_iter().map(role_description_id));
    ids.extend(Environment::ALL.into_iter().map(environment_id));
    ids.extend(IntegrationType::ALL.into_iter().map(integration_id));
    ids.extend(
        [UserStatus::Invited, UserStatus::Active]
            .into_iter()
            .map(user_status_id),
    );
    ids.extend(Locale::ALL.into_iter().map(locale_name_id));
    ids.extend(Weekday::ALL.into_iter().map(weekday_id));
    ids.extend(SupportCategory::ALL.into_iter().map(support_category_id));
    ids.extend(
        [CaseStatus::Open, CaseStatus::Closed]
            .into_iter()
            .map(case_status_id),
    );
    ids
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

    #[test]
    fn messages_format_without_isolation_marks() {
        let text = translate(
            Locale::De,
            "error-email-duplicate",
            Some(&FluentArgs::from_iter([("value", "a@b.example")])),
        );
        assert!(text.contains("a@b.example"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }

    #[test]
    fn unknown_ids_fall_back_to_the_id() {
        assert_eq!(
            translate(Locale::It, "no-such-message", None),
            "no-such-message"
        );
    }
}
