//! Two replicas on one database behave as one server (issue 15, point 3): sessions,
//! idempotency keys, rate-limit counters, contact-information versions and the mail queue
//! live in the database, never in a replica.
//!
//! The replicas are two apps started in this process with `portal_server::start`, each on
//! its own 127.0.0.1 port with its own connection pool, mail worker, flood guard and
//! shutdown signal; the only thing they share is the database (nothing in the server is
//! process-global but a warn-once flag). They run on either backend: two servers on one
//! SQLite file (its file locks serialize them) and, with `PORTAL_TEST_DATABASE=postgres`,
//! on one PostgreSQL database. Separate processes of the release binary are exercised by
//! `cargo xtask bench` (PostgreSQL, two replicas under load).
//!
//! Requests carry the session cookie explicitly (clients without a cookie store) where it
//! matters which replica saw what: cookies are scoped by host, not port, so a cookie store
//! would hide whether B honours a session A made, or whether A's sign-out merely cleared
//! the client's cookie.

use crate::common::{TestServer, complete_contact, fresh_database, new_case, within_one_window};
use crate::mailserver::MailServer;
use portal_rules::api::{ContactInfoResponse, CurrentSession};
use portal_rules::contact::Field;
use portal_rules::limits::{CASES_PER_USER, window_start};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

/// Replica A (dev mode, demo data, a fresh database) and replica B on the same database.
async fn replicas() -> (TestServer, TestServer) {
    let a = TestServer::start().await;
    let b = TestServer::start_on(a.database.clone()).await;
    (a, b)
}

/// A plain client: no cookie store, so it sends only the cookies a request names.
fn plain() -> Client {
    Client::new()
}

