//! Fluent's plural rules come from `vendor/intl_pluralrules`, upstream's crate with only the
//! portal's locales (see its README). Checks that every locale has its rules there, and that
//! they answer as CLDR 37's rules for de, en and it say (written out below from CLDR's
//! `plurals.xml` and `ordinals.xml`), on integers 0–10 000 and on decimals.
#![cfg(not(target_arch = "wasm32"))]

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use partner_portal::i18n::Locale;
use unic_langid::LanguageIdentifier;

fn rules(locale: Locale, kind: PluralRuleType) -> PluralRules {
    let langid: LanguageIdentifier = locale.code().parse().expect("a valid language code");
    PluralRules::create(langid, kind)
        .unwrap_or_else(|error| panic!("no plural rules for {}: {error}", locale.code()))
}

/// CLDR's cardinal rule of de, en and it: `one: i = 1 and v = 0`, where `i` is the integer
/// part and `v` the number of visible fraction digits ("1.0" is `other`).
fn cardinal(number: &str) -> PluralCategory {
    let (integer, fraction) = number.split_once('.').unwrap_or((number, ""));
    if integer == "1" && fraction.is_empty() {
        PluralCategory::ONE
    } else {
        PluralCategory::OTHER
    }
}

/// CLDR's ordinal rules of integers.
fn ordinal(locale: Locale, n: u64) -> PluralCategory {
    match locale {
        Locale::It if [11, 8, 80, 800].contains(&n) => PluralCategory::MANY,
        Locale::De | Locale::It => PluralCategory::OTHER,
        Locale::En => match (n % 10, n % 100) {
            (1, last_two) if last_two != 11 => PluralCategory::ONE,
            (2, last_two) if last_two != 12 => PluralCategory::TWO,
            (3, last_two) if last_two != 13 => PluralCategory::FEW,
            _ => PluralCategory::OTHER,
        },
    }
}

#[test]
fn the_trimmed_crate_has_exactly_the_portals_locales() {
    let mut ours: Vec<String> = Locale::ALL.iter().map(|l| l.code().to_owned()).collect();
    ours.sort();
    for (kind, name) in [
        (PluralRuleType::CARDINAL, "cardinal"),
        (PluralRuleType::ORDINAL, "ordinal"),
    ] {
        let kept: Vec<String> = PluralRules::get_locales(kind)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(kept, ours, "{name} rules of vendor/intl_pluralrules");
    }
}

#[test]
fn rules_answer_as_cldr_says() {
    let decimals = [
        "0.0", "0.5", "1.0", "1.00", "1.5", "2.0", "2.5", "10.1", "11.0", "21.0", "100.25",
    ];
    for locale in Locale::ALL {
        let cardinals = rules(locale, PluralRuleType::CARDINAL);
        let ordinals = rules(locale, PluralRuleType::ORDINAL);
        for n in 0..=10_000_u64 {
            let text = n.to_string();
            assert_eq!(cardinals.select(n), Ok(cardinal(&text)), "{locale:?} {n}");
            assert_eq!(
                ordinals.select(n),
                Ok(ordinal(locale, n)),
                "{locale:?} {n}th"
            );
        }
        for number in decimals {
            assert_eq!(
                cardinals.select(number),
                Ok(cardinal(number)),
                "{locale:?} {number}"
            );
        }
    }
}
