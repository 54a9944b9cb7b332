//! The preview backend: one entry point, [`Backend::handle`], that answers every `/api/v1`
//! request of the SPA as the real server does (`server/src/http/*.rs`): the same routes,
//! the same order of checks (session, role, `If-Match`, `Idempotency-Key`, body), the same
//! statuses, headers and problem codes, with every rule taken from `portal_rules`. What the
//! server does in SQL (versions, last administrator, idempotency, rate limits) is done here
//! on [`State`]. `tests/parity.rs` runs one recorded sequence against both and compares.

use crate::error::{ApiError, ApiResult, BODY_NOT_JSON, BODY_WRONG_FIELDS, QUERY_WRONG};
use crate::force::{FORCED_RETRY_AFTER_SECS, ForceKind, ForceScope, Forcing, SLOW_MS};
use crate::http::{PreviewRequest, PreviewResponse};
use crate::limits::{self, Limit};
use crate::state::{
    CaseRecord, ContactRecord, HistoryRecord, IdempotencyRecord, Mail, MailKind, SessionRecord,
    State, TokenRecord, UserRecord, VerificationRecord, uses_merchant_contact,
};
use crate::time::rfc3339;
use portal_rules::api::{
    AccountMembership, AccountsResponse, ChangeRole, Completeness, ContactInfoResponse,
    CurrentSession, NewUser, SaveContactInfo, SessionInfo, SignInLinkPreview, SignInLinkRequest,
    SignInRequest, SupportCasesPage, SwitchAccount, UsersResponse,
};
use portal_rules::contact::{self, ContactInfo, Field, ValidationContext};
use portal_rules::history::{
    self, Change, ChangeKind, DEFAULT_PAGE_SIZE, DEFAULT_RECONFIRM_AFTER_DAYS,
    DEFAULT_RETENTION_DAYS, HistoryEntry, HistoryPage, MAX_PAGE_SIZE, Person,
};
use portal_rules::model::{Environment, Role, User, UserStatus};
use portal_rules::support::{self, CaseStatus, NewSupportCase, SupportCase};
use portal_rules::user::{
    check_keeps_an_administrator, is_active_administrator, validate_new_user,
};
use portal_rules::verification::{
    self, AddressVerification, RESEND_EVERY_SECS, RedeemVerification, ResendVerification,
    VerificationStatus, VerifiedAddress,
};
use portal_rules::{ErrorCode, FieldError, email, user};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The session cookie of the server in development mode (plain http).
pub const SESSION_COOKIE: &str = "portal_session";
const SESSION_LIFETIME_SECS: i64 = 14 * 24 * 60 * 60;
const SIGN_IN_LINK_LIFETIME_SECS: i64 = 15 * 60;
const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;
/// The server's default `--verification-link-days`.
const VERIFICATION_LINK_SECS: i64 =
    verification::DEFAULT_VERIFICATION_LINK_DAYS as i64 * 24 * 60 * 60;
const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;
const MAX_PER_PAGE: u32 = 100;

/// What the backend needs from where it runs: the time, and which time zones exist (the
/// server asks its zone database; the browser asks `Intl`).
pub trait Host {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    fn is_known_time_zone(&self, zone: &str) -> bool;
}

/// How a request ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Response(PreviewResponse),
    /// The request never reached a server (`fetch` rejects).
    NetworkFailure,
    /// No answer, ever.
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Wait this long before answering.
    pub delay_ms: u32,
    pub answer: Answer,
    /// The forced answer this request got, if any.
    pub forced: Option<ForceKind>,
}

impl Outcome {
    fn answer(answer: Answer) -> Self {
        Self {
            delay_ms: 0,
            answer,
            forced: None,
        }
    }

    /// The response, if the request got one.
    pub fn response(&self) -> Option<&PreviewResponse> {
        match &self.answer {
            Answer::Response(response) => Some(response),
            Answer::NetworkFailure | Answer::Never => None,
        }
    }
}

/// The API routes under `/api/v1` (`server/src/http/mod.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    Health,
    SignInLink,
    SignInLinkPreview,
    AuthSession,
    Session,
    SessionAccount,
    Accounts,
    ContactInfo,
    ContactInfoConfirmation,
    VerificationResend,
    Verifications,
    History,
    Users,
    User(String),
    SupportCases,
    SupportCase(String),
}

impl Route {
    fn parse(path: &str) -> Option<Self> {
        let rest = path.strip_prefix("/api/v1/")?;
        let segments: Vec<&str> = rest.split('/').collect();
        Some(match segments.as_slice() {
            ["health"] => Self::Health,
            ["auth", "sign-in-link"] => Self::SignInLink,
            ["auth", "sign-in-link", "preview"] => Self::SignInLinkPreview,
            ["auth", "session"] => Self::AuthSession,
            ["session"] => Self::Session,
            ["session", "account"] => Self::SessionAccount,
            ["accounts"] => Self::Accounts,
            ["contact-info"] => Self::ContactInfo,
            ["contact-info", "confirmation"] => Self::ContactInfoConfirmation,
            ["contact-info", "verifications", "resend"] => Self::VerificationResend,
            ["contact-verifications"] => Self::Verifications,
            ["history"] => Self::History,
            ["users"] => Self::Users,
            ["users", id] if !id.is_empty() => Self::User((*id).to_owned()),
            ["support-cases"] => Self::SupportCases,
            ["support-cases", reference] if !reference.is_empty() => {
                Self::SupportCase((*reference).to_owned())
            }
            _ => return None,
        })
    }

    fn methods(&self) -> &'static [&'static str] {
        match self {
            Self::Health
            | Self::Session
            | Self::Accounts
            | Self::History
            | Self::SupportCase(_) => &["GET", "HEAD"],
            Self::SignInLink
            | Self::SignInLinkPreview
            | Self::ContactInfoConfirmation
            | Self::VerificationResend
            | Self::Verifications
            | Self::SessionAccount => &["POST"],
            Self::AuthSession => &["POST", "DELETE"],
            Self::ContactInfo => &["GET", "HEAD", "PUT"],
            Self::Users | Self::SupportCases => &["GET", "HEAD", "POST"],
            Self::User(_) => &["PATCH", "DELETE"],
        }
    }

    /// Requests the server may refuse with 429 (business limits or the flood guard).
    fn is_rate_limited(&self, method: &str) -> bool {
        method == "POST"
            && matches!(
                self,
                Self::SignInLink
                    | Self::SignInLinkPreview
                    | Self::AuthSession
                    | Self::Users
                    | Self::SupportCases
                    | Self::VerificationResend
                    | Self::Verifications
            )
    }

    /// The fields of the body a request of this kind sends (what a 422 can be about).
    fn body_fields(&self, method: &str) -> Vec<&'static str> {
        match (self, method) {
            (Self::ContactInfo, "PUT") => Field::ALL.iter().map(|field| field.as_str()).collect(),
            (Self::Users, "POST") => vec![user::field::NAME, user::field::EMAIL, user::field::ROLE],
            (Self::User(_), "PATCH") => vec![user::field::ROLE],
            (Self::SupportCases, "POST") => vec![
                support::field::CATEGORY,
                support::field::SUBJECT,
                support::field::DESCRIPTION,
                support::field::REPLY_TO,
            ],
            (Self::SignInLink, "POST") => vec![user::field::EMAIL],
            _ => Vec::new(),
        }
    }
}

