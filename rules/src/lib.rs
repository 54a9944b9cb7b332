//! The single source of truth shared by the browser (wasm32) and the API server (native):
//! domain types, API DTOs, machine-readable error codes and every validation rule.
//! No I/O lives here, so both sides run exactly the same checks.

pub mod api;
pub mod contact;
pub mod email;
pub mod error;
pub mod model;
pub mod support;

pub use error::{ErrorCode, FieldError};
