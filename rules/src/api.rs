//! JSON bodies of the HTTP API under `/api/v1`. Both the server and the SPA use these
//! types, so a renamed field breaks the build instead of production.
//!
//! | method | path | body → answer |
//! |---|---|---|
//! | POST | /api/v1/auth/sign-in-link | [`SignInLinkRequest`] → 202 (always, to not reveal accounts) |
//! | POST | /api/v1/auth/sign-in-link/preview | [`SignInRequest`] → [`SignInLinkPreview`] (the link stays unused) |
//! | POST | /api/v1/auth/session | [`SignInRequest`] → [`SessionInfo`] + session cookie |
//! | DELETE | /api/v1/auth/session | → 204, cookie cleared |
//! | GET | /api/v1/session | → [`CurrentSession`]: signed in or out, both 200 |
//! | GET | /api/v1/accounts | → [`AccountsResponse`]: the signed-in person's partner accounts |
//! | POST | /api/v1/session/account | [`SwitchAccount`] → [`SessionInfo`] + a new session cookie |
//! | GET | /api/v1/contact-info | → [`ContactInfoResponse`] with `ETag` |
//! | POST | /api/v1/contact-info/confirmation | `If-Match` → [`ContactInfoResponse`] with the new `ETag` |
//! | POST | /api/v1/contact-info/verifications/resend | [`crate::verification::ResendVerification`] → 202 [`crate::verification::AddressVerification`] |
//! | POST | /api/v1/contact-verifications | [`crate::verification::RedeemVerification`] (no session) → [`crate::verification::VerifiedAddress`] |
//! | GET | /api/v1/history?cursor=C&limit=N | → [`crate::history::HistoryPage`], newest first |
//! | GET | /api/v1/users | → [`UsersResponse`] |
//! | POST | /api/v1/support-cases | [`crate::support::NewSupportCase`] + `Idempotency-Key` → 201 [`SupportCase`] |
//! | GET | /api/v1/support-cases?page=N&per_page=M | → [`SupportCasesPage`] |
//! | GET | /api/v1/support-cases/{reference} | → [`SupportCase`] |
//!
//! Errors are RFC 9457 `application/problem+json` bodies: [`Problem`]. Request bodies deny
//! unknown fields, so a misspelt field is refused instead of silently dropped.
//!
//! The complete contract (every operation, status code and header) is the server's OpenAPI
//! document, `GET /api/v1/openapi.json`, generated from these types (with the `openapi`
//! feature) and the server's handlers.

use crate::contact::{ContactInfo, Field};
use crate::model::{Account, Environment, Role, User, UserStatus};
use crate::support::SupportCase;
use crate::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInLinkRequest {
    pub email: String,
    /// UI language of the requester, so the e-mail is written in it ("de", "it", "en").
    #[serde(default)]
    pub locale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub token: String,
}

/// `POST /api/v1/auth/sign-in-link/preview`: whom a link would sign in as, so the callback
/// page can ask "Continue as …?" before using it (link scanners and cross-site pages cannot
/// sign anybody in by merely opening it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInLinkPreview {
    pub user_name: String,
    /// The address the link was sent to.
    pub email: String,
    /// The account the link's user is in (with more than one, the person picks after
    /// signing in, and this is only where the session starts).
    pub account_name: String,
    /// How many partner accounts the address belongs to (at least 1).
    pub account_count: u32,
}

/// Who is signed in, and their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: User,
    pub account: Account,
    /// Names of the account's administrators, so a Read-only user knows whom to ask.
    pub administrators: Vec<String>,
    /// How many partner accounts the signed-in address belongs to (at least 1).
    pub account_count: u32,
    /// Whether this session's account was chosen: false right after signing in to an
    /// address with several accounts, until one is picked (`POST /api/v1/session/account`).
    pub account_chosen: bool,
}