/// The signed-in user of a request.
#[derive(Debug, Clone, Copy)]
struct CurrentUser {
    user_id: i64,
    account_id: i64,
    role: Role,
    account_chosen: bool,
}

pub struct Backend {
    state: State,
    host: Box<dyn Host>,
    forcing: Forcing,
}

impl Backend {
    pub fn new(state: State, host: Box<dyn Host>) -> Self {
        Self {
            state,
            host,
            forcing: Forcing::none(),
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Replaces everything (the toolbar's Reset).
    pub fn replace_state(&mut self, state: State) {
        self.state = state;
    }

    pub fn forcing(&self) -> &Forcing {
        &self.forcing
    }

    pub fn set_forcing(&mut self, forcing: Forcing) {
        self.forcing = forcing;
    }

    fn now_secs(&self) -> i64 {
        self.host.now_ms().div_euclid(1000)
    }

    fn now(&self) -> String {
        rfc3339(self.now_secs())
    }

    /// Answers one request, applying the forced answer if it is for this request.
    pub fn handle(&mut self, request: &PreviewRequest) -> Outcome {
        let route = Route::parse(request.path());
        let forced = route
            .as_ref()
            .is_some_and(|route| self.force_applies(request, route))
            .then(|| self.forcing.clone());
        if let Some(forcing) = &forced
            && forcing.scope == ForceScope::Next
        {
            self.forcing = Forcing::none();
        }
        let Some(forcing) = forced else {
            return Outcome::answer(Answer::Response(self.respond(request, route.as_ref())));
        };
        let mut outcome = match forcing.kind {
            ForceKind::Stall => Outcome::answer(Answer::Never),
            ForceKind::Network => Outcome::answer(Answer::NetworkFailure),
            ForceKind::ServerError => {
                Outcome::answer(Answer::Response(ApiError::Internal.into_response()))
            }
            ForceKind::RateLimited => Outcome::answer(Answer::Response(
                ApiError::RateLimited {
                    retry_after_secs: FORCED_RETRY_AFTER_SECS,
                }
                .into_response(),
            )),
            ForceKind::LastAdministrator => Outcome::answer(Answer::Response(
                ApiError::LastAdministrator.into_response(),
            )),
            ForceKind::Invalid => Outcome::answer(Answer::Response(
                ApiError::Validation(vec![forced_field_error(&forcing, request)]).into_response(),
            )),
            ForceKind::Conflict => {
                if let Some(route) = &route {
                    self.someone_else_saved(request, route);
                }
                Outcome::answer(Answer::Response(self.respond(request, route.as_ref())))
            }
            ForceKind::Slow | ForceKind::None => {
                let mut slow =
                    Outcome::answer(Answer::Response(self.respond(request, route.as_ref())));
                slow.delay_ms = SLOW_MS;
                slow
            }
        };
        outcome.forced = Some(forcing.kind);
        outcome
    }

    /// Whether the forced answer is for this request: in its scope, one the server could
    /// give here, and (for refusals of the request's content) from someone allowed to ask.
    fn force_applies(&self, request: &PreviewRequest, route: &Route) -> bool {
        let forcing = &self.forcing;
        if !forcing.is_active()
            || (forcing.scope == ForceScope::Writes && !request.is_write())
            || !route.methods().contains(&request.method.as_str())
        {
            return false;
        }
        let method = request.method.as_str();
        match forcing.kind {
            ForceKind::None => false,
            ForceKind::Slow | ForceKind::Stall | ForceKind::Network | ForceKind::ServerError => {
                true
            }
            ForceKind::Conflict => {
                request.header("if-match").is_some()
                    && matches!(
                        (route, method),
                        (Route::ContactInfo, "PUT")
                            | (Route::ContactInfoConfirmation, _)
                            | (Route::User(_), "PATCH")
                    )
                    && self.allowed(request, route)
            }
            ForceKind::RateLimited => route.is_rate_limited(method) && self.allowed(request, route),
            ForceKind::Invalid => {
                let field = forcing.field.split(['.', '[']).next().unwrap_or_default();
                route.body_fields(method).contains(&field) && self.allowed(request, route)
            }
            ForceKind::LastAdministrator => {
                matches!(route, Route::User(_))
                    && matches!(method, "PATCH" | "DELETE")
                    && self.allowed(request, route)
            }
        }
    }

    /// Whether the session and role would let this request through to its content.
    fn allowed(&self, request: &PreviewRequest, route: &Route) -> bool {
        let method = request.method.as_str();
        match route {
            Route::SignInLink
            | Route::SignInLinkPreview
            | Route::AuthSession
            | Route::Health
            | Route::Verifications => true,
            _ => self
                .current_user(request)
                .is_ok_and(|user| match (route, method) {
                    (Route::ContactInfo, "PUT")
                    | (Route::ContactInfoConfirmation | Route::VerificationResend, _) => {
                        user.role.can_edit_contact_info()
                    }
                    (Route::Users, "POST") | (Route::User(_), _) => user.role.can_manage_users(),
                    _ => true,
                }),
        }
    }

    /// A forced conflict: another user of the account saves first (a new version; a save of
    /// the contact information also changes a field, as a real one would).
    fn someone_else_saved(&mut self, request: &PreviewRequest, route: &Route) {
        let Ok(actor) = self.current_user(request) else {
            return;
        };
        let now = self.now();
        match route {
            Route::ContactInfo | Route::ContactInfoConfirmation => {
                let other = self
                    .state
                    .members(actor.account_id)
                    .into_iter()
                    .map(|member| member.id)
                    .find(|id| *id != actor.user_id)
                    .unwrap_or(actor.user_id);
                let members: Vec<String> = self
                    .state
                    .members(actor.account_id)
                    .into_iter()
                    .map(|member| member.email.clone())
                    .collect();
                let current = self.state.contact_record(actor.account_id).cloned();
                let mut contact = current
                    .as_ref()
                    .map(|record| record.contact.clone())
                    .unwrap_or_default();
                // A save changes something (every user an alert contact), so the form's
                // field-by-field comparison shows; a confirmation changes nothing.
                if matches!(route, Route::ContactInfo) {
                    contact.alert_contacts = members;
                }
                let version = current.map_or(0, |record| record.version);
                self.save_contact(actor.account_id, version, contact, other, now);
            }
            Route::User(id) => {
                if let Ok(id) = id.parse::<i64>()
                    && let Some(target) = self
                        .state
                        .users
                        .iter_mut()
                        .find(|user| user.id == id && user.account_id == actor.account_id)
                {
                    target.version += 1;
                }
            }
            _ => {}
        }
    }

    fn respond(&mut self, request: &PreviewRequest, route: Option<&Route>) -> PreviewResponse {
        let Some(route) = route else {
            return ApiError::NotFound.into_response();
        };
        let method = request.method.as_str();
        if !route.methods().contains(&method) {
            return ApiError::MethodNotAllowed.into_response();
        }
        let result = match (route, method) {
            (Route::Health, _) => Ok(PreviewResponse::json(
                200,
                &serde_json::json!({ "status": "ok" }),
            )),
            (Route::SignInLink, _) => self.request_sign_in_link(request),
            (Route::SignInLinkPreview, _) => self.preview_sign_in_link(request),
            (Route::AuthSession, "POST") => self.sign_in(request),
            (Route::AuthSession, _) => Ok(self.sign_out(request)),
            (Route::Session, _) => self.current_session(request),
            (Route::Accounts, _) => self.list_accounts(request),
            (Route::SessionAccount, _) => self.switch_account(request),
            (Route::ContactInfo, "PUT") => self.put_contact_info(request),
            (Route::ContactInfo, _) => self.get_contact_info(request),
            (Route::ContactInfoConfirmation, _) => self.confirm_contact_info(request),
            (Route::VerificationResend, _) => self.resend_verification(request),
            (Route::Verifications, _) => self.redeem_verification(request),
            (Route::History, _) => self.list_history(request),
            (Route::Users, "POST") => self.create_user(request),
            (Route::Users, _) => self.list_users(request),
            (Route::User(id), "PATCH") => self.change_role(request, id),
            (Route::User(id), _) => self.delete_user(request, id),
            (Route::SupportCases, "POST") => self.create_case(request),
            (Route::SupportCases, _) => self.list_cases(request),
            (Route::SupportCase(reference), _) => self.get_case(request, reference),
        };
        result.unwrap_or_else(ApiError::into_response)
    }

    // Extractors, as in `server/src/http/extract.rs`.

    fn session_token(request: &PreviewRequest) -> Option<String> {
        request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, value)| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, value)| value.to_owned())
            .filter(|value| !value.is_empty())
    }

