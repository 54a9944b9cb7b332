//! Live updates (`GET /api/v1/events`) through real HTTP: another session of the account
//! learns of a save or a users change within seconds, with who and the new version; no
//! other account does; `Last-Event-ID` replays what a reconnecting browser missed; the
//! stream ends with the session, the user's removal and the server's shutdown; a change
//! saved through another replica on the same database arrives too.
//!
//! Waits are bounded: every read has a deadline of a few seconds (the feed is polled every
//! 1.5 s, and at once for changes made by the same server).

use crate::common::{TestServer, complete_contact, get_json, put_contact, save_complete_contact};
use portal_rules::api::UsersResponse;
use portal_rules::history::{ChangeKind, LIVE_EVENT_NAME, LiveEvent};
use reqwest::{Client, StatusCode};
use serde_json::json;
use std::time::Duration;
use tokio::time::timeout;

/// Long enough for a change on another replica (poll interval 1.5 s) on a loaded machine.
const ARRIVES_WITHIN: Duration = Duration::from_secs(8);

/// An open event stream, read chunk by chunk.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

/// What reading a stream gave.
#[derive(Debug)]
enum Read {
    Change(LiveEvent),
    Ended,
    Nothing,
}

impl Events {
    async fn open(client: &Client, url: String, last_event_id: Option<i64>) -> Self {
        let mut request = client.get(url);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "{:?}",
            response.headers()
        );
        let mut events = Self {
            response,
            buffer: String::new(),
        };
        // The server greets at once (retry and a comment): subscribed from here on.
        let greeting = timeout(Duration::from_secs(5), events.block())
            .await
            .expect("a greeting");
        assert!(
            greeting
                .as_deref()
                .is_some_and(|block| block.contains("retry:")),
            "{greeting:?}"
        );
        events
    }

    /// The next block (up to a blank line), or None when the stream ended.
    async fn block(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block = self.buffer[..end].to_owned();
                self.buffer.drain(..end + 2);
                return Some(block);
            }
            let chunk = self.response.chunk().await.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next change event within `within`, skipping heartbeats.
    async fn next(&mut self, within: Duration) -> Read {
        let read = timeout(within, async {
            loop {
                let Some(block) = self.block().await else {
                    return Read::Ended;
                };
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|line| line.strip_prefix(name))
                        .map(|value| value.trim_start().to_owned())
                };
                if field("event:").as_deref() != Some(LIVE_EVENT_NAME) {
                    continue;
                }
                let event: LiveEvent =
                    serde_json::from_str(&field("data:").expect("data")).expect("a LiveEvent");
                assert_eq!(field("id:"), Some(event.id.to_string()));
                return Read::Change(event);
            }
        })
        .await;
        read.unwrap_or(Read::Nothing)
    }

    async fn change(&mut self) -> LiveEvent {
        match self.next(ARRIVES_WITHIN).await {
            Read::Change(event) => event,
            other => panic!("expected a change, got {other:?}"),
        }
    }
}

async fn events(server: &TestServer, client: &Client) -> Events {
    Events::open(client, server.api("/events"), None).await
}

