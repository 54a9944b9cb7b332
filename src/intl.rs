//! The browser's `Intl` API: weekday and time-zone names, dates, lists, numbers and
//! collation, so no locale data ships in the wasm. Components reach these through the
//! `I18n` context (`i18n.date_time(..)`, `i18n.list(..)`, `i18n.number(..)`, …), which
//! passes the UI language; only that context and a few locale-free helpers call here.

use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

fn intl() -> Option<Object> {
    Reflect::get(&js_sys::global(), &"Intl".into())
        .ok()?
        .dyn_into()
        .ok()
}

thread_local! {
    /// Formatters by constructor, locale and options. Constructing an `Intl` formatter is
    /// far dearer than using one (the first `NumberFormat` of a page cost ~125 ms at 4×
    /// CPU throttling in `cargo xtask profile`, a `Date.toLocaleString` builds a formatter
    /// on every call), and a page asks for the same few over and over.
    static FORMATTERS: RefCell<HashMap<String, Option<Object>>> = RefCell::default();
}

/// `new Intl[constructor](locale, options)`, built once per `key` (which must name the
/// constructor, locale and options); `None` where the browser lacks it or throws.
fn formatter(
    key: String,
    constructor: &str,
    locale: &str,
    options: impl FnOnce() -> Object,
) -> Option<Object> {
    if let Some(cached) = FORMATTERS.with(|cache| cache.borrow().get(&key).cloned()) {
        return cached;
    }
    let built = intl()
        .and_then(|intl| Reflect::get(&intl, &constructor.into()).ok())
        .and_then(|constructor| constructor.dyn_into::<Function>().ok())
        .and_then(|constructor| {
            let arguments = Array::of2(&Array::of1(&locale.into()), &options());
            Reflect::construct(&constructor, &arguments).ok()
        })
        .and_then(|object| object.dyn_into::<Object>().ok());
    FORMATTERS.with(|cache| cache.borrow_mut().insert(key, built.clone()));
    built
}