    fn current_user(&self, request: &PreviewRequest) -> ApiResult<CurrentUser> {
        let token = Self::session_token(request).ok_or(ApiError::Unauthenticated)?;
        let (user_id, account_chosen) = self
            .state
            .sessions
            .iter()
            .find(|session| session.token == token)
            .map(|session| (session.user_id, session.account_chosen))
            .ok_or(ApiError::Unauthenticated)?;
        let user = self.state.user(user_id).ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser {
            user_id,
            account_id: user.account_id,
            role: user.role,
            account_chosen,
        })
    }

    fn with_role(
        &self,
        request: &PreviewRequest,
        allowed: fn(Role) -> bool,
    ) -> ApiResult<CurrentUser> {
        let user = self.current_user(request)?;
        if allowed(user.role) {
            Ok(user)
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// The version of a strong `If-Match: "N"`; a missing header is 428.
    fn if_match(request: &PreviewRequest) -> ApiResult<Option<i64>> {
        let value = request
            .header("if-match")
            .ok_or(ApiError::PreconditionRequired)?;
        Ok(value
            .trim()
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .and_then(|number| number.parse().ok()))
    }

    fn idempotency_key(request: &PreviewRequest) -> ApiResult<String> {
        request
            .header("idempotency-key")
            .map(str::trim)
            .filter(|key| !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN)
            .map(str::to_owned)
            .ok_or(ApiError::IdempotencyKeyRequired)
    }

    fn user_id_in_path(id: &str) -> ApiResult<i64> {
        id.parse().map_err(|_| ApiError::NotFound)
    }

    // Sign-in, as in `server/src/http/session.rs` and `server/src/auth.rs`.

    fn new_token(&mut self) -> String {
        self.state.token_counter += 1;
        format!("pv{:x}t{:x}", self.state.token_counter, self.host.now_ms())
    }

    fn issue_token(&mut self, user_id: i64, lifetime_secs: i64) -> String {
        let token = self.new_token();
        let expires_at = self.now_secs() + lifetime_secs;
        self.state.sign_in_tokens.push(TokenRecord {
            token: token.clone(),
            user_id,
            expires_at,
        });
        token
    }

    fn queue_mail(&mut self, kind: MailKind, user_id: i64, link: Option<String>) {
        let Some(user) = self.state.user(user_id).cloned() else {
            return;
        };
        let account_name = self
            .state
            .account(user.account_id)
            .map(|account| account.name.clone())
            .unwrap_or_default();
        let mail = Mail {
            id: State::next_id(self.state.outbox.iter().map(|mail| mail.id)),
            kind,
            to: user.email,
            user_name: user.name,
            account_name,
            link,
            created_at: self.now(),
        };
        self.state.outbox.push(mail);
        // The newest mail is what a designer looks for; old ones may go.
        if self.state.outbox.len() > 50 {
            self.state.outbox.remove(0);
        }
    }

    /// A sign-in link for `user_id`, mailed (i.e. put in the outbox); returns its token.
    pub fn mail_sign_in_link(&mut self, user_id: i64) -> String {
        let token = self.issue_token(user_id, SIGN_IN_LINK_LIFETIME_SECS);
        self.queue_mail(MailKind::SignInLink, user_id, Some(link_for(&token)));
        token
    }

    fn request_sign_in_link(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let body: SignInLinkRequest = json_body(request)?;
        let address = email::normalize(&body.email)
            .map_err(|code| ApiError::Validation(vec![FieldError::new(user::field::EMAIL, code)]))?
            .to_lowercase();
        // One link per address: its user who signed in most recently, else the lowest id
        // (an address in several accounts picks the account after signing in).
        let recipient = self
            .state
            .users
            .iter()
            .filter(|user| user.email.eq_ignore_ascii_case(&address))
            .min_by(|a, b| {
                b.last_sign_in_at
                    .cmp(&a.last_sign_in_at)
                    .then(a.id.cmp(&b.id))
            })
            .map(|user| user.id);
        if let Some(user_id) = recipient {
            self.mail_sign_in_link(user_id);
        }
        Ok(PreviewResponse::json(202, &serde_json::json!({})))
    }

    /// The user of an unused, unexpired token.
    fn peek_token(&self, token: &str) -> Option<i64> {
        let now = self.now_secs();
        self.state
            .sign_in_tokens
            .iter()
            .find(|record| record.token == token && record.expires_at > now)
            .map(|record| record.user_id)
    }

    fn preview_sign_in_link(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let body: SignInRequest = json_body(request)?;
        let user = self
            .peek_token(&body.token)
            .and_then(|user_id| self.state.user(user_id))
            .ok_or(ApiError::SignInLinkInvalid)?;
        let account_name = self
            .state
            .account(user.account_id)
            .ok_or(ApiError::Internal)?
            .name
            .clone();
        Ok(PreviewResponse::json(
            200,
            &SignInLinkPreview {
                user_name: user.name.clone(),
                email: user.email.clone(),
                account_name,
                account_count: u32::try_from(self.state.same_address(user.id).len().max(1))
                    .map_err(|_| ApiError::Internal)?,
            },
        ))
    }

    /// Opens a session for `user_id` and marks them signed in; returns its token.
    pub fn open_session(&mut self, user_id: i64) -> String {
        // An address in several accounts picks one first.
        let account_chosen = self.state.same_address(user_id).len() <= 1;
        self.open_session_in(user_id, account_chosen)
    }

    /// Opens a session for `user_id` whose account counts as chosen or not (the designer
    /// toolbar signs in as a user of one account: chosen).
    pub fn open_session_in(&mut self, user_id: i64, account_chosen: bool) -> String {
        let token = self.new_token();
        self.state.sessions.push(SessionRecord {
            token: token.clone(),
            user_id,
            account_chosen,
        });
        self.signed_in(user_id);
        token
    }

    /// Marks `user_id` signed in: an invited user becomes active, and the change history
    /// says so, as the server's `auth::signed_in` does.
    fn signed_in(&mut self, user_id: i64) {
        let now = self.now();
        let Some(user) = self.state.users.iter_mut().find(|user| user.id == user_id) else {
            return;
        };
        let accepted = user.status == UserStatus::Invited;
        user.status = UserStatus::Active;
        user.last_sign_in_at = Some(now);
        if accepted {
            let (account_id, role) = (user.account_id, user.role);
            let subject = Person {
                name: user.name.clone(),
                email: user.email.clone(),
            };
            let actor = CurrentUser {
                user_id,
                account_id,
                role,
                account_chosen: true,
            };
            self.record(
                actor,
                ChangeKind::InvitationAccepted,
                Some(subject),
                Vec::new(),
            );
        }
    }

    /// The user a session token belongs to, if it is live.
    pub fn session_user(&self, token: &str) -> Option<&UserRecord> {
        self.state
            .sessions
            .iter()
            .find(|session| session.token == token)
            .and_then(|session| self.state.user(session.user_id))
    }

    fn sign_in(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let previous = Self::session_token(request);
        let body: SignInRequest = json_body(request)?;
        let user_id = self
            .peek_token(&body.token)
            .ok_or(ApiError::SignInLinkInvalid)?;
        // Using a link ends every other link of its user, and the browser's old session.
        self.state
            .sign_in_tokens
            .retain(|record| record.user_id != user_id);
        if let Some(previous) = previous {
            self.state
                .sessions
                .retain(|session| session.token != previous);
        }
        let token = self.open_session(user_id);
        let account_id = self
            .state
            .user(user_id)
            .ok_or(ApiError::Unauthenticated)?
            .account_id;
        let account_chosen = self.state.same_address(user_id).len() <= 1;
        let info = self.session_info(account_id, user_id, account_chosen)?;
        Ok(PreviewResponse::json(200, &info).with_header("set-cookie", &session_cookie(&token)))
    }

    fn sign_out(&mut self, request: &PreviewRequest) -> PreviewResponse {
        if let Some(token) = Self::session_token(request) {
            self.state.sessions.retain(|session| session.token != token);
        }
        PreviewResponse::empty(204).with_header("set-cookie", &cleared_cookie())
    }

    fn session_info(
        &self,
        account_id: i64,
        user_id: i64,
        account_chosen: bool,
    ) -> ApiResult<SessionInfo> {
        let account = self.state.account(account_id).ok_or(ApiError::Internal)?;
        let members = self.state.members(account_id);
        let administrators = members
            .iter()
            .filter(|member| member.role == Role::Administrator)
            .map(|member| member.name.clone())
            .collect();
        let user = members
            .iter()
            .find(|member| member.id == user_id)
            .ok_or(ApiError::Unauthenticated)?
            .to_dto();
        let account_count = u32::try_from(self.state.same_address(user_id).len().max(1))
            .map_err(|_| ApiError::Internal)?;
        Ok(SessionInfo {
            user,
            account: account.to_dto(),
            administrators,
            account_count,
            account_chosen,
        })
    }

    /// Signed out is a 200 answer, not a 401 (see `CurrentSession`).
    fn current_session(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let Ok(user) = self.current_user(request) else {
            return Ok(PreviewResponse::json(200, &CurrentSession::SignedOut));
        };
        let info = self.session_info(user.account_id, user.user_id, user.account_chosen)?;
        Ok(PreviewResponse::json(200, &CurrentSession::SignedIn(info)))
    }

    // Several accounts, as in `server/src/http/accounts.rs`.

    fn contact_info_complete(&self, account_id: i64) -> ApiResult<bool> {
        let production_enabled = self
            .state
            .account(account_id)
            .ok_or(ApiError::Internal)?
            .production_enabled;
        let info = self.load_contact(account_id)?;
        Ok(Environment::ALL
            .into_iter()
            .filter(|environment| *environment == Environment::Sandbox || production_enabled)
            .all(|environment| info.completeness.is_complete(environment)))
    }

    fn list_accounts(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let accounts = self
            .state
            .same_address(user.user_id)
            .into_iter()
            .map(|member| {
                let account = self
                    .state
                    .account(member.account_id)
                    .ok_or(ApiError::Internal)?;
                Ok(AccountMembership {
                    account_id: account.id,
                    partner_id: account.partner_id.clone(),
                    name: account.name.clone(),
                    role: member.role,
                    status: member.status,
                    contact_info_complete: self.contact_info_complete(account.id)?,
                    current: account.id == user.account_id,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(PreviewResponse::json(200, &AccountsResponse { accounts }))
    }

    /// A new session of the address's user in the chosen account (the old token ends); an
    /// account without such a user answers as one that does not exist.
    fn switch_account(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let body: SwitchAccount = json_body(request)?;
        let target = self
            .state
            .same_address(user.user_id)
            .into_iter()
            .find(|member| member.account_id == body.account_id)
            .map(|member| member.id)
            .ok_or(ApiError::NotFound)?;
        let old = Self::session_token(request).ok_or(ApiError::Unauthenticated)?;
        let token = if target == user.user_id {
            // The session's own account: only marked chosen, the token stays.
            for session in &mut self.state.sessions {
                if session.token == old {
                    session.account_chosen = true;
                }
            }
            old
        } else {
            self.state.sessions.retain(|session| session.token != old);
            let token = self.new_token();
            self.state.sessions.push(SessionRecord {
                token: token.clone(),
                user_id: target,
                account_chosen: true,
            });
            token
        };
        self.signed_in(target);
        let info = self.session_info(body.account_id, target, true)?;
        Ok(PreviewResponse::json(200, &info).with_header("set-cookie", &session_cookie(&token)))
    }

    // Contact information, as in `server/src/http/contact_info.rs`.

    fn load_contact(&self, account_id: i64) -> ApiResult<ContactInfoResponse> {
        let account = self.state.account(account_id).ok_or(ApiError::Internal)?;
        let uses_merchant = uses_merchant_contact(account.integration);
        let record = self.state.contact_record(account_id);
        let contact = record.map(|r| r.contact.clone()).unwrap_or_default();
        let completeness = Completeness {
            sandbox: contact::missing_fields(&contact, Environment::Sandbox, uses_merchant),
            production: contact::missing_fields(&contact, Environment::Production, uses_merchant),
        };
        let confirmed_at = record.and_then(|r| r.confirmed_at);
        // Nothing saved yet: nothing to review (the blocking modal asks for it).
        let review_due = record.is_some_and(|r| {
            r.pinned_review_due.unwrap_or_else(|| {
                history::review_due(confirmed_at, self.now_secs(), DEFAULT_RECONFIRM_AFTER_DAYS)
            })
        });
        Ok(ContactInfoResponse {
            version: record.map_or(0, |r| r.version),
            completeness,
            updated_at: record.map(|r| r.updated_at.clone()),
            updated_by: record
                .and_then(|r| r.updated_by)
                .and_then(|id| self.state.user(id))
                .map(|user| user.name.clone()),
            confirmed_at: confirmed_at.map(rfc3339),
            review_due,
            verifications: self.verification_statuses(account_id, &contact),
            contact,
        })
    }

    /// Saves the next version after `expected`.
    fn save_contact(
        &mut self,
        account_id: i64,
        expected: i64,
        contact: ContactInfo,
        saved_by: i64,
        now: String,
    ) {
        let record = ContactRecord {
            account_id,
            version: expected + 1,
            contact,
            updated_at: now,
            updated_by: Some(saved_by),
            // A save confirms it.
            confirmed_at: Some(self.now_secs()),
            pinned_review_due: None,
        };
        self.state
            .contact_info
            .retain(|existing| existing.account_id != account_id);
        self.state.contact_info.push(record);
    }

    fn get_contact_info(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        Ok(with_etag(&self.load_contact(user.account_id)?))
    }

    fn put_contact_info(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.with_role(request, Role::can_edit_contact_info)?;
        let if_match = Self::if_match(request)?;
        let save: SaveContactInfo = json_body(request)?;
        let current = self.load_contact(user.account_id)?;
        if if_match != Some(current.version) {
            return Err(ApiError::StaleContactInfo(Box::new(current)));
        }
        let account = self
            .state
            .account(user.account_id)
            .ok_or(ApiError::Internal)?;
        // No Production saves (and so no alert contacts) before Production is enabled.
        contact::check_environment(save.environment, account.production_enabled)
            .map_err(|error| ApiError::Validation(vec![error]))?;
        let user_emails: Vec<String> = self
            .state
            .members(user.account_id)
            .into_iter()
            .map(|member| member.email.clone())
            .collect();
        let mut submitted = save.contact;
        // Alert contacts can only be specified in Production.
        if save.environment == Environment::Sandbox {
            submitted
                .alert_contacts
                .clone_from(&current.contact.alert_contacts);
        }
        let host = &self.host;
        let is_known_time_zone = |zone: &str| host.is_known_time_zone(zone);
        let context = ValidationContext {
            environment: save.environment,
            uses_merchant_contact: uses_merchant_contact(account.integration),
            user_emails: &user_emails,
            is_known_time_zone: &is_known_time_zone,
        };
        let valid = contact::validate(&submitted, &context).map_err(ApiError::Validation)?;
        let now = self.now();
        let changes = history::contact_changes(&current.contact, &valid);
        let keys = verification::addresses(&valid);
        self.save_contact(user.account_id, current.version, valid, user.user_id, now);
        self.record(user, ChangeKind::ContactInfoUpdated, None, changes);
        self.verifications_after_save(user.account_id, &keys);
        Ok(with_etag(&self.load_contact(user.account_id)?))
    }

    /// "Still correct": the next version with the same data, confirmed now.
    fn confirm_contact_info(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.with_role(request, Role::can_edit_contact_info)?;
        let if_match = Self::if_match(request)?;
        let current = self.load_contact(user.account_id)?;
        if if_match != Some(current.version) {
            return Err(ApiError::StaleContactInfo(Box::new(current)));
        }
        if current.version == 0 || !current.completeness.is_complete(Environment::Sandbox) {
            return Err(ApiError::ContactInfoIncomplete);
        }
        let now = self.now_secs();
        if let Some(record) = self
            .state
            .contact_info
            .iter_mut()
            .find(|record| record.account_id == user.account_id)
        {
            record.version += 1;
            record.confirmed_at = Some(now);
            record.pinned_review_due = None;
        }
        self.record(user, ChangeKind::ContactInfoConfirmed, None, Vec::new());
        Ok(with_etag(&self.load_contact(user.account_id)?))
    }

    // Verified contacts, as in `server/src/verification.rs` and
    // `server/src/http/verification.rs`.

    /// Each address of `contact` with its verification (unsent when it has none).
    fn verification_statuses(
        &self,
        account_id: i64,
        contact: &ContactInfo,
    ) -> Vec<AddressVerification> {
        let now = self.now_secs();
        verification::addresses(contact)
            .into_iter()
            .map(|address| {
                let record =
                    self.state.verifications.iter().find(|record| {
                        record.account_id == account_id && record.address == address
                    });
                let status = record.map_or(VerificationStatus::Unsent, |record| {
                    if record.status == VerificationStatus::Pending && record.expires_at <= now {
                        VerificationStatus::Failed
                    } else {
                        record.status
                    }
                });
                AddressVerification {
                    status,
                    verified_at: record
                        .and_then(|record| record.verified_at)
                        .filter(|_| status == VerificationStatus::Verified)
                        .map(rfc3339),
                    address,
                }
            })
            .collect()
    }

    /// Mails `address` (lower-cased) a fresh link: pending again, any older link void.
    fn send_verification(&mut self, account_id: i64, address: &str) {
        let token = self.new_token();
        let now = self.now_secs();
        self.state
            .verifications
            .retain(|record| !(record.account_id == account_id && record.address == address));
        self.state.verifications.push(VerificationRecord {
            account_id,
            address: address.to_owned(),
            status: VerificationStatus::Pending,
            token: Some(token.clone()),
            sent_at: now,
            expires_at: now + VERIFICATION_LINK_SECS,
            verified_at: None,
        });
        let account_name = self
            .state
            .account(account_id)
            .map(|account| account.name.clone())
            .unwrap_or_default();
        let mail = Mail {
            id: State::next_id(self.state.outbox.iter().map(|mail| mail.id)),
            kind: MailKind::ContactVerification,
            to: address.to_owned(),
            user_name: address.to_owned(),
            account_name,
            link: Some(verification_link_for(&token)),
            created_at: self.now(),
        };
        self.state.outbox.push(mail);
        if self.state.outbox.len() > 50 {
            self.state.outbox.remove(0);
        }
    }

    /// After a save: removed addresses lose their verification, new ones get a link.
    fn verifications_after_save(&mut self, account_id: i64, keys: &[String]) {
        self.state
            .verifications
            .retain(|record| record.account_id != account_id || keys.contains(&record.address));
        for key in keys {
            let known = self
                .state
                .verifications
                .iter()
                .any(|record| record.account_id == account_id && &record.address == key);
            if !known {
                self.send_verification(account_id, key);
            }
        }
    }

    fn resend_verification(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.with_role(request, Role::can_edit_contact_info)?;
        let body: ResendVerification = json_body(request)?;
        let key = email::duplicate_key(&body.address);
        let contact = self.load_contact(user.account_id)?;
        let entry = contact
            .verifications
            .iter()
            .find(|entry| entry.address == key)
            .ok_or(ApiError::NotFound)?;
        if entry.status == VerificationStatus::Verified {
            return Err(ApiError::AlreadyVerified);
        }
        let wait = self
            .state
            .verifications
            .iter()
            .find(|record| record.account_id == user.account_id && record.address == key)
            .map_or(0, |record| {
                record.sent_at + RESEND_EVERY_SECS - self.now_secs()
            });
        if wait > 0 {
            return Err(ApiError::RateLimited {
                retry_after_secs: wait.unsigned_abs(),
            });
        }
        self.send_verification(user.account_id, &key);
        Ok(PreviewResponse::json(
            202,
            &AddressVerification {
                address: key,
                status: VerificationStatus::Pending,
                verified_at: None,
            },
        ))
    }

    fn redeem_verification(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let body: RedeemVerification = json_body(request)?;
        let now = self.now_secs();
        let record = self
            .state
            .verifications
            .iter_mut()
            .find(|record| {
                record.token.as_deref() == Some(body.token.as_str())
                    && record.status == VerificationStatus::Pending
                    && record.expires_at > now
            })
            .ok_or(ApiError::VerificationLinkInvalid)?;
        record.status = VerificationStatus::Verified;
        record.verified_at = Some(now);
        record.token = None;
        let (account_id, address) = (record.account_id, record.address.clone());
        let id = State::next_id(self.state.history.iter().map(|record| record.entry.id));
        self.state.history.push(HistoryRecord {
            account_id,
            created_at: now,
            entry: HistoryEntry {
                id,
                at: rfc3339(now),
                kind: ChangeKind::AddressVerified,
                actor: None,
                subject: Some(Person {
                    name: address.clone(),
                    email: address.clone(),
                }),
                changes: Vec::new(),
            },
        });
        Ok(PreviewResponse::json(
            200,
            &VerifiedAddress {
                address,
                verified_at: rfc3339(now),
            },
        ))
    }

    // Users, as in `server/src/http/users.rs`.

    fn list_users(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let users = self.member_dtos(user.account_id);
        Ok(PreviewResponse::json(200, &UsersResponse { users }))
    }

    fn member_dtos(&self, account_id: i64) -> Vec<User> {
        self.state
            .members(account_id)
            .into_iter()
            .map(UserRecord::to_dto)
            .collect()
    }

    fn member(&self, account_id: i64, user_id: i64) -> ApiResult<User> {
        self.state
            .member(account_id, user_id)
            .map(UserRecord::to_dto)
            .ok_or(ApiError::NotFound)
    }

    /// The shared last-administrator rule, over the account's users (as the server counts
    /// them in SQL).
    fn keep_an_administrator(&self, account_id: i64, target: &User) -> ApiResult<()> {
        let active_administrators = self
            .member_dtos(account_id)
            .iter()
            .filter(|user| is_active_administrator(user))
            .count();
        check_keeps_an_administrator(target, active_administrators)
            .map_err(|_| ApiError::LastAdministrator)
    }

    fn create_user(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let inviter = self.with_role(request, Role::can_manage_users)?;
        let key = Self::idempotency_key(request)?;
        let body: NewUser = json_body(request)?;
        let new_user = validate_new_user(&body).map_err(ApiError::Validation)?;
        let scope = (inviter.account_id, inviter.user_id, "users");
        self.create_once(scope, key, &new_user, |backend, new_user| {
            backend.invite(inviter, new_user)
        })
    }

    fn invite(&mut self, inviter: CurrentUser, new_user: &NewUser) -> ApiResult<User> {
        let account_id = inviter.account_id;
        let already_a_user = self.state.users.iter().any(|user| {
            user.account_id == account_id && user.email.eq_ignore_ascii_case(&new_user.email)
        });
        if already_a_user {
            return Err(ApiError::AlreadyAUser);
        }
        self.take_limits(&[
            (limits::INVITATIONS_PER_USER, inviter.user_id.to_string()),
            (limits::INVITATIONS_PER_ACCOUNT, account_id.to_string()),
        ])?;
        let user_id = self.state.next_user_id();
        self.state.users.push(UserRecord {
            id: user_id,
            account_id,
            name: new_user.name.clone(),
            email: new_user.email.clone(),
            role: new_user.role,
            status: UserStatus::Invited,
            last_sign_in_at: None,
            version: 1,
        });
        let token = self.issue_token(user_id, INVITATION_LIFETIME_SECS);
        self.queue_mail(MailKind::Invitation, user_id, Some(link_for(&token)));
        let added = self.member(account_id, user_id)?;
        let role = Change::Role {
            old: None,
            new: Some(added.role),
        };
        self.record(
            inviter,
            ChangeKind::UserInvited,
            Some(person(&added)),
            vec![role],
        );
        Ok(added)
    }

    fn change_role(&mut self, request: &PreviewRequest, id: &str) -> ApiResult<PreviewResponse> {
        let user = self.with_role(request, Role::can_manage_users)?;
        let target_id = Self::user_id_in_path(id)?;
        let if_match = Self::if_match(request)?;
        let body: ChangeRole = json_body(request)?;
        let target = self.member(user.account_id, target_id)?;
        if if_match != Some(target.version) {
            return Err(ApiError::StaleUser);
        }
        if body.role != Role::Administrator {
            self.keep_an_administrator(user.account_id, &target)?;
        }
        if let Some(record) = self
            .state
            .users
            .iter_mut()
            .find(|each| each.id == target_id && each.account_id == user.account_id)
        {
            record.role = body.role;
            record.version += 1;
        }
        if body.role != target.role {
            let role = Change::Role {
                old: Some(target.role),
                new: Some(body.role),
            };
            self.record(
                user,
                ChangeKind::RoleChanged,
                Some(person(&target)),
                vec![role],
            );
        }
        Ok(PreviewResponse::json(
            200,
            &self.member(user.account_id, target_id)?,
        ))
    }

    fn delete_user(&mut self, request: &PreviewRequest, id: &str) -> ApiResult<PreviewResponse> {
        let user = self.with_role(request, Role::can_manage_users)?;
        let target_id = Self::user_id_in_path(id)?;
        let target = self.member(user.account_id, target_id)?;
        self.keep_an_administrator(user.account_id, &target)?;
        let mut changes = vec![Change::Role {
            old: Some(target.role),
            new: None,
        }];
        // They leave the alert contacts too, as a new version saved by the remover.
        if let Some(record) = self.state.contact_record(user.account_id).cloned() {
            let mut contact = record.contact.clone();
            let before = contact.alert_contacts.len();
            contact
                .alert_contacts
                .retain(|alert| !alert.eq_ignore_ascii_case(&target.email));
            if contact.alert_contacts.len() != before {
                changes.extend(history::contact_changes(&record.contact, &contact));
                let now = self.now();
                self.save_contact(user.account_id, record.version, contact, user.user_id, now);
            }
        }
        // Recorded before the removal: someone removing themselves is still there to name.
        self.record(
            user,
            ChangeKind::UserRemoved,
            Some(person(&target)),
            changes,
        );
        self.state.users.retain(|each| each.id != target_id);
        self.state
            .sessions
            .retain(|session| session.user_id != target_id);
        self.state
            .sign_in_tokens
            .retain(|token| token.user_id != target_id);
        Ok(PreviewResponse::empty(204))
    }

    // The change history, as in `server/src/http/history.rs` and
    // `server/src/store/history.rs`.

    /// Records a change made by `actor` unless it changes nothing, and drops the account's
    /// entries past the default retention (as the server does at write time; the preview
    /// never drops them on reading, so the fixtures' entries do not age out of the gallery).
    fn record(
        &mut self,
        actor: CurrentUser,
        kind: ChangeKind,
        subject: Option<Person>,
        changes: Vec<Change>,
    ) {
        // A confirmation or an accepted invitation never has field changes and is always
        // recorded.
        if changes.is_empty()
            && !matches!(
                kind,
                ChangeKind::ContactInfoConfirmed | ChangeKind::InvitationAccepted
            )
        {
            return;
        }
        let now = self.now_secs();
        let keep_secs = i64::from(DEFAULT_RETENTION_DAYS) * 24 * 60 * 60;
        self.state.history.retain(|record| {
            record.account_id != actor.account_id || record.created_at >= now - keep_secs
        });
        let id = State::next_id(self.state.history.iter().map(|record| record.entry.id));
        let by = self
            .state
            .member(actor.account_id, actor.user_id)
            .map(|user| Person {
                name: user.name.clone(),
                email: user.email.clone(),
            });
        self.state.history.push(HistoryRecord {
            account_id: actor.account_id,
            created_at: now,
            entry: HistoryEntry {
                id,
                at: rfc3339(now),
                kind,
                actor: by,
                subject,
                changes,
            },
        });
    }

    fn list_history(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let (cursor, limit) = history_query(request.query())?;
        let before = match cursor.as_deref() {
            None => i64::MAX,
            Some(cursor) => {
                history::parse_cursor(cursor).ok_or(ApiError::BadRequest(QUERY_WRONG))?
            }
        };
        let limit = usize::try_from(limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE))
            .unwrap_or(usize::MAX);
        let mut entries: Vec<&HistoryRecord> = self
            .state
            .history
            .iter()
            .filter(|record| record.account_id == user.account_id && record.entry.id < before)
            .collect();
        entries.sort_by_key(|record| std::cmp::Reverse(record.entry.id));
        let more = entries.len() > limit;
        let entries: Vec<HistoryEntry> = entries
            .into_iter()
            .take(limit)
            .map(|record| record.entry.clone())
            .collect();
        let next_cursor = history::cursor_after(&entries, more);
        Ok(PreviewResponse::json(
            200,
            &HistoryPage {
                entries,
                next_cursor,
            },
        ))
    }

    // Support cases, as in `server/src/http/support.rs`.

    fn create_case(&mut self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let key = Self::idempotency_key(request)?;
        let body: NewSupportCase = json_body(request)?;
        let case = support::validate_case(&body).map_err(ApiError::Validation)?;
        let scope = (user.account_id, user.user_id, "support-cases");
        self.create_once(scope, key, &case, |backend, case| {
            backend.insert_case(user, case)
        })
    }

    fn insert_case(&mut self, user: CurrentUser, case: &NewSupportCase) -> ApiResult<SupportCase> {
        self.take_limits(&[
            (limits::CASES_PER_USER, user.user_id.to_string()),
            (limits::CASES_PER_ACCOUNT, user.account_id.to_string()),
        ])?;
        let author = self
            .state
            .member(user.account_id, user.user_id)
            .ok_or(ApiError::Unauthenticated)?
            .name
            .clone();
        let id = State::next_id(self.state.support_cases.iter().map(|case| case.id));
        let now = self.now();
        let created = SupportCase {
            reference: format!("CASE-{}-{id:06}", now.get(..4).unwrap_or("0000")),
            category: case.category,
            subject: case.subject.clone(),
            description: case.description.clone(),
            reply_to: case.reply_to.clone(),
            environment: case.environment,
            status: CaseStatus::Open,
            created_at: now,
            created_by: author,
        };
        self.state.support_cases.push(CaseRecord {
            id,
            account_id: user.account_id,
            case: created.clone(),
        });
        self.queue_mail(MailKind::CaseAcknowledgement, user.user_id, None);
        Ok(created)
    }

    fn list_cases(&self, request: &PreviewRequest) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        let (page, per_page) = page_query(request.query())?;
        let page = page.unwrap_or(1).max(1);
        let per_page = per_page.unwrap_or(20).clamp(1, MAX_PER_PAGE);
        let mut cases: Vec<&CaseRecord> = self
            .state
            .support_cases
            .iter()
            .filter(|case| case.account_id == user.account_id)
            .collect();
        cases.sort_by_key(|case| std::cmp::Reverse(case.id));
        let total = cases.len() as u64;
        let offset =
            usize::try_from(u64::from(page - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
        let cases = cases
            .into_iter()
            .skip(offset)
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .map(|record| record.case.clone())
            .collect();
        Ok(PreviewResponse::json(
            200,
            &SupportCasesPage {
                cases,
                page,
                per_page,
                total,
            },
        ))
    }

    fn get_case(&self, request: &PreviewRequest, reference: &str) -> ApiResult<PreviewResponse> {
        let user = self.current_user(request)?;
        self.state
            .support_cases
            .iter()
            .find(|case| case.account_id == user.account_id && case.case.reference == reference)
            .map(|case| PreviewResponse::json(200, &case.case))
            .ok_or(ApiError::NotFound)
    }

    // Idempotency and rate limits, as in `server/src/http/idempotency.rs` and
    // `server/src/limits.rs`.

    /// Runs `create` at most once per key, user and endpoint; a retry with the same
    /// (validated) request gets the first answer, the same key with another one 422.
    fn create_once<R: Serialize, T: Serialize>(
        &mut self,
        (account_id, user_id, endpoint): (i64, i64, &str),
        key: String,
        request: &R,
        create: impl FnOnce(&mut Self, &R) -> ApiResult<T>,
    ) -> ApiResult<PreviewResponse> {
        let json = serde_json::to_string(request).map_err(|_| ApiError::Internal)?;
        let remembered = self.state.idempotency.iter().find(|record| {
            record.account_id == account_id
                && record.user_id == user_id
                && record.endpoint == endpoint
                && record.key == key
        });
        if let Some(record) = remembered {
            return if record.request == json {
                Ok(PreviewResponse::raw_json(
                    record.status,
                    record.body.clone(),
                ))
            } else {
                Err(ApiError::IdempotencyKeyReused)
            };
        }
        let created = create(self, request)?;
        let body = serde_json::to_string(&created).map_err(|_| ApiError::Internal)?;
        self.state.idempotency.push(IdempotencyRecord {
            account_id,
            user_id,
            endpoint: endpoint.to_owned(),
            key,
            request: json,
            status: 201,
            body: body.clone(),
        });
        Ok(PreviewResponse::raw_json(201, body))
    }

    /// Counts one hit against each limit unless one is used up (then 429, counting nothing).
    fn take_limits(&mut self, limits: &[(Limit, String)]) -> ApiResult<()> {
        let now = self.now_secs();
        match limits::take(&mut self.state.rate_limits, now, limits) {
            Some(retry_after_secs) => Err(ApiError::RateLimited { retry_after_secs }),
            None => Ok(()),
        }
    }
}

/// The SPA page a mailed link opens (relative: the preview has no public URL).
pub fn link_for(token: &str) -> String {
    format!("/sign-in/callback#token={token}")
}

/// The SPA page a verification mail opens.
pub fn verification_link_for(token: &str) -> String {
    format!("/verify#token={token}")
}

pub fn session_cookie(token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={SESSION_LIFETIME_SECS}"
    )
}

fn cleared_cookie() -> String {
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0")
}

fn with_etag(info: &ContactInfoResponse) -> PreviewResponse {
    PreviewResponse::json(200, info).with_header("etag", &format!("\"{}\"", info.version))
}

/// A JSON body as axum's `Json` reads it: `Content-Type: application/json` (or `+json`)
/// else 415; at most 64 KiB; unreadable JSON and wrong fields are 400s with its texts.
fn json_body<T: DeserializeOwned>(request: &PreviewRequest) -> ApiResult<T> {
    let is_json = request.header("content-type").is_some_and(|value| {
        let mime = value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
    });
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = request.body.as_deref().unwrap_or_default();
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    serde_json::from_str(body).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => ApiError::BadRequest(BODY_WRONG_FIELDS),
        _ => ApiError::BadRequest(BODY_NOT_JSON),
    })
}

/// `page` and `per_page` of a query string, as serde's urlencoded reader parses them.
fn page_query(query: &str) -> ApiResult<(Option<u32>, Option<u32>)> {
    let (mut page, mut per_page) = (None, None);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match name {
            "page" => &mut page,
            "per_page" => &mut per_page,
            _ => continue,
        };
        if slot.is_some() {
            return Err(ApiError::BadRequest(QUERY_WRONG));
        }
        *slot = Some(
            value
                .parse::<u32>()
                .map_err(|_| ApiError::BadRequest(QUERY_WRONG))?,
        );
    }
    Ok((page, per_page))
}

/// `cursor` and `limit` of a query string, as serde's urlencoded reader parses them.
fn history_query(query: &str) -> ApiResult<(Option<String>, Option<u32>)> {
    let (mut cursor, mut limit) = (None, None);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "cursor" if cursor.is_none() => cursor = Some(value.to_owned()),
            "limit" if limit.is_none() => {
                limit = Some(
                    value
                        .parse::<u32>()
                        .map_err(|_| ApiError::BadRequest(QUERY_WRONG))?,
                );
            }
            "cursor" | "limit" => return Err(ApiError::BadRequest(QUERY_WRONG)),
            _ => {}
        }
    }
    Ok((cursor, limit))
}