async fn invite(server: &TestServer, admin: &Client, email: &str) {
    let invited = admin
        .post(server.api("/users"))
        .header("Idempotency-Key", format!("live-{email}"))
        .json(&json!({ "name": "Nina Neu", "email": email, "role": "editor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn another_session_of_the_account_learns_of_a_save_and_another_account_nothing() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let editor = server.signed_in("editor@demo.example").await;
    let stranger = server.signed_in("admin@salute.example").await;
    let mut editors = events(&server, &editor).await;
    let mut strangers = events(&server, &stranger).await;

    save_complete_contact(&server, &admin).await;
    let saved = editors.change().await;
    assert_eq!(saved.kind, ChangeKind::ContactInfoUpdated);
    assert_eq!(saved.actor_name.as_deref(), Some("Anna Admin"));
    assert_eq!(saved.contact_info_version, Some(1));
    let users: UsersResponse = get_json(&admin, server.api("/users")).await;
    let anna = users
        .users
        .iter()
        .find(|user| user.email == "admin@demo.example");
    assert_eq!(saved.actor_id, anna.map(|user| user.id));
    assert!(saved.at.ends_with('Z'), "{}", saved.at);

    // A users change too, with its own id.
    invite(&server, &admin, "nina@demo.example").await;
    let invited = editors.change().await;
    assert_eq!(invited.kind, ChangeKind::UserInvited);
    assert_eq!(invited.contact_info_version, None);
    assert!(invited.id > saved.id);
    // Her first sign-in changes her status on the Users tab: open pages learn of it.
    server.signed_in("nina@demo.example").await;
    let accepted = editors.change().await;
    assert_eq!(accepted.kind, ChangeKind::InvitationAccepted);
    assert_eq!(accepted.actor_name.as_deref(), Some("Nina Neu"));

    // The other account's stream stays silent (its heartbeat aside).
    assert!(matches!(
        strangers.next(Duration::from_secs(3)).await,
        Read::Nothing
    ));
}

#[tokio::test]
async fn without_a_session_the_stream_is_refused() {
    let server = TestServer::start().await;
    let response = TestServer::client()
        .get(server.api("/events"))
        .send()
        .await
        .unwrap();
    crate::common::expect_problem(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn a_reconnecting_stream_first_gets_what_it_missed_after_its_last_event_id() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut first = events(&server, &editor).await;
    save_complete_contact(&server, &admin).await;
    let seen = first.change().await;
    drop(first);
    // Missed while disconnected.
    invite(&server, &admin, "nina@demo.example").await;
    let mut contact = complete_contact();
    contact["technical_emergency"] = json!(["pager@partner.example"]);
    let response = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(response.status(), StatusCode::OK);

    let mut resumed = Events::open(&editor, server.api("/events"), Some(seen.id)).await;
    let invited = resumed.change().await;
    let saved = resumed.change().await;
    assert_eq!(
        (invited.kind, saved.kind),
        (ChangeKind::UserInvited, ChangeKind::ContactInfoUpdated)
    );
    assert_eq!(saved.contact_info_version, Some(2));
    // Each once, though the live feed also carries them.
    assert!(matches!(
        resumed.next(Duration::from_secs(3)).await,
        Read::Nothing
    ));
    // Without Last-Event-ID, nothing from before.
    let mut fresh = events(&server, &editor).await;
    assert!(matches!(
        fresh.next(Duration::from_secs(3)).await,
        Read::Nothing
    ));
}

#[tokio::test]
async fn the_stream_ends_on_sign_out_and_when_the_user_is_removed() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut admins = events(&server, &admin).await;
    let mut editors = events(&server, &editor).await;

    let signed_out = admin
        .delete(server.api("/auth/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    assert!(matches!(
        admins.next(Duration::from_secs(5)).await,
        Read::Ended
    ));

    // The editor is removed by another administrator: their stream tells them, then ends.
    let other_admin = server.signed_in("admin@demo.example").await;
    let users: UsersResponse = get_json(&other_admin, server.api("/users")).await;
    let emil = users
        .users
        .iter()
        .find(|user| user.email == "editor@demo.example")
        .expect("the editor");
    let removed = other_admin
        .delete(server.api(&format!("/users/{}", emil.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(editors.change().await.kind, ChangeKind::UserRemoved);
    assert!(matches!(
        editors.next(Duration::from_secs(5)).await,
        Read::Ended
    ));
    // Reconnecting is refused.
    let again = editor.get(server.api("/events")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_holds_a_bounded_number_of_streams() {
    let server = TestServer::start().await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut open = Vec::new();
    for _ in 0..6 {
        open.push(events(&server, &editor).await);
    }
    let seventh = editor.get(server.api("/events")).send().await.unwrap();
    crate::common::expect_problem(seventh, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
    // Closing one frees its place (the server notices the closed connection).
    drop(open.pop());
    let reopened = timeout(Duration::from_secs(5), async {
        loop {
            let response = editor.get(server.api("/events")).send().await.unwrap();
            if response.status() == StatusCode::OK {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(reopened.is_ok(), "the freed place was not given back");
}

#[tokio::test]
async fn open_streams_do_not_hold_up_the_shutdown() {
    let server = TestServer::start().await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut stream = events(&server, &editor).await;
    let stopping = tokio::spawn(server.stop());
    assert!(matches!(
        stream.next(Duration::from_secs(5)).await,
        Read::Ended
    ));
    assert!(
        // Far below the 30 s shutdown deadline, above the workers' 5 s.
        timeout(Duration::from_secs(10), stopping).await.is_ok(),
        "the shutdown waited for the stream"
    );
}

#[tokio::test]
async fn a_change_saved_through_another_replica_reaches_the_stream() {
    let a = TestServer::start().await;
    let b = TestServer::start_on(a.database.clone()).await;
    let editor_on_a = a.signed_in("editor@demo.example").await;
    let mut stream = events(&a, &editor_on_a).await;
    let admin_on_b = b.signed_in("admin@demo.example").await;
    save_complete_contact(&b, &admin_on_b).await;
    let saved = stream.change().await;
    assert_eq!(saved.kind, ChangeKind::ContactInfoUpdated);
    assert_eq!(saved.contact_info_version, Some(1));
}

/// The contract, tested here rather than by schemathesis (which cannot read an endless
/// stream; `cargo xtask contract` leaves the operation out): the document names the
/// stream's media type, a real event's data validates against its schema, and the 401 and
/// 429 answers against theirs.
#[tokio::test]
async fn the_stream_and_its_answers_conform_to_the_document() {
    use crate::openapi::{document, response_validator};
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let operation = &doc["paths"]["/api/v1/events"]["get"];
    assert!(
        operation["responses"]["200"]["content"]["text/event-stream"].is_object(),
        "{operation:#}"
    );
    let admin = server.signed_in("admin@demo.example").await;
    let editor = server.signed_in("editor@demo.example").await;
    let mut stream = events(&server, &editor).await;
    save_complete_contact(&server, &admin).await;
    let event = serde_json::to_value(stream.change().await).unwrap();
    let valid = |status: u16, body: &serde_json::Value| {
        let validator = response_validator(&doc, "get", "/api/v1/events", status);
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{status}: {errors:?} {body:#}");
    };
    valid(200, &event);
    let anonymous = TestServer::client()
        .get(server.api("/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    valid(401, &anonymous.json().await.unwrap());
    let mut open = Vec::new();
    for _ in 0..6 {
        open.push(events(&server, &admin).await);
    }
    let busy = admin.get(server.api("/events")).send().await.unwrap();
    assert_eq!(busy.status(), StatusCode::TOO_MANY_REQUESTS);
    valid(429, &busy.json().await.unwrap());
}
