//! The UI language as a context: every component reads its strings through [`I18n`].

use super::bundles::translate;
use super::ids::{MsgId, api_error_id, error_message_id, msg};
use super::locale::{self, Locale, browser_languages, negotiate};
use crate::api::ApiError;
use fluent::{FluentArgs, FluentValue};
use leptos::prelude::*;
use portal_rules::{ErrorCode, FieldError};

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
