//! Typed Fluent message ids. [`I18n::t`](super::I18n::t) accepts only a [`MsgId`], and the
//! only ways to get one are the constants in [`msg`], generated from the English catalogue
//! by `build.rs`, and the functions below that name domain values. A misspelt or removed id
//! therefore fails to compile, and so does a new domain value without its message.

use super::locale::Locale;
use crate::api::ApiError;
use portal_rules::ErrorCode;
use portal_rules::contact::{Field, Weekday};
use portal_rules::model::{Environment, IntegrationType, Role, UserStatus};
use portal_rules::support::{CaseStatus, SupportCategory};

/// The id of one message of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsgId(&'static str);

impl MsgId {
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

/// One constant per message of `locales/en/*.ftl`, named after its id (`nav-overview` →
/// `NAV_OVERVIEW`) and documented with its English text.
pub mod msg {
    use super::MsgId;

    include!(concat!(env!("OUT_DIR"), "/msg_ids.rs"));
}

// Ids of domain values: one arm per value, so the compiler proves each has a message.

pub const fn error_message_id(code: ErrorCode) -> MsgId {
    match code {
        ErrorCode::BadRequest => msg::ERROR_BAD_REQUEST,
        ErrorCode::Unauthenticated => msg::ERROR_UNAUTHENTICATED,
        ErrorCode::Forbidden => msg::ERROR_FORBIDDEN,
        ErrorCode::NotFound => msg::ERROR_NOT_FOUND,
        ErrorCode::MethodNotAllowed => msg::ERROR_METHOD_NOT_ALLOWED,
        ErrorCode::UnsupportedMediaType => msg::ERROR_UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::PayloadTooLarge => msg::ERROR_PAYLOAD_TOO_LARGE,
        ErrorCode::PreconditionRequired => msg::ERROR_PRECONDITION_REQUIRED,
        ErrorCode::PreconditionFailed => msg::ERROR_PRECONDITION_FAILED,
        ErrorCode::ValidationFailed => msg::ERROR_VALIDATION_FAILED,
        ErrorCode::Conflict => msg::ERROR_CONFLICT,
        ErrorCode::RateLimited => msg::ERROR_RATE_LIMITED,
        ErrorCode::Internal => msg::ERROR_INTERNAL,
        ErrorCode::SignInLinkInvalid => msg::ERROR_SIGN_IN_LINK_INVALID,
        ErrorCode::VerificationLinkInvalid => msg::ERROR_VERIFICATION_LINK_INVALID,
        ErrorCode::IdempotencyKeyRequired => msg::ERROR_IDEMPOTENCY_KEY_REQUIRED,
        ErrorCode::IdempotencyKeyReused => msg::ERROR_IDEMPOTENCY_KEY_REUSED,
        ErrorCode::LastAdministrator => msg::ERROR_LAST_ADMINISTRATOR,
        ErrorCode::AlreadyAUser => msg::ERROR_ALREADY_A_USER,
        ErrorCode::Required => msg::ERROR_REQUIRED,
        ErrorCode::EmailInvalid => msg::ERROR_EMAIL_INVALID,
        ErrorCode::EmailTooLong => msg::ERROR_EMAIL_TOO_LONG,
        ErrorCode::EmailLocalPartTooLong => msg::ERROR_EMAIL_LOCAL_PART_TOO_LONG,
        ErrorCode::EmailDuplicate => msg::ERROR_EMAIL_DUPLICATE,
        ErrorCode::ListTooLong => msg::ERROR_LIST_TOO_LONG,
        ErrorCode::ExactlyOne => msg::ERROR_EXACTLY_ONE,
        ErrorCode::AlertContactNotUser => msg::ERROR_ALERT_CONTACT_NOT_USER,
        ErrorCode::ProductionNotEnabled => msg::ERROR_PRODUCTION_NOT_ENABLED,
        ErrorCode::HoursRowsRequired => msg::ERROR_HOURS_ROWS_REQUIRED,
        ErrorCode::HoursNoWeekdays => msg::ERROR_HOURS_NO_WEEKDAYS,
        ErrorCode::HoursInvalidTime => msg::ERROR_HOURS_INVALID_TIME,
        ErrorCode::HoursStartNotBeforeEnd => msg::ERROR_HOURS_START_NOT_BEFORE_END,
        ErrorCode::HoursOverlap => msg::ERROR_HOURS_OVERLAP,
        ErrorCode::HoursUnknownTimeZone => msg::ERROR_HOURS_UNKNOWN_TIME_ZONE,
        ErrorCode::TextTooLong => msg::ERROR_TEXT_TOO_LONG,
        ErrorCode::TextInvalidCharacter => msg::ERROR_TEXT_INVALID_CHARACTER,
        ErrorCode::Unknown => msg::ERROR_UNKNOWN,
    }
}

/// The message for a failed request.
pub fn api_error_id(error: &ApiError) -> MsgId {
    match error {
        ApiError::Network => msg::ERROR_NETWORK,
        ApiError::Problem(problem) => error_message_id(problem.code),
        ApiError::UnexpectedResponse(_) => msg::ERROR_UNEXPECTED_RESPONSE,
    }
}

pub const fn field_label_id(field: Field) -> MsgId {
    match field {
        Field::AlertContacts => msg::FIELD_ALERT_CONTACTS,
        Field::TechnicalEmergency => msg::FIELD_TECHNICAL_EMERGENCY,
        Field::TechnicalNonEmergency => msg::FIELD_TECHNICAL_NON_EMERGENCY,
        Field::MerchantIssues => msg::FIELD_MERCHANT_ISSUES,
        Field::OperationalGoogle => msg::FIELD_OPERATIONAL_GOOGLE,
        Field::OperationalPublic => msg::FIELD_OPERATIONAL_PUBLIC,
        Field::SupportHours => msg::FIELD_SUPPORT_HOURS,
    }
}

pub const fn field_help_id(field: Field) -> MsgId {
    match field {
        Field::AlertContacts => msg::FIELD_ALERT_CONTACTS_HELP,
        Field::TechnicalEmergency => msg::FIELD_TECHNICAL_EMERGENCY_HELP,
        Field::TechnicalNonEmergency => msg::FIELD_TECHNICAL_NON_EMERGENCY_HELP,
        Field::MerchantIssues => msg::FIELD_MERCHANT_ISSUES_HELP,
        Field::OperationalGoogle => msg::FIELD_OPERATIONAL_GOOGLE_HELP,
        Field::OperationalPublic => msg::FIELD_OPERATIONAL_PUBLIC_HELP,
        Field::SupportHours => msg::FIELD_SUPPORT_HOURS_HELP,
    }
}

pub const fn role_id(role: Role) -> MsgId {
    match role {
        Role::Administrator => msg::ROLE_ADMINISTRATOR,
        Role::Editor => msg::ROLE_EDITOR,
        Role::ReadOnly => msg::ROLE_READ_ONLY,
    }
}

pub const fn role_description_id(role: Role) -> MsgId {
    match role {
        Role::Administrator => msg::ROLE_ADMINISTRATOR_DESCRIPTION,
        Role::Editor => msg::ROLE_EDITOR_DESCRIPTION,
        Role::ReadOnly => msg::ROLE_READ_ONLY_DESCRIPTION,
    }
}

pub const fn environment_id(environment: Environment) -> MsgId {
    match environment {
        Environment::Sandbox => msg::ENVIRONMENT_SANDBOX,
        Environment::Production => msg::ENVIRONMENT_PRODUCTION,
    }
}

pub const fn integration_id(integration: IntegrationType) -> MsgId {
    match integration {
        IntegrationType::ThingsToDo => msg::INTEGRATION_THINGS_TO_DO,
        IntegrationType::HealthcareAppointments => msg::INTEGRATION_HEALTHCARE_APPOINTMENTS,
        IntegrationType::Appointments => msg::INTEGRATION_APPOINTMENTS,
        IntegrationType::Reservations => msg::INTEGRATION_RESERVATIONS,
        IntegrationType::Ordering => msg::INTEGRATION_ORDERING,
        IntegrationType::LocalServices => msg::INTEGRATION_LOCAL_SERVICES,
    }
}

pub const fn user_status_id(status: UserStatus) -> MsgId {
    match status {
        UserStatus::Invited => msg::USER_STATUS_INVITED,
        UserStatus::Active => msg::USER_STATUS_ACTIVE,
    }
}

/// The language's name in itself.
pub const fn locale_name_id(locale: Locale) -> MsgId {
    match locale {
        Locale::De => msg::LANGUAGE_NAME_DE,
        Locale::It => msg::LANGUAGE_NAME_IT,
        Locale::En => msg::LANGUAGE_NAME_EN,
    }
}

/// The weekday's name, where the browser's `Intl` cannot say it.
pub const fn weekday_id(day: Weekday) -> MsgId {
    match day {
        Weekday::Monday => msg::WEEKDAY_0,
        Weekday::Tuesday => msg::WEEKDAY_1,
        Weekday::Wednesday => msg::WEEKDAY_2,
        Weekday::Thursday => msg::WEEKDAY_3,
        Weekday::Friday => msg::WEEKDAY_4,
        Weekday::Saturday => msg::WEEKDAY_5,
        Weekday::Sunday => msg::WEEKDAY_6,
    }
}

pub const fn support_category_id(category: SupportCategory) -> MsgId {
    match category {
        SupportCategory::AccessAndUsers => msg::SUPPORT_CATEGORY_ACCESS_AND_USERS,
        SupportCategory::ContactInformation => msg::SUPPORT_CATEGORY_CONTACT_INFORMATION,
        SupportCategory::IntegrationTechnicalIssue => {
            msg::SUPPORT_CATEGORY_INTEGRATION_TECHNICAL_ISSUE
        }
        SupportCategory::Other => msg::SUPPORT_CATEGORY_OTHER,
    }
}

pub const fn case_status_id(status: CaseStatus) -> MsgId {
    match status {
        CaseStatus::Open => msg::CASE_STATUS_OPEN,
        CaseStatus::Closed => msg::CASE_STATUS_CLOSED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kebab(wire: &str) -> String {
        wire.replace('_', "-")
    }

    /// Each arm above names the message its value's wire name leads to, so no two values
    /// share a message by a slip of the hand.
    #[test]
    fn domain_ids_follow_the_naming_convention() {
        for code in ErrorCode::ALL {
            assert_eq!(error_message_id(*code).as_str(), format!("error-{code}"));
        }
        for field in Field::ALL {
            let name = kebab(field.as_str());
            assert_eq!(field_label_id(field).as_str(), format!("field-{name}"));
            assert_eq!(field_help_id(field).as_str(), format!("field-{name}-help"));
        }
        for role in Role::ALL {
            let name = kebab(role.as_str());
            assert_eq!(role_id(role).as_str(), format!("role-{name}"));
            assert_eq!(
                role_description_id(role).as_str(),
                format!("role-{name}-description")
            );
        }
        for environment in Environment::ALL {
            assert_eq!(
                environment_id(environment).as_str(),
                format!("environment-{environment}")
            );
        }
        for integration in IntegrationType::ALL {
            assert_eq!(
                integration_id(integration).as_str(),
                format!("integration-{}", kebab(integration.as_str()))
            );
        }
        for status in UserStatus::ALL {
            assert_eq!(
                user_status_id(status).as_str(),
                format!("user-status-{status}")
            );
        }
        for locale in Locale::ALL {
            assert_eq!(
                locale_name_id(locale).as_str(),
                format!("language-name-{}", locale.code())
            );
        }
        for day in Weekday::ALL {
            assert_eq!(weekday_id(day).as_str(), format!("weekday-{}", day.index()));
        }
        for category in SupportCategory::ALL {
            assert_eq!(
                support_category_id(category).as_str(),
                format!("support-category-{}", kebab(category.as_str()))
            );
        }
        for status in CaseStatus::ALL {
            assert_eq!(
                case_status_id(status).as_str(),
                format!("case-status-{status}")
            );
        }
    }
}
