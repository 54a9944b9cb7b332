//! Every error leaves the server as an RFC 9457 problem document with a stable code.
//! [`ApiError`] names the cause; the status, code, title and headers follow from it.
//! Internal causes are logged where the response leaves (see `http::log_errors`), not
//! where the error is made.

use crate::store;
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_rules::api::{ContactInfoResponse, PROBLEM_CONTENT_TYPE, Problem};
use portal_rules::{ErrorCode, FieldError};
use std::sync::Arc;
use std::time::Duration;

/// A request that found no free database connection may try again after this long.
const BUSY_RETRY_AFTER: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("the role does not allow this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A request that cannot be read (malformed JSON, bad query). The fixed text says
    /// what was wrong, never echoing the client's input.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// An unsafe request that a browser sent from another site.
    #[error("cross-site request refused")]
    CrossSite,
    #[error("the request took too long")]
    Timeout,
    #[error("expected application/json")]
    UnsupportedMediaType,
    #[error("body too large")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("If-Match required")]
    PreconditionRequired,
    /// A contact-information save based on an old version; carries the current one.
    #[error("contact information version is not current")]
    StaleContactInfo(Box<ContactInfoResponse>),
    #[error("user changed meanwhile")]
    StaleUser,
    #[error("Idempotency-Key header required")]
    IdempotencyKeyRequired,
    #[error("Idempotency-Key reused with another body")]
    IdempotencyKeyReused,
    #[error("already a user of this account")]
    AlreadyAUser,
    #[error("the last administrator must stay")]
    LastAdministrator,
    /// A confirmation of contact information that is not complete (the form, not a
    /// confirmation, is what it needs).
    #[error("contact information is incomplete")]
    ContactInfoIncomplete,
    #[error("too many requests; retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    #[error("sign-in link invalid, used or expired")]
    SignInLinkInvalid,
    /// A verification link that is unknown, used or expired (one answer for all three).
    #[error("verification link invalid, used or expired")]
    VerificationLinkInvalid,
    /// A new verification link for an address that is verified already.
    #[error("address already verified")]
    AlreadyVerified,
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Any other bug or failure; the text is logged, never sent.
    #[error("{0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::Internal(detail.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::CrossSite => StatusCode::FORBIDDEN,
            // A busy or unreachable database: try again shortly.
            Self::Timeout | Self::Store(store::Error::PoolTimeout(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest(_)
            | Self::IdempotencyKeyRequired
            | Self::SignInLinkInvalid
            | Self::VerificationLinkInvalid => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Validation(_) | Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::StaleContactInfo(_) | Self::StaleUser => StatusCode::PRECONDITION_FAILED,
            Self::AlreadyAUser
            | Self::LastAdministrator
            | Self::ContactInfoIncomplete
            | Self::AlreadyVerified => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden | Self::CrossSite => ErrorCode::Forbidden,
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
            // A busy database (503 + Retry-After) is, like a timeout, "try again later" to
            // the SPA: no code of its own.
            Self::Store(_) | Self::Internal(_) | Self::Timeout => ErrorCode::Internal,
        }
    }

    /// The human-readable title: the cause, except for internal errors, whose details
    /// stay in the log.
    fn title(&self) -> String {
        match self {
            Self::Unauthenticated => "Sign-in required".into(),
            Self::Forbidden => "Role does not allow this".into(),
            Self::NotFound => "Not found".into(),
            Self::MethodNotAllowed => "Method not allowed".into(),
            Self::BadRequest(text) => (*text).into(),
            Self::CrossSite => "Cross-site request refused".into(),
            Self::Timeout => "The request took too long".into(),
            Self::UnsupportedMediaType => "Expected application/json".into(),
            Self::PayloadTooLarge => "Body too large".into(),
            Self::Validation(_) => "Validation failed".into(),
            Self::PreconditionRequired => "If-Match required".into(),
            Self::StaleContactInfo(_) => "Version is not current".into(),
            Self::StaleUser => "User changed meanwhile".into(),
            Self::IdempotencyKeyRequired => "Idempotency-Key header required".into(),
            Self::IdempotencyKeyReused => "Idempotency-Key reused with another body".into(),
            Self::AlreadyAUser => "Already a user of this account".into(),
            Self::LastAdministrator => "The last administrator must stay".into(),
            Self::ContactInfoIncomplete => "Contact information is incomplete".into(),
            Self::RateLimited { .. } => "Too many requests".into(),
            Self::SignInLinkInvalid => "Sign-in link invalid, used or expired".into(),
            Self::VerificationLinkInvalid => "Verification link invalid, used or expired".into(),
            Self::AlreadyVerified => "Address already verified".into(),
            Self::Store(store::Error::PoolTimeout(_)) => {
                "The service is busy; try again shortly".into()
            }
            Self::Store(_) | Self::Internal(_) => "Internal error".into(),
        }
    }

    /// When to try again, for the `Retry-After` header.
    fn problem_retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after } => Some(retry_after.as_secs()),
            Self::Store(store::Error::PoolTimeout(_)) => Some(BUSY_RETRY_AFTER.as_secs()),
            _ => None,
        }
    }

    fn problem(&self) -> Problem {
        let mut problem = Problem::new(self.status().as_u16(), self.code(), self.title());
        match self {
            Self::Validation(errors) => problem.errors.clone_from(errors),
            Self::StaleContactInfo(current) => problem.current = Some((**current).clone()),
            Self::RateLimited { retry_after } => problem.retry_after = Some(retry_after.as_secs()),
            Self::Store(store::Error::PoolTimeout(_)) => {
                problem.retry_after = Some(BUSY_RETRY_AFTER.as_secs());
            }
            _ => {}
        }
        problem
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if let Some(seconds) = self.problem_retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // For the logging middleware: logging here would be a side effect of conversion.
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::BytesRejection(rejection)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::PayloadTooLarge
            }
            JsonRejection::JsonSyntaxError(_) => Self::BadRequest("The body is not valid JSON"),
            JsonRejection::JsonDataError(_) => {
                Self::BadRequest("The body does not have the expected fields and values")
            }
            _ => Self::BadRequest("The body cannot be read"),
        }
    }
}

/// A path that does not parse names no resource.
impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

impl From<QueryRejection> for ApiError {
    fn from(_: QueryRejection) -> Self {
        Self::BadRequest("The query string does not have the expected parameters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_when_to_retry() {
        let error = ApiError::RateLimited {
            retry_after: Duration::from_hours(1),
        };
        // In the body too, so the SPA can say how long to wait.
        assert_eq!(error.problem().retry_after, Some(3600));
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3600");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            PROBLEM_CONTENT_TYPE
        );
    }

    #[test]
    fn a_busy_database_is_a_503_that_says_when_to_retry() {
        let error = ApiError::from(store::Error::PoolTimeout("waiting for a free connection"));
        assert_eq!(error.problem().retry_after, Some(2));
        assert_eq!(error.problem().code, ErrorCode::Internal);
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        // Any other pool failure stays an internal error without a retry hint.
        let other = ApiError::from(store::Error::Pool("refused".into())).into_response();
        assert_eq!(other.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!other.headers().contains_key(header::RETRY_AFTER));
    }

    #[test]
    fn internal_causes_reach_the_logging_middleware_but_not_the_client() {
        let error = ApiError::from(store::Error::NewerSchema { found: 9, known: 5 });
        assert_eq!(error.problem().title, "Internal error");
        assert_eq!(error.problem().code, ErrorCode::Internal);
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let logged = response
            .extensions()
            .get::<Arc<ApiError>>()
            .expect("the cause");
        assert!(logged.to_string().contains("9 migrations"), "{logged}");
    }
}
