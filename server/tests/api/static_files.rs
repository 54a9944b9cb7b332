//! Serving the built SPA: files, index.html for client-side routes, and /api never
//! falling back to the SPA.

use crate::common::{TestServer, expect_problem, get_json};
use reqwest::StatusCode;

/// The SPA's policy: strict, and its inline bootstrap allowed by nonce only (were it also
/// allowed by hash, nobody would notice the nonce no longer being written).
fn assert_spa_policy(policy: &str) {
    for directive in [
        "default-src 'none'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(!policy.contains("'sha256-"), "nonce only: {policy}");
}

#[tokio::test]
async fn the_spa_is_served_and_client_routes_get_index_html() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>Partner Portal SPA</title>\
         <script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import init from '/app-1234.js';</script>",
    )
    .unwrap();
    std::fs::write(site.path().join("app-1234.js"), "console.log(1);").unwrap();
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;

    let mut nonces = Vec::new();
    for path in [
        "/",
        "/index.html",
        "/configuration/users",
        "/sign-in/callback",
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        let policy = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.text().await.unwrap();
        assert!(body.contains("Partner Portal SPA"), "{path}: {body}");
        let nonce = body
            .split_once("nonce=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(nonce, _)| nonce.to_owned())
            .expect("a nonce");
        assert!(!nonce.contains("TRUNK"), "the placeholder is replaced");
        assert!(
            policy.contains(&format!("'nonce-{nonce}'")),
            "{path}: {policy}"
        );
        assert_spa_policy(&policy);
        for (name, value) in [
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
            ("x-frame-options", "DENY"),
        ] {
            assert_eq!(headers[name], value, "{path}");
        }
        assert!(headers.contains_key("permissions-policy"));
        assert!(
            !headers.contains_key("strict-transport-security"),
            "no HSTS for an http public URL"
        );
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a fresh nonce per response");

    let script = reqwest::get(format!("{}/app-1234.js", server.url))
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(script.text().await.unwrap(), "console.log(1);");

    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/no-such-thing",
        "/api/v2/contact-info",
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        expect_problem(response, StatusCode::NOT_FOUND, "not-found").await;
    }
    let health = reqwest::get(server.api("/health")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.headers()["cache-control"], "no-store");
    assert_eq!(health.headers()["referrer-policy"], "same-origin");
}

#[tokio::test]
async fn probes_answer_and_every_response_is_hardened() {
    let server = TestServer::start_with(|config| {
        config.public_url = Some("https://portal.example".parse().expect("a URL"));
    })
    .await;
    for path in ["/healthz", "/readyz"] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let response = reqwest::get(server.api("/health")).await.unwrap();
    let headers = response.headers();
    assert_eq!(headers["strict-transport-security"], "max-age=31536000");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    assert_eq!(headers["x-request-id"].len(), 16);
    assert_eq!(headers["cross-origin-resource-policy"], "same-origin");
}

#[tokio::test]
async fn on_a_stop_signal_readiness_fails_while_requests_are_still_served() {
    let server = TestServer::start_with(|config| config.shutdown_drain_secs = Some(3)).await;
    let get = |path: String| async move {
        // A fresh connection each time: new clients must still be accepted.
        reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap()
            .get(path)
            .send()
            .await
    };
    let ready = get(format!("{}/readyz", server.url)).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let signalled = std::time::Instant::now();
    server.signal_stop();
    let mut ready = get(format!("{}/readyz", server.url))
        .await
        .unwrap()
        .status();
    while ready == StatusCode::OK && signalled.elapsed() < std::time::Duration::from_secs(1) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        ready = get(format!("{}/readyz", server.url))
            .await
            .unwrap()
            .status();
    }
    assert_eq!(
        ready,
        StatusCode::SERVICE_UNAVAILABLE,
        "readiness fails first"
    );
    for path in [format!("{}/healthz", server.url), server.api("/health")] {
        let response = get(path.clone())
            .await
            .expect("still served while draining");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(3),
        "all within the drain"
    );
    let url = server.url.clone();
    server.stop().await;
    let stopped = signalled.elapsed();
    assert!(
        // Not the 30 s shutdown deadline: at most the workers' 5 s on top of the drain.
        stopped >= std::time::Duration::from_secs(3)
            && stopped < std::time::Duration::from_secs(10),
        "the listener closed after the drain: {stopped:?}"
    );
    assert!(
        get(format!("{url}/healthz")).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test]
