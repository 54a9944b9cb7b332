//! Browser-side hardening: the Content-Security-Policy of each kind of response (the SPA's
//! index.html gets a fresh nonce for Trunk's bootstrap script on every response), the
//! other security headers, and the refusal of cross-site unsafe requests (CSRF).

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;

/// What Trunk writes in `nonce="…"` attributes with `[build] create_nonce = true`.
pub const TRUNK_NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// A Content-Security-Policy. Every kind of response starts from `default-src 'none'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentSecurityPolicy {
    directives: Vec<(&'static str, Vec<String>)>,
}

impl ContentSecurityPolicy {
    fn new(extra: Vec<(&'static str, Vec<String>)>) -> Self {
        let mut directives = vec![("default-src", vec!["'none'".to_owned()])];
        directives.extend(extra);
        directives.extend([
            ("base-uri", vec!["'none'".to_owned()]),
            ("frame-ancestors", vec!["'none'".to_owned()]),
            ("object-src", vec!["'none'".to_owned()]),
        ]);
        Self { directives }
    }

    /// For JSON and everything else that is not a page: nothing may run or load.
    pub fn for_api() -> Self {
        Self::new(vec![("form-action", vec!["'none'".to_owned()])])
    }

    /// For a page with one inline style and no script (the development outbox).
    pub fn for_static_page(style: &str) -> Self {
        Self::new(vec![
            ("style-src", vec![hash_source(style)]),
            ("form-action", vec!["'none'".to_owned()]),
        ])
    }

    /// For the SPA: its own scripts, the inline bootstrap Trunk writes (by `nonce`; by hash
    /// only for a build without nonces, see [`spa_page`]), WebAssembly, styles and requests
    /// to its own origin.
    pub fn for_spa(nonce: &str, inline_script_hashes: Vec<String>) -> Self {
        let nonce = format!("'nonce-{nonce}'");
        let mut scripts = vec![
            "'self'".to_owned(),
            "'wasm-unsafe-eval'".to_owned(),
            nonce.clone(),
        ];
        scripts.extend(inline_script_hashes);
        let own = |source: &str| vec!["'self'".to_owned(), source.to_owned()];
        Self::new(vec![
            ("script-src", scripts),
            ("style-src", own(&nonce)),
            ("connect-src", vec!["'self'".to_owned()]),
            ("img-src", own("data:")),
            ("font-src", vec!["'self'".to_owned()]),
            ("manifest-src", vec!["'self'".to_owned()]),
            ("form-action", vec!["'self'".to_owned()]),
        ])
    }
}

impl fmt::Display for ContentSecurityPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, sources) in &self.directives {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{name} {}", sources.join(" "))?;
        }
        Ok(())
    }
}

/// `'sha256-…'` of an inline script or style.
fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The hashes of the inline `<script>` elements (those without `src`) of a page.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(end) = rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            hashes.push(hash_source(&rest[..end]));
        }
        rest = &rest[end..];
    }
    hashes
}

pub fn header_value(text: &str) -> ApiResult<HeaderValue> {
    HeaderValue::from_str(text).map_err(ApiError::internal)
}

/// A fresh nonce (128 bits).
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// index.html with a fresh nonce in place of Trunk's placeholder, and its policy. Inline scripts
/// are allowed by that nonce only: were they also allowed by hash, nobody would notice the
/// placeholder no longer being replaced (and a script injected with a guessed nonce
/// attribute would still need the nonce). Only a page without the placeholder (a build
/// without `create_nonce`) gets its inline scripts' hashes instead; the third value says
/// so.
pub fn spa_page(html: &str) -> (String, ContentSecurityPolicy, bool) {
    page_with_nonce(html, &new_nonce())
}

fn page_with_nonce(html: &str, nonce: &str) -> (String, ContentSecurityPolicy, bool) {
    if html.contains(TRUNK_NONCE_PLACEHOLDER) {
        let html = html.replace(TRUNK_NONCE_PLACEHOLDER, nonce);
        (
            html,
            ContentSecurityPolicy::for_spa(nonce, Vec::new()),
            false,
        )
    } else {
        let hashes = inline_script_hashes(html);
        (
            html.to_owned(),
            ContentSecurityPolicy::for_spa(nonce, hashes),
            true,
        )
    }
}

