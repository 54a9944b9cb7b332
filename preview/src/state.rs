//! Everything the preview backend knows, as one serializable value: what the server keeps in
//! its database (accounts, users, contact information with versions, support cases,
//! sessions, sign-in links, idempotency keys, rate-limit counters) and the mail it would
//! have sent. The SPA keeps it in `localStorage`; [`Saved`] is that stored form.

use crate::http::CookieJar;
use portal_rules::contact::ContactInfo;
use portal_rules::history::HistoryEntry;
use portal_rules::model::{Account, IntegrationType, Role, User, UserStatus};
use portal_rules::support::SupportCase;
use serde::{Deserialize, Serialize};

/// Which integrations use the merchant-issues contact. On the server this is the
/// `integration_types` table (migration 1 in `server/src/store/schema.rs`), the one place
/// that says it; this mirror is checked against that table by `tests/fixtures.rs`.
pub const fn uses_merchant_contact(integration: IntegrationType) -> bool {
    match integration {
        IntegrationType::ThingsToDo
        | IntegrationType::Appointments
        | IntegrationType::Reservations
        | IntegrationType::Ordering => true,
        IntegrationType::HealthcareAppointments | IntegrationType::LocalServices => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub id: i64,
    pub partner_id: String,
    pub name: String,
    pub integration: IntegrationType,
    pub production_enabled: bool,
}

impl AccountRecord {
    pub fn to_dto(&self) -> Account {
        Account {
            id: self.id,
            partner_id: self.partner_id.clone(),
            name: self.name.clone(),
            integration: self.integration,
            production_enabled: self.production_enabled,
            uses_merchant_contact: uses_merchant_contact(self.integration),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    pub last_sign_in_at: Option<String>,
    pub version: i64,
}

impl UserRecord {
    pub fn to_dto(&self) -> User {
        User {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
            status: self.status,
            last_sign_in_at: self.last_sign_in_at.clone(),
            version: self.version,
        }
    }
}

/// An account's saved contact information; no record means version 0, nothing saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub account_id: i64,
    pub version: i64,
    pub contact: ContactInfo,
    pub updated_at: String,
    /// The user who saved it; their name shows while they exist.
    pub updated_by: Option<i64>,
    /// When an editor last confirmed it (every save, or "Still correct"), Unix seconds.
    #[serde(default)]
    pub confirmed_at: Option<i64>,
    /// Fixtures pin whether a review is due, so the gallery shows the same states whatever
    /// today's date; the next save or confirmation unpins it.
    #[serde(default)]
    pub pinned_review_due: Option<bool>,
}

/// One entry of an account's change history (`change_history` on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    pub account_id: i64,
    /// Unix seconds, for the retention.
    pub created_at: i64,
    pub entry: HistoryEntry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// Numbered across all accounts, like the server's references.
    pub id: i64,
    pub account_id: i64,
    pub case: SupportCase,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub token: String,
    pub user_id: i64,
    /// False until an address in several accounts picked one (stored states from before
    /// had nothing to pick).
    #[serde(default = "chosen")]
    pub account_chosen: bool,
}

fn chosen() -> bool {
    true
}

/// A contact address's verification (the server's `contact_verifications` row); the
/// token is kept as is (nothing here is secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRecord {
    pub account_id: i64,
    /// Lower-cased.
    pub address: String,
    pub status: portal_rules::verification::VerificationStatus,
    pub token: Option<String>,
    pub sent_at: i64,
    pub expires_at: i64,
    pub verified_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub token: String,
    pub user_id: i64,
    pub expires_at: i64,
}

/// The first answer to an `Idempotency-Key`, per account, user and endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub account_id: i64,
    pub user_id: i64,
    pub endpoint: String,
    pub key: String,
    /// The validated request, as JSON: what makes a retry the same request.
    pub request: String,
    pub status: u16,
    pub body: String,
}

/// Hits of one rate limit in one fixed window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateWindow {
    pub bucket: String,
    pub window_start: i64,
    pub hits: i64,
}

portal_rules::wire_enum! {
    pub enum MailKind {
        SignInLink => "sign-in-link",
        Invitation => "invitation",
        CaseAcknowledgement => "case-acknowledgement",
        ContactVerification => "contact-verification",
    }
}

