//! Language negotiation, the remembered choice, `<html lang>`, and the browser's `Intl`.

use crate::support::{document, text_of, until};
use leptos::prelude::*;
use partner_portal::i18n::{self, I18n, Locale, msg};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn language_follows_the_browser_then_the_remembered_choice() {
    // The runner starts Chromium with --lang=en-US.
    let languages = i18n::browser_languages();
    assert!(
        languages.iter().any(|language| language.starts_with("en")),
        "{languages:?}"
    );
    assert_eq!(i18n::negotiate(&languages), Locale::En);
    assert_eq!(i18n::negotiate(&["de-CH", "en"]), Locale::De);

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("portal.locale").unwrap();
    assert_eq!(I18n::from_browser().locale(), Locale::En);

    leptos::mount::mount_to_body(|| {
        let chosen = I18n::from_browser();
        provide_context(chosen);
        i18n::sync_document_language(chosen);
        chosen.set_locale(Locale::It);
        view! { <p id="greeting">{move || chosen.t(msg::NAV_OVERVIEW)}</p> }
    });
    let lang = || document().document_element().unwrap().get_attribute("lang");
    until("<html lang> follows the language", || {
        lang().as_deref() == Some("it")
    })
    .await;
    assert_eq!(lang().as_deref(), Some("it"));
    assert_eq!(text_of("greeting"), "Panoramica");
    assert_eq!(
        storage.get_item("portal.locale").unwrap().as_deref(),
        Some("it")
    );
    assert_eq!(
        I18n::from_browser().locale(),
        Locale::It,
        "the choice is remembered"
    );
    storage.remove_item("portal.locale").unwrap();
}

#[wasm_bindgen_test]
fn lists_read_naturally_in_each_language() {
    let names = ["Anna".to_owned(), "Bruno".to_owned(), "Carla".to_owned()];
    assert_eq!(
        partner_portal::intl::format_list("de", &names),
        "Anna, Bruno und Carla"
    );
    assert_eq!(
        partner_portal::intl::format_list("it", &names),
        "Anna, Bruno e Carla"
    );
    assert_eq!(
        partner_portal::intl::format_list("en", &names[..2]),
        "Anna and Bruno"
    );
}

#[wasm_bindgen_test]
fn rate_limits_say_how_many_minutes_to_wait() {
    use partner_portal::api::ApiError;
    use portal_rules::ErrorCode;
    use portal_rules::api::Problem;
    let limited = |seconds: Option<u64>| {
        let mut problem = Problem::new(429, ErrorCode::RateLimited, "Too many requests");
        problem.retry_after = seconds;
        ApiError::Problem(Box::new(problem))
    };
    let text = |locale, error: &ApiError| I18n::new(locale).api_error(error);
    assert_eq!(
        text(Locale::En, &limited(Some(90))),
        "Too many attempts. Please try again in 2 minutes."
    );
    assert_eq!(
        text(Locale::De, &limited(Some(60))),
        "Zu viele Versuche. Bitte versuchen Sie es in einer Minute erneut."
    );
    assert_eq!(
        text(Locale::It, &limited(Some(3600))),
        "Troppi tentativi. Riprova tra 60 minuti."
    );
    // Seconds round up: "in 0 minutes" would invite a retry that fails again.
    assert_eq!(
        text(Locale::En, &limited(Some(5))),
        "Too many attempts. Please try again in one minute."
    );
    assert_eq!(
        text(Locale::En, &limited(None)),
        "Too many attempts. Please wait a moment and try again."
    );
}

/// Dates, lists and numbers come from `Intl` in the UI language, through the `I18n`
/// context (one helper, so no call site picks a locale by hand).
#[wasm_bindgen_test]
fn dates_lists_and_numbers_follow_the_ui_language() {
    let names = ["Anna".to_owned(), "Bruno".to_owned(), "Carla".to_owned()];
    // (locale, 1234567, list of three, a date at noon UTC)
    let expected = [
        (
            Locale::De,
            "1.234.567",
            "Anna, Bruno und Carla",
            "12.03.2025",
        ),
        (
            Locale::It,
            "1.234.567",
            "Anna, Bruno e Carla",
            "12 mar 2025",
        ),
        (
            Locale::En,
            "1,234,567",
            "Anna, Bruno, and Carla",
            "Mar 12, 2025",
        ),
    ];
    for (locale, number, list, date) in expected {
        let i18n = I18n::new(locale);
        untrack(|| {
            assert_eq!(i18n.number(1_234_567.0), number, "{locale:?}");
            assert_eq!(i18n.list(&names), list, "{locale:?}");
            let shown = i18n.date_time("2025-03-12T12:00:00Z");
            assert!(shown.contains(date), "{locale:?}: {shown}");
        });
    }
    let i18n = I18n::new(Locale::De);
    untrack(|| {
        assert_eq!(
            i18n.date_time("not a date"),
            "not a date",
            "shown as it came"
        );
        assert_eq!(i18n.list(&names[..1]), "Anna");
    });
}

