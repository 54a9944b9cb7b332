//! Contact information: versioned reads, compare-and-set writes, roles, isolation and
//! persistence, through real HTTP against a real SQLite file.

use crate::common::{
    TestServer, complete_contact, expect_problem, get_json, put_contact, save_complete_contact,
};
use portal_rules::api::{ContactInfoResponse, SessionInfo, UsersResponse};
use portal_rules::contact::Field;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_new_account_starts_incomplete_in_both_environments() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let response = admin.get(server.api("/contact-info")).send().await.unwrap();
    assert_eq!(response.headers()["etag"], "\"0\"");
    let body: ContactInfoResponse = response.json().await.unwrap();
    assert_eq!(body.version, 0);
    assert!(body.completeness.sandbox.contains(&Field::MerchantIssues));
    assert!(!body.completeness.sandbox.contains(&Field::AlertContacts));
    assert!(body.completeness.production.contains(&Field::AlertContacts));
}

#[tokio::test]
async fn the_sandbox_only_demo_account_has_no_production_and_no_merchant_field() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@garda.example").await;
    let session: SessionInfo = get_json(&admin, server.api("/session")).await;
    assert!(!session.account.production_enabled);
    assert!(!session.account.uses_merchant_contact);
    let body: ContactInfoResponse = get_json(&admin, server.api("/contact-info")).await;
    assert!(!body.completeness.sandbox.contains(&Field::MerchantIssues));
    assert!(!body.completeness.sandbox.contains(&Field::AlertContacts));
}

#[tokio::test]
async fn an_account_without_production_cannot_save_in_production() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@garda.example").await;
    let mut contact = complete_contact();
    contact["alert_contacts"] = json!(["admin@garda.example"]);
    contact["merchant_issues"] = json!([]);
    let problem = expect_problem(
        put_contact(
            &server,
            &admin,
            Some("\"0\""),
            "production",
            contact.clone(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation-failed",
    )
    .await;
    assert_eq!(
        problem["errors"],
        json!([{ "field": "environment", "code": "production-not-enabled" }])
    );
    let unchanged: ContactInfoResponse = get_json(&admin, server.api("/contact-info")).await;
    assert_eq!(unchanged.version, 0, "nothing was saved");
    assert!(unchanged.contact.alert_contacts.is_empty());

    // Sandbox saves work (without alert contacts), and Production once it is enabled.
    let saved = put_contact(&server, &admin, Some("\"0\""), "sandbox", contact.clone()).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let body: ContactInfoResponse = saved.json().await.unwrap();
    assert!(body.contact.alert_contacts.is_empty());
    server.sql().execute(
        "UPDATE accounts SET production_enabled = TRUE WHERE partner_id = 'demo-5005'",
        &[],
    );
    let saved = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let body: ContactInfoResponse = saved.json().await.unwrap();
    assert_eq!(body.contact.alert_contacts, ["admin@garda.example"]);
}

#[tokio::test]
async fn saving_requires_the_current_version() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    expect_problem(
        put_contact(&server, &admin, None, "production", complete_contact()).await,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
    )
    .await;

    let saved = put_contact(
        &server,
        &admin,
        Some("\"0\""),
        "production",
        complete_contact(),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.headers()["etag"], "\"1\"");
    let body: Value = saved.json().await.unwrap();
    assert_eq!(
        body["completeness"],
        json!({ "sandbox": [], "production": [] })
    );
    assert_eq!(body["updated_by"], "Anna Admin");

    // A save based on version 0 is now stale: refused with the current data.
    let stale = put_contact(
        &server,
        &admin,
        Some("\"0\""),
        "production",
        complete_contact(),
    )
    .await;
    let problem = expect_problem(
        stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
    )
    .await;
    assert_eq!(problem["current"]["version"], 1);
    assert_eq!(
        problem["current"]["contact"]["technical_emergency"],
        json!(["oncall@partner.example"])
    );
    let garbage = put_contact(
        &server,
        &admin,
        Some("W/\"1\""),
        "production",
        complete_contact(),
    )
    .await;
    expect_problem(
        garbage,
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
    )
    .await;
}

