//! Extractors: who is signed in (by session cookie, or named by a trusted authenticating
//! proxy), whether their role may act, request headers, and JSON/path/query wrappers whose
//! rejections are problem documents.

use crate::auth;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, Tx, contact_info, sessions};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use portal_rules::email;
use portal_rules::model::Role;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The session cookie outside dev mode: `__Host-` makes browsers accept it only with
/// `Secure`, `Path=/` and no `Domain`, so no sibling subdomain can plant or shadow it.
pub const SESSION_COOKIE: &str = "__Host-portal_session";
/// In dev mode (plain http), where `__Host-` cookies are not possible.
pub const DEV_SESSION_COOKIE: &str = "portal_session";

pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SESSION_COOKIE
    } else {
        DEV_SESSION_COOKIE
    }
}

/// The known-device cookie: set at sign-in, kept for months (also after sign-out). Its
/// token shows that this browser signed in as an address before, so its link requests for
/// that address have a budget strangers cannot use up.
pub const DEVICE_COOKIE: &str = "__Host-portal_device";
pub const DEV_DEVICE_COOKIE: &str = "portal_device";

pub fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        DEVICE_COOKIE
    } else {
        DEV_DEVICE_COOKIE
    }
}

/// Behind an authenticating proxy (no session): the partner account the person chose,
/// by id. It only selects among the accounts of the address the proxy names.
pub const ACCOUNT_COOKIE: &str = "__Host-portal_account";
/// In dev mode (plain http).
pub const DEV_ACCOUNT_COOKIE: &str = "portal_account";

pub fn account_cookie_name(secure: bool) -> &'static str {
    if secure {
        ACCOUNT_COOKIE
    } else {
        DEV_ACCOUNT_COOKIE
    }
}

/// The client's IP address: the TCP peer, or, when the peer is a trusted reverse proxy
/// (`--trusted-proxies`), the nearest address in `X-Forwarded-For` that is not one.
/// Addresses are canonical: an IPv4 peer of a dual-stack listener (`::ffff:a.b.c.d`) is
/// `a.b.c.d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// One `X-Forwarded-For` entry: an address, optionally with a port (`a.b.c.d:port`,
/// `[v6]:port`) or in brackets (`[v6]`). Anything else (`unknown`, an obfuscated name) is
/// None.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse::<Ipv6Addr>()
                .ok()
                .map(IpAddr::V6)
        })
        .map(|ip| ip.to_canonical())
}

impl ClientIp {
    /// The address, or for IPv6 its first `segments` 16-bit groups (the network).
    pub fn prefix(self, segments: usize) -> IpAddr {
        match self.0.to_canonical() {
            IpAddr::V6(ip) => {
                let mut kept = ip.segments();
                kept[segments.min(8)..].fill(0);
                IpAddr::V6(Ipv6Addr::from(kept))
            }
            ip @ IpAddr::V4(_) => ip,
        }
    }

    /// What rate limits count per: the address, or for IPv6 its /64 (one subscriber).
    pub fn source_key(self) -> String {
        match self.prefix(4) {
            IpAddr::V6(network) => format!("{network}/64"),
            ip @ IpAddr::V4(_) => ip.to_string(),
        }
    }

    /// The coarser tier for IPv6: its /48 (one site, 65 536 /64s). None for IPv4.
    pub fn network_key(self) -> Option<String> {
        match self.prefix(3) {
            IpAddr::V6(network) => Some(format!("{network}/48")),
            IpAddr::V4(_) => None,
        }
    }

    /// Walks `X-Forwarded-For` from the right (the entry the peer wrote) over trusted
    /// proxies. Each entry is the peer of the hop to its right, so the first untrusted one
    /// is the client. An entry that cannot be read ends the walk at the hop that wrote it:
    /// everything to its left may be the client's own invention, so the last trusted hop
    /// counts as the client (its requests share one budget) rather than an address an
    /// attacker put there.
    fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> Self {
        let is_trusted = |ip: IpAddr| is_trusted_proxy(ip, trusted);
        let mut client = peer.to_canonical();
        if !is_trusted(client) {
            return Self(client);
        }
        let entries = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|value| value.to_str().ok())
            .collect::<Option<Vec<_>>>();
        // A header that is not text cannot be read at all.
        let Some(entries) = entries else {
            return Self(client);
        };
        for entry in entries.iter().flat_map(|value| value.split(',')).rev() {
            let Some(hop) = forwarded_address(entry) else {
                return Self(client);
            };
            client = hop;
            if !is_trusted(client) {
                break;
            }
        }
        Self(client)
    }
}

