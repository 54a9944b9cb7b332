//! Generic widgets, one concern each. They know nothing of the portal's features: they
//! import only `i18n`, `dom`, `api` (for its error type) and the shared rules.

pub mod action;
pub mod chip_input;
pub mod deferred;
pub mod dialog;
pub mod draft_offer;
pub mod error_summary;
pub mod form;
pub mod page_heading;
pub mod status;
pub mod tabs;