#[tokio::test]
async fn invalid_saves_get_per_field_codes() {
    let server = TestServer::start().await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut contact = complete_contact();
    contact["technical_emergency"] =
        json!(["oncall@partner.example", "ONCALL@partner.example", "broken"]);
    contact["alert_contacts"] = json!(["stranger@demo.example"]);
    contact["support_hours"]["rows"][0]["time_zone"] = json!("Mars/Olympus");
    contact["support_hours"]["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "weekdays": [], "start": "18:00", "end": "08:00", "time_zone": "UTC" }));
    contact["operational_public"] = json!(["a@x.example", "b@x.example"]);
    let problem = expect_problem(
        put_contact(&server, &editor, Some("\"0\""), "production", contact).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation-failed",
    )
    .await;
    let errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("alert_contacts", "alert-contact-not-user"),
        ("technical_emergency", "email-duplicate"),
        ("technical_emergency", "email-invalid"),
        ("operational_public", "exactly-one"),
        // Row errors name the control that is wrong, so the form can mark exactly it.
        ("support_hours.rows[0].time_zone", "hours-unknown-time-zone"),
        ("support_hours.rows[1].weekdays", "hours-no-weekdays"),
        ("support_hours.rows[1].end", "hours-start-not-before-end"),
    ] {
        assert!(
            errors.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "missing {expected:?} in {errors:?}"
        );
    }
    assert_eq!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "email-invalid")
            .unwrap()["value"],
        "broken"
    );
}

#[tokio::test]
async fn sandbox_saves_keep_alert_contacts_and_production_then_needs_them() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let mut contact = complete_contact();
    contact["alert_contacts"] = json!(["editor@demo.example"]);
    let body: Value = put_contact(&server, &admin, Some("\"0\""), "sandbox", contact)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["contact"]["alert_contacts"],
        json!([]),
        "alert contacts cannot be set in Sandbox"
    );
    assert_eq!(body["completeness"]["sandbox"], json!([]));
    assert_eq!(
        body["completeness"]["production"],
        json!(["alert_contacts"])
    );
}

#[tokio::test]
async fn read_only_users_cannot_save() {
    let server = TestServer::start().await;
    let viewer = server.signed_in("viewer@demo.example").await;
    assert_eq!(
        viewer
            .get(server.api("/contact-info"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    expect_problem(
        put_contact(
            &server,
            &viewer,
            Some("\"0\""),
            "production",
            complete_contact(),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // The role is checked before the version and the body.
    expect_problem(
        put_contact(&server, &viewer, None, "production", complete_contact()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let malformed = viewer
        .put(server.api("/contact-info"))
        .header("content-type", "application/json")
        .header("if-match", "\"0\"")
        .body("{not json")
        .send()
        .await
        .unwrap();
    expect_problem(malformed, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn accounts_are_isolated() {
    let server = TestServer::start().await;
    let demo = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &demo).await;

    let salute = server.signed_in("admin@salute.example").await;
    let info: ContactInfoResponse = get_json(&salute, server.api("/contact-info")).await;
    assert_eq!(info.version, 0, "another account's save is invisible");
    let users: UsersResponse = get_json(&salute, server.api("/users")).await;
    let emails: Vec<&str> = users.users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, vec!["admin@salute.example"]);
    let session: SessionInfo = get_json(&salute, server.api("/session")).await;
    assert!(
        !session.account.uses_merchant_contact,
        "healthcare appointments do not use the merchant contact"
    );
}

#[tokio::test]
async fn concurrent_saves_of_one_version_let_exactly_one_win() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, url) = (admin.clone(), server.api("/contact-info"));
        attempts.spawn(async move {
            let body = json!({ "environment": "production", "contact": complete_contact() });
            client
                .put(url)
                .header("if-match", "\"0\"")
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = attempts.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::PRECONDITION_FAILED)
            .count(),
        7,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn everything_survives_a_restart() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    let database = server.database.clone();
    let dir = server.stop().await;

    let restarted = TestServer::start_on(database).await;
    // The same cookie still works: sessions persist too.
    let info: ContactInfoResponse = get_json(&admin, restarted.api("/contact-info")).await;
    assert_eq!(info.version, 1);
    assert_eq!(info.contact.operational_public, ["support@partner.example"]);
    drop(dir);
}