/// A user as a history entry names them.
fn person(user: &User) -> Person {
    Person {
        name: user.name.clone(),
        email: user.email.clone(),
    }
}

/// The field error of a forced 422, naming what was sent where the message shows it.
fn forced_field_error(forcing: &Forcing, request: &PreviewRequest) -> FieldError {
    let code = forcing.invalid_code();
    let sent = request
        .body
        .as_deref()
        .and_then(|body| serde_json::from_str::<serde_json::Value>(body).ok())
        .and_then(|body| {
            let value = body
                .get("contact")
                .and_then(|contact| contact.get(&forcing.field))
                .or_else(|| body.get(&forcing.field))?
                .clone();
            match value {
                serde_json::Value::String(text) => Some(text),
                serde_json::Value::Array(items) => items.first()?.as_str().map(str::to_owned),
                _ => None,
            }
        });
    let value = match code {
        ErrorCode::EmailInvalid
        | ErrorCode::EmailTooLong
        | ErrorCode::EmailLocalPartTooLong
        | ErrorCode::EmailDuplicate
        | ErrorCode::AlertContactNotUser
        | ErrorCode::AlreadyAUser => Some(sent.unwrap_or_else(|| "x@example.com".to_owned())),
        ErrorCode::HoursOverlap => Some("1".to_owned()),
        ErrorCode::TextInvalidCharacter => Some("U+202E".to_owned()),
        // The limit of the field, as the shared rule sends it.
        ErrorCode::TextTooLong => Some(
            match forcing.field.as_str() {
                support::field::SUBJECT => support::MAX_SUBJECT_CHARS,
                support::field::DESCRIPTION => support::MAX_DESCRIPTION_CHARS,
                _ => user::MAX_USER_NAME_CHARS,
            }
            .to_string(),
        ),
        _ => None,
    };
    let error = FieldError::new(forcing.field.clone(), code);
    match value {
        Some(value) => error.with_value(value),
        None => error,
    }
}