async fn session_on(server: &TestServer, cookie: &str) -> CurrentSession {
    let response = plain()
        .get(server.api("/session"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_session_made_on_one_replica_works_and_ends_on_the_other() {
    let (a, b) = replicas().await;
    // The link is requested on B, its mail read from A's outbox (the queue is shared), and
    // redeemed on A.
    b.request_link("editor@demo.example", None).await;
    let token = crate::common::token_of(&a.newest_mail_to("editor@demo.example").await);
    let cookie = a.session_cookie(&token).await;

    match session_on(&b, &cookie).await {
        CurrentSession::SignedIn(session) => {
            assert_eq!(session.user.email, "editor@demo.example");
        }
        CurrentSession::SignedOut => panic!("B does not know the session A opened"),
    }
    let on_b: ContactInfoResponse = {
        let response = plain()
            .get(b.api("/contact-info"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    };
    assert_eq!(on_b.version, 0);

    let signed_out = plain()
        .delete(a.api("/auth/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    // The same cookie, still sent: B no longer accepts it.
    assert_eq!(session_on(&b, &cookie).await, CurrentSession::SignedOut);
    let refused = plain()
        .get(b.api("/contact-info"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    b.stop().await;
}

async fn create_case(server: &TestServer, cookie: &str, key: &str, subject: &str) -> Response {
    plain()
        .post(server.api("/support-cases"))
        .header("cookie", cookie)
        .header("Idempotency-Key", key)
        .json(&new_case(subject))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_idempotent_create_retried_on_the_other_replica_makes_one_case() {
    let (a, b) = replicas().await;
    let token = a.sign_in_token("viewer@demo.example").await;
    let cookie = a.session_cookie(&token).await;

    let first = create_case(&a, &cookie, "once-across-replicas", "Once").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    // The client's retry reaches the other replica (the load balancer's choice).
    let retried = create_case(&b, &cookie, "once-across-replicas", "Once").await;
    assert_eq!(retried.status(), StatusCode::CREATED);
    let retried: Value = retried.json().await.unwrap();
    assert_eq!(retried, first, "B replays A's answer");
    assert_eq!(a.sql().int("SELECT count(*) FROM support_cases", &[]), 1);
    a.settle().await;
    assert_eq!(
        a.mails_to("viewer@demo.example")
            .await
            .iter()
            .filter(|mail| mail["subject"]
                .as_str()
                .is_some_and(|subject| subject.starts_with("Support case")))
            .count(),
        1,
        "one acknowledgement"
    );
    b.stop().await;
}

#[tokio::test]
async fn a_rate_limit_counts_requests_to_both_replicas() {
    let limit = CASES_PER_USER;
    // The counter is per fixed window: start well inside one, so all requests count in it.
    within_one_window(limit.window_secs).await;
    let window = window_start(chrono::Utc::now().timestamp(), limit.window_secs);

    let (a, b) = replicas().await;
    let token = b.sign_in_token("viewer@demo.example").await;
    let cookie = b.session_cookie(&token).await;
    let replica = |index: usize| if index.is_multiple_of(2) { &a } else { &b };
    for index in 0..usize::try_from(limit.max).unwrap() {
        let response = create_case(replica(index), &cookie, &format!("n-{index}"), "s").await;
        assert_eq!(response.status(), StatusCode::CREATED, "case {index}");
    }
    // The limit+1-th request is refused, on whichever replica it reaches.
    for index in [limit.max, limit.max + 1] {
        let index = usize::try_from(index).unwrap();
        let response = create_case(replica(index), &cookie, &format!("n-{index}"), "s").await;
        assert_eq!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "request {index}"
        );
        assert!(response.headers().contains_key("retry-after"));
    }
    assert_eq!(
        window_start(chrono::Utc::now().timestamp(), limit.window_secs),
        window,
        "the window did not roll over during the test"
    );
    assert_eq!(
        a.sql().int("SELECT count(*) FROM support_cases", &[]),
        limit.max
    );
    b.stop().await;
}

/// Save `i` changes field `FIELDS[i % 5]`: it adds `s<i>@…` to one of the first four
/// lists, and sets the last (the public address, exactly one) to it. Alert contacts must be
/// users, so they stay as they are.
const FIELDS: [Field; 5] = [
    Field::TechnicalEmergency,
    Field::TechnicalNonEmergency,
    Field::MerchantIssues,
    Field::OperationalGoogle,
    Field::OperationalPublic,
];

async fn read(server: &TestServer, cookie: &str) -> (String, ContactInfoResponse) {
    let response = plain()
        .get(server.api("/contact-info"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (etag, response.json().await.unwrap())
}

async fn save(server: &TestServer, cookie: &str, etag: &str, contact: &Value) -> StatusCode {
    plain()
        .put(server.api("/contact-info"))
        .header("cookie", cookie)
        .header("if-match", etag)
        .json(&json!({ "environment": "production", "contact": contact }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn contact_saves_split_across_replicas_lose_no_update() {
    let (a, b) = replicas().await;
    let token = a.sign_in_token("admin@demo.example").await;
    let cookie = a.session_cookie(&token).await;
    let replica = |index: usize| if index.is_multiple_of(2) { &a } else { &b };

    // 50 concurrent saves from one starting ETag, alternating A/B: exactly one wins, the
    // others are told their version is stale (412) — none is lost silently, none is a 500.
    let (start, _) = read(&a, &cookie).await;
    let mut attempts = tokio::task::JoinSet::new();
    for index in 0..50 {
        let (url, cookie, start) = (
            replica(index).api("/contact-info"),
            cookie.clone(),
            start.clone(),
        );
        attempts.spawn(async move {
            plain()
                .put(url)
                .header("cookie", cookie)
                .header("if-match", start)
                .json(&json!({ "environment": "production", "contact": complete_contact() }))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = attempts.join_all().await;
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    assert_eq!(
        (
            count(StatusCode::OK),
            count(StatusCode::PRECONDITION_FAILED)
        ),
        (1, 49),
        "{statuses:?}"
    );

    // 50 read-modify-write saves, each read on one replica and written on the other: all
    // succeed, each read already shows the previous save (made on the other replica), and
    // the final state holds every change: list k = [s<k>, s<k+5>, …, s<k+45>] (ten
    // addresses, the most a list takes; the first save per list replaces its address).
    let (_, before) = read(&b, &cookie).await;
    let address = |index: usize| format!("s{index}@partner.example");
    for index in 0..50 {
        let (etag, current) = read(replica(index), &cookie).await;
        assert_eq!(
            current.version,
            before.version + i64::try_from(index).unwrap()
        );
        if let Some(previous) = index.checked_sub(1) {
            assert!(
                current
                    .contact
                    .list(FIELDS[previous % 5])
                    .contains(&address(previous)),
                "read {index} misses save {previous}"
            );
        }
        let mut contact = current.contact.clone();
        let list = contact
            .list_mut(FIELDS[index % 5])
            .expect("an address list");
        if index < 5 || FIELDS[index % 5] == Field::OperationalPublic {
            list.clear();
        }
        list.push(address(index));
        let contact = serde_json::to_value(&contact).unwrap();
        assert_eq!(
            save(replica(index + 1), &cookie, &etag, &contact).await,
            StatusCode::OK,
            "save {index}"
        );
    }
    let (etag, after) = read(&a, &cookie).await;
    assert_eq!(after.version, before.version + 50);
    assert_eq!(etag, format!("\"{}\"", after.version));
    for (k, field) in FIELDS[..4].iter().enumerate() {
        let expected: Vec<String> = (0..10).map(|step| address(k + 5 * step)).collect();
        assert_eq!(after.contact.list(*field), expected, "{field:?}");
    }
    assert_eq!(after.contact.operational_public, [address(49)]);
    // B reads the same final state.
    assert_eq!(read(&b, &cookie).await, (etag, after));
    b.stop().await;
}

#[tokio::test]
async fn the_mail_queue_delivers_each_mail_once_with_both_workers_running() {
    let smtp = MailServer::start();
    let unlimited = |config: &mut portal_server::Config| config.no_rate_limits = true;
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let servers = [
        TestServer::start_on_with_smtp_and(database.clone(), &smtp, unlimited).await,
        TestServer::start_on_with_smtp_and(database, &smtp, unlimited).await,
    ];
    let addresses = [
        "admin@demo.example",
        "editor@demo.example",
        "viewer@demo.example",
        "admin@salute.example",
        "admin@luigi.example",
        "viewer@luigi.example",
        "admin@alpenblick.example",
    ];
    // Requests alternate between the replicas, so both workers wake and race for the queue.
    let mut requested = 0;
    for round in 0..4 {
        for (index, address) in addresses.iter().enumerate() {
            servers[(round + index) % 2]
                .request_link(address, None)
                .await;
            requested += 1;
        }
    }
    smtp.wait_for(requested, 60).await;
    servers[0].settle().await;
    // A second copy would have been sent by now.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = smtp.received();
    let mut ids: Vec<&str> = received
        .iter()
        .map(|mail| mail.header("message-id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(received.len(), requested, "each mail once");
    assert_eq!(ids.len(), requested, "distinct Message-IDs");
    let sent = servers[0].sql().int(
        "SELECT count(*) FROM mail_queue WHERE status = 'sent' AND attempts = 1",
        &[],
    );
    assert_eq!(sent, i64::try_from(requested).unwrap());
    for server in servers {
        server.stop().await;
    }
}
