//! Sign-in by e-mailed link: single-use link tokens (only hashes stored), turning link
//! requests into mails, previews and redemption, and sessions. HTTP (cookies, extractors)
//! lives in `http`; SQL in `store`.

use crate::mail::{self, Language};
use crate::store::link_requests::LinkRequest;
use crate::store::{
    self, Tx, accounts, history, known_devices, link_requests, sessions, sign_in_tokens, users,
};
use base64::Engine;
use portal_rules::api::SignInLinkPreview;
use portal_rules::model::UserStatus;
use rand::RngCore;

pub const SIGN_IN_LINK_LIFETIME_SECS: i64 = 15 * 60;
/// A session ends after this long whatever happens...
pub const SESSION_LIFETIME_SECS: i64 = 14 * 24 * 60 * 60;
/// ...and earlier when unused this long.
pub const SESSION_IDLE_SECS: i64 = 8 * 60 * 60;
/// A user an authenticating proxy names is recorded (and audited) as signing in when first
/// seen, and again once this long has passed since.
pub const PROXY_SIGN_IN_EVERY_SECS: i64 = SESSION_IDLE_SECS;
/// Invitation links stay valid longer: colleagues may not read mail at once.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;
/// A browser stays known for the addresses it signed in as this long after its last
/// sign-in (sign-out does not end it: it grants nothing but its own link budget).
pub const KNOWN_DEVICE_LIFETIME_SECS: i64 = 180 * 24 * 60 * 60;

/// A fresh random token (256 bits, URL-safe).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The SPA page that offers to redeem `token`. The token is in the fragment, which browsers
/// never send to a server, so it stays out of access logs and `Referer`.
pub fn sign_in_link(public_url: &str, token: &str) -> String {
    format!(
        "{}/sign-in/callback#token={token}",
        public_url.trim_end_matches('/')
    )
}

/// Creates a single-use sign-in token for `user_id`, valid for `lifetime_secs`.
pub fn issue_sign_in_token(
    tx: &Tx<'_>,
    user_id: i64,
    lifetime_secs: i64,
    language: Option<Language>,
) -> store::Result<String> {
    let token = new_token();
    sign_in_tokens::insert(
        tx,
        &token,
        user_id,
        lifetime_secs,
        language.map(Language::as_str),
    )?;
    Ok(token)
}