async fn a_build_without_nonces_gets_its_inline_scripts_allowed_by_hash() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>Partner Portal SPA</title>\
         <script type=\"module\">import init from '/app-1234.js';</script>",
    )
    .unwrap();
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;
    let response = reqwest::get(format!("{}/", server.url)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-"),
        "{policy}"
    );
    assert!(policy.contains("'sha256-"), "{policy}");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_served_precompressed() {
    let site = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(site.path().join(name), bytes).unwrap();
    write(
        "index.html",
        b"<!DOCTYPE html><title>SPA</title><script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import '/app-0123456789abcdef.js';</script>",
    );
    // Distinct bytes per encoding, so the test sees which file was sent.
    write("app-0123456789abcdef.js", b"console.log('raw');");
    write("app-0123456789abcdef.js.br", b"brotli bytes");
    write("app-0123456789abcdef.js.gz", b"gzip bytes");
    write("app-0123456789abcdef_bg.wasm", b"\0asm raw");
    write("app-0123456789abcdef_bg.wasm.br", b"wasm brotli bytes");
    write("robots.txt", b"User-agent: *");
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;
    let client = reqwest::Client::new();
    let get = |path: &str, encoding: &str| {
        client
            .get(format!("{}{path}", server.url))
            .header("accept-encoding", encoding)
            .send()
    };

    for (path, encoding, sent, body, content_type) in [
        (
            "/app-0123456789abcdef.js",
            "gzip, deflate, br, zstd",
            Some("br"),
            "brotli bytes",
            "javascript",
        ),
        (
            "/app-0123456789abcdef.js",
            "gzip",
            Some("gzip"),
            "gzip bytes",
            "javascript",
        ),
        (
            "/app-0123456789abcdef.js",
            "identity",
            None,
            "console.log('raw');",
            "javascript",
        ),
        (
            "/app-0123456789abcdef_bg.wasm",
            "br",
            Some("br"),
            "wasm brotli bytes",
            "application/wasm",
        ),
        // No .gz of the wasm: the file itself.
        (
            "/app-0123456789abcdef_bg.wasm",
            "gzip",
            None,
            "\0asm raw",
            "application/wasm",
        ),
    ] {
        let response = get(path, encoding).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path} {encoding}");
        let headers = response.headers().clone();
        assert_eq!(
            headers
                .get("content-encoding")
                .map(|value| value.to_str().unwrap()),
            sent,
            "{path} {encoding}"
        );
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .contains(content_type),
            "{path}: {:?}",
            headers["content-type"]
        );
        assert_eq!(
            headers["cache-control"], "public, max-age=31536000, immutable",
            "{path}"
        );
        assert_eq!(headers["vary"], "accept-encoding", "{path}");
        assert_eq!(response.text().await.unwrap(), body, "{path} {encoding}");
    }

    let plain = get("/robots.txt", "br").await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    // An asset of an older build is gone: the page it falls back to is not cached as it.
    let gone = get("/app-fedcba9876543210.js", "br").await.unwrap();
    assert!(
        gone.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(gone.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn index_html_is_revalidated_by_the_etag_of_its_build() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>SPA</title><script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import '/app-0123456789abcdef.js';</script>",
    )
    .unwrap();
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;
    let client = reqwest::Client::new();
    let get = |path: &str, encoding: &str| {
        client
            .get(format!("{}{path}", server.url))
            .header("accept-encoding", encoding)
            .send()
    };
    // index.html: revalidated by its ETag; a 304 keeps the cached page's own policy.
    let first = get("/", "br").await.unwrap();
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "{etag}"
    );
    for path in ["/", "/configuration/users"] {
        let again = client
            .get(format!("{}{path}", server.url))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"], etag.as_str());
        assert_eq!(again.headers()["cache-control"], "no-cache");
        assert!(
            !again.headers().contains_key("content-security-policy"),
            "a 304 must not replace the cached page's policy (its nonce)"
        );
    }
    let stale = client
        .get(format!("{}/", server.url))
        .header("if-none-match", "\"an-older-build\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
    assert_spa_policy(stale.headers()["content-security-policy"].to_str().unwrap());
    // A new build changes the tag.
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>SPA 2</title>",
    )
    .unwrap();
    let rebuilt = client
        .get(format!("{}/", server.url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(rebuilt.status(), StatusCode::OK);
    assert_ne!(rebuilt.headers()["etag"], etag.as_str());
}

/// The preload links of a served index.html, in order.
fn preloads(html: &str) -> Vec<String> {
    html.split(r#"<link rel="preload" href=""#)
        .skip(1)
        .filter_map(|link| link.split_once('"'))
        .map(|(href, _)| href.to_owned())
        .collect()
}

#[tokio::test]
async fn index_html_preloads_what_the_portal_asks_first_for_this_session() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><html><title>SPA</title></head><body></body></html>",
    )
    .unwrap();
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;
    let page = |client: reqwest::Client, path: &str| {
        let url = format!("{}{path}", server.url);
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let etag = response.headers()["etag"].to_str().unwrap().to_owned();
            (etag, preloads(&response.text().await.unwrap()))
        }
    };
    let signed_out = TestServer::client();
    let (out_tag, out) = page(signed_out.clone(), "/").await;
    assert_eq!(out, ["/api/v1/session"]);
    // Pages outside the portal ask the API for nothing at first.
    for path in ["/sign-in", "/sign-in/callback", "/verify", "/unknown"] {
        assert_eq!(page(signed_out.clone(), path).await.1, Vec::<String>::new());
    }

    let admin = server.signed_in("admin@demo.example").await;
    let (in_tag, signed_in) = page(admin.clone(), "/configuration/users").await;
    assert_eq!(
        signed_in,
        ["/api/v1/session", "/api/v1/contact-info", "/api/v1/users"]
    );
    // A page cached while signed out is not taken for the signed-in one.
    assert_ne!(in_tag, out_tag);
    let revalidated = admin
        .get(format!("{}/", server.url))
        .header("if-none-match", &out_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::OK);

    // Several accounts: the picker first, then the header's account switcher.
    let agency = server.signed_in("agency@studio.example").await;
    assert_eq!(
        page(agency.clone(), "/").await.1,
        ["/api/v1/session", "/api/v1/accounts"]
    );
    let accounts: serde_json::Value = get_json(&agency, server.api("/accounts")).await;
    let account_id = accounts["accounts"][0]["account_id"].as_i64().unwrap();
    let switched = agency
        .post(server.api("/session/account"))
        .json(&serde_json::json!({ "account_id": account_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    assert_eq!(
        page(agency, "/help/contact-support").await.1,
        [
            "/api/v1/session",
            "/api/v1/contact-info",
            "/api/v1/users",
            "/api/v1/accounts"
        ]
    );
}
