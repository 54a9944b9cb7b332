//! Localization: German, Italian and English from Fluent files compiled into the wasm.
//!
//! - `locale`: the supported locales and negotiation from `navigator.languages`;
//! - `bundles`: the Fluent bundles and the formatting of one message;
//! - `context`: the [`I18n`] context every component reads its strings from;
//! - `ids`: typed message ids: [`msg`], generated from `locales/en/*.ftl` by `build.rs`, and
//!   the ids of domain values (error codes, roles, fields, …).

mod bundles;
mod context;
mod ids;
mod locale;

pub use bundles::{FTL_FILES, translate};
pub use context::{I18n, sync_document_language, use_i18n};
pub use ids::{
    MsgId, api_error_id, case_status_id, environment_id, error_message_id, field_help_id,
    field_label_id, integration_id, locale_name_id, msg, role_description_id, role_id,
    support_category_id, user_status_id, weekday_id,
};
pub use locale::{Locale, browser_languages, negotiate, remember as remember_locale};
