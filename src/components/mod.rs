//! Reusable UI pieces, one concern each.

pub mod blocking_modal;
pub mod contact_form;
pub mod contact_status;
pub mod dialog;
pub mod environment_switcher;
pub mod error_summary;
pub mod form;
pub mod header;
pub mod language_switcher;
pub mod navigation;
pub mod sign_out;
pub mod status;
pub mod support_panel;
pub mod tabs;
pub mod users;