/// Turns up to `limit` recorded link requests into mails: one per address, none for
/// unknown addresses. An address in several accounts gets one link, for its user who
/// signed in most recently; after signing in, the person picks the account. `allow` says,
/// per mail, whether it may still be queued (the overall limit on sign-in mails); a mail
/// it refuses is dropped. Returns how many requests were handled.
pub fn mail_requested_links(
    tx: &Tx<'_>,
    public_url: &str,
    limit: u32,
    allow: impl Fn(&Tx<'_>, &LinkRequest) -> store::Result<bool>,
) -> store::Result<usize> {
    let requests = link_requests::take(tx, limit)?;
    let mut held_back = 0_usize;
    for request in &requests {
        let language = Language::from_locale(Some(&request.language));
        let mut recipients = users::with_email(tx, &request.address)?;
        // Most recent sign-in first (RFC 3339 sorts by time), never signed in last.
        recipients.sort_by(|a, b| {
            b.last_sign_in_at
                .cmp(&a.last_sign_in_at)
                .then(a.id.cmp(&b.id))
        });
        for recipient in recipients.into_iter().take(1) {
            if !allow(tx, request)? {
                held_back += 1;
                continue;
            }
            let token =
                issue_sign_in_token(tx, recipient.id, SIGN_IN_LINK_LIFETIME_SECS, Some(language))?;
            let link = sign_in_link(public_url, &token);
            mail::queue(
                tx,
                mail::sign_in_link(&recipient.email, &recipient.name, &link, language),
                mail::SIGN_IN_LINK_MAIL_LIFETIME_SECS,
            )?;
        }
    }
    if held_back > 0 {
        tracing::warn!(
            held_back,
            "overall limit on sign-in mails reached; sign-in links were not sent"
        );
    }
    Ok(requests.len())
}

/// Whether the browser holding the device token `device` signed in as `address` before.
pub fn is_known_device(tx: &Tx<'_>, device: &str, address: &str) -> store::Result<bool> {
    known_devices::knows(tx, device, address)
}

/// Records that this browser signed in as `address`; returns the device token its cookie
/// is to hold: the one it sent (`device`), if this server issued it and it has not expired,
/// otherwise a fresh one (so no token of the client's choosing is ever kept).
pub fn remember_device(tx: &Tx<'_>, device: Option<&str>, address: &str) -> store::Result<String> {
    let token = match device {
        Some(device) if known_devices::exists(tx, device)? => device.to_owned(),
        _ => new_token(),
    };
    known_devices::remember(tx, &token, address, KNOWN_DEVICE_LIFETIME_SECS)?;
    Ok(token)
}

/// Records a sign-in of `user_id`: an invited user becomes active, and the account's
/// change history says so (same transaction), the history keeping `keep_secs`.
fn signed_in(
    tx: &Tx<'_>,
    user_id: i64,
    language: Option<&str>,
    keep_secs: Option<i64>,
) -> store::Result<()> {
    if users::mark_signed_in(tx, user_id, language)? {
        history::record_invitation_accepted(tx, user_id, keep_secs)?;
    }
    Ok(())
}

/// Whom a link would sign in as, without using it: the link's user and account, and how
/// many accounts the address has (more than one: the person picks one after signing in).
pub fn preview_sign_in_token(tx: &Tx<'_>, token: &str) -> store::Result<Option<SignInLinkPreview>> {
    let Some(user_id) = sign_in_tokens::peek(tx, token)? else {
        return Ok(None);
    };
    let Some((user_name, email, account_id)) = users::name_email_and_account(tx, user_id)? else {
        return Ok(None);
    };
    Ok(Some(SignInLinkPreview {
        user_name,
        email,
        account_name: accounts::get(tx, account_id)?.name,
        account_count: u32::try_from(users::account_count(tx, user_id)?.max(1)).unwrap_or(u32::MAX),
    }))
}

/// Consumes a sign-in token (single use; the user's other pending links go with it),
/// activates its user and opens a session. `previous`, the session the browser had, ends.
/// Returns the session token and its user, or None when the link token is unknown, used or
/// expired.
pub fn redeem_sign_in_token(
    tx: &Tx<'_>,
    token: &str,
    previous: Option<&str>,
    keep_secs: Option<i64>,
) -> store::Result<Option<(String, sessions::SessionUser)>> {
    let Some(redeemed) = sign_in_tokens::redeem(tx, token)? else {
        return Ok(None);
    };
    if let Some(previous) = previous {
        sessions::delete(tx, previous)?;
    }
    let session = new_token();
    // An address in several accounts picks one first.
    let account_chosen = users::account_count(tx, redeemed.user_id)? <= 1;
    sessions::insert(
        tx,
        &session,
        redeemed.user_id,
        SESSION_LIFETIME_SECS,
        account_chosen,
    )?;
    signed_in(
        tx,
        redeemed.user_id,
        redeemed.language.as_deref(),
        keep_secs,
    )?;
    Ok(sessions::user(tx, &session, SESSION_IDLE_SECS)?.map(|user| (session, user)))
}

/// The user an authenticating proxy names by `address` in `chosen_account` (the account
/// the person picked, see [`users::for_proxy`]), or None
/// when no active or invited user has it. The proxy authenticates every request, so no
/// session is kept; but the first request, and the first after
/// [`PROXY_SIGN_IN_EVERY_SECS`], counts as a sign-in: an invited user becomes active and the
/// time is recorded. The flag says whether this request was such a sign-in.
pub fn proxy_sign_in(
    tx: &Tx<'_>,
    address: &str,
    chosen_account: Option<i64>,
    keep_secs: Option<i64>,
) -> store::Result<Option<(sessions::SessionUser, bool)>> {
    let Some(user) = users::for_proxy(tx, address, chosen_account)? else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let recent = user
        .last_sign_in_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .is_some_and(|at| (now - at.to_utc()).num_seconds() < PROXY_SIGN_IN_EVERY_SECS);
    let signs_in = !recent || user.status == UserStatus::Invited;
    if signs_in {
        signed_in(tx, user.user_id, None, keep_secs)?;
    }
    Ok(Some((
        sessions::SessionUser {
            user_id: user.user_id,
            account_id: user.account_id,
            role: user.role,
            account_chosen: chosen_account == Some(user.account_id)
                || users::account_count(tx, user.user_id)? <= 1,
        },
        signs_in,
    )))
}

/// Where a switch of account leads: the same address's user in the chosen account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switched {
    pub user: sessions::SessionUser,
    /// The new session token; None behind an authenticating proxy (no session there).
    pub session: Option<String>,
}

/// Makes the person act in `account_id`: as the user with the same address as `user_id`
/// there (an invited one becomes active, as on signing in). With a session (`token`), it is
/// replaced by a new one (a new token, against session fixation); choosing the account the
/// session already acts in only marks it chosen (the same user: nothing changes hands, and
/// the token stays). None when the address has no user in that account (or there is no
/// such account, or the session ended).
pub fn switch_account(
    tx: &Tx<'_>,
    token: Option<&str>,
    user_id: i64,
    account_id: i64,
    keep_secs: Option<i64>,
) -> store::Result<Option<Switched>> {
    let Some(target) = users::same_address_in(tx, user_id, account_id)? else {
        return Ok(None);
    };
    let session = match token {
        Some(token) if target.user_id == user_id => {
            if !sessions::mark_chosen(tx, token)? {
                return Ok(None);
            }
            Some(token.to_owned())
        }
        Some(token) => {
            let session = new_token();
            if !sessions::rotate(tx, token, &session, target.user_id)? {
                return Ok(None);
            }
            Some(session)
        }
        None => None,
    };
    signed_in(tx, target.user_id, None, keep_secs)?;
    Ok(Some(Switched {
        user: sessions::SessionUser {
            user_id: target.user_id,
            account_id: target.account_id,
            role: target.role,
            account_chosen: true,
        },
        session,
    }))
}
