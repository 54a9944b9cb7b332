//! Serving the built SPA. Trunk names its outputs by content hash (`[build] filehash`), so
//! those files never change under their name: they are cached for a year (`immutable`) and
//! served precompressed (`.br`, `.gz` written next to them by `cargo xtask dist`) when the
//! browser accepts it. index.html (for `/` and, on reload, every client-side route) names
//! the current hashes, so it is revalidated on every use (`no-cache`) by its ETag, and gets
//! a fresh CSP nonce whenever it is sent in full.
//!
//! index.html also names what the SPA asks the API for first on the page requested
//! ([`first_requests`]) as `<link rel="preload">`, so those answers are on their way while
//! the wasm downloads instead of after it started: the blocking modal's first paint waits
//! for them (Lighthouse's phone profile: LCP −0.4 s).

use super::extract::{CurrentUser, MaybeUser};
use crate::error::{ApiError, ApiResult};
use crate::http::security::{TRUNK_NONCE_PLACEHOLDER, header_value, spa_page};
use crate::state::AppState;
use crate::store::users;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_http::services::ServeDir;

/// For files whose name carries their content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: use it only after asking whether it changed.
const REVALIDATE: &str = "no-cache";

/// `app` with the SPA in `dir` behind it: files as they are (precompressed where a `.br` or
/// `.gz` sibling exists), index.html for every other path outside /api.
pub fn serve(app: Router<AppState>, dir: &Path, state: &AppState) -> Router<AppState> {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(get(index).with_state::<()>(state.clone()));
    app.route("/", get(index))
        .route("/index.html", get(index))
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy))
}

/// Whether a path names one of Trunk's hashed outputs: `name-<hex>.ext` or
/// `name-<hex>_bg.wasm` (the hash is 16 hex digits, fewer when it starts with zeros).
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _extension)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (8..=16).contains(&hash.len())
            && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
    })
}

/// Hashed files are immutable; anything else is revalidated (unless it says otherwise, as
/// /api's `no-store` does). A file served precompressed differs by `Accept-Encoding`, which
/// shared caches must know.
async fn cache_policy(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    // A hashed name that is not there (an asset of an older build) gets index.html from
    // the fallback: that answer must not be cached as if it were the asset.
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if hashed && !is_page && (status.is_success() || status == StatusCode::NOT_MODIFIED) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    } else {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(REVALIDATE));
    }
    response
}

/// index.html of the SPA.
async fn index(State(state): State<AppState>, request: Request) -> Response {
    let Some(dir) = &state.config.static_dir else {
        return ApiError::NotFound.into_response();
    };
    let (mut parts, _) = request.into_parts();
    let preloads = preloads(&state, &mut parts).await;
    match index_page(&dir.join("index.html"), &preloads, &parts.headers).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

/// The preloads of the requested page. Who is signed in is looked up only on the portal's
/// pages: no other page preloads anything, so they cost no session query.
async fn preloads(state: &AppState, parts: &mut Parts) -> Vec<&'static str> {
    let path = parts.uri.path().to_owned();
    if !is_portal_page(&path) {
        return Vec::new();
    }
    // A failed lookup only costs the preloads: the SPA asks again and shows the error.
    let session = match MaybeUser::from_request_parts(parts, state).await {
        Ok(MaybeUser(Some(user))) => Some(signed_in(state, user).await),
        Ok(MaybeUser(None)) | Err(_) => None,
    };
    first_requests(&path, session.as_ref())
}

/// The portal's pages, as the SPA's router names them (`src/app.rs`, the routes inside
/// `PortalShell`): each of them starts by asking who is signed in.
const PORTAL_PAGES: [&str; 4] = [
    "/",
    "/configuration/contact-information",
    "/configuration/users",
    "/help/contact-support",
];

fn is_portal_page(path: &str) -> bool {
    PORTAL_PAGES.contains(&path)
}

/// What the SPA knows of a signed-in session once `GET /api/v1/session` answered.
struct SignedIn {
    account_chosen: bool,
    several_accounts: bool,
}

async fn signed_in(state: &AppState, user: CurrentUser) -> SignedIn {
    let several_accounts = state
        .store
        .run(move |tx| users::account_count(tx, user.user_id))
        .await
        .is_ok_and(|count| count > 1);
    SignedIn {
        account_chosen: user.account_chosen,
        several_accounts,
    }
}

/// The API requests the SPA sends first on `path` (its shell: `src/shell/mod.rs`,
/// `src/state.rs`), all of them `GET`s without headers of their own, which is what lets a
/// preload's answer be taken for them. Nothing the SPA might not ask for: an unused
/// preload is a wasted request and a console warning.
fn first_requests(path: &str, session: Option<&SignedIn>) -> Vec<&'static str> {
    if !is_portal_page(path) {
        return Vec::new();
    }
    let mut requests = vec!["/api/v1/session"];
    match session {
        None => {}
        // The account picker.
        Some(session) if !session.account_chosen => requests.push("/api/v1/accounts"),
        Some(session) => {
            requests.extend(["/api/v1/contact-info", "/api/v1/users"]);
            if session.several_accounts {
                requests.push("/api/v1/accounts");
            }
        }
    }
    requests
}

/// `html` with a preload of each of `requests` at the end of its head. `crossorigin`
/// ("anonymous": cookies go along to the same origin) makes them match the SPA's `fetch`.
fn with_preloads(html: &str, requests: &[&str]) -> String {
    let Some(head_end) = html.find("</head>") else {
        return html.to_owned();
    };
    let mut page = String::with_capacity(html.len() + 100 * requests.len());
    page.push_str(&html[..head_end]);
    for url in requests {
        page.push_str(r#"<link rel="preload" href=""#);
        page.push_str(url);
        page.push_str(r#"" as="fetch" crossorigin="anonymous">"#);
    }
    page.push_str(&html[head_end..]);
    page
}

/// The strong ETag of index.html as sent (before its nonce is filled in): with its
/// preloads, so a page cached for another session state is not taken for this one.
fn entity_tag(html: &str) -> String {
    let digest = Sha256::digest(html.as_bytes());
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12]);
    format!("\"{text}\"")
}

