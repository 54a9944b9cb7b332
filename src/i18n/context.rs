//! The UI language as a context: every component reads its strings through [`I18n`], and
//! formats dates, lists, numbers, weekdays and time zones through it too (the browser's
//! `Intl` in the UI language, see `crate::intl`), so no call site picks a locale by hand.

use super::bundles::translate;
use super::ids::{MsgId, api_error_id, error_message_id, msg, weekday_id};
use super::locale::{self, Locale, browser_languages, negotiate};
use crate::api::ApiError;
use crate::intl::{self, NumberFormat};
use fluent::{FluentArgs, FluentValue};
use leptos::prelude::*;
use portal_rules::contact::Weekday;
use portal_rules::{ErrorCode, FieldError};
use std::cmp::Ordering;

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
        Self::new(locale::remembered().unwrap_or_else(|| negotiate(&browser_languages())))
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// Whether the language is still there to be read: a callback that outlives the view
    /// it was scheduled by (an idle callback, say) asks before it formats anything.
    pub fn is_alive(&self) -> bool {
        self.locale.try_get_untracked().is_some()
    }

    /// Switches language and remembers the choice in this browser.
    pub fn set_locale(&self, locale: Locale) {
        locale::remember(locale);
        self.locale.set(locale);
    }

    /// A message in the current language. Reactive: re-runs when the language changes.
    pub fn t(&self, id: MsgId) -> String {
        translate(self.locale.get(), id, None)
    }

    /// The text of a view that shows one message: `i18n.tr(msg::NAV_USERS)` for
    /// `move || i18n.t(msg::NAV_USERS)`.
    pub fn tr(self, id: MsgId) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.t(id)
    }

    /// A message with arguments, e.g. `t_with(msg::USERS_REMOVED, &[("name", name.into())])`.
    pub fn t_with(&self, id: MsgId, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        translate(self.locale.get(), id, Some(&fluent_args))
    }

    /// The message for a failed request; a rate limit says how long to wait.
    pub fn api_error(&self, error: &ApiError) -> String {
        match error.retry_after() {
            Some(seconds) => self.t_with(
                msg::ERROR_RATE_LIMITED_RETRY,
                &[("minutes", FluentValue::from(seconds.div_ceil(60).max(1)))],
            ),
            None => self.t(api_error_id(error)),
        }
    }

    /// The localized message of one field error (from the shared rules or the server).
    pub fn field_error(&self, error: &FieldError) -> String {
        self.error(error.code, error.value.as_deref())
    }

    pub fn error(&self, code: ErrorCode, value: Option<&str>) -> String {
        self.t_with(
            error_message_id(code),
            &[(
                "value",
                FluentValue::from(value.unwrap_or_default().to_owned()),
            )],
        )
    }
}

/// Formatting in the UI language, through the browser's `Intl`. Each is reactive like
/// [`I18n::t`]: it re-runs when the language changes.
impl I18n {
    /// A timestamp (RFC 3339) as date and time: "12.03.2025, 14:05" in German.
    pub fn date_time(&self, rfc3339: &str) -> String {
        intl::format_date_time(self.locale().code(), rfc3339)
    }

    /// "Anna, Bruno und Carla" (`Intl.ListFormat`, a conjunction).
    pub fn list(&self, items: &[String]) -> String {
        intl::format_list(self.locale().code(), items)
    }

    /// A number as the language writes it: "5.000" in German, "5,000" in English. Numbers
    /// in messages (`{ $count }`) are formatted the same way by the Fluent bundles.
    pub fn number(&self, value: f64) -> String {
        intl::format_number(self.locale().code(), value, NumberFormat::default())
    }

    /// Compares texts as people of the language sort them (`Intl.Collator`).
    pub fn collator(&self) -> impl Fn(&str, &str) -> Ordering + use<> {
        intl::collator(self.locale().code())
    }

    /// The weekday's name from `Intl`, or from the catalogue where the browser cannot say it.
    pub fn weekday(&self, day: Weekday) -> String {
        intl::weekday_name(self.locale().code(), day.index())
            .unwrap_or_else(|| self.t(weekday_id(day)))
    }

    /// "Europe/Rome — Ora dell'Europa centrale": the zone id and its name in the language.
    pub fn time_zone_label(&self, zone: &str) -> String {
        intl::time_zone_label(self.locale().code(), zone)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Keeps `<html lang>` in step with the UI language (screen readers pick their voice from it).
pub fn sync_document_language(i18n: I18n) {
    Effect::new(move |_| {
        let code = i18n.locale().code();
        if let Some(root) = crate::dom::document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", code);
        }
    });
}