/// Numbers in messages (counts, limits, page numbers) are formatted by `Intl` too: Fluent
/// alone would write bare digits.
#[wasm_bindgen_test]
fn numbers_in_messages_are_written_as_the_language_does() {
    use partner_portal::api::ApiError;
    use portal_rules::ErrorCode;
    use portal_rules::api::Problem;
    let counter = |locale| {
        untrack(|| {
            I18n::new(locale).t_with(
                msg::SUPPORT_DESCRIPTION_COUNTER,
                &[("count", 1234.into()), ("max", 5000.into())],
            )
        })
    };
    assert_eq!(counter(Locale::De), "1.234 von 5.000 Zeichen");
    // Italian groups only from five digits on (CLDR).
    assert_eq!(counter(Locale::It), "1234 di 5000 caratteri");
    assert_eq!(counter(Locale::En), "1,234 of 5,000 characters");
    let page = untrack(|| {
        I18n::new(Locale::It).t_with(
            msg::SUPPORT_PAGE_STATUS,
            &[("page", 12.into()), ("pages", 10_000.into())],
        )
    });
    assert_eq!(page, "Pagina 12 di 10.000");
    // Plural selection still sees the number.
    let mut problem = Problem::new(429, ErrorCode::RateLimited, "Too many requests");
    problem.retry_after = Some(1500 * 60);
    let text = untrack(|| I18n::new(Locale::De).api_error(&ApiError::Problem(Box::new(problem))));
    assert_eq!(
        text,
        "Zu viele Versuche. Bitte versuchen Sie es in 1.500 Minuten erneut."
    );
}

/// `Intl` formatters are built once and kept (constructing one is far dearer than using
/// it): one per locale and options, so a kept one never answers for other options or
/// another language.
#[wasm_bindgen_test]
fn kept_formatters_answer_only_for_their_locale_and_options() {
    use partner_portal::intl::{NumberFormat, format_number};
    use portal_rules::contact::Weekday;
    let two_digits = NumberFormat {
        minimum_fraction_digits: Some(2),
        ..NumberFormat::default()
    };
    let ungrouped = NumberFormat {
        use_grouping: false,
        ..NumberFormat::default()
    };
    for _ in 0..2 {
        assert_eq!(format_number("en", 1234.5, two_digits), "1,234.50");
        assert_eq!(
            format_number("en", 1234.5, NumberFormat::default()),
            "1,234.5"
        );
        assert_eq!(format_number("en", 1234.5, ungrouped), "1234.5");
        assert_eq!(format_number("de", 1234.5, two_digits), "1.234,50");
    }
    for _ in 0..2 {
        untrack(|| {
            assert_eq!(I18n::new(Locale::De).weekday(Weekday::Monday), "Montag");
            assert_eq!(I18n::new(Locale::En).weekday(Weekday::Monday), "Monday");
            assert_eq!(I18n::new(Locale::En).weekday(Weekday::Sunday), "Sunday");
            assert_eq!(I18n::new(Locale::It).weekday(Weekday::Sunday), "domenica");
        });
    }
    assert!(partner_portal::intl::is_known_time_zone("Europe/Rome"));
    assert!(!partner_portal::intl::is_known_time_zone("Mars/Olympus"));
    assert!(
        partner_portal::intl::is_known_time_zone("Europe/Rome"),
        "asked again"
    );
}

/// In the wasm, messages are known by short keys that build.rs puts in place of their ids in
/// the shipped catalogues: every message is found in every language (a missing one would
/// come out as its key), and a message that refers to another gets that one's text.
#[wasm_bindgen_test]
fn every_message_is_found_by_its_key_in_every_language() {
    for locale in Locale::ALL {
        for id in msg::ALL {
            let text = i18n::translate(locale, id, None);
            assert_ne!(text, id.as_str(), "{locale:?}: no message for key {id:?}");
        }
    }
    let args = fluent::FluentArgs::from_iter([("page", "Overview")]);
    assert_eq!(
        i18n::translate(Locale::En, msg::DOCUMENT_TITLE, Some(&args)),
        "Overview – Partner Portal"
    );
}