/// Calls the method `name` of `object` with `argument`, expecting a string back.
fn call_for_string(object: &Object, name: &str, argument: &JsValue) -> Option<String> {
    Reflect::get(object, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call1(object, argument)
        .ok()?
        .as_string()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// The long weekday name (0 = Monday) in `locale`, if the browser can say it.
pub fn weekday_name(locale: &str, monday_based_index: u32) -> Option<String> {
    let format = formatter(
        format!("DateTimeFormat weekday {locale}"),
        "DateTimeFormat",
        locale,
        || options(&[("weekday", "long"), ("timeZone", "UTC")]),
    )?;
    // 2024-01-01 was a Monday.
    let date = js_sys::Date::new(&JsValue::from_f64(
        js_sys::Date::utc(2024.0, 0.0) + f64::from(monday_based_index) * 86_400_000.0,
    ));
    call_for_string(&format, "format", &date)
}

/// Every IANA time zone the browser knows, with "UTC" first.
pub fn time_zones() -> Vec<String> {
    let mut zones = vec!["UTC".to_owned()];
    let supported = intl()
        .and_then(|intl| Reflect::get(&intl, &"supportedValuesOf".into()).ok())
        .and_then(|function| function.dyn_into::<Function>().ok())
        .and_then(|function| function.call1(&JsValue::NULL, &"timeZone".into()).ok())
        .and_then(|list| list.dyn_into::<Array>().ok());
    if let Some(list) = supported {
        zones.extend(
            list.iter()
                .filter_map(|zone| zone.as_string())
                .filter(|zone| zone != "UTC"),
        );
    }
    zones
}

/// `Intl.DateTimeFormat(locale, options)`, or `None` where the constructor throws (a
/// `RangeError` for a zone the browser does not know).
fn date_time_format(locale: &str, pairs: &[(&str, &str)]) -> Option<js_sys::Intl::DateTimeFormat> {
    let intl = intl()?;
    let constructor = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let arguments = Array::of2(&locale.into(), &options(pairs));
    Reflect::construct(&constructor, &arguments)
        .ok()?
        .dyn_into()
        .ok()
}

/// Whether the browser accepts `zone` as a time zone (it throws `RangeError` otherwise).
/// The form's rules ask on every edit, so the answer (the formatter) is kept.
pub fn is_known_time_zone(zone: &str) -> bool {
    formatter(
        format!("DateTimeFormat zone {zone}"),
        "DateTimeFormat",
        "en",
        || options(&[("timeZone", zone)]),
    )
    .is_some()
}

thread_local! {
    /// The browser's own time zone, asked once: the first `Intl.DateTimeFormat` in the
    /// browser's locale cost ~60 ms at 4× CPU throttling when the first hours row was added
    /// (`cargo xtask profile`).
    static LOCAL_TIME_ZONE: String = {
        let format = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new());
        Reflect::get(&format.resolved_options(), &"timeZone".into())
            .ok()
            .and_then(|zone| zone.as_string())
            .unwrap_or_else(|| "UTC".to_owned())
    };
}

/// The browser's own time zone, a sensible default for a new row.
pub fn local_time_zone() -> String {
    LOCAL_TIME_ZONE.with(Clone::clone)
}

type ZoneNames = HashMap<(String, String), Option<String>>;

thread_local! {
    /// (locale, zone) → localized name; building ~400 formatters is worth doing once.
    static ZONE_NAMES: RefCell<ZoneNames> = RefCell::default();
}

/// The zone's generic name in `locale` (e.g. "Mitteleuropäische Zeit" for Europe/Berlin).
pub fn time_zone_name(locale: &str, zone: &str) -> Option<String> {
    let key = (locale.to_owned(), zone.to_owned());
    if let Some(cached) = ZONE_NAMES.with(|names| names.borrow().get(&key).cloned()) {
        return cached;
    }
    // One formatter per zone, which also tells an unknown zone (its constructor throws).
    let name = date_time_format(
        locale,
        &[("timeZone", zone), ("timeZoneName", "longGeneric")],
    )
    .and_then(|format| {
        format
            .format_to_parts(&js_sys::Date::new_0())
            .iter()
            .find_map(|part| {
                let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
                (kind == "timeZoneName")
                    .then(|| Reflect::get(&part, &"value".into()).ok()?.as_string())
                    .flatten()
            })
    });
    ZONE_NAMES.with(|names| names.borrow_mut().insert(key, name.clone()));
    name
}

/// "Europe/Rome — Ora dell'Europa centrale": the id stays visible (it is what partners
/// know and what is stored), the name is in the UI language.
pub fn time_zone_label(locale: &str, zone: &str) -> String {
    match time_zone_name(locale, zone) {
        Some(name) if name != zone => format!("{zone} — {name}"),
        _ => zone.to_owned(),
    }
}

/// The date of a timestamp (RFC 3339) in `locale` ("26.11.2025", "Nov 26, 2025").
pub fn format_date(locale: &str, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    formatter(
        format!("DateTimeFormat medium {locale}"),
        "DateTimeFormat",
        locale,
        || options(&[("dateStyle", "medium")]),
    )
    .and_then(|format| call_for_string(&format, "format", &date))
    .unwrap_or_else(|| rfc3339.to_owned())
}

/// A timestamp (RFC 3339) as date and time in `locale`.
pub fn format_date_time(locale: &str, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    formatter(
        format!("DateTimeFormat medium short {locale}"),
        "DateTimeFormat",
        locale,
        || options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
    )
    .and_then(|format| call_for_string(&format, "format", &date))
    .unwrap_or_else(|| rfc3339.to_owned())
}

/// Compares texts ignoring ASCII case. Not `str::to_lowercase`, whose table costs the wasm
/// ~7 KB brotli (`portal_rules::email::duplicate_key`): addresses are ASCII, and for other
/// text this is only the fallback of [`collator`].
pub fn cmp_ascii_caseless(a: &str, b: &str) -> std::cmp::Ordering {
    let lower = |byte: u8| byte.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

/// A comparison of texts as people of `locale` sort them (case- and accent-aware), falling
/// back to a comparison ignoring ASCII case where `Intl.Collator` fails.
pub fn collator(locale: &str) -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let compare = formatter(
        format!("Collator {locale}"),
        "Collator",
        locale,
        Object::new,
    )
    .and_then(|collator| Reflect::get(&collator, &"compare".into()).ok())
    .and_then(|compare| compare.dyn_into::<Function>().ok());
    move |a, b| {
        compare
            .as_ref()
            .and_then(|compare| compare.call2(&JsValue::NULL, &a.into(), &b.into()).ok())
            .and_then(|result| result.as_f64())
            .and_then(|order| order.partial_cmp(&0.0))
            .unwrap_or_else(|| cmp_ascii_caseless(a, b))
    }
}

/// "Anna, Bruno and Carla" in `locale` (`Intl.ListFormat`), or comma-separated without it.
pub fn format_list(locale: &str, items: &[String]) -> String {
    let list: Array = items.iter().map(|item| JsValue::from_str(item)).collect();
    formatter(format!("ListFormat {locale}"), "ListFormat", locale, || {
        options(&[("type", "conjunction")])
    })
    .and_then(|format| call_for_string(&format, "format", &list))
    .unwrap_or_else(|| items.join(", "))
}

/// `value` as people of `locale` write numbers (`Intl.NumberFormat`: "1.234" in German,
/// "1,234" in English), with at least/most this many fraction digits and grouping unless
/// switched off. Without `Intl`, plain digits.
pub fn format_number(locale: &str, value: f64, format: NumberFormat) -> String {
    // Not `{format:?}`: Debug formatting would add code to the wasm for a key.
    let key = format!(
        "NumberFormat {locale} {} {} {}",
        format.minimum_fraction_digits.map_or(-1, i64::from),
        format.maximum_fraction_digits.map_or(-1, i64::from),
        format.use_grouping
    );
    let options = || {
        let object = Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = Reflect::set(&object, &key.into(), &value);
        };
        if let Some(digits) = format.minimum_fraction_digits {
            set("minimumFractionDigits", JsValue::from(digits));
        }
        if let Some(digits) = format.maximum_fraction_digits {
            set("maximumFractionDigits", JsValue::from(digits));
        }
        if !format.use_grouping {
            set("useGrouping", JsValue::FALSE);
        }
        object
    };
    // The constructor throws on impossible options (e.g. minimum above maximum).
    formatter(key, "NumberFormat", locale, options)
        .and_then(|number_format| {
            call_for_string(&number_format, "format", &JsValue::from_f64(value))
        })
        .unwrap_or_else(|| number_text(value))
}

/// `value` as JavaScript writes it without `Intl` (`String(value)`): not `f64`'s `Display`,
/// whose float formatting would be in the wasm for this fallback alone.
fn number_text(value: f64) -> String {
    js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// Options of [`format_number`] (those Fluent's `NUMBER()` can set that we pass on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    pub minimum_fraction_digits: Option<u32>,
    pub maximum_fraction_digits: Option<u32>,
    pub use_grouping: bool,
}

impl Default for NumberFormat {
    fn default() -> Self {
        Self {
            minimum_fraction_digits: None,
            maximum_fraction_digits: None,
            use_grouping: true,
        }
    }
}
