//! Sign-in by e-mailed link, sessions and request-level errors, through real HTTP.

use crate::common::{
    Sql, TestServer, expect_problem, expect_signed_out, fresh_database, get_json, token_of,
    within_one_window,
};
use portal_rules::api::{ContactInfoResponse, SessionInfo};
use portal_rules::model::{IntegrationType, Role, UserStatus};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest as _;

/// The window of the sign-in limits (per source, network and address; `server/src/limits.rs`).
const SIGN_IN_WINDOW_SECS: i64 = 15 * 60;

#[tokio::test]
async fn health_answers_without_a_session() {
    let server = TestServer::start().await;
    let body: Value = get_json(&TestServer::client(), server.api("/health")).await;
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn the_e_mailed_link_signs_in_once_and_sign_out_ends_the_session() {
    let server = TestServer::start().await;
    let client = TestServer::client();
    expect_signed_out(&server, &client).await;

    let token = server.sign_in_token("Admin@Demo.Example").await;
    let mail = server.newest_mail_to("admin@demo.example").await;
    assert!(
        mail["link"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/sign-in/callback#token="),
        "the token travels in the fragment: {mail}"
    );
    let response = client
        .post(server.api("/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("portal_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let session: SessionInfo = get_json(&client, server.api("/session")).await;
    let wire: Value = get_json(&client, server.api("/session")).await;
    assert_eq!(wire["status"], "signed_in", "{wire}");
    assert_eq!(session.user.name, "Anna Admin");
    assert_eq!(session.user.role, Role::Administrator);
    assert_eq!(session.account.name, "Demo Partner GmbH");
    assert_eq!(session.account.integration, IntegrationType::ThingsToDo);
    assert!(session.account.uses_merchant_contact);
    assert_eq!(session.administrators, ["Anna Admin"]);
    assert!(session.user.last_sign_in_at.is_some());

    // Single use: the same link cannot open a second session.
    let again = TestServer::client()
        .post(server.api("/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    expect_problem(again, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;

    assert_eq!(
        client
            .delete(server.api("/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_signed_out(&server, &client).await;
}

#[tokio::test]
async fn unknown_addresses_get_the_same_answer_and_no_mail() {
    let server = TestServer::start().await;
    let response = TestServer::client()
        .post(server.api("/auth/sign-in-link"))
        .json(&json!({ "email": "nobody@nowhere.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    server.settle().await;
    assert!(server.outbox().await.is_empty());
}

#[tokio::test]
async fn invalid_addresses_and_forged_tokens_are_refused() {
    let server = TestServer::start().await;
    let response = TestServer::client()
        .post(server.api("/auth/sign-in-link"))
        .json(&json!({ "email": "not an address" }))
        .send()
        .await
        .unwrap();
    let body = expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation-failed",
    )
    .await;
    assert_eq!(
        body["errors"][0],
        json!({ "field": "email", "code": "email-invalid" })
    );
    let response = TestServer::client()
        .post(server.api("/auth/session"))
        .json(&json!({ "token": "forged" }))
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;
}

#[tokio::test]
async fn expired_links_are_refused() {
    let server = TestServer::start().await;
    let token = server.sign_in_token("editor@demo.example").await;
    server
        .sql()
        .execute("UPDATE sign_in_tokens SET expires_at = 0", &[]);
    let response = TestServer::client()
        .post(server.api("/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;
}

/// Gives the demo administrator's address a second user, in the Salute account.
fn add_admin_address_to_second_account(server: &TestServer) {
    server.sql().execute(
        "INSERT INTO users (account_id, name, email, role, status, created_at) \
         SELECT id, 'Anna Admin', 'ADMIN@demo.example', 'editor', 'invited', '2026-01-01T00:00:00Z' \
         FROM accounts WHERE partner_id = 'demo-2002'",
        &[],
    );
}

#[tokio::test]
async fn link_requests_are_rate_limited_per_address_and_source() {
    within_one_window(SIGN_IN_WINDOW_SECS).await;
    let server = TestServer::start().await;
    for attempt in 0..6 {
        let email = if attempt % 2 == 0 {
            "viewer@demo.example"
        } else {
            "Viewer@Demo.Example"
        };
        server.request_link(email, None).await;
    }
    server.settle().await;
    assert_eq!(
        server.outbox().await.len(),
        3,
        "3 per address from one source"
    );
    // Other addresses are not affected.
    server.request_link("editor@demo.example", None).await;
    server.settle().await;
    assert_eq!(server.outbox().await.len(), 4);

    // An address in two accounts gets one mail per request, still for 3 requests only.
    add_admin_address_to_second_account(&server);
    for _ in 0..5 {
        server.request_link("admin@demo.example", None).await;
    }
    server.settle().await;
    assert_eq!(server.mails_to("admin@demo.example").await.len(), 3);
}

/// A client whose requests come from `ip` (any 127.0.0.0/8 address is this machine).
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .unwrap()
}

#[tokio::test]
async fn strangers_elsewhere_cannot_lock_an_owner_out() {
    within_one_window(SIGN_IN_WINDOW_SECS).await;
    let server = TestServer::start().await;
    let victim = "editor@demo.example";
    let request = |client: reqwest::Client| {
        let url = server.api("/auth/sign-in-link");
        async move {
            client
                .post(url)
                .json(&json!({ "email": victim }))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // The owner signed in on this browser before, and signed out: the browser stays known.
    let owner = server.signed_in(victim).await;
    let signed_out = owner
        .delete(server.api("/auth/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    let before = server.mails_to(victim).await.len();
    // Twenty strangers ask three times each: every answer is the same 202...
    for stranger in 2..22 {
        for _ in 0..3 {
            assert_eq!(
                request(client_from([127, 0, 0, stranger])).await,
                StatusCode::ACCEPTED
            );
        }
    }
    server.settle().await;
    // ...but the inbox gets only what is left of the address's budget (3 per 15 minutes;
    // the owner's own first request used one).
    let flooded = server.mails_to(victim).await.len() - before;
    assert_eq!(flooded, 2, "strangers cannot flood the inbox");
    // The owner's browser still gets a link.
    assert_eq!(request(owner.clone()).await, StatusCode::ACCEPTED);
    server.wait_for_mails_to(victim, before + flooded + 1).await;
    // A browser that never signed in as the address does not, until the window ends.
    assert_eq!(
        request(client_from([127, 0, 0, 200])).await,
        StatusCode::ACCEPTED
    );
    server.settle().await;
    assert_eq!(server.mails_to(victim).await.len(), before + flooded + 1);
    // A browser that signed in as someone else is a stranger to this address.
    let viewer = server.signed_in("viewer@demo.example").await;
    assert_eq!(request(viewer).await, StatusCode::ACCEPTED);
    server.settle().await;
    assert_eq!(server.mails_to(victim).await.len(), before + flooded + 1);
    // A source that asked too often is told to wait.
    let mut limited = None;
    for _ in 0..25 {
        let response = client_from([127, 0, 0, 2])
            .post(server.api("/auth/sign-in-link"))
            .json(&json!({ "email": "someone@else.example" }))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let limited = limited.expect("a per-source limit");
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
}

#[tokio::test]
async fn past_the_overall_mail_limit_requests_are_still_accepted_and_known_browsers_served() {
    let server = TestServer::start().await;
    let owner = server.signed_in("admin@luigi.example").await;
    let before = server.outbox().await.len();
    // The overall budget of sign-in mails (3000 a minute) is used up, in this minute and
    // the next.
    let bucket = format!("{:x}", sha2::Sha256::digest(b"sign-in-global:"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let minute = i64::try_from(now - now % 60).unwrap();
    for start in [minute, minute + 60] {
        server.sql().execute(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 3000) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = 3000",
            &[(&bucket).into(), start.into()],
        );
    }
    // Nobody is told 429: a newcomer's request is accepted, but no mail goes out...
    server.request_link("viewer@demo.example", None).await;
    server.settle().await;
    assert_eq!(server.outbox().await.len(), before);
    // ...while a browser that signed in as its address before still gets its link.
    let response = owner
        .post(server.api("/auth/sign-in-link"))
        .json(&json!({ "email": "admin@luigi.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    server.wait_for_mails_to("admin@luigi.example", 2).await;
}

#[tokio::test]
async fn an_ipv6_site_counts_as_one_source_beyond_its_slash_64s() {
    within_one_window(SIGN_IN_WINDOW_SECS).await;
    let dir = tempfile::tempdir().unwrap();
    let config = portal_server::Config {
        dev: false,
        smtp_url: Some("smtp://127.0.0.1:9".into()),
        mail_from: Some("p@portal.example".into()),
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..portal_server::Config::for_tests(fresh_database(dir.path()).await)
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = portal_server::start(listener, config).await.unwrap();
    let url = format!("http://{}/api/v1/auth/sign-in-link", server.addr);
    let client = TestServer::client();
    // One /48, a fresh /64 for every request: each /64 is far within its own limit.
    let mut statuses = Vec::new();
    for subnet in 0..101 {
        let response = client
            .post(&url)
            .header("x-forwarded-for", format!("2001:db8:7:{subnet:x}::1"))
            .json(&json!({ "email": "nobody@nowhere.example" }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    assert!(
        statuses[..100]
            .iter()
            .all(|status| *status == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[100],
        StatusCode::TOO_MANY_REQUESTS,
        "the /48's limit"
    );
    // Another site is not affected.
    let response = client
        .post(&url)
        .header("x-forwarded-for", "2001:db8:8::1")
        .json(&json!({ "email": "nobody@nowhere.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let _ = server.shutdown.send(true);
}

#[tokio::test]
async fn redeeming_a_link_ends_the_other_links_and_the_browsers_old_session() {
    let server = TestServer::start().await;
    let older = server.sign_in_token("editor@demo.example").await;
    let newer = server.sign_in_token("editor@demo.example").await;
    let browser = server.signed_in("viewer@demo.example").await;
    let viewer: SessionInfo = get_json(&browser, server.api("/session")).await;
    assert_eq!(viewer.user.email, "viewer@demo.example");
    // The same browser now uses the editor's newer link: the viewer's session ends.
    let response = browser
        .post(server.api("/auth/session"))
        .json(&json!({ "token": newer }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let sessions = server.sql().int(
        "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE u.email = 'viewer@demo.example'",
        &[],
    );
    assert_eq!(sessions, 0, "the browser's previous session was revoked");
    let response = TestServer::client()
        .post(server.api("/auth/session"))
        .json(&json!({ "token": older }))
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;
}

#[tokio::test]
async fn a_preview_names_the_user_and_account_without_using_the_link() {
    let server = TestServer::start().await;
    let token = server.sign_in_token("admin@salute.example").await;
    let preview = |token: String| {
        let url = server.api("/auth/sign-in-link/preview");
        async move {
            TestServer::client()
                .post(url)
                .json(&json!({ "token": token }))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..2 {
        let response = preview(token.clone()).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: portal_rules::api::SignInLinkPreview = response.json().await.unwrap();
        assert_eq!(
            body,
            portal_rules::api::SignInLinkPreview {
                user_name: "Marco Amministratore".into(),
                email: "admin@salute.example".into(),
                account_name: "Salute Rapida Srl".into(),
                account_count: 1,
            }
        );
    }
    server.redeem(&token).await;
    expect_problem(
        preview(token).await,
        StatusCode::BAD_REQUEST,
        "sign-in-link-invalid",
    )
    .await;
    expect_problem(
        preview("forged".into()).await,
        StatusCode::BAD_REQUEST,
        "sign-in-link-invalid",
    )
    .await;
}

#[tokio::test]
async fn wrong_guesses_at_links_are_counted_until_the_source_must_wait() {
    within_one_window(SIGN_IN_WINDOW_SECS).await;
    let server = TestServer::start().await;
    let guess = |path: &'static str, token: String| {
        let url = server.api(path);
        async move {
            TestServer::client()
                .post(url)
                .json(&json!({ "token": token }))
                .send()
                .await
                .unwrap()
        }
    };
    let paths = ["/auth/sign-in-link/preview", "/auth/session"];
    // Each wrong guess, preview or redemption, is refused and counted.
    for index in 0..10 {
        let response = guess(paths[index % 2], format!("guess-{index}")).await;
        expect_problem(response, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;
    }
    let counted = || -> i64 {
        server.sql().int(
            "SELECT CAST(coalesce(sum(hits), 0) AS BIGINT) FROM rate_limits",
            &[],
        )
    };
    assert_eq!(counted(), 10, "the refused guesses were counted");
    // With the source's budget (60 per 15 minutes) all but used up, one more guess is
    // answered and the next is told to wait, for previews and redemptions alike.
    server
        .sql()
        .execute("UPDATE rate_limits SET hits = 59", &[]);
    let response = guess(paths[0], "guess-60".into()).await;
    expect_problem(response, StatusCode::BAD_REQUEST, "sign-in-link-invalid").await;
    for path in paths {
        let response = guess(path, "guess-61".into()).await;
        assert!(response.headers().contains_key("retry-after"));
        expect_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_sign_out_always_clears_the_cookie() {
    let server = TestServer::start().await;
    let client = server.signed_in("viewer@demo.example").await;
    get_json::<SessionInfo>(&client, server.api("/session")).await;
    server.sql().execute(
        "UPDATE sessions SET last_seen_at = last_seen_at - 9 * 3600",
        &[],
    );
    expect_signed_out(&server, &client).await;
    // A stale cookie is still cleared.
    let response = client
        .delete(server.api("/auth/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let anonymous = TestServer::client()
        .delete(server.api("/auth/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::NO_CONTENT);
}

/// `GET /contact-info` finds the session in its own statement: the same checks (idle,
/// expired) and the same record of its use as every other request.
#[tokio::test]
async fn reading_the_contact_information_checks_and_keeps_the_session_alive() {
    let server = TestServer::start().await;
    let client = server.signed_in("viewer@demo.example").await;
    let last_seen = || {
        server
            .sql()
            .int("SELECT min(last_seen_at) FROM sessions", &[])
    };
    // Used two minutes ago: within the idle timeout, and due to be recorded again.
    server
        .sql()
        .execute("UPDATE sessions SET last_seen_at = last_seen_at - 120", &[]);
    let before = last_seen();
    let _: ContactInfoResponse = get_json(&client, server.api("/contact-info")).await;
    assert!(last_seen() >= before + 120, "the use is recorded");
    // Past its absolute expiry: signed out, however recently used.
    server
        .sql()
        .execute("UPDATE sessions SET expires_at = created_at", &[]);
    expect_signed_out(&server, &client).await;
}

#[tokio::test]
async fn cross_site_unsafe_requests_are_refused() {
    let server = TestServer::start().await;
    let client = server.signed_in("viewer@demo.example").await;
    let case = json!({ "category": "other", "subject": "s", "description": "d", "reply_to": "a@demo.example" });
    let send = |origin: Option<&'static str>, site: Option<&'static str>, key: &'static str| {
        let mut request = client
            .post(server.api("/support-cases"))
            .header("Idempotency-Key", key)
            .json(&case);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let refused = send(Some("https://evil.example"), Some("cross-site"), "c1")
        .await
        .unwrap();
    let problem = expect_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(problem["title"], "Cross-site request refused");
    for (origin, site) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("same-site")),
    ] {
        assert_eq!(
            send(origin, site, "c2").await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {site:?}"
        );
    }
    for (index, (origin, site)) in [
        (Some("http://127.0.0.1:8080"), Some("same-origin")),
        (Some("http://127.0.0.1:8080"), None),
        (None, None),
    ]
    .into_iter()
    .enumerate()
    {
        let key = ["ok-1", "ok-2", "ok-3"][index];
        assert_eq!(
            send(origin, site, key).await.unwrap().status(),
            StatusCode::CREATED,
            "{origin:?} {site:?}"
        );
    }
    // Safe methods are never refused.
    let response = client
        .get(server.api("/session"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_address_in_two_accounts_gets_one_link_in_its_language_then_picks() {
    let server = TestServer::start().await;
    add_admin_address_to_second_account(&server);
    server
        .request_link("admin@demo.example", Some("it-IT"))
        .await;
    let outbox = server.wait_for_mails_to("admin@demo.example", 1).await;
    server.settle().await;
    assert_eq!(
        server.mails_to("admin@demo.example").await.len(),
        1,
        "{outbox:?}"
    );
    let mail = &outbox[0];
    assert_eq!(mail["subject"], "Accesso al Portale partner");
    assert!(mail["body"].as_str().unwrap().contains("Ciao Anna Admin"));
    let client = server.redeem(&token_of(mail)).await;
    let session: SessionInfo = get_json(&client, server.api("/session")).await;
    assert_eq!(
        session.user.status,
        UserStatus::Active,
        "signing in activates"
    );
    // Nobody signed in yet: the link is the lowest id's, and the account is to be picked.
    assert_eq!(session.account.partner_id, "demo-1001");
    assert_eq!((session.account_count, session.account_chosen), (2, false));
    // Picking the other account makes its invited user active, with its role.
    let other = server.sql().int(
        "SELECT id FROM accounts WHERE partner_id = ?1",
        &["demo-2002".into()],
    );
    let picked: SessionInfo = client
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": other }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (picked.user.role, picked.user.status, picked.account_chosen),
        (Role::Editor, UserStatus::Active, true)
    );

    server.request_link("editor@demo.example", Some("de")).await;
    assert_eq!(
        server.newest_mail_to("editor@demo.example").await["subject"],
        "Anmeldung im Partner-Portal"
    );
}

#[tokio::test]
async fn malformed_requests_get_problem_documents() {
    let server = TestServer::start().await;
    let client = TestServer::client();
    let response = client
        .post(server.api("/auth/session"))
        .header("content-type", "application/json")
        .body("{bad")
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "bad-request").await;
    let response = client
        .post(server.api("/auth/session"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_problem(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    )
    .await;
    let response = client
        .post(server.api("/auth/session"))
        .json(&json!({ "token": "x".repeat(70_000) }))
        .send()
        .await
        .unwrap();
    expect_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large").await;
    expect_problem(
        client
            .get(server.api("/no-such-route"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    expect_problem(
        client.patch(server.api("/session")).send().await.unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
    )
    .await;
}

#[tokio::test]
async fn problem_titles_never_echo_the_request() {
    let server = TestServer::start().await;
    let client = TestServer::client();
    let response = client
        .post(server.api("/auth/session"))
        .json(&json!({ "token": "t", "evil<script>": 1 }))
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, StatusCode::BAD_REQUEST, "bad-request").await;
    assert!(!problem.to_string().contains("evil"), "{problem}");
    let viewer = server.signed_in("viewer@demo.example").await;
    let response = viewer
        .get(server.api("/support-cases?page=<b>x</b>"))
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, StatusCode::BAD_REQUEST, "bad-request").await;
    assert!(!problem.to_string().contains("<b>"), "{problem}");
    expect_problem(
        viewer
            .get(format!("{}/api/v1/support-cases/%FF", server.url))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
}

#[tokio::test]
async fn outside_dev_mode_there_is_no_demo_data_unless_asked_and_no_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let config = portal_server::Config {
        dev: false,
        seed_demo: None,
        smtp_url: Some("smtp://127.0.0.1:9".into()),
        mail_from: Some("p@portal.example".into()),
        ..portal_server::Config::for_tests(database.clone())
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = portal_server::start(listener, config).await.unwrap();
    let base = format!("http://{}", server.addr);
    expect_problem(
        TestServer::client()
            .get(format!("{base}/api/dev/outbox.json"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let accounts = Sql::new(&database).int("SELECT count(*) FROM accounts", &[]);
    assert_eq!(
        accounts, 0,
        "demo accounts are seeded only in dev mode unless asked for"
    );
    let _ = server.shutdown.send(true);
}

#[tokio::test]
async fn unsafe_or_unworkable_configurations_do_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let base = portal_server::Config::for_tests(dir.path().join("portal.sqlite3"));
    let exposed_dev = portal_server::Config {
        addr: "0.0.0.0:3000".parse().unwrap(),
        ..base.clone()
    };
    let no_mail = portal_server::Config { dev: false, ..base };
    for (config, flag) in [(exposed_dev, "--dev"), (no_mail, "--smtp-url")] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let error = portal_server::start(listener, config)
            .await
            .err()
            .expect("refused");
        assert!(error.to_string().contains(flag), "{error}");
    }
}
