//! Every refusal as the real server sends it: the same status, problem code, title and
//! headers (`server/src/error.rs`), so the SPA cannot tell the two apart. The parity test
//! (`tests/parity.rs`) compares them answer by answer.

use crate::http::PreviewResponse;
use portal_rules::api::{ContactInfoResponse, Problem};
use portal_rules::{ErrorCode, FieldError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// A request that cannot be read; the text is the server's.
    BadRequest(&'static str),
    UnsupportedMediaType,
    PayloadTooLarge,
    Validation(Vec<FieldError>),
    PreconditionRequired,
    StaleContactInfo(Box<ContactInfoResponse>),
    StaleUser,
    IdempotencyKeyRequired,
    IdempotencyKeyReused,
    AlreadyAUser,
    LastAdministrator,
    /// A confirmation of contact information that is not complete.
    ContactInfoIncomplete,
    RateLimited {
        retry_after_secs: u64,
    },
    SignInLinkInvalid,
    VerificationLinkInvalid,
    AlreadyVerified,
    Internal,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The server's texts for bodies it cannot read (`From<JsonRejection>` there).
pub const BODY_NOT_JSON: &str = "The body is not valid JSON";
pub const BODY_WRONG_FIELDS: &str = "The body does not have the expected fields and values";
pub const QUERY_WRONG: &str = "The query string does not have the expected parameters";

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::BadRequest(_)
            | Self::IdempotencyKeyRequired
            | Self::SignInLinkInvalid
            | Self::VerificationLinkInvalid => 400,
            Self::UnsupportedMediaType => 415,
            Self::PayloadTooLarge => 413,
            Self::Validation(_) | Self::IdempotencyKeyReused => 422,
            Self::PreconditionRequired => 428,
            Self::StaleContactInfo(_) | Self::StaleUser => 412,
            Self::AlreadyAUser
            | Self::LastAdministrator
            | Self::ContactInfoIncomplete
            | Self::AlreadyVerified => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal => 500,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::PreconditionRequired => ErrorCode::PreconditionRequired,
            Self::StaleContactInfo(_) | Self::StaleUser => ErrorCode::PreconditionFailed,
            Self::IdempotencyKeyRequired => ErrorCode::IdempotencyKeyRequired,
            Self::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            Self::AlreadyAUser => ErrorCode::AlreadyAUser,
            Self::LastAdministrator => ErrorCode::LastAdministrator,
            Self::ContactInfoIncomplete | Self::AlreadyVerified => ErrorCode::Conflict,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::SignInLinkInvalid => ErrorCode::SignInLinkInvalid,
            Self::VerificationLinkInvalid => ErrorCode::VerificationLinkInvalid,
            Self::Internal => ErrorCode::Internal,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "Sign-in required",
            Self::Forbidden => "Role does not allow this",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::BadRequest(text) => text,
            Self::UnsupportedMediaType => "Expected application/json",
            Self::PayloadTooLarge => "Body too large",
            Self::Validation(_) => "Validation failed",
            Self::PreconditionRequired => "If-Match required",
            Self::StaleContactInfo(_) => "Version is not current",
            Self::StaleUser => "User changed meanwhile",
            Self::IdempotencyKeyRequired => "Idempotency-Key header required",
            Self::IdempotencyKeyReused => "Idempotency-Key reused with another body",
            Self::AlreadyAUser => "Already a user of this account",
            Self::LastAdministrator => "The last administrator must stay",
            Self::ContactInfoIncomplete => "Contact information is incomplete",
            Self::RateLimited { .. } => "Too many requests",
            Self::SignInLinkInvalid => "Sign-in link invalid, used or expired",
            Self::VerificationLinkInvalid => "Verification link invalid, used or expired",
            Self::AlreadyVerified => "Address already verified",
            Self::Internal => "Internal error",
        }
    }

    pub fn problem(&self) -> Problem {
        let mut problem = Problem::new(self.status(), self.code(), self.title());
        match self {
            Self::Validation(errors) => problem.errors.clone_from(errors),
            Self::StaleContactInfo(current) => problem.current = Some((**current).clone()),
            Self::RateLimited { retry_after_secs } => problem.retry_after = Some(*retry_after_secs),
            _ => {}
        }
        problem
    }

    /// The problem+json answer, with `Retry-After` on 429.
    pub fn into_response(self) -> PreviewResponse {
        let mut response = PreviewResponse::problem(&self.problem());
        if let Self::RateLimited { retry_after_secs } = self {
            response = response.with_header("retry-after", &retry_after_secs.to_string());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_when_to_retry_in_the_body_and_the_header() {
        let response = ApiError::RateLimited {
            retry_after_secs: 600,
        }
        .into_response();
        assert_eq!(response.status, 429);
        assert_eq!(response.header("retry-after"), Some("600"));
        assert_eq!(
            response.header("content-type"),
            Some(portal_rules::api::PROBLEM_CONTENT_TYPE)
        );
        let problem: Problem =
            serde_json::from_str(response.body.as_deref().unwrap_or_default()).unwrap();
        assert_eq!(problem.retry_after, Some(600));
        assert_eq!(problem.code, ErrorCode::RateLimited);
    }
}
