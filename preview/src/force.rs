//! Answers a designer forces from the toolbar: slow, none at all, a network failure, a 500,
//! a conflict, a rate limit, a field the server refuses, the last administrator. Each applies
//! only where the real server can give it (a conflict only to versioned writes, a rate limit
//! only to rate-limited endpoints…), so the SPA meets exactly the situations of production.

use portal_rules::ErrorCode;
use serde::{Deserialize, Serialize};

/// How long a slow answer takes.
pub const SLOW_MS: u32 = 2000;
/// What a forced rate limit asks to wait (the support-case limit's window).
pub const FORCED_RETRY_AFTER_SECS: u64 = 600;

portal_rules::wire_enum! {
    /// The kind of answer to force. Wire names are also the toolbar's URL values.
    #[derive(Default)]
    pub enum ForceKind {
        #[default]
        None => "none",
        /// The real answer, after [`SLOW_MS`].
        Slow => "slow",
        /// No answer ever: the SPA stays in its loading or saving state.
        Stall => "stall",
        /// The request never reaches the server (offline).
        Network => "network",
        /// 500 `internal`.
        ServerError => "500",
        /// Someone else saved first: the resource gets a new version, then the request is
        /// answered as usual, i.e. 412. Versioned writes (with `If-Match`) only.
        Conflict => "412",
        /// 429 `rate-limited`. Endpoints the server rate-limits only.
        RateLimited => "429",
        /// 422 `validation-failed` for one field. Writes whose body has that field only.
        Invalid => "422",
        /// 409 `last-administrator`. Role changes and removals only.
        LastAdministrator => "409",
    }
}

portal_rules::wire_enum! {
    /// Which requests a forced answer is for.
    #[derive(Default)]
    pub enum ForceScope {
        /// The next request it can apply to; then it is used up.
        Next => "next",
        /// Every write it can apply to (reads are answered normally).
        #[default]
        Writes => "writes",
        /// Every request it can apply to.
        All => "all",
    }
}

/// The forced answer in effect.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Forcing {
    pub kind: ForceKind,
    pub scope: ForceScope,
    /// For [`ForceKind::Invalid`]: the field path, e.g. `technical_emergency` or `subject`.
    pub field: String,
    /// For [`ForceKind::Invalid`]: the field error's code.
    pub code: Option<ErrorCode>,
}

impl Forcing {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn new(kind: ForceKind, scope: ForceScope) -> Self {
        Self {
            kind,
            scope,
            ..Self::default()
        }
    }

    /// A 422 for `field` with `code`.
    pub fn invalid(field: &str, code: ErrorCode, scope: ForceScope) -> Self {
        Self {
            kind: ForceKind::Invalid,
            scope,
            field: field.to_owned(),
            code: Some(code),
        }
    }

    pub fn is_active(&self) -> bool {
        self.kind != ForceKind::None
    }

    /// The field error code of a forced 422: the chosen one, else what the server says
    /// most often for that kind of field.
    pub fn invalid_code(&self) -> ErrorCode {
        self.code.unwrap_or(match self.field.as_str() {
            "subject" | "description" | "name" => ErrorCode::TextInvalidCharacter,
            "support_hours" => ErrorCode::HoursUnknownTimeZone,
            _ => ErrorCode::EmailInvalid,
        })
    }
}

/// Field-level codes a designer can pick for a forced 422.
pub const FIELD_CODES: &[ErrorCode] = &[
    ErrorCode::Required,
    ErrorCode::EmailInvalid,
    ErrorCode::EmailTooLong,
    ErrorCode::EmailLocalPartTooLong,
    ErrorCode::EmailDuplicate,
    ErrorCode::ListTooLong,
    ErrorCode::ExactlyOne,
    ErrorCode::AlertContactNotUser,
    ErrorCode::HoursRowsRequired,
    ErrorCode::HoursNoWeekdays,
    ErrorCode::HoursInvalidTime,
    ErrorCode::HoursStartNotBeforeEnd,
    ErrorCode::HoursOverlap,
    ErrorCode::HoursUnknownTimeZone,
    ErrorCode::TextTooLong,
    ErrorCode::TextInvalidCharacter,
    ErrorCode::AlreadyAUser,
];
