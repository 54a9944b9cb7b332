//! Support cases through real HTTP: validation codes, idempotency (also under concurrent
//! retries), acknowledgement mail, pagination, roles and account isolation.

use crate::common::{TestServer, expect_problem, get_json, new_case, within_one_window};
use portal_rules::api::SupportCasesPage;
use portal_rules::support::SupportCase;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn create(
    server: &TestServer,
    client: &Client,
    key: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = client.post(server.api("/support-cases")).json(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn any_role_opens_a_case_and_gets_a_reference_and_an_acknowledgement() {
    let server = TestServer::start().await;
    let viewer = server.signed_in("viewer@demo.example").await;
    let response = create(&server, &viewer, Some("key-1"), &new_case("  Need help  ")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let case: Value = response.json().await.unwrap();
    let reference = case["reference"].as_str().unwrap().to_owned();
    assert!(
        reference.starts_with("CASE-20") && reference.len() == "CASE-2026-000001".len(),
        "{reference}"
    );
    assert_eq!(case["subject"], "Need help");
    assert_eq!(case["created_by"], "Rita Reader");
    assert_eq!(case["status"], "open");
    let mail = server.newest_mail_to("viewer@demo.example").await;
    assert_eq!(
        mail["subject"],
        format!("Support case {reference} received"),
        "the acknowledgement goes to the user's own address"
    );
    server.settle().await;
    assert!(
        server.mails_to("rita@demo.example").await.is_empty(),
        "never to the reply-to address"
    );

    let one: SupportCase =
        get_json(&viewer, server.api(&format!("/support-cases/{reference}"))).await;
    assert_eq!(one.reference, reference);
}

#[tokio::test]
async fn invalid_cases_get_field_codes_and_missing_keys_are_refused() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let body = json!({ "category": "other", "subject": "x".repeat(121), "description": "", "reply_to": "nope" });
    let problem = expect_problem(
        create(&server, &admin, Some("k"), &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation-failed",
    )
    .await;
    let codes: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("subject", "text-too-long"),
            ("description", "required"),
            ("reply_to", "email-invalid")
        ]
    );
    expect_problem(
        create(&server, &admin, None, &new_case("s")).await,
        StatusCode::BAD_REQUEST,
        "idempotency-key-required",
    )
    .await;
    let unknown = json!({ "category": "gossip", "subject": "s", "description": "d", "reply_to": "a@b.example" });
    expect_problem(
        create(&server, &admin, Some("k2"), &unknown).await,
        StatusCode::BAD_REQUEST,
        "bad-request",
    )
    .await;
}

#[tokio::test]
async fn retries_with_one_key_create_one_case() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, url) = (admin.clone(), server.api("/support-cases"));
        attempts.spawn(async move {
            let response = client
                .post(url)
                .header("Idempotency-Key", "retry-me")
                .json(&new_case("Once"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.unwrap()["reference"]
                .as_str()
                .unwrap()
                .to_owned()
        });
    }
    let references = attempts.join_all().await;
    assert!(
        references
            .iter()
            .all(|reference| reference == &references[0]),
        "{references:?}"
    );
    let page: SupportCasesPage = get_json(&admin, server.api("/support-cases")).await;
    assert_eq!(page.total, 1);

    let other_body = create(&server, &admin, Some("retry-me"), &new_case("Different")).await;
    expect_problem(
        other_body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
    )
    .await;
}

#[tokio::test]
async fn lists_are_paginated_newest_first_and_scoped_to_the_account() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    for index in 0..5 {
        assert_eq!(
            create(
                &server,
                &admin,
                Some(&format!("key-{index}")),
                &new_case(&format!("Case {index}"))
            )
            .await
            .status(),
            StatusCode::CREATED
        );
    }
    let page: SupportCasesPage =
        get_json(&admin, server.api("/support-cases?page=2&per_page=2")).await;
    assert_eq!(page.total, 5);
    let subjects: Vec<&str> = page
        .cases
        .iter()
        .map(|case| case.subject.as_str())
        .collect();
    assert_eq!(subjects, vec!["Case 2", "Case 1"]);
    let bad = admin
        .get(server.api("/support-cases?page=abc"))
        .send()
        .await
        .unwrap();
    expect_problem(bad, StatusCode::BAD_REQUEST, "bad-request").await;

    let reference = &page.cases[0].reference;
    let salute = server.signed_in("admin@salute.example").await;
    let theirs: SupportCasesPage = get_json(&salute, server.api("/support-cases")).await;
    assert_eq!(theirs.total, 0);
    expect_problem(
        salute
            .get(server.api(&format!("/support-cases/{reference}")))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    // The same key in another account is a different request.
    assert_eq!(
        create(&server, &salute, Some("key-0"), &new_case("Case 0"))
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn support_cases_need_a_session() {
    let server = TestServer::start().await;
    let anonymous = TestServer::client();
    expect_problem(
        anonymous
            .get(server.api("/support-cases"))
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    expect_problem(
        create(&server, &anonymous, Some("k"), &new_case("s")).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn cases_are_limited_per_user() {
    within_one_window(portal_rules::limits::CASES_PER_USER.window_secs).await;
    let server = TestServer::start().await;
    let viewer = server.signed_in("viewer@demo.example").await;
    for index in 0..5 {
        let response = create(
            &server,
            &viewer,
            Some(&format!("n-{index}")),
            &new_case("s"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // A retry of an accepted case is still answered.
    assert_eq!(
        create(&server, &viewer, Some("n-0"), &new_case("s"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let limited = create(&server, &viewer, Some("n-5"), &new_case("s")).await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
    // Colleagues are not affected.
    let editor = server.signed_in("editor@demo.example").await;
    assert_eq!(
        create(&server, &editor, Some("e-1"), &new_case("s"))
            .await
            .status(),
        StatusCode::CREATED
    );
}
