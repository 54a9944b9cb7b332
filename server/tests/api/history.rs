//! The change history through real HTTP: what contact-information saves, invitations, role
//! changes and removals record (in their transaction, nothing for a no-op save), cursor
//! paging newest first, who may read it (every user of the account, no other account),
//! and the retention.

use crate::common::{
    TestServer, complete_contact, expect_problem, get_json, put_contact, save_complete_contact,
};
use portal_rules::api::{ContactInfoResponse, UsersResponse};
use portal_rules::contact::Field;
use portal_rules::history::{Change, ChangeKind, HistoryPage, Person};
use portal_rules::model::Role;
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn history(server: &TestServer, client: &Client) -> HistoryPage {
    get_json(client, server.api("/history")).await
}

fn anna() -> Person {
    Person {
        name: "Anna Admin".into(),
        email: "admin@demo.example".into(),
    }
}

async fn user_id(server: &TestServer, client: &Client, email: &str) -> (i64, i64) {
    let users: UsersResponse = get_json(client, server.api("/users")).await;
    let user = users
        .users
        .into_iter()
        .find(|user| user.email == email)
        .unwrap_or_else(|| panic!("no user {email}"));
    (user.id, user.version)
}

#[tokio::test]
async fn a_contact_save_records_who_when_and_each_field_changed_but_a_no_op_save_nothing() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    assert_eq!(history(&server, &admin).await.entries, []);
    save_complete_contact(&server, &admin).await;

    let mut contact = complete_contact();
    contact["technical_emergency"] = json!(["oncall@partner.example", "pager@partner.example"]);
    contact["operational_google"] = json!(["google@partner.example"]);
    let saved = put_contact(
        &server,
        &admin,
        Some("\"1\""),
        "production",
        contact.clone(),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    // Saving the same again changes nothing worth recording.
    let again = put_contact(&server, &admin, Some("\"2\""), "production", contact).await;
    assert_eq!(again.status(), StatusCode::OK);

    let page = history(&server, &admin).await;
    assert_eq!(page.entries.len(), 2, "{page:#?}");
    assert_eq!(page.next_cursor, None);
    let newest = &page.entries[0];
    assert_eq!(newest.kind, ChangeKind::ContactInfoUpdated);
    assert_eq!(newest.actor, Some(anna()));
    assert_eq!(newest.subject, None);
    assert!(newest.at.ends_with('Z'), "UTC: {}", newest.at);
    assert_eq!(
        newest.changes,
        [
            Change::List {
                field: Field::TechnicalEmergency,
                added: vec!["pager@partner.example".into()],
                removed: vec![],
            },
            Change::List {
                field: Field::OperationalGoogle,
                added: vec!["google@partner.example".into()],
                removed: vec!["ops@partner.example".into()],
            },
        ]
    );
    // The first save lists every field it filled, support hours as old → new.
    let first = &page.entries[1];
    assert_eq!(first.changes.len(), 7, "{first:#?}");
    assert!(matches!(
        &first.changes[6],
        Change::SupportHours { old, new } if old.rows.is_empty() && new.rows.len() == 1
    ));
    assert!(newest.id > first.id);
}