/// The headers every response carries (unless it set its own CSP): no sniffing, no
/// framing, no cross-origin embedding or opener access, no powerful features, no referrer
/// beyond the origin, and HSTS when the public URL is https.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), \
             magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if state.config.public_url_is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // A 304 keeps the cached response's policy (index.html's names its page's nonce).
    if status != StatusCode::NOT_MODIFIED
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Some(value) = api_policy()
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, value.clone());
    }
    response
}

/// [`ContentSecurityPolicy::for_api`] as a header, made once (most responses carry it).
fn api_policy() -> Option<&'static HeaderValue> {
    static POLICY: std::sync::LazyLock<Option<HeaderValue>> = std::sync::LazyLock::new(|| {
        HeaderValue::from_str(&ContentSecurityPolicy::for_api().to_string()).ok()
    });
    POLICY.as_ref()
}

/// Whether a browser sent this unsafe request from another site. Browsers say where a
/// request comes from in `Sec-Fetch-Site` (all current ones) or at least `Origin` (every
/// cross-origin request); a request with neither is not from a browser, so it cannot be
/// forged by one.
fn is_cross_site(method: &Method, headers: &axum::http::HeaderMap, public_origin: &str) -> bool {
    if !is_unsafe(method) {
        return false;
    }
    let origin_is_ours = || {
        headers
            .get(header::ORIGIN)
            .is_some_and(|origin| origin.as_bytes() == public_origin.as_bytes())
    };
    match headers.get("sec-fetch-site").map(HeaderValue::as_bytes) {
        Some(b"same-origin" | b"none") => false,
        Some(_) => !origin_is_ours(),
        None => headers.contains_key(header::ORIGIN) && !origin_is_ours(),
    }
}

/// The methods [`is_cross_site`] checks: all but GET, HEAD and OPTIONS.
fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses (403) unsafe requests under /api that a browser sent from another site.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if is_cross_site(
        request.method(),
        request.headers(),
        state.config.public_origin(),
    ) {
        return ApiError::CrossSite.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn only_cross_site_unsafe_browser_requests_are_refused() {
        let ours = "https://portal.example";
        let post = Method::POST;
        assert!(!is_cross_site(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            ours
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")]),
            ours
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "none")]),
            ours
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-site")]),
            ours
        ));
        assert!(is_cross_site(
            &Method::DELETE,
            &headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example")
            ]),
            ours
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[("origin", "https://evil.example")]),
            ours
        ));
        assert!(is_cross_site(&post, &headers(&[("origin", "null")]), ours));
        assert!(!is_cross_site(
            &post,
            &headers(&[("origin", "https://portal.example")]),
            ours
        ));
        assert!(
            !is_cross_site(&post, &HeaderMap::new(), ours),
            "not a browser"
        );
    }

    #[test]
    fn the_spa_policy_allows_its_bootstrap_and_nothing_inline_else() {
        let html = "<html><head><script type=\"module\" nonce=\"abc\">import init from '/app.js';</script>\
                    <script src=\"/other.js\"></script></head></html>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes, [hash_source("import init from '/app.js';")]);
        let policy = ContentSecurityPolicy::for_spa("abc", hashes).to_string();
        assert!(policy.starts_with(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'nonce-abc' 'sha256-"
        ));
        for directive in [
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ] {
            assert!(policy.contains(directive), "{directive}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }

    #[test]
    fn inline_scripts_are_allowed_by_hash_only_in_a_page_without_nonces() {
        let script = "import init from '/app.js';";
        let with_nonce = format!(
            "<script type=\"module\" nonce=\"{TRUNK_NONCE_PLACEHOLDER}\">{script}</script>"
        );
        let (html, policy, hashed) = page_with_nonce(&with_nonce, "n0nce");
        assert!(!hashed);
        assert!(
            html.contains("nonce=\"n0nce\"") && !html.contains("TRUNK"),
            "{html}"
        );
        let policy = policy.to_string();
        assert!(policy.contains("'nonce-n0nce'"), "{policy}");
        assert!(!policy.contains("'sha256-"), "nonce only: {policy}");

        let without_nonce = format!("<script type=\"module\">{script}</script>");
        let (html, policy, hashed) = page_with_nonce(&without_nonce, "n0nce");
        assert!(hashed);
        assert_eq!(html, without_nonce);
        assert!(
            policy.to_string().contains(&hash_source(script)),
            "{policy}"
        );
    }
}