/// One partner account the signed-in address belongs to, with its role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountMembership {
    /// The account's id: what `POST /api/v1/session/account` takes.
    pub account_id: i64,
    pub partner_id: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    /// Whether the contact information is complete for every environment the account has
    /// (otherwise the blocking modal shows there).
    pub contact_info_complete: bool,
    /// Whether it is the session's account.
    pub current: bool,
}

/// `GET /api/v1/accounts`: the signed-in address's partner accounts, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountsResponse {
    pub accounts: Vec<AccountMembership>,
}

/// `POST /api/v1/session/account`: act in this account from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwitchAccount {
    #[serde(deserialize_with = "whole_number")]
    pub account_id: i64,
}

/// A JSON integer, also when written with a zero fraction (`7.0`): JSON Schema's `integer`,
/// which the API document promises, includes those, and serde's `i64` would refuse them.
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};
    struct Whole;
    impl Visitor<'_> for Whole {
        type Value = i64;

        fn expecting(&self, formatter: &mut core::fmt::Formatter) -> core::fmt::Result {
            formatter.write_str("an integer")
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<i64, E> {
            // 2^63 is exact as an f64; every whole f64 in [-2^63, 2^63) is an i64.
            const LIMIT: f64 = 9_223_372_036_854_775_808.0;
            if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "whole and within i64's range, checked above"
                )]
                Ok(value as i64)
            } else {
                Err(E::invalid_value(Unexpected::Float(value), &self))
            }
        }
    }
    deserializer.deserialize_i64(Whole)
}

/// `GET /api/v1/session`: who is signed in, or that nobody is. Being signed out is an
/// answer, not an error: the SPA asks on every first visit, and a 401 there would be logged
/// as an error in the browser console of everybody who is not signed in yet. The signed-in
/// body is a [`SessionInfo`] with `"status": "signed_in"` added (so it also reads as one).
/// Every other endpoint still answers 401 without a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CurrentSession {
    SignedIn(SessionInfo),
    SignedOut,
}

/// Required fields still missing, per environment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub sandbox: Vec<Field>,
    pub production: Vec<Field>,
}

impl Completeness {
    pub fn missing(&self, environment: Environment) -> &[Field] {
        match environment {
            Environment::Sandbox => &self.sandbox,
            Environment::Production => &self.production,
        }
    }