/// Whether `ip` is one of the trusted reverse proxies, comparing canonical addresses (an
/// IPv4 peer of a dual-stack listener is its IPv4 address).
fn is_trusted_proxy(ip: IpAddr, trusted: &[IpAddr]) -> bool {
    let ip = ip.to_canonical();
    trusted.iter().any(|proxy| proxy.to_canonical() == ip)
}

/// Whether the TCP peer of the request is a trusted reverse proxy: only then is an
/// authenticating proxy's identity header believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FromTrustedProxy(pub bool);

/// Middleware: works out the [`ClientIp`] (and [`FromTrustedProxy`]) once and puts it in
/// the request.
pub async fn resolve_client_ip(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| {
            info.0.ip().to_canonical()
        });
    let trusted = &state.config.trusted_proxies;
    let ip = ClientIp::resolve(peer, request.headers(), trusted);
    let from_proxy = FromTrustedProxy(is_trusted_proxy(peer, trusted));
    request.extensions_mut().insert(ip);
    request.extensions_mut().insert(from_proxy);
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Self>()
            .copied()
            .ok_or_else(|| ApiError::internal("client IP not resolved"))
    }
}

/// A JSON body whose rejections are problem documents instead of axum's plain text.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A path parameter; one that does not parse is a 404 (no such resource).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A query string; one that does not parse is a 400 problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// The signed-in user. Every account-scoped query uses `account_id` from here, never
/// from the request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
    /// False until an address in several accounts picked one.
    pub account_chosen: bool,
    /// Named by the authenticating proxy (no session to rotate).
    pub proxied: bool,
}

/// The session token from the request's cookie, if any.
pub fn session_token(headers: &HeaderMap, state: &AppState) -> Option<String> {
    cookie(headers, session_cookie_name(state.secure_cookies()))
}

/// The known-device token from the request's cookie, if any.
pub fn device_token(headers: &HeaderMap, state: &AppState) -> Option<String> {
    cookie(headers, device_cookie_name(state.secure_cookies()))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The address an authenticating proxy names in `--auth-proxy-header`: None unless that is
/// configured, the request's peer is a trusted proxy and the header is there (not empty).
/// The header of any other peer is ignored. A header that is not exactly one valid address
/// signs nobody in (401).
fn proxied_address(parts: &Parts, state: &AppState) -> Result<Option<String>, ApiError> {
    let Some(name) = &state.config.auth_proxy_header else {
        return Ok(None);
    };
    let from_proxy = parts
        .extensions
        .get::<FromTrustedProxy>()
        .is_some_and(|from| from.0);
    if !from_proxy {
        return Ok(None);
    }
    let mut values = parts.headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(ApiError::Unauthenticated);
    }
    let text = value
        .to_str()
        .map_err(|_| ApiError::Unauthenticated)?
        .trim();
    if text.is_empty() {
        return Ok(None);
    }
    email::normalize(text)
        .map(Some)
        .map_err(|_| ApiError::Unauthenticated)
}

/// The user an authenticating proxy named: resolved on every request (the proxy
/// authenticates each one, so no session or cookie is kept, and a removed user or changed
/// role counts at once). 401 for an address no active or invited user has.
async fn proxied_user(
    state: &AppState,
    address: String,
    chosen_account: Option<i64>,
) -> Result<CurrentUser, ApiError> {
    let keep_secs = state.config.history_keep_secs();
    let (user, signed_in) = state
        .store
        .run(move |tx| auth::proxy_sign_in(tx, &address, chosen_account, keep_secs))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if signed_in {
        tracing::info!(
            target: "audit",
            action = "sign-in",
            method = "proxy",
            actor = user.user_id,
            target_user = user.user_id,
            account = user.account_id,
            "signed in through the authenticating proxy"
        );
    }
    Ok(CurrentUser {
        user_id: user.user_id,
        account_id: user.account_id,
        role: user.role,
        account_chosen: user.account_chosen,
        proxied: true,
    })
}

/// The signed-in user, or None when the request carries no live session: no cookie, or
/// one that is unknown or expired. An identity the trusted proxy names but that is nobody's
/// is still refused (401): that is a wrong sign-in, not a signed-out visitor.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    /// The user the trusted authenticating proxy names, if it names one; otherwise the
    /// session cookie's.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(user) = proxied(parts, state).await? {
            return Ok(Self(Some(user)));
        }
        let Some(token) = session_token(&parts.headers, state) else {
            return Ok(Self(None));
        };
        let user = state.store.read(move |tx| session_user(tx, &token)).await?;
        Ok(Self(user))
    }
}

