//! Stable, machine-readable error codes. The server sends them; the SPA turns each into
//! a localized message with the Fluent id `error-<code>`. Never rename a code: clients
//! and stored translations depend on the exact string.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($variant:ident => $code:literal),+ $(,)?) => {
        /// A stable, machine-readable error code (`unknown` only ever stands for a code a
        /// newer server sent).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum ErrorCode {
            $(#[serde(rename = $code)] $variant,)+
            /// A code this build does not know (sent by a newer server).
            #[serde(rename = "unknown")]
            Unknown,
        }

        // Read as a string (see `wire_enum!`); a code this build does not know is `Unknown`.
        impl<'de> Deserialize<'de> for ErrorCode {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match String::deserialize(deserializer)?.as_str() {
                    $($code => ErrorCode::$variant,)+
                    _ => ErrorCode::Unknown,
                })
            }
        }

        $crate::wire_enum_schema!(ErrorCode, [$($code,)+ "unknown"]);

        impl ErrorCode {
            /// Every code, so tests can prove each one has a translation.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+ ErrorCode::Unknown];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    // Request-level problems.
    BadRequest => "bad-request",
    Unauthenticated => "unauthenticated",
    Forbidden => "forbidden",
    NotFound => "not-found",
    MethodNotAllowed => "method-not-allowed",
    UnsupportedMediaType => "unsupported-media-type",
    PayloadTooLarge => "payload-too-large",
    PreconditionRequired => "precondition-required",
    PreconditionFailed => "precondition-failed",
    ValidationFailed => "validation-failed",
    Conflict => "conflict",
    RateLimited => "rate-limited",
    Internal => "internal",
    SignInLinkInvalid => "sign-in-link-invalid",
    VerificationLinkInvalid => "verification-link-invalid",
    IdempotencyKeyRequired => "idempotency-key-required",
    IdempotencyKeyReused => "idempotency-key-reused",
    LastAdministrator => "last-administrator",
    AlreadyAUser => "already-a-user",
    // Field-level problems.
    Required => "required",
    EmailInvalid => "email-invalid",
    EmailTooLong => "email-too-long",
    EmailLocalPartTooLong => "email-local-part-too-long",
    EmailDuplicate => "email-duplicate",
    ListTooLong => "list-too-long",
    ExactlyOne => "exactly-one",
    AlertContactNotUser => "alert-contact-not-user",
    ProductionNotEnabled => "production-not-enabled",
    HoursRowsRequired => "hours-rows-required",
    HoursNoWeekdays => "hours-no-weekdays",
    HoursInvalidTime => "hours-invalid-time",
    HoursStartNotBeforeEnd => "hours-start-not-before-end",
    HoursOverlap => "hours-overlap",
    HoursUnknownTimeZone => "hours-unknown-time-zone",
    TextTooLong => "text-too-long",
    TextInvalidCharacter => "text-invalid-character",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with one field. `field` is a stable path such as `technical_emergency`,
/// `support_hours.rows[1]` (a row as a whole) or `support_hours.rows[1].end` (one control
/// of a row); `value` names the offending input where the message needs it (e.g. the
/// duplicated address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self {
            field: field.into(),
            code,
            value: None,
        }
    }

    #[must_use]
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn unknown_codes_from_a_newer_server_do_not_fail_parsing() {
        let code: ErrorCode = serde_json::from_str("\"brand-new-code\"").unwrap();
        assert_eq!(code, ErrorCode::Unknown);
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
        }
    }
}
