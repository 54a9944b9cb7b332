//! Support cases: what a partner sends to the support team, and its validation.

use crate::model::Environment;
use crate::text::{self, Lines};
use crate::{ErrorCode, FieldError, email};
use serde::{Deserialize, Serialize};

/// Field paths of a new case's [`FieldError`]s; the SPA's form uses the same names.
pub mod field {
    pub const SUBJECT: &str = "subject";
    pub const DESCRIPTION: &str = "description";
    pub const REPLY_TO: &str = "reply_to";
    /// Every category is valid; named so an error about it still finds its control.
    pub const CATEGORY: &str = "category";
}

pub const MAX_SUBJECT_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;

crate::wire_enum! {
    pub enum SupportCategory {
        AccessAndUsers => "access_and_users",
        ContactInformation => "contact_information",
        IntegrationTechnicalIssue => "integration_technical_issue",
        Other => "other",
    }
}

crate::wire_enum! {
    pub enum CaseStatus {
        Open => "open",
        Closed => "closed",
    }
}

/// `POST /api/v1/support-cases` (with an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSupportCase {
    pub category: SupportCategory,
    pub subject: String,
    pub description: String,
    pub reply_to: String,
    #[serde(default)]
    pub environment: Option<Environment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportCase {
    /// Human-facing reference, e.g. `CASE-2026-000123`.
    pub reference: String,
    pub category: SupportCategory,
    pub subject: String,
    pub description: String,
    pub reply_to: String,
    pub environment: Option<Environment>,
    pub status: CaseStatus,
    /// RFC 3339.
    pub created_at: String,
    /// Name of the user who opened it.
    pub created_by: String,
}

/// Validates a new case; on success returns it trimmed and with a normalized reply-to.
pub fn validate_case(case: &NewSupportCase) -> Result<NewSupportCase, Vec<FieldError>> {
    let mut errors = Vec::new();
    let subject = text::check(
        field::SUBJECT,
        &case.subject,
        MAX_SUBJECT_CHARS,
        Lines::Single,
        &mut errors,
    );
    let description = text::check(
        field::DESCRIPTION,
        &case.description,
        MAX_DESCRIPTION_CHARS,
        Lines::Multi,
        &mut errors,
    );
    let reply_to = if case.reply_to.trim().is_empty() {
        errors.push(FieldError::new(field::REPLY_TO, ErrorCode::Required));
        String::new()
    } else {
        email::normalize(&case.reply_to).unwrap_or_else(|code| {
            errors.push(FieldError::new(field::REPLY_TO, code).with_value(case.reply_to.trim()));
            String::new()
        })
    };
    if errors.is_empty() {
        Ok(NewSupportCase {
            category: case.category,
            subject,
            description,
            reply_to,
            environment: case.environment,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn case() -> NewSupportCase {
        NewSupportCase {
            category: SupportCategory::ContactInformation,
            subject: "  Cannot save  ".into(),
            description: "Details".into(),
            reply_to: " Rita@Demo.EXAMPLE ".into(),
            environment: Some(Environment::Production),
        }
    }

    #[test]
    fn valid_cases_are_trimmed_and_normalized() {
        let valid = validate_case(&case()).unwrap();
        assert_eq!(valid.subject, "Cannot save");
        assert_eq!(valid.reply_to, "Rita@demo.example");
    }

    #[test]
    fn edge_cases() {
        let codes = |case: NewSupportCase| {
            validate_case(&case)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(NewSupportCase {
                subject: " ".into(),
                ..case()
            }),
            vec![("subject".into(), ErrorCode::Required)]
        );
        assert_eq!(
            codes(NewSupportCase {
                subject: "ä".repeat(120),
                ..case()
            }),
            vec![]
        );
        assert_eq!(
            codes(NewSupportCase {
                subject: "ä".repeat(121),
                ..case()
            }),
            vec![("subject".into(), ErrorCode::TextTooLong)]
        );
        assert_eq!(
            codes(NewSupportCase {
                subject: "Help\r\nBcc: everyone@example.com".into(),
                description: "Line one\nline two\n\tindented".into(),
                ..case()
            }),
            vec![("subject".into(), ErrorCode::TextInvalidCharacter)]
        );
        assert_eq!(
            codes(NewSupportCase {
                description: "x".repeat(5001),
                ..case()
            }),
            vec![("description".into(), ErrorCode::TextTooLong)]
        );
        assert_eq!(
            codes(NewSupportCase {
                reply_to: String::new(),
                ..case()
            }),
            vec![("reply_to".into(), ErrorCode::Required)]
        );
        assert_eq!(
            codes(NewSupportCase {
                reply_to: "nope".into(),
                ..case()
            }),
            vec![("reply_to".into(), ErrorCode::EmailInvalid)]
        );
    }

    #[test]
    fn categories_round_trip() {
        for category in SupportCategory::ALL {
            assert_eq!(SupportCategory::parse(category.as_str()), Some(category));
            assert_eq!(serde_json::to_value(category).unwrap(), category.as_str());
        }
    }

    proptest! {
        #[test]
        fn accepted_text_respects_the_limits(subject in "\\PC{0,130}", description in "\\PC{0,40}") {
            if let Ok(valid) = validate_case(&NewSupportCase { subject, description, ..case() }) {
                prop_assert!(!valid.subject.is_empty() && valid.subject.chars().count() <= MAX_SUBJECT_CHARS);
                prop_assert_eq!(valid.subject.trim(), valid.subject.as_str());
            }
        }
    }
}
