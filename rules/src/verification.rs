//! Verified contact addresses: each address in the contact lists gets a mail with a
//! single-use link; the address is then verified (with the date), pending, or failed (the
//! mail bounced, or the link expired unused). An address saved before verification existed
//! has had no link yet (unsent). Adding an address never waits for this.

use crate::contact::{ContactInfo, Field};
use crate::email;
use serde::{Deserialize, Serialize};

/// Days a verification link stays valid unless the server is told otherwise.
pub const DEFAULT_VERIFICATION_LINK_DAYS: u32 = 7;
/// An editor may ask for a new link to one address this often at most.
pub const RESEND_EVERY_SECS: i64 = 10 * 60;

crate::wire_enum! {
    /// Where an address stands.
    pub enum VerificationStatus {
        /// A link was mailed and not used yet.
        Pending => "pending",
        /// The link was used: the address receives mail.
        Verified => "verified",
        /// The mail was refused for good (bounced), or the link expired unused.
        Failed => "failed",
        /// No link was ever mailed: the address was saved before verification existed.
        /// An editor sends its first link.
        Unsent => "unsent",
    }
}

/// One address of the contact information and its verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressVerification {
    /// The address, lower-cased (as [`email::duplicate_key`]): match list entries with it.
    pub address: String,
    pub status: VerificationStatus,
    /// When it was verified (RFC 3339, UTC); only for `verified`.
    #[serde(default)]
    pub verified_at: Option<String>,
}

/// `POST /api/v1/contact-info/verifications/resend`: a new link to one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResendVerification {
    pub address: String,
}

/// `POST /api/v1/contact-verifications`: the token of a verification link (no session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemVerification {
    pub token: String,
}

/// The answer to a used verification link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifiedAddress {
    pub address: String,
    /// RFC 3339, UTC.
    pub verified_at: String,
}

/// Every address of the contact lists once (by [`email::duplicate_key`]), in field order.
pub fn addresses(contact: &ContactInfo) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for field in Field::ALL {
        for address in contact.list(field) {
            let key = email::duplicate_key(address);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The verification of `address` among `verifications`, if it has one.
pub fn find<'a>(
    verifications: &'a [AddressVerification],
    address: &str,
) -> Option<&'a AddressVerification> {
    let key = email::duplicate_key(address);
    verifications.iter().find(|entry| entry.address == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_listed_once_across_fields() {
        let contact = ContactInfo {
            technical_emergency: vec!["A@x.example".into(), "b@x.example".into()],
            operational_public: vec!["a@x.example".into()],
            ..ContactInfo::default()
        };
        assert_eq!(addresses(&contact), ["a@x.example", "b@x.example"]);
        let list = [AddressVerification {
            address: "a@x.example".into(),
            status: VerificationStatus::Pending,
            verified_at: None,
        }];
        assert!(find(&list, " A@X.example").is_some());
        assert!(find(&list, "b@x.example").is_none());
    }
}
