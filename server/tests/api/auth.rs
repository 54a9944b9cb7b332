//! Sign-in by e-mailed link, sessions and request-level errors, through real HTTP.

use crate::common::{TestServer, expect_problem, get_json, token_of};
use portal_rules::api::SessionInfo;
use portal_rules::model::{IntegrationType, Role, UserStatus};
use reqwest::StatusCode;
use serde_json::{Value, json};

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
    expect_problem(
        client.get(server.api("/session")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    let token = server.sign_in_token("Admin@Demo.Example").await;
    let mail = &server.outbox().await[0];
    assert!(
        mail["link"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/sign-in/callback?token=")
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
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let session: SessionInfo = get_json(&client, server.api("/session")).await;
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
    expect_problem(
        client.get(server.api("/session")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
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
        .execute("UPDATE sign_in_tokens SET expires_at = 0", [])
        .unwrap();
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
    server
        .sql()
        .execute(
            "INSERT INTO users (account_id, name, email, role, status, created_at) \
             SELECT id, 'Anna Admin', 'ADMIN@demo.example', 'editor', 'invited', '2026-01-01T00:00:00Z' \
             FROM accounts WHERE partner_id = 'demo-2002'",
            [],
        )
        .unwrap();
}

#[tokio::test]
async fn link_requests_are_rate_limited_per_address() {
    let server = TestServer::start().await;
    for attempt in 0..8 {
        let email = if attempt % 2 == 0 {
            "viewer@demo.example"
        } else {
            "Viewer@Demo.Example"
        };
        server.request_link(email, None).await;
    }
    assert_eq!(server.outbox().await.len(), 5);
    // Other addresses are not affected.
    server.request_link("editor@demo.example", None).await;
    assert_eq!(server.outbox().await.len(), 6);

    // An address in two accounts gets two mails per request, still for 5 requests only.
    add_admin_address_to_second_account(&server);
    for _ in 0..8 {
        server.request_link("admin@demo.example", None).await;
    }
    let to_admin = server
        .outbox()
        .await
        .iter()
        .filter(|mail| {
            mail["to"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("admin@demo.example")
        })
        .count();
    assert_eq!(to_admin, 10);
}

#[tokio::test]
async fn an_address_in_two_accounts_gets_one_link_per_account_in_its_language() {
    let server = TestServer::start().await;
    add_admin_address_to_second_account(&server);
    server
        .request_link("admin@demo.example", Some("it-IT"))
        .await;
    let outbox = server.outbox().await;
    assert_eq!(outbox.len(), 2, "{outbox:?}");
    let mut accounts = Vec::new();
    for mail in &outbox {
        assert_eq!(mail["subject"], "Accesso al Portale partner");
        assert!(mail["body"].as_str().unwrap().contains("Ciao Anna Admin"));
        let client = server.redeem(&token_of(mail)).await;
        let session: SessionInfo = get_json(&client, server.api("/session")).await;
        assert_eq!(
            session.user.status,
            UserStatus::Active,
            "signing in activates"
        );
        accounts.push(session.account.partner_id);
    }
    accounts.sort();
    assert_eq!(accounts, ["demo-1001", "demo-2002"]);

    server.request_link("editor@demo.example", Some("de")).await;
    assert_eq!(
        server.outbox().await[0]["subject"],
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
async fn outside_dev_mode_there_is_no_demo_data_no_outbox_and_cookies_are_secure() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("portal.sqlite3");
    let config = portal_server::Config {
        dev: false,
        seed_demo: None,
        ..portal_server::Config::for_tests(database.clone())
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = portal_server::start(listener, config).await.unwrap();
    let base = format!("http://{}", server.addr);
    let client = TestServer::client();
    let response = client
        .post(format!("{base}/api/v1/auth/sign-in-link"))
        .json(&json!({ "email": "admin@demo.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    expect_problem(
        client
            .get(format!("{base}/api/dev/outbox.json"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let connection = rusqlite::Connection::open(&database).unwrap();
    let accounts: i64 = connection
        .query_row("SELECT count(*) FROM accounts", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        accounts, 0,
        "demo accounts are seeded only in dev mode unless asked for"
    );

    // A real user in a real deployment gets a Secure cookie.
    connection
        .execute_batch(
            "INSERT INTO accounts (partner_id, name, integration, production_enabled) \
             VALUES ('p-1', 'Real', 'ordering', 1); \
             INSERT INTO users (account_id, name, email, role, status, created_at) \
             VALUES (1, 'Real User', 'real@partner.example', 'administrator', 'active', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    client
        .post(format!("{base}/api/v1/auth/sign-in-link"))
        .json(&json!({ "email": "real@partner.example" }))
        .send()
        .await
        .unwrap();
    let link: String = connection
        .query_row(
            "SELECT link FROM outbox ORDER BY id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let token = link.split_once("token=").unwrap().1;
    let response = client
        .post(format!("{base}/api/v1/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    let _ = server.shutdown.send(true);
}
