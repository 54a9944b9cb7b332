//! Fluent reads numbers without `f64::from_str` in this tree: `vendor/fluent-bundle` and
//! `vendor/intl_pluralrules` compute them from their digits (`vendor/fluent-bundle/README.md`).
//! Checks that Fluent's number literals, plural variants and plural operands still come out as
//! upstream's `f64::from_str` had them, and that what is not a plain decimal is refused.
#![cfg(not(target_arch = "wasm32"))]

use fluent::types::FluentNumber;
use fluent::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use intl_pluralrules::operands::PluralOperands;
use std::str::FromStr;

/// Every plain decimal's value is `f64::from_str`'s or its neighbour (two roundings instead of
/// one); whole numbers up to 2^53 are exact.
#[test]
fn number_literals_have_the_values_of_f64_from_str() {
    let mut literals: Vec<String> = (0..=2_000_u64).map(|n| n.to_string()).collect();
    literals.extend((0..=2_000_u64).map(|n| format!("{}.{:03}", n / 7, n % 1000)));
    literals.extend(
        [
            "9007199254740992",
            "0.1",
            "0.30",
            "123.456789",
            "18446744073709551615",
        ]
        .map(String::from),
    );
    literals.extend(literals.clone().iter().map(|literal| format!("-{literal}")));
    for literal in &literals {
        let expected = f64::from_str(literal).expect("an f64 literal");
        let number = FluentNumber::from_str(literal).expect("a number literal");
        let ulps = number.value.to_bits().abs_diff(expected.to_bits());
        assert!(ulps <= 1, "{literal}: {} vs {expected}", number.value);
        if !literal.contains('.') && expected.abs() <= 9_007_199_254_740_992.0 {
            assert_eq!(number.value.to_bits(), expected.to_bits(), "{literal}");
        }
        let fraction_digits = literal.split_once('.').map(|(_, fraction)| fraction.len());
        assert_eq!(
            number.options.minimum_fraction_digits, fraction_digits,
            "{literal}"
        );
    }
}

#[test]
fn what_is_not_a_plain_decimal_stays_a_string() {
    for text in [
        "", "-", "1.", ".5", "1e3", "inf", "NaN", "+5", "1,5", "5 ", "0x10", "--1",
    ] {
        assert!(FluentNumber::from_str(text).is_err(), "{text:?}");
        assert!(PluralOperands::try_from(text).is_err(), "{text:?}");
        assert_eq!(
            FluentValue::try_number(text),
            FluentValue::from(text),
            "{text:?}"
        );
    }
}

/// The operands of a float: whole numbers (and NaN, the infinities) directly, as upstream's
/// digits gave them; the others from their shortest digits.
#[test]
fn floats_have_upstreams_plural_operands() {
    let whole = |n: f64, i: u64| PluralOperands {
        n,
        i,
        v: 0,
        w: 0,
        f: 0,
        t: 0,
    };
    for (input, expected) in [
        (0.0, whole(0.0, 0)),
        (-0.0, whole(0.0, 0)),
        (1.0, whole(1.0, 1)),
        (-21.0, whole(21.0, 21)),
        (1e20, whole(1e20, u64::MAX)),
        (f64::INFINITY, whole(f64::INFINITY, u64::MAX)),
        (
            1.5,
            PluralOperands {
                n: 1.5,
                i: 1,
                v: 1,
                w: 1,
                f: 5,
                t: 5,
            },
        ),
        (
            -0.25,
            PluralOperands {
                n: 0.25,
                i: 0,
                v: 2,
                w: 2,
                f: 25,
                t: 25,
            },
        ),
    ] {
        assert_eq!(PluralOperands::try_from(input), Ok(expected), "{input}");
    }
    let nan = PluralOperands::try_from(f64::NAN).expect("NaN has operands");
    assert!(nan.n.is_nan() && nan.i == 0 && nan.v == 0);
    assert_eq!(
        PluralOperands::try_from("1.50"),
        Ok(PluralOperands {
            n: 1.5,
            i: 1,
            v: 2,
            w: 1,
            f: 50,
            t: 5
        })
    );
    assert_eq!(
        PluralOperands::try_from(2.5_f32),
        PluralOperands::try_from("2.5")
    );
}

/// Through a bundle: numeric variant keys, plural and ordinal categories, number literals
/// with their fraction digits.
#[test]
fn messages_select_and_write_numbers_as_before() {
    let source = "
items = { $n ->
    [0] none
    [one] one item
   *[other] { $n } items
}
place = { NUMBER($n, type: \"ordinal\") ->
    [one] { $n }st
    [two] { $n }nd
    [few] { $n }rd
   *[other] { $n }th
}
price = { 1.50 } and { -3 }
";
    let resource = FluentResource::try_new(source.to_owned()).expect("valid FTL");
    let mut bundle = FluentBundle::new(vec!["en".parse().expect("a language id")]);
    bundle.set_use_isolating(false);
    bundle.add_builtins().expect("NUMBER");
    bundle.add_resource(resource).expect("no clashes");
    let format = |id: &str, n: Option<f64>| {
        let args = n.map(|n| FluentArgs::from_iter([("n", n)]));
        let pattern = bundle.get_message(id).and_then(|m| m.value()).expect(id);
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args.as_ref(), &mut errors)
            .into_owned();
        assert!(errors.is_empty(), "{id}: {errors:?}");
        text
    };
    assert_eq!(format("items", Some(0.0)), "none");
    assert_eq!(format("items", Some(1.0)), "one item");
    assert_eq!(format("items", Some(1.5)), "1.5 items");
    assert_eq!(format("items", Some(7.0)), "7 items");
    assert_eq!(format("place", Some(1.0)), "1st");
    assert_eq!(format("place", Some(22.0)), "22nd");
    assert_eq!(format("place", Some(113.0)), "113th");
    assert_eq!(format("price", None), "1.50 and -3");
}
