//! Verified contact addresses: each address of the contact lists gets a mail with a
//! single-use link (only its hash is stored) when a save adds it, or when an editor asks
//! again; using the link verifies it. Bounced mails and links expired unused leave it
//! failed. Nothing here waits for verification: saves go through at once. SQL lives in
//! `store::contact_verifications`.

use crate::auth;
use crate::mail::{self, Language};
use crate::store::{self, Tx, accounts, contact_verifications, users};
use portal_rules::contact::ContactInfo;
use portal_rules::email;
use portal_rules::verification::{self, AddressVerification, VerificationStatus};

/// Where a verification mail points: the SPA's `/verify` page with the token in the
/// fragment, which browsers never send to a server, so it stays out of access logs and
/// `Referer`.
pub fn link(public_url: &str, token: &str) -> String {
    format!("{}/verify#token={token}", public_url.trim_end_matches('/'))
}

/// What a verification mail needs besides its address.
pub struct Sender<'a> {
    pub public_url: &'a str,
    pub lifetime_secs: i64,
    /// The signed-in user whose action sends it: the mail is in their language.
    pub user_id: i64,
}

impl Sender<'_> {
    /// Mails a fresh link to `address` (as entered; `key` is its lower-cased form) and
    /// records it as pending; an older link to it stops working.
    pub fn send(&self, tx: &Tx<'_>, account_id: i64, address: &str) -> store::Result<()> {
        let language = Language::from_locale(users::language(tx, self.user_id)?.as_deref());
        let account = accounts::get(tx, account_id)?.name;
        let token = auth::new_token();
        let days = u32::try_from(self.lifetime_secs / (24 * 60 * 60)).unwrap_or(1);
        let mail_id = mail::queue(
            tx,
            mail::contact_verification(
                address,
                &account,
                &link(self.public_url, &token),
                days,
                language,
            ),
            mail::MAIL_LIFETIME_SECS.min(self.lifetime_secs),
        )?;
        contact_verifications::start(
            tx,
            account_id,
            &email::duplicate_key(address),
            &token,
            self.lifetime_secs,
            mail_id,
        )
    }

    /// After a save of `contact`: addresses no longer in it lose their verification; each
    /// address new to it gets a link. Returns how many mails were queued.
    pub fn after_save(
        &self,
        tx: &Tx<'_>,
        account_id: i64,
        contact: &ContactInfo,
    ) -> store::Result<usize> {
        let keys = verification::addresses(contact);
        let new = contact_verifications::sync(tx, account_id, &keys)?;
        for key in &new {
            // The address as entered (its domain lower-cased by validation).
            let address = portal_rules::contact::Field::ALL
                .iter()
                .flat_map(|field| contact.list(*field))
                .find(|entry| email::duplicate_key(entry) == *key)
                .map_or(key.as_str(), String::as_str);
            self.send(tx, account_id, address)?;
        }
        Ok(new.len())
    }
}

/// RFC 3339 (UTC) of Unix seconds.
pub fn rfc3339(unix_secs: i64) -> String {
    chrono::DateTime::from_timestamp(unix_secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Each address of `contact` with its verification among the account's `stored` ones, in
/// field order. An address with none (saved before verification existed) is unsent: a
/// resend mails its first link.
pub fn statuses_of(
    contact: &ContactInfo,
    stored: &[contact_verifications::Stored],
) -> Vec<AddressVerification> {
    verification::addresses(contact)
        .into_iter()
        .map(|address| {
            let row = stored.iter().find(|row| row.address == address);
            let status = row.map_or(VerificationStatus::Unsent, |row| row.status);
            AddressVerification {
                status,
                verified_at: row
                    .and_then(|row| row.verified_at)
                    .filter(|_| status == VerificationStatus::Verified)
                    .map(rfc3339),
                address,
            }
        })
        .collect()
}