/// The user the trusted authenticating proxy names (with the account chosen by cookie),
/// when the request comes through it.
async fn proxied(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, ApiError> {
    let Some(address) = proxied_address(parts, state)? else {
        return Ok(None);
    };
    let chosen = cookie(&parts.headers, account_cookie_name(state.secure_cookies()))
        .and_then(|id| id.parse().ok());
    proxied_user(state, address, chosen).await.map(Some)
}

/// The user of the live session `token` names, recording its use (see [`sessions::user`]).
fn session_user(tx: &Tx<'_>, token: &str) -> store::Result<Option<CurrentUser>> {
    Ok(
        sessions::user(tx, token, auth::SESSION_IDLE_SECS)?.map(|user| CurrentUser {
            user_id: user.user_id,
            account_id: user.account_id,
            role: user.role,
            account_chosen: user.account_chosen,
            proxied: false,
        }),
    )
}

/// As [`CurrentUser`], for `GET /contact-info`, the hottest read: a session is checked in
/// the handler's own statement ([`SignedIn::contact_view`]) rather than in one of its own,
/// so the read takes one round trip to PostgreSQL instead of two. The checks are the
/// same. A request without a session cookie is 401 at once; a proxied identity is resolved
/// here, as before (its sign-in is logged after its own commit).
pub enum SignedIn {
    /// A session cookie's token, not checked yet.
    Session(String),
    /// The user a trusted authenticating proxy named.
    Proxied(CurrentUser),
}

impl SignedIn {
    /// The contact information of the signed-in user's account; 401 when the session is
    /// unknown, expired or idle too long.
    pub fn contact_view(&self, tx: &Tx<'_>) -> Result<contact_info::View, ApiError> {
        match self {
            Self::Session(token) => {
                let lookup = sessions::Lookup::new(token, auth::SESSION_IDLE_SECS);
                contact_info::load_view_as(tx, &lookup)?.ok_or(ApiError::Unauthenticated)
            }
            Self::Proxied(user) => Ok(contact_info::load_view(tx, user.account_id)?),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(user) = proxied(parts, state).await? {
            return Ok(Self::Proxied(user));
        }
        session_token(&parts.headers, state)
            .map(Self::Session)
            .ok_or(ApiError::Unauthenticated)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    /// As [`MaybeUser`], and 401 when nobody is signed in.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(ApiError::Unauthenticated)
    }
}

/// A signed-in user whose role may edit the contact information (403 otherwise).
/// As an extractor it runs before the body is read, so the role is checked first.
pub struct ContactEditor(pub CurrentUser);

/// A signed-in user whose role may manage the account's users (403 otherwise).
pub struct UserManager(pub CurrentUser);

async fn with_role(
    parts: &mut Parts,
    state: &AppState,
    allowed: fn(Role) -> bool,
) -> Result<CurrentUser, ApiError> {
    let user = CurrentUser::from_request_parts(parts, state).await?;
    if allowed(user.role) {
        Ok(user)
    } else {
        Err(ApiError::Forbidden)
    }
}

impl FromRequestParts<AppState> for ContactEditor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        with_role(parts, state, Role::can_edit_contact_info)
            .await
            .map(Self)
    }
}

impl FromRequestParts<AppState> for UserManager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        with_role(parts, state, Role::can_manage_users)
            .await
            .map(Self)
    }
}

/// The version named by a strong `If-Match: "N"`; anything else matches no version.
/// A missing header is 428: writes to versioned resources must say what they replace.
pub struct IfMatch(Option<i64>);

impl IfMatch {
    pub fn matches(&self, version: i64) -> bool {
        self.0 == Some(version)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        Ok(Self(value.to_str().ok().and_then(|text| {
            text.trim()
                .strip_prefix('"')?
                .strip_suffix('"')?
                .parse()
                .ok()
        })))
    }
}

const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