/// Whether `If-None-Match` names `tag` (or `*`); weak comparison, as RFC 9110 says.
fn is_unchanged(request_headers: &HeaderMap, tag: &str) -> bool {
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|candidate| {
            let candidate = candidate.trim();
            candidate.strip_prefix("W/").unwrap_or(candidate)
        })
        .any(|candidate| candidate == tag || candidate == "*")
}

/// Set once the warning about an index.html without nonces was logged.
static WARNED_NO_NONCE: AtomicBool = AtomicBool::new(false);

async fn index_page(
    path: &Path,
    preloads: &[&str],
    request_headers: &HeaderMap,
) -> ApiResult<Response> {
    let html = tokio::fs::read_to_string(path)
        .await
        .map_err(|error| ApiError::internal(format!("{}: {error}", path.display())))?;
    let html = with_preloads(&html, preloads);
    let tag = entity_tag(&html);
    let etag = header_value(&tag)?;
    let revalidate = HeaderValue::from_static(REVALIDATE);
    if is_unchanged(request_headers, &tag) {
        // The browser keeps the page it has, with the policy that came with it (its nonce
        // is in that page): a 304 carries no policy of its own (see `security_headers`).
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, revalidate)],
        )
            .into_response());
    }
    let (html, policy, hashed) = spa_page(&html);
    if hashed && !WARNED_NO_NONCE.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            "{} has no {TRUNK_NONCE_PLACEHOLDER} placeholder: its inline scripts are allowed by \
             hash; build with Trunk's `[build] create_nonce = true`",
            path.display()
        );
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, revalidate),
            (header::ETAG, etag),
            (
                header::CONTENT_SECURITY_POLICY,
                header_value(&policy.to_string())?,
            ),
        ],
        html,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunks_hashed_outputs_are_immutable() {
        for hashed in [
            "/partner-portal-a9ff9711287b425.js",
            "/partner-portal-f43a0bc31633de69_bg.wasm",
            "/main-c76d3bdf845d4b43.css",
            "/partner-portal-f43a0bc31633de69_bg.wasm.br",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/configuration/users",
            "/favicon.ico",
            "/app-1234.js",
            "/-a9ff9711287b425.js",
            "/partner-portal-a9ff971128xb425.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn the_first_requests_are_preloaded_for_what_the_page_shows() {
        let chosen = |several_accounts| SignedIn {
            account_chosen: true,
            several_accounts,
        };
        assert_eq!(first_requests("/", None), ["/api/v1/session"]);
        assert_eq!(
            first_requests("/configuration/users", Some(&chosen(false))),
            ["/api/v1/session", "/api/v1/contact-info", "/api/v1/users"]
        );
        assert_eq!(
            first_requests("/", Some(&chosen(true))),
            [
                "/api/v1/session",
                "/api/v1/contact-info",
                "/api/v1/users",
                "/api/v1/accounts"
            ]
        );
        let picking = SignedIn {
            account_chosen: false,
            several_accounts: true,
        };
        assert_eq!(
            first_requests("/help/contact-support", Some(&picking)),
            ["/api/v1/session", "/api/v1/accounts"]
        );
        // Pages outside the portal ask for none of it.
        for path in [
            "/sign-in",
            "/sign-in/callback",
            "/verify",
            "/index.html",
            "/x",
        ] {
            assert!(
                first_requests(path, Some(&chosen(false))).is_empty(),
                "{path}"
            );
        }
    }

    #[test]
    fn the_portal_pages_are_the_spas_routes_in_its_shell() {
        let app = include_str!("../../../src/app.rs");
        let shell = app
            .split_once("<ParentRoute")
            .and_then(|(_, rest)| rest.split_once("</ParentRoute>"))
            .map(|(shell, _)| shell)
            .expect("src/app.rs mounts the portal's pages in a ParentRoute");
        let routes: Vec<&str> = shell
            .split("<Route")
            .skip(1)
            .filter_map(|route| route.split_once("path!(\"")?.1.split_once('"'))
            .map(|(path, _)| path)
            .collect();
        assert_eq!(routes, PORTAL_PAGES);
    }

    #[test]
    fn preloads_go_at_the_end_of_the_head() {
        let html = "<html><title>P</title><script></script></head><body></body></html>";
        assert_eq!(
            with_preloads(html, &["/api/v1/session"]),
            "<html><title>P</title><script></script><link rel=\"preload\" \
             href=\"/api/v1/session\" as=\"fetch\" crossorigin=\"anonymous\"></head>\
             <body></body></html>"
        );
        assert_eq!(with_preloads(html, &[]), html);
        assert_eq!(with_preloads("<p>no head</p>", &["/x"]), "<p>no head</p>");
        assert_ne!(
            entity_tag(&with_preloads(html, &["/api/v1/session"])),
            entity_tag(html)
        );
    }

    #[test]
    fn if_none_match_lists_are_understood() {
        let tag = "\"0123456789abcdef\"";
        let mut headers = HeaderMap::new();
        assert!(!is_unchanged(&headers, tag));
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"other\", \"0123456789abcdef\""),
        );
        assert!(is_unchanged(&headers, tag));
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"0123456789abcdef\""),
        );
        assert!(is_unchanged(&headers, tag));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\""));
        assert!(!is_unchanged(&headers, tag));
    }
}
