//! Identity delegated to an authenticating reverse proxy (`--auth-proxy-header`): a trusted
//! proxy's header names the user on every request, without the link flow; the header of
//! any other peer is ignored, and an address that is no user's signs nobody in.

use crate::common::{MAIL_FROM, TestServer, expect_problem, get_json, put_contact};
use crate::mail::log_text;
use portal_rules::api::{CurrentSession, SessionInfo};
use portal_rules::model::{Role, UserStatus};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, StatusCode};
use std::net::IpAddr;

const HEADER: &str = "x-forwarded-email";

/// A production-like server (demo data seeded) behind the proxy on 127.0.0.1.
async fn proxied_server() -> TestServer {
    TestServer::start_with(|config| {
        config.dev = false;
        config.seed_demo = Some(true);
        config.smtp_url = Some("smtp://127.0.0.1:9".into());
        config.mail_from = Some(MAIL_FROM.into());
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        config.auth_proxy_header = Some(HeaderName::from_static(HEADER));
    })
    .await
}

/// A client connecting from `ip` (any 127.0.0.0/8 address is this machine) whose every
/// request carries `X-Forwarded-Email: address` (if given), as a proxy would add it.
fn client_from(ip: [u8; 4], address: Option<&str>) -> Client {
    let mut headers = HeaderMap::new();
    if let Some(address) = address {
        headers.insert(HEADER, HeaderValue::from_str(address).unwrap());
    }
    Client::builder()
        .local_address(IpAddr::from(ip))
        .default_headers(headers)
        .build()
        .unwrap()
}

fn proxy(address: &str) -> Client {
    client_from([127, 0, 0, 1], Some(address))
}

/// The log lines written while answering the request with this `X-Request-Id`.
fn logged_for(response: &reqwest::Response) -> Vec<String> {
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    log_text()
        .lines()
        .filter(|line| line.contains(&id))
        .map(str::to_owned)
        .collect()
}

fn is_proxy_sign_in(line: &str) -> bool {
    line.contains("action=\"sign-in\"") && line.contains("method=\"proxy\"")
}