#[tokio::test]
async fn invitations_role_changes_and_removals_are_recorded_with_their_user() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    let invited = admin
        .post(server.api("/users"))
        .header("Idempotency-Key", "history-invite")
        .json(&json!({ "name": "Nina Neu", "email": "nina@demo.example", "role": "editor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::CREATED);
    let (nina, version) = user_id(&server, &admin, "nina@demo.example").await;
    let changed = admin
        .patch(server.api(&format!("/users/{nina}")))
        .header("If-Match", format!("\"{version}\""))
        .json(&json!({ "role": "read_only" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    // A role "change" to the role the user has is no change.
    let same = admin
        .patch(server.api(&format!("/users/{nina}")))
        .header("If-Match", format!("\"{}\"", version + 1))
        .json(&json!({ "role": "read_only" }))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    // Remove Nina, then the editor Emil, made an alert contact first.
    let mut contact = complete_contact();
    contact["alert_contacts"] = json!(["admin@demo.example", "editor@demo.example"]);
    let saved = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let (emil, _) = user_id(&server, &admin, "editor@demo.example").await;
    for id in [nina, emil] {
        let removed = admin
            .delete(server.api(&format!("/users/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    }

    let page = history(&server, &admin).await;
    let kinds: Vec<ChangeKind> = page.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::UserRemoved,
            ChangeKind::UserRemoved,
            ChangeKind::ContactInfoUpdated,
            ChangeKind::RoleChanged,
            ChangeKind::UserInvited,
            ChangeKind::ContactInfoUpdated,
        ]
    );
    let nina_person = Some(Person {
        name: "Nina Neu".into(),
        email: "nina@demo.example".into(),
    });
    let [emil_removed, nina_removed, _, role_changed, nina_invited, _] = &page.entries[..] else {
        panic!("{page:#?}");
    };
    assert_eq!(nina_invited.subject, nina_person);
    assert_eq!(nina_invited.actor, Some(anna()));
    assert_eq!(
        nina_invited.changes,
        [Change::Role {
            old: None,
            new: Some(Role::Editor)
        }]
    );
    assert_eq!(
        role_changed.changes,
        [Change::Role {
            old: Some(Role::Editor),
            new: Some(Role::ReadOnly)
        }]
    );
    // The entries name Nina after she is gone.
    assert_eq!(nina_removed.subject, nina_person);
    assert_eq!(
        nina_removed.changes,
        [Change::Role {
            old: Some(Role::ReadOnly),
            new: None
        }]
    );
    // Emil left the alert contacts with his removal: one entry says both.
    assert_eq!(
        emil_removed.changes,
        [
            Change::Role {
                old: Some(Role::Editor),
                new: None
            },
            Change::List {
                field: Field::AlertContacts,
                added: vec![],
                removed: vec!["editor@demo.example".into()],
            },
        ]
    );
}

#[tokio::test]
async fn an_invited_users_first_sign_in_is_recorded_once_as_theirs() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let invited = admin
        .post(server.api("/users"))
        .header("Idempotency-Key", "history-accept")
        .json(&json!({ "name": "Nina Neu", "email": "nina@demo.example", "role": "editor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::CREATED);
    let nina = server.signed_in("nina@demo.example").await;
    // Signing in again is no news.
    server.signed_in("nina@demo.example").await;
    let page = history(&server, &nina).await;
    let kinds: Vec<ChangeKind> = page.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        [ChangeKind::InvitationAccepted, ChangeKind::UserInvited]
    );
    let nina_person = Some(Person {
        name: "Nina Neu".into(),
        email: "nina@demo.example".into(),
    });
    let accepted = &page.entries[0];
    assert_eq!(accepted.actor, nina_person);
    assert_eq!(accepted.subject, nina_person);
    assert_eq!(accepted.changes, []);
    // The administrator sees it too, and the live feed's row names Nina as the actor.
    assert_eq!(history(&server, &admin).await.entries[0], *accepted);
    let (nina_id, _) = user_id(&server, &admin, "nina@demo.example").await;
    let actor = server.sql().int(
        "SELECT actor_id FROM change_history WHERE kind = 'invitation_accepted'",
        &[],
    );
    assert_eq!(actor, nina_id);
}

#[tokio::test]
async fn an_invitation_into_another_account_is_accepted_on_picking_it() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let invited = admin
        .post(server.api("/users"))
        .header("Idempotency-Key", "history-agency")
        .json(&json!({ "name": "Sara Agenzia", "email": "agency@studio.example", "role": "read_only" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::CREATED);
    // The agency signs in to one of its other accounts: nothing happens here yet.
    let agency = server.signed_in("agency@studio.example").await;
    let kinds = |page: HistoryPage| -> Vec<ChangeKind> {
        page.entries.iter().map(|entry| entry.kind).collect()
    };
    assert_eq!(
        kinds(history(&server, &admin).await),
        [ChangeKind::UserInvited]
    );
    let demo = server.sql().int(
        "SELECT id FROM accounts WHERE partner_id = ?1",
        &["demo-1001".into()],
    );
    let picked = agency
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": demo }))
        .send()
        .await
        .unwrap();
    assert_eq!(picked.status(), StatusCode::OK);
    let page = history(&server, &admin).await;
    assert_eq!(
        kinds(page.clone()),
        [ChangeKind::InvitationAccepted, ChangeKind::UserInvited]
    );
    assert_eq!(
        page.entries[0]
            .subject
            .as_ref()
            .map(|person| person.name.as_str()),
        Some("Sara Agenzia")
    );
}

#[tokio::test]
async fn pages_go_from_the_newest_to_the_oldest_by_cursor() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let mut version = 0;
    for number in 0..5 {
        let mut contact = complete_contact();
        contact["technical_emergency"] = json!([format!("oncall{number}@partner.example")]);
        let saved = put_contact(
            &server,
            &admin,
            Some(&format!("\"{version}\"")),
            "production",
            contact,
        )
        .await;
        let body: ContactInfoResponse = saved.json().await.unwrap();
        version = body.version;
    }
    let mut ids = Vec::new();
    let mut url = server.api("/history?limit=2");
    let mut pages = 0;
    loop {
        let page: HistoryPage = get_json(&admin, url.clone()).await;
        pages += 1;
        assert!(page.entries.len() <= 2);
        ids.extend(page.entries.iter().map(|entry| entry.id));
        match page.next_cursor {
            Some(cursor) => url = server.api(&format!("/history?limit=2&cursor={cursor}")),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "{ids:?}");
    for bad in [
        "/history?cursor=abc",
        "/history?cursor=0",
        "/history?limit=x",
    ] {
        expect_problem(
            admin.get(server.api(bad)).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad-request",
        )
        .await;
    }
}

#[tokio::test]
async fn every_user_of_the_account_reads_it_and_no_other_account() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    let viewer = server.signed_in("viewer@demo.example").await;
    assert_eq!(history(&server, &viewer).await.entries.len(), 1);
    let other = server.signed_in("admin@salute.example").await;
    assert_eq!(history(&server, &other).await.entries, []);
    // Another account's cursor reads nothing of this one either.
    let id = history(&server, &admin).await.entries[0].id;
    let page: HistoryPage =
        get_json(&other, server.api(&format!("/history?cursor={}", id + 1))).await;
    assert_eq!(page.entries, []);
    expect_problem(
        crate::common::TestServer::client()
            .get(server.api("/history"))
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn entries_past_the_retention_are_hidden_and_purged() {
    let server = TestServer::start_with(|config| config.history_retention_days = 30).await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    // Make the entry 31 days old.
    server.sql().execute(
        "UPDATE change_history SET created_at = created_at - 31 * 24 * 60 * 60",
        &[],
    );
    assert_eq!(history(&server, &admin).await.entries, []);
    assert_eq!(
        server.sql().int("SELECT count(*) FROM change_history", &[]),
        1
    );
    // The account's next change purges it.
    let mut contact = complete_contact();
    contact["technical_emergency"] = json!(["pager@partner.example"]);
    let saved = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(history(&server, &admin).await.entries.len(), 1);
    assert_eq!(
        server.sql().int("SELECT count(*) FROM change_history", &[]),
        1
    );
}
