//! Periodic re-confirmation: when the contact information was last confirmed (every save,
//! or "Still correct"), whether a review is due after the configured period, and the
//! confirmation action's rules (If-Match, roles, nothing to confirm) and history entry.

use crate::common::{
    TestServer, complete_contact, expect_problem, get_json, put_contact, save_complete_contact,
};
use portal_rules::api::ContactInfoResponse;
use portal_rules::history::{ChangeKind, HistoryPage, Person};
use reqwest::{Client, Response, StatusCode};

const DAY: i64 = 24 * 60 * 60;

async fn contact_info(server: &TestServer, client: &Client) -> ContactInfoResponse {
    get_json(client, server.api("/contact-info")).await
}

async fn confirm(server: &TestServer, client: &Client, if_match: Option<&str>) -> Response {
    let mut request = client.post(server.api("/contact-info/confirmation"));
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    request.send().await.unwrap()
}

/// Moves every account's last confirmation `days` into the past.
fn age_confirmation(server: &TestServer, days: i64) {
    server.sql().execute(
        "UPDATE contact_info SET confirmed_at = confirmed_at - ?1",
        &[(days * DAY).into()],
    );
}

#[tokio::test]
async fn a_save_confirms_and_a_review_is_due_once_the_period_has_passed() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let empty = contact_info(&server, &admin).await;
    // Nothing saved: nothing to review (the blocking modal asks instead).
    assert_eq!((empty.confirmed_at, empty.review_due), (None, false));
    save_complete_contact(&server, &admin).await;
    let saved = contact_info(&server, &admin).await;
    assert!(saved.confirmed_at.is_some());
    assert!(!saved.review_due);
    age_confirmation(&server, 364);
    assert!(!contact_info(&server, &admin).await.review_due);
    age_confirmation(&server, 1);
    let due = contact_info(&server, &admin).await;
    assert!(due.review_due);
    assert_ne!(due.confirmed_at, saved.confirmed_at);
    // A real save confirms again.
    let mut contact = complete_contact();
    contact["technical_emergency"] = serde_json::json!(["pager@partner.example"]);
    let response = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(response.status(), StatusCode::OK);
    let resaved: ContactInfoResponse = response.json().await.unwrap();
    assert!(!resaved.review_due);
    assert!(!contact_info(&server, &admin).await.review_due);
}

#[tokio::test]
async fn the_period_is_configurable_and_zero_never_asks() {
    let server = TestServer::start_with(|config| config.reconfirm_after_days = 30).await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    age_confirmation(&server, 30);
    assert!(contact_info(&server, &admin).await.review_due);

    let never = TestServer::start_with(|config| config.reconfirm_after_days = 0).await;
    let admin = never.signed_in("admin@demo.example").await;
    save_complete_contact(&never, &admin).await;
    age_confirmation(&never, 10_000);
    assert!(!contact_info(&never, &admin).await.review_due);
}

#[tokio::test]
async fn still_correct_records_the_confirmation_as_a_new_version_and_in_the_history() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    age_confirmation(&server, 400);
    let before = contact_info(&server, &admin).await;
    assert!(before.review_due);

    let editor = server.signed_in("editor@demo.example").await;
    let response = confirm(&server, &editor, Some("\"1\"")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let confirmed: ContactInfoResponse = response.json().await.unwrap();
    assert_eq!(confirmed.version, 2);
    assert!(!confirmed.review_due);
    assert_ne!(confirmed.confirmed_at, before.confirmed_at);
    // The data and who last changed it stay as they were.
    assert_eq!(confirmed.contact, before.contact);
    assert_eq!(confirmed.updated_at, before.updated_at);
    assert_eq!(confirmed.updated_by, before.updated_by);
    assert_eq!(contact_info(&server, &admin).await, confirmed);

    let history: HistoryPage = get_json(&admin, server.api("/history")).await;
    let newest = &history.entries[0];
    assert_eq!(newest.kind, ChangeKind::ContactInfoConfirmed);
    assert_eq!(newest.changes, []);
    assert_eq!(
        newest.actor,
        Some(Person {
            name: "Emil Editor".into(),
            email: "editor@demo.example".into(),
        })
    );
    assert_eq!(history.entries.len(), 2);
}

#[tokio::test]
async fn a_confirmation_needs_the_current_version_an_editor_and_something_to_confirm() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    // Nothing stored yet: 409, not a confirmation of nothing.
    expect_problem(
        confirm(&server, &admin, Some("\"0\"")).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    save_complete_contact(&server, &admin).await;
    expect_problem(
        confirm(&server, &admin, None).await,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
    )
    .await;
    let stale = expect_problem(
        confirm(&server, &admin, Some("\"0\"")).await,
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
    )
    .await;
    assert_eq!(stale["current"]["version"], 1);
    let viewer = server.signed_in("viewer@demo.example").await;
    expect_problem(
        confirm(&server, &viewer, Some("\"1\"")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // None of the refusals changed anything or was recorded.
    assert_eq!(contact_info(&server, &admin).await.version, 1);
    let history: HistoryPage = get_json(&admin, server.api("/history")).await;
    assert_eq!(history.entries.len(), 1);
    expect_problem(
        TestServer::client()
            .post(server.api("/contact-info/confirmation"))
            .header("if-match", "\"1\"")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn incomplete_contact_information_cannot_be_confirmed() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    // Saved in Sandbox without the merchant-issues contact the account needs: incomplete
    // (a Sandbox save refuses missing fields, so the stored row is edited directly).
    save_complete_contact(&server, &admin).await;
    server.sql().execute(
        "UPDATE contact_info SET data = ?1",
        &[r#"{"technical_emergency":["oncall@partner.example"]}"#.into()],
    );
    expect_problem(
        confirm(&server, &admin, Some("\"1\"")).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
}

#[tokio::test]
async fn the_demo_seed_has_an_account_due_for_review() {
    let server = TestServer::start().await;
    let editor = server.signed_in("editor@collina.example").await;
    let info = contact_info(&server, &editor).await;
    assert!(info.review_due);
    assert!(info.completeness.production.is_empty(), "complete");
    let response = confirm(&server, &editor, Some("\"1\"")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!contact_info(&server, &editor).await.review_due);
}