#[tokio::test]
async fn a_trusted_proxy_signs_the_named_user_in_without_the_link_flow() {
    log_text();
    let server = proxied_server().await;
    let admin = proxy(" Admin@DEMO.example ");
    let first = admin.get(server.api("/session")).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let audit = logged_for(&first);
    let session: SessionInfo = first.json().await.unwrap();
    assert_eq!(session.user.email, "admin@demo.example");
    assert_eq!(session.user.role, Role::Administrator);
    assert_eq!(session.account.partner_id, "demo-1001");
    assert!(
        session.user.last_sign_in_at.is_some(),
        "the sign-in is recorded"
    );
    let signed_in: Vec<&String> = audit.iter().filter(|line| is_proxy_sign_in(line)).collect();
    assert_eq!(signed_in.len(), 1, "{audit:?}");
    assert!(
        signed_in[0].contains(&format!("actor={}", session.user.id))
            && !signed_in[0].contains("demo.example"),
        "ids only: {}",
        signed_in[0]
    );
    // Any authenticated request works, also writes; no cookie is involved, and the next
    // requests are no new sign-ins.
    let second = admin.get(server.api("/users")).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::OK);
    assert!(second.headers().get("set-cookie").is_none());
    assert!(
        !logged_for(&second)
            .iter()
            .any(|line| is_proxy_sign_in(line))
    );
    let saved = put_contact(
        &server,
        &admin,
        Some("\"0\""),
        "production",
        crate::common::complete_contact(),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);

    // An invited user becomes active on their first request through the proxy.
    server.sql().execute(
        "UPDATE users SET status = 'invited' WHERE email = 'viewer@demo.example'",
        &[],
    );
    let viewer: SessionInfo = get_json(&proxy("viewer@demo.example"), server.api("/session")).await;
    assert_eq!(viewer.user.status, UserStatus::Active);
    assert_eq!(viewer.user.role, Role::ReadOnly);
    // Roles still count: a Read-only user cannot save.
    expect_problem(
        put_contact(
            &server,
            &proxy("viewer@demo.example"),
            Some("\"1\""),
            "production",
            crate::common::complete_contact(),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_header_counts_only_from_a_trusted_proxy_and_only_for_a_user() {
    let server = proxied_server().await;
    // The last column: whether the header was ignored (the session probe then answers
    // "signed out") rather than refused (401 there too).
    let refused: [(&str, [u8; 4], &[&str], bool); 5] = [
        (
            "an untrusted peer",
            [127, 0, 0, 2],
            &["admin@demo.example"],
            true,
        ),
        (
            "an unknown address",
            [127, 0, 0, 1],
            &["stranger@demo.example"],
            false,
        ),
        ("no address", [127, 0, 0, 1], &["not-an-address"], false),
        (
            "two addresses",
            [127, 0, 0, 1],
            &["admin@demo.example", "editor@demo.example"],
            false,
        ),
        ("no header", [127, 0, 0, 1], &[], true),
    ];
    for (case, ip, addresses, ignored) in refused {
        let get = |path: &str| {
            let mut request = client_from(ip, None).get(server.api(path));
            for address in addresses {
                request = request.header(HEADER, *address);
            }
            request.send()
        };
        let response = get("/contact-info").await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
        expect_problem(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let probe = get("/session").await.unwrap();
        if ignored {
            assert_eq!(probe.status(), StatusCode::OK, "{case}");
            let body: CurrentSession = probe.json().await.unwrap();
            assert_eq!(body, CurrentSession::SignedOut, "{case}");
        } else {
            expect_problem(probe, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        }
    }
    // The same header from the trusted proxy signs in: the refusals above were for their
    // reasons.
    let trusted = client_from([127, 0, 0, 1], None)
        .get(server.api("/session"))
        .header(HEADER, "admin@demo.example")
        .send()
        .await
        .unwrap();
    assert_eq!(trusted.status(), StatusCode::OK);
    // A removed user is nobody.
    server
        .sql()
        .execute("DELETE FROM users WHERE email = 'viewer@demo.example'", &[]);
    let removed = proxy("viewer@demo.example")
        .get(server.api("/session"))
        .send()
        .await
        .unwrap();
    expect_problem(removed, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Without --auth-proxy-header the header means nothing, even from a trusted proxy.
    let plain = TestServer::start_with(|config| {
        config.dev = false;
        config.smtp_url = Some("smtp://127.0.0.1:9".into());
        config.mail_from = Some(MAIL_FROM.into());
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let response = proxy("admin@demo.example")
        .get(plain.api("/contact-info"))
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let probe: CurrentSession = get_json(&proxy("admin@demo.example"), plain.api("/session")).await;
    assert_eq!(probe, CurrentSession::SignedOut);
}

#[tokio::test]
async fn an_address_in_several_accounts_names_one_user_deterministically() {
    let server = proxied_server().await;
    let sql = server.sql();
    sql.execute(
        "INSERT INTO users (account_id, name, email, role, status, created_at) \
         SELECT id, 'Anna Admin', 'ADMIN@demo.example', 'editor', 'active', '2026-01-01T00:00:00Z' \
         FROM accounts WHERE partner_id = 'demo-2002'",
        &[],
    );
    let partner = async || {
        let session: SessionInfo =
            get_json(&proxy("admin@demo.example"), server.api("/session")).await;
        session.account.partner_id
    };
    // Neither signed in yet: the lowest id; from then on the one who signed in last.
    assert_eq!(partner().await, "demo-1001");
    assert_eq!(partner().await, "demo-1001");
    sql.execute(
        "UPDATE users SET last_sign_in_at = CASE account_id \
         WHEN (SELECT id FROM accounts WHERE partner_id = 'demo-1001') THEN '2020-01-01T00:00:00Z' \
         ELSE '2021-01-01T00:00:00Z' END WHERE lower(email) = 'admin@demo.example'",
        &[],
    );
    assert_eq!(partner().await, "demo-2002");
    assert_eq!(
        partner().await,
        "demo-2002",
        "and stays, as it signed in now"
    );
}

#[tokio::test]
async fn an_identity_header_needs_trusted_proxies_and_no_dev_mode() {
    let dir = tempfile::tempdir().unwrap();
    let base = portal_server::Config {
        auth_proxy_header: Some(HeaderName::from_static(HEADER)),
        ..portal_server::Config::for_tests(dir.path().join("portal.sqlite3"))
    };
    let untrusted = portal_server::Config {
        dev: false,
        smtp_url: Some("smtp://127.0.0.1:9".into()),
        mail_from: Some(MAIL_FROM.into()),
        ..base.clone()
    };
    for (config, flag) in [(base, "--dev"), (untrusted, "--trusted-proxies")] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let error = portal_server::start(listener, config)
            .await
            .err()
            .expect("refused");
        let text = error.to_string();
        assert!(
            text.contains("--auth-proxy-header") && text.contains(flag),
            "{text}"
        );
        assert!(!text.contains('\n'));
    }
}