/// The `Idempotency-Key` of a creating request (400 when missing or longer than
/// [`MAX_IDEMPOTENCY_KEY_LEN`]).
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .headers
            .get("idempotency-key")
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|key| !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN)
            .map(|key| Self(key.to_owned()))
            .ok_or(ApiError::IdempotencyKeyRequired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "198.51.100.7, 203.0.113.9, 10.0.0.2".parse().unwrap(),
        );
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(ClientIp::resolve(stranger, &headers, &[proxy]).0, stranger);
        assert_eq!(
            ClientIp::resolve(proxy, &headers, &[proxy]).0,
            "203.0.113.9".parse::<IpAddr>().unwrap(),
            "the nearest untrusted hop, not the client-supplied first entry"
        );
        assert_eq!(
            ClientIp::resolve(proxy, &HeaderMap::new(), &[proxy]).0,
            proxy
        );
        let v6 = ClientIp("2001:db8:1:2:3:4:5:6".parse().unwrap());
        assert_eq!(v6.source_key(), "2001:db8:1:2::/64");
        assert_eq!(v6.network_key().as_deref(), Some("2001:db8:1::/48"));
        let v4 = ClientIp("127.0.0.9".parse().unwrap());
        assert_eq!(v4.source_key(), "127.0.0.9");
        assert_eq!(v4.network_key(), None);
        let mapped = ClientIp("::ffff:127.0.0.9".parse().unwrap());
        assert_eq!(mapped.source_key(), "127.0.0.9");
        assert_eq!(mapped.network_key(), None);
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_proxy_reached_over_a_dual_stack_listener_is_still_trusted() {
        let loopback = [ip("127.0.0.1")];
        let mapped_peer = ip("::ffff:127.0.0.1");
        let headers = forwarded("198.51.100.7");
        assert_eq!(
            ClientIp::resolve(mapped_peer, &headers, &loopback).0,
            ip("198.51.100.7"),
            "the proxy's forwarded client, not the proxy"
        );
        // The other way round: the trusted list names the mapped form.
        assert_eq!(
            ClientIp::resolve(ip("127.0.0.1"), &headers, &[mapped_peer]).0,
            ip("198.51.100.7")
        );
        // A mapped entry in the header is the IPv4 client.
        let headers = forwarded("::ffff:198.51.100.7");
        assert_eq!(
            ClientIp::resolve(mapped_peer, &headers, &loopback).0,
            ip("198.51.100.7")
        );
        // An untrusted mapped peer is keyed by its IPv4 address.
        assert_eq!(
            ClientIp::resolve(ip("::ffff:192.0.2.1"), &headers, &loopback).0,
            ip("192.0.2.1")
        );
    }

    #[test]
    fn a_trusted_proxy_is_recognized_by_its_canonical_address() {
        let loopback = [ip("127.0.0.1")];
        assert!(is_trusted_proxy(ip("127.0.0.1"), &loopback));
        assert!(is_trusted_proxy(ip("::ffff:127.0.0.1"), &loopback));
        assert!(is_trusted_proxy(ip("127.0.0.1"), &[ip("::ffff:127.0.0.1")]));
        assert!(!is_trusted_proxy(ip("127.0.0.2"), &loopback));
        assert!(!is_trusted_proxy(ip("::1"), &loopback));
        assert!(!is_trusted_proxy(ip("127.0.0.1"), &[]));
    }

    #[test]
    fn forwarded_entries_with_ports_and_brackets_are_read() {
        let proxy = [ip("10.0.0.2")];
        for (value, client) in [
            ("203.0.113.9:51234", "203.0.113.9"),
            ("[2001:db8::7]:443", "2001:db8::7"),
            ("[2001:db8::7]", "2001:db8::7"),
            (" 2001:db8::7 ", "2001:db8::7"),
            ("198.51.100.7, 203.0.113.9:80", "203.0.113.9"),
        ] {
            let headers = forwarded(value);
            assert_eq!(
                ClientIp::resolve(ip("10.0.0.2"), &headers, &proxy).0,
                ip(client),
                "{value}"
            );
        }
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk_instead_of_being_skipped() {
        let proxies = [ip("10.0.0.2"), ip("10.0.0.3")];
        // The attacker wrote 198.51.100.66; what the trusted proxy wrote cannot be read.
        for unreadable in [
            "garbage",
            "unknown",
            "_hidden",
            "[2001:db8::7",
            "1.2.3.4:x",
            "",
        ] {
            let value = format!("198.51.100.66, {unreadable}");
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", value.parse().unwrap());
            assert_eq!(
                ClientIp::resolve(ip("10.0.0.2"), &headers, &proxies).0,
                ip("10.0.0.2"),
                "{value:?}: the proxy, never the attacker's entry"
            );
        }
        // Behind two proxies: the unreadable entry was written by the inner one.
        let headers = forwarded("198.51.100.66, garbage, 10.0.0.3");
        assert_eq!(
            ClientIp::resolve(ip("10.0.0.2"), &headers, &proxies).0,
            ip("10.0.0.3")
        );
        // Several header lines are one list, read from the right.
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.66"));
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert_eq!(
            ClientIp::resolve(ip("10.0.0.2"), &headers, &proxies).0,
            ip("203.0.113.9")
        );
    }
}