    pub fn is_complete(&self, environment: Environment) -> bool {
        self.missing(environment).is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInfoResponse {
    /// Version for optimistic concurrency; also sent as the `ETag` header.
    pub version: i64,
    pub contact: ContactInfo,
    pub completeness: Completeness,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// When an editor last confirmed it (a save, or "Still correct"; RFC 3339, UTC);
    /// `None`: never.
    pub confirmed_at: Option<String>,
    /// Whether editors should be asked to review it now: something is saved and the
    /// server's re-confirmation period has passed since `confirmed_at` (or it was never
    /// confirmed).
    pub review_due: bool,
    /// Each address of the contact lists and its verification (pending, verified with the
    /// date, failed, or unsent: no link yet).
    #[serde(default)]
    pub verifications: Vec<crate::verification::AddressVerification>,
}

/// `PUT /api/v1/contact-info` (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveContactInfo {
    /// Where the user saves from: alert contacts can only be changed in Production.
    pub environment: Environment,
    pub contact: ContactInfo,
}

/// `POST /api/v1/users` (Administrators; with an `Idempotency-Key`): invites a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub role: crate::model::Role,
    /// BCP 47 language of the invitation mail (the inviter's UI language); English if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `PATCH /api/v1/users/{id}` (Administrators; with `If-Match` of the user's version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRole {
    pub role: crate::model::Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersResponse {
    pub users: Vec<User>,
}

/// One page of the account's support cases, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportCasesPage {
    pub cases: Vec<SupportCase>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

/// An RFC 9457 problem. `code` (and each field error's code) is what clients act on;
/// `title` is for developers reading logs and is never shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On 412 Precondition Failed: the current contact information, so the client can
    /// show the conflict without losing what the user typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<ContactInfoResponse>,
    /// On 429 Too Many Requests and 503 Service Unavailable: seconds until a retry can
    /// succeed (as `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: u16, code: ErrorCode, title: impl Into<String>) -> Self {
        Self {
            problem_type: format!("/problems/{}", code.as_str()),
            title: title.into(),
            status,
            code,
            errors: Vec::new(),
            current: None,
            retry_after: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_id_is_any_json_integer_and_nothing_else() {
        let read = |body: &str| {
            serde_json::from_str::<SwitchAccount>(body)
                .ok()
                .map(|switch| switch.account_id)
        };
        assert_eq!(read(r#"{"account_id":7}"#), Some(7));
        assert_eq!(read(r#"{"account_id":1958.0}"#), Some(1958));
        assert_eq!(read(r#"{"account_id":-3}"#), Some(-3));
        assert_eq!(read(r#"{"account_id":7.5}"#), None);
        assert_eq!(read(r#"{"account_id":1e300}"#), None);
        assert_eq!(read(r#"{"account_id":9223372036854775808}"#), None);
        assert_eq!(read(r#"{"account_id":"7"}"#), None);
        assert_eq!(read(r#"{"account_id":7,"x":1}"#), None);
    }

    #[test]
    fn request_bodies_refuse_unknown_fields() {
        let refused = [
            serde_json::from_str::<SignInLinkRequest>(r#"{"email":"a@b.example","admin":true}"#)
                .is_err(),
            serde_json::from_str::<ChangeRole>(r#"{"role":"editor","id":1}"#).is_err(),
            serde_json::from_str::<SaveContactInfo>(
                r#"{"environment":"sandbox","contact":{"technical_emergncy":[]}}"#,
            )
            .is_err(),
        ];
        assert_eq!(refused, [true; 3]);
        let accepted: SaveContactInfo =
            serde_json::from_str(r#"{"environment":"sandbox","contact":{}}"#).unwrap();
        assert_eq!(accepted.contact, ContactInfo::default());
    }

    #[test]
    fn the_current_session_says_signed_in_or_out() {
        use crate::model::{Account, IntegrationType};
        let signed_out = serde_json::to_value(CurrentSession::SignedOut).unwrap();
        assert_eq!(signed_out, serde_json::json!({ "status": "signed_out" }));
        let info = SessionInfo {
            user: User {
                id: 7,
                name: "Anna".into(),
                email: "anna@demo.example".into(),
                role: Role::Administrator,
                status: UserStatus::Active,
                last_sign_in_at: None,
                version: 1,
            },
            account: Account {
                id: 1,
                partner_id: "demo-1".into(),
                name: "Demo".into(),
                integration: IntegrationType::ThingsToDo,
                production_enabled: true,
                uses_merchant_contact: true,
            },
            administrators: vec!["Anna".into()],
            account_count: 1,
            account_chosen: true,
        };
        let signed_in = serde_json::to_string(&CurrentSession::SignedIn(info.clone())).unwrap();
        assert!(signed_in.contains(r#""status":"signed_in""#), "{signed_in}");
        // The signed-in body still reads as a plain `SessionInfo`.
        assert_eq!(
            serde_json::from_str::<SessionInfo>(&signed_in).unwrap(),
            info
        );
        assert_eq!(
            serde_json::from_str::<CurrentSession>(&signed_in).unwrap(),
            CurrentSession::SignedIn(info)
        );
        assert_eq!(
            serde_json::from_str::<CurrentSession>(r#"{"status":"signed_out"}"#).unwrap(),
            CurrentSession::SignedOut
        );
    }

    #[test]
    fn problem_serializes_as_rfc9457() {
        let mut problem = Problem::new(422, ErrorCode::ValidationFailed, "Validation failed");
        problem
            .errors
            .push(FieldError::new("technical_emergency", ErrorCode::EmailInvalid).with_value("x"));
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["type"], "/problems/validation-failed");
        assert_eq!(json["status"], 422);
        assert_eq!(json["code"], "validation-failed");
        assert_eq!(json["errors"][0]["code"], "email-invalid");
        assert!(json.get("current").is_none());
    }
}
