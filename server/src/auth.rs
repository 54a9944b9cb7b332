//! Sign-in by e-mailed link: single-use link tokens, sessions and the per-address limit on
//! link requests. HTTP (cookies, extractors) lives in `http`; SQL in `store`.

use crate::store::{self, Tx, sessions, sign_in_tokens, users};
use base64::Engine;
use rand::RngCore;

pub const SIGN_IN_LINK_LIFETIME_SECS: i64 = 15 * 60;
pub const SESSION_LIFETIME_SECS: i64 = 14 * 24 * 60 * 60;
/// At most this many link requests per address in one link lifetime.
pub const MAX_LINKS_PER_WINDOW: i64 = 5;
/// Invitation links stay valid longer: colleagues may not read mail at once.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// A fresh random token (256 bits, URL-safe).
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The SPA page that redeems `token`.
pub fn sign_in_link(public_url: &str, token: &str) -> String {
    format!(
        "{}/sign-in/callback?token={token}",
        public_url.trim_end_matches('/')
    )
}

/// Records a sign-in link request for `address` and says whether links may be sent:
/// at most [`MAX_LINKS_PER_WINDOW`] requests per address per link lifetime, so nobody can
/// flood an inbox. Unknown addresses are counted too, so the answer reveals nothing.
pub fn allow_sign_in_request(tx: &Tx<'_>, address: &str) -> store::Result<bool> {
    let address = address.to_lowercase();
    let recent = sign_in_tokens::requests_within(tx, &address, SIGN_IN_LINK_LIFETIME_SECS)?;
    if recent >= MAX_LINKS_PER_WINDOW {
        tracing::warn!("sign-in link rate limit reached for an address; no mail sent");
        return Ok(false);
    }
    sign_in_tokens::record_request(tx, &address)?;
    Ok(true)
}

/// Creates a single-use sign-in token for `user_id`, valid for `lifetime_secs`.
pub fn issue_sign_in_token(tx: &Tx<'_>, user_id: i64, lifetime_secs: i64) -> store::Result<String> {
    let token = new_token();
    sign_in_tokens::insert(tx, &token, user_id, lifetime_secs)?;
    Ok(token)
}

/// Consumes a sign-in token (single use), activates its user and opens a session.
/// Returns the session token and its user, or None when the link token is unknown, used
/// or expired.
pub fn redeem_sign_in_token(
    tx: &Tx<'_>,
    token: &str,
) -> store::Result<Option<(String, sessions::SessionUser)>> {
    let Some(user_id) = sign_in_tokens::redeem(tx, token)? else {
        return Ok(None);
    };
    let session = new_token();
    sessions::insert(tx, &session, user_id, SESSION_LIFETIME_SECS)?;
    users::mark_signed_in(tx, user_id)?;
    sessions::delete_expired(tx)?;
    Ok(sessions::user(tx, &session)?.map(|user| (session, user)))
}