/// A mail the server would have sent. The toolbar lists the sign-in links, since nothing
/// is mailed in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub id: i64,
    pub kind: MailKind,
    pub to: String,
    pub user_name: String,
    pub account_name: String,
    /// The SPA-relative sign-in link (`/sign-in/callback#token=…`), if the mail has one.
    pub link: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    pub accounts: Vec<AccountRecord>,
    pub users: Vec<UserRecord>,
    #[serde(default)]
    pub contact_info: Vec<ContactRecord>,
    #[serde(default)]
    pub support_cases: Vec<CaseRecord>,
    #[serde(default)]
    pub history: Vec<HistoryRecord>,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
    #[serde(default)]
    pub sign_in_tokens: Vec<TokenRecord>,
    #[serde(default)]
    pub idempotency: Vec<IdempotencyRecord>,
    #[serde(default)]
    pub rate_limits: Vec<RateWindow>,
    #[serde(default)]
    pub outbox: Vec<Mail>,
    #[serde(default)]
    pub verifications: Vec<VerificationRecord>,
    /// Makes every token unique.
    #[serde(default)]
    pub token_counter: u64,
    /// The highest user id given out, so a removed user's id is never given again (as the
    /// server's `user_id_high`).
    #[serde(default)]
    pub user_id_high: i64,
}

impl State {
    pub fn account(&self, id: i64) -> Option<&AccountRecord> {
        self.accounts.iter().find(|account| account.id == id)
    }

    pub fn account_by_partner_id(&self, partner_id: &str) -> Option<&AccountRecord> {
        self.accounts
            .iter()
            .find(|account| account.partner_id == partner_id)
    }

    pub fn user(&self, id: i64) -> Option<&UserRecord> {
        self.users.iter().find(|user| user.id == id)
    }

    /// The account's users as the server lists them: by name (ASCII case folded, as
    /// SQLite's NOCASE), then id.
    pub fn members(&self, account_id: i64) -> Vec<&UserRecord> {
        let mut members: Vec<&UserRecord> = self
            .users
            .iter()
            .filter(|user| user.account_id == account_id)
            .collect();
        members.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
                .then(a.id.cmp(&b.id))
        });
        members
    }

    /// The users with the same address as `user_id` (itself included): the person's
    /// accounts, by account name (ASCII case folded), then account id.
    pub fn same_address(&self, user_id: i64) -> Vec<&UserRecord> {
        let Some(email) = self.user(user_id).map(|user| user.email.to_lowercase()) else {
            return Vec::new();
        };
        let name = |user: &UserRecord| {
            self.account(user.account_id)
                .map(|account| account.name.to_ascii_lowercase())
                .unwrap_or_default()
        };
        let mut users: Vec<&UserRecord> = self
            .users
            .iter()
            .filter(|user| user.email.to_lowercase() == email)
            .collect();
        users.sort_by(|a, b| name(a).cmp(&name(b)).then(a.account_id.cmp(&b.account_id)));
        users
    }

    pub fn member(&self, account_id: i64, user_id: i64) -> Option<&UserRecord> {
        self.users
            .iter()
            .find(|user| user.id == user_id && user.account_id == account_id)
    }

    pub fn contact_record(&self, account_id: i64) -> Option<&ContactRecord> {
        self.contact_info
            .iter()
            .find(|record| record.account_id == account_id)
    }

    /// The next row id of a table whose rows have `ids` (SQLite's rowid: the largest + 1).
    pub fn next_id(ids: impl Iterator<Item = i64>) -> i64 {
        ids.max().unwrap_or(0) + 1
    }

    /// The id of a new user: never one a removed user had.
    pub fn next_user_id(&mut self) -> i64 {
        let id = Self::next_id(self.users.iter().map(|user| user.id)).max(self.user_id_high + 1);
        self.user_id_high = id;
        id
    }
}

/// What the SPA stores in `localStorage` (one key): the state, the browser's cookies for
/// it, and which fixtures it grew from. Anything unreadable, of another version or from
/// other fixtures decodes to `None`, and the preview starts again from the fixtures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub fixtures: String,
    pub state: State,
    #[serde(default)]
    pub cookies: CookieJar,
}

impl Saved {
    /// Bumped whenever [`State`] changes shape.
    pub const VERSION: u32 = 2;

    pub fn new(state: State, cookies: CookieJar) -> Self {
        Self {
            version: Self::VERSION,
            fixtures: crate::fixtures::fingerprint().to_owned(),
            state,
            cookies,
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn decode(text: &str) -> Option<Self> {
        let saved: Self = serde_json::from_str(text).ok()?;
        (saved.version == Self::VERSION && saved.fixtures == crate::fixtures::fingerprint())
            .then_some(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_state_round_trips_and_anything_else_is_refused() {
        let saved = Saved::new(crate::fixtures::fixtures(), CookieJar::default());
        assert_eq!(Saved::decode(&saved.encode()), Some(saved.clone()));
        assert_eq!(Saved::decode(""), None);
        assert_eq!(Saved::decode("{\"version\":1"), None);
        assert_eq!(Saved::decode("[]"), None);
        let mut old = saved.clone();
        old.version = 0;
        assert_eq!(Saved::decode(&old.encode()), None);
        let mut other = saved;
        other.fixtures = "other".into();
        assert_eq!(Saved::decode(&other.encode()), None);
    }
}
