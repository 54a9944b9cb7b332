//! The single source of truth shared by the browser (wasm32) and the API server (native):
//! domain types, API DTOs, machine-readable error codes and every validation rule.
//! No I/O lives here, so both sides run exactly the same checks.
//!
//! | module | what |
//! |---|---|
//! | [`wire`] | `wire_enum!`: enums whose variants are wire/storage strings |
//! | [`model`] | accounts, users, roles, environments, integration types |
//! | [`contact`] | contact information, its validation and completeness; `contact::hours` |
//! | [`user`] | the invitation rule; the last-administrator rule |
//! | [`support`] | support cases and their validation |
//! | [`history`] | the change history: entries, and the diff of a contact-information save |
//! | [`limits`] | rate limits: fixed windows and the business limits |
//! | [`email`] | e-mail address syntax and normalization |
//! | [`text`] | free text: trimming, length, forbidden characters |
//! | [`error`] | error codes and field errors |
//! | [`verification`] | verified contact addresses: statuses and their DTOs |
//! | [`api`] | request and response bodies (DTOs only, no rules) |

pub mod wire;

pub mod api;
pub mod contact;
pub mod email;
pub mod error;
pub mod history;
pub mod limits;
pub mod model;
pub mod support;
pub mod text;
pub mod user;
pub mod verification;

pub use error::{ErrorCode, FieldError};

/// For `wire_enum!` expanded in other crates (they need not depend on utoipa).
#[cfg(feature = "openapi")]
#[doc(hidden)]
pub use utoipa as __utoipa;
