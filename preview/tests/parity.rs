//! The preview backend answers as the real server does. The server runs in-process on
//! 127.0.0.1:0 over a fresh SQLite file (dev mode, demo data seeded); the backend starts
//! from `fixtures::server_demo()`, the same data. One recorded sequence of calls (sign-in,
//! session, contact information with `If-Match`, users, support cases, roles, errors) is
//! sent to both; every answer must have the same status, the same headers that matter
//! (`Content-Type`, `ETag`, `Retry-After`, `Set-Cookie` but its token) and the same JSON
//! body once timestamps and waiting times are normalized. Ids are not normalized: both
//! number rows as SQLite does.
//!
//! Not mirrored, deliberately: `GET /api/v1/events` (live updates), an endless
//! Server-Sent Events stream that the SPA opens only against a real server (with the
//! preview's transport installed, `api::live_events` opens nothing). Its contract is
//! tested in `server/tests/api/events.rs`.
//!
//! `demo_seed_mirror` checks that `fixtures::server_demo()` still is the server's seed, and
//! that the integration table agrees with the server's.

use portal_preview::fixtures::server_demo;
use portal_preview::state::{MailKind, uses_merchant_contact};
use portal_preview::{Answer, Backend, CookieJar, Host, PreviewRequest};
use portal_rules::model::{IntegrationType, Role, UserStatus};
use portal_server::{Config, RunningServer};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct NativeHost;

impl Host for NativeHost {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
            })
    }

    fn is_known_time_zone(&self, zone: &str) -> bool {
        zone.parse::<chrono_tz::Tz>().is_ok()
    }
}

/// What is compared of one answer.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Value,
}

const COMPARED_HEADERS: [&str; 5] = [
    "content-type",
    "etag",
    "retry-after",
    "set-cookie",
    "cache-control",
];

fn normalize_header(name: &str, value: &str) -> String {
    match name {
        // The session token differs; its name and attributes must not.
        "set-cookie" => match value.split_once(';') {
            Some((pair, attributes)) => {
                let (cookie, token) = pair.split_once('=').unwrap_or((pair, ""));
                let token = if token.is_empty() { "" } else { "<token>" };
                format!("{cookie}={token};{attributes}")
            }
            None => value.to_owned(),
        },
        "retry-after" => wait(value.parse().unwrap_or(u64::MAX)),
        _ => value.to_owned(),
    }
}

/// A waiting time is compared as "within the longest window of the limits involved".
fn wait(seconds: u64) -> String {
    if (1..=600).contains(&seconds) {
        "<1..600 s>".into()
    } else {
        format!("unexpected {seconds}")
    }
}

/// Timestamps (RFC 3339, UTC, whole seconds) and waiting times become placeholders.
fn normalize_body(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match (key.as_str(), &item) {
                    (
                        "created_at" | "updated_at" | "last_sign_in_at" | "at" | "confirmed_at"
                        | "verified_at",
                        Value::String(text),
                    ) => {
                        assert!(
                            text.len() == 20 && text.ends_with('Z') && text.as_bytes()[10] == b'T',
                            "{key} is RFC 3339: {text}"
                        );
                        *item = Value::String("<time>".into());
                    }
                    ("retry_after", Value::Number(number)) => {
                        *item = Value::String(wait(number.as_u64().unwrap_or(u64::MAX)));
                    }
                    _ => normalize_body(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_body),
        _ => {}
    }
}

/// The server's known-device cookie only widens its per-address budget of sign-in mails,
/// which the preview (it mails nothing) does not keep; every other cookie is compared.
const NOT_COMPARED_COOKIE: &str = "portal_device=";

fn seen(status: u16, headers: &[(String, String)], body: &str) -> Seen {
    let mut compared: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if !COMPARED_HEADERS.contains(&name.as_str())
            || (name == "set-cookie" && value.starts_with(NOT_COMPARED_COOKIE))
        {
            continue;
        }
        let value = normalize_header(&name, value);
        // Repeated headers (several cookies) are compared as a whole, in order.
        compared
            .entry(name)
            .and_modify(|seen| {
                seen.push_str(" | ");
                seen.push_str(&value);
            })
            .or_insert(value);
    }
    let headers = compared;
    let mut body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or_else(|_| Value::String(body.to_owned()))
    };
    normalize_body(&mut body);
    Seen {
        status,
        headers,
        body,
    }
}

/// The real server, through real HTTP with a cookie store.
struct Server {
    running: RunningServer,
    client: reqwest::Client,
    url: String,
    database: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("portal.sqlite3");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let running = portal_server::start(listener, Config::for_tests(database.clone()))
            .await
            .expect("server starts");
        Self {
            url: format!("http://{}", running.addr),
            running,
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            database,
            _dir: dir,
        }
    }

    async fn send(&self, request: &PreviewRequest) -> Seen {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("method");
        let mut builder = self
            .client
            .request(method, format!("{}{}", self.url, request.path_and_query));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    value.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let body = response.text().await.expect("body");
        seen(status, &headers, &body)
    }

    /// The token of the newest sign-in link mailed to `email`, waiting for the worker.
    async fn token_for(&self, email: &str, mails_before: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mails = self.mails_to(email).await;
            if mails.len() > mails_before {
                let link = mails[0]["link"].as_str().expect("a link").to_owned();
                return link.split("#token=").nth(1).expect("token").to_owned();
            }
            assert!(Instant::now() < deadline, "no sign-in link for {email}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The token of the newest verification link mailed to `address`.
    async fn verification_token(&self, address: &str) -> String {
        let outbox: Vec<Value> = reqwest::get(format!("{}/api/dev/outbox.json", self.url))
            .await
            .expect("outbox")
            .json()
            .await
            .expect("outbox json");
        let mail = outbox
            .iter()
            .find(|mail| {
                mail["to"]
                    .as_str()
                    .is_some_and(|to| to.eq_ignore_ascii_case(address))
                    && mail["kind"] == "contact-verification"
            })
            .expect("a verification mail");
        let link = mail["link"].as_str().expect("a link");
        link.split("#token=").nth(1).expect("token").to_owned()
    }

    /// Mails to `email`, newest first.
    async fn mails_to(&self, email: &str) -> Vec<Value> {
        let outbox: Vec<Value> = reqwest::get(format!("{}/api/dev/outbox.json", self.url))
            .await
            .expect("outbox")
            .json()
            .await
            .expect("outbox json");
        outbox
            .into_iter()
            .filter(|mail| mail["to"].as_str() == Some(email) && mail["kind"] == "sign-in-link")
            .collect()
    }

    async fn stop(self) {
        let _ = self.running.shutdown.send(true);
        let _ = self.running.finished.await;
    }
}

/// The preview backend, with the cookie jar the SPA's transport keeps.
struct Preview {
    backend: Backend,
    jar: CookieJar,
}

impl Preview {
    fn send(&mut self, request: &PreviewRequest) -> Seen {
        let mut request = request.clone();
        if let Some(cookie) = self.jar.header() {
            request.headers.push(("cookie".into(), cookie));
        }
        let outcome = self.backend.handle(&request);
        let Answer::Response(response) = outcome.answer else {
            panic!("{request:?} got no response: {outcome:?}");
        };
        assert_eq!(outcome.delay_ms, 0);
        self.jar.store(&response);
        seen(
            response.status,
            &response.headers,
            response.body.as_deref().unwrap_or_default(),
        )
    }

    /// The token of the newest verification link mailed to `address`.
    fn verification_token(&self, address: &str) -> String {
        let mail = self
            .backend
            .state()
            .outbox
            .iter()
            .rev()
            .find(|mail| mail.to == address && mail.kind == MailKind::ContactVerification)
            .expect("a verification mail");
        let link = mail.link.as_deref().expect("a link");
        link.split("#token=").nth(1).expect("token").to_owned()
    }

    fn token_for(&self, email: &str) -> String {
        let mail = self
            .backend
            .state()
            .outbox
            .iter()
            .rev()
            .find(|mail| mail.to == email && mail.kind != MailKind::ContactVerification)
            .expect("a mail");
        let link = mail.link.as_deref().expect("a link");
        link.split("#token=").nth(1).expect("token").to_owned()
    }
}

/// Both sides, and the steps compared so far.
struct Both {
    server: Server,
    preview: Preview,
    steps: usize,
}

fn request(method: &str, path: &str) -> PreviewRequest {
    PreviewRequest::new(method, &format!("/api/v1{path}"))
}

fn with_json(method: &str, path: &str, body: &Value) -> PreviewRequest {
    request(method, path).with_json(&body.to_string())
}

impl Both {
    /// Sends `server_request` to the server and `preview_request` to the preview; their
    /// answers must be the same. Returns the server's.
    async fn call_each(
        &mut self,
        step: &str,
        server_request: &PreviewRequest,
        preview_request: &PreviewRequest,
    ) -> Seen {
        let from_server = self.server.send(server_request).await;
        let from_preview = self.preview.send(preview_request);
        assert_eq!(
            from_preview, from_server,
            "step {step}: the preview (left) answers otherwise than the server (right)"
        );
        self.steps += 1;
        from_server
    }

    async fn call(&mut self, step: &str, request: &PreviewRequest) -> Seen {
        self.call_each(step, request, request).await
    }

    async fn expect(&mut self, step: &str, request: &PreviewRequest, status: u16) -> Seen {
        let seen = self.call(step, request).await;
        assert_eq!(seen.status, status, "step {step}: {:?}", seen.body);
        seen
    }

    /// Signs in through the link flow: request a link, preview it, use it.
    async fn sign_in(&mut self, email: &str) -> Seen {
        let before = self.server.mails_to(email).await.len();
        let link = with_json(
            "POST",
            "/auth/sign-in-link",
            &json!({ "email": email, "locale": "de" }),
        );
        self.expect(&format!("link for {email}"), &link, 202).await;
        let server_token = self.server.token_for(email, before).await;
        let preview_token = self.preview.token_for(email);
        let body = |token: &str| json!({ "token": token });
        self.call_each(
            "preview the link",
            &with_json("POST", "/auth/sign-in-link/preview", &body(&server_token)),
            &with_json("POST", "/auth/sign-in-link/preview", &body(&preview_token)),
        )
        .await;
        let signed_in = self
            .call_each(
                "use the link",
                &with_json("POST", "/auth/session", &body(&server_token)),
                &with_json("POST", "/auth/session", &body(&preview_token)),
            )
            .await;
        assert_eq!(signed_in.status, 200);
        self.call_each(
            "a used link is refused",
            &with_json("POST", "/auth/session", &body(&server_token)),
            &with_json("POST", "/auth/session", &body(&preview_token)),
        )
        .await;
        signed_in
    }
}

fn user_id(users: &Seen, email: &str) -> i64 {
    users.body["users"]
        .as_array()
        .and_then(|users| users.iter().find(|user| user["email"] == email))
        .and_then(|user| user["id"].as_i64())
        .unwrap_or_else(|| panic!("{email} in {:?}", users.body))
}

fn contact(environment: &str, alert: &[&str]) -> Value {
    json!({
        "environment": environment,
        "contact": {
            "alert_contacts": alert,
            "technical_emergency": [" Pager@Demo.EXAMPLE "],
            "technical_non_emergency": ["dev@demo.example"],
            "merchant_issues": ["merchants@demo.example"],
            "operational_google": ["ops@demo.example"],
            "operational_public": ["help@demo.example"],
            "support_hours": {
                "always_open": false,
                "rows": [{
                    "weekdays": ["friday", "monday"],
                    "start": "09:00",
                    "end": "17:00",
                    "time_zone": "Europe/Berlin"
                }]
            }
        }
    })
}

/// A Sandbox save with a duplicate, an invalid address, two public contacts, an unknown
/// zone, and a row whose weekdays and end are wrong (row errors name the control,
/// `support_hours.rows[1].end`, on both).
fn invalid_contact() -> Value {
    let mut invalid = contact("sandbox", &[]);
    invalid["contact"]["technical_emergency"] = json!(["bad", "a@x.example", "A@X.EXAMPLE"]);
    invalid["contact"]["operational_public"] = json!(["a@x.example", "b@x.example"]);
    invalid["contact"]["support_hours"]["rows"][0]["time_zone"] = json!("Mars/Olympus");
    invalid["contact"]["support_hours"]["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "weekdays": [], "start": "18:00", "end": "08:00", "time_zone": "UTC" }));
    invalid
}

fn put_contact(version: Option<i64>, body: &Value) -> PreviewRequest {
    let put = with_json("PUT", "/contact-info", body);
    match version {
        Some(version) => put.with_header("If-Match", &format!("\"{version}\"")),
        None => put,
    }
}

fn confirm_contact(version: Option<i64>) -> PreviewRequest {
    let post = request("POST", "/contact-info/confirmation");
    match version {
        Some(version) => post.with_header("If-Match", &format!("\"{version}\"")),
        None => post,
    }
}

/// "Still correct": refused without or with a stale If-Match, then recorded (a new version,
/// and an entry in the change history that follows).
async fn confirmation(both: &mut Both) {
    let current = both
        .expect(
            "before the confirmation",
            &request("GET", "/contact-info"),
            200,
        )
        .await;
    let version = current.body["version"].as_i64().unwrap_or_default();
    assert_eq!(current.body["review_due"], false);
    both.expect("confirm without If-Match", &confirm_contact(None), 428)
        .await;
    both.expect(
        "confirm a stale version",
        &confirm_contact(Some(version - 1)),
        412,
    )
    .await;
    let confirmed = both
        .expect("still correct", &confirm_contact(Some(version)), 200)
        .await;
    assert_eq!(confirmed.body["version"], version + 1);
    both.expect(
        "confirm is POST only",
        &request("GET", "/contact-info/confirmation"),
        405,
    )
    .await;
}

/// Verified contacts: the statuses the contact information lists, resends (too soon, not
/// listed, verified) and the public redemption (once; bad tokens alike).
async fn verification(both: &mut Both) {
    let current = both
        .expect("statuses", &request("GET", "/contact-info"), 200)
        .await;
    let first = current.body["verifications"][0]["address"]
        .as_str()
        .expect("an address")
        .to_owned();
    let resend = |address: &str| {
        with_json(
            "POST",
            "/contact-info/verifications/resend",
            &json!({ "address": address }),
        )
    };
    both.expect("resend too soon", &resend(&first), 429).await;
    both.expect(
        "resend an address not listed",
        &resend("x@nowhere.example"),
        404,
    )
    .await;
    both.expect(
        "resend with a wrong body",
        &with_json(
            "POST",
            "/contact-info/verifications/resend",
            &json!({ "to": first }),
        ),
        400,
    )
    .await;
    let redeem =
        |token: &str| with_json("POST", "/contact-verifications", &json!({ "token": token }));
    both.expect("an unknown verification link", &redeem("nope"), 400)
        .await;
    let server_token = both.server.verification_token(&first).await;
    let preview_token = both.preview.verification_token(&first);
    let verified = both
        .call_each(
            "use the verification link",
            &redeem(&server_token),
            &redeem(&preview_token),
        )
        .await;
    assert_eq!(verified.status, 200, "{:?}", verified.body);
    both.call_each(
        "a used verification link",
        &redeem(&server_token),
        &redeem(&preview_token),
    )
    .await;
    both.expect("resend a verified address", &resend(&first), 409)
        .await;
    let after = both
        .expect("statuses after", &request("GET", "/contact-info"), 200)
        .await;
    assert_eq!(after.body["verifications"][0]["status"], "verified");
    both.expect(
        "redemption is POST only",
        &request("GET", "/contact-verifications"),
        405,
    )
    .await;
}

/// Signed out is an answer of the session probe (200 `signed_out`), not an error;
/// `elsewhere` still needs a session (401).
async fn expect_signed_out(both: &mut Both, step: &str, elsewhere: &str) {
    let probe = both.expect(step, &request("GET", "/session"), 200).await;
    assert_eq!(probe.body, json!({ "status": "signed_out" }));
    both.expect(
        &format!("{step}: {elsewhere} needs a session"),
        &request("GET", elsewhere),
        401,
    )
    .await;
}

async fn sign_in_and_contact_information(both: &mut Both) {
    expect_signed_out(both, "no session yet", "/contact-info").await;
    let link = |body: &Value| with_json("POST", "/auth/sign-in-link", body);
    both.expect("invalid address", &link(&json!({ "email": "nope" })), 422)
        .await;
    let mut plain = request("POST", "/auth/sign-in-link").with_header("content-type", "text/plain");
    plain.body = Some("admin@demo.example".into());
    both.expect("not JSON by its type", &plain, 415).await;
    let broken = request("POST", "/auth/sign-in-link").with_json("{");
    both.expect("broken JSON", &broken, 400).await;
    both.expect(
        "unknown field",
        &link(&json!({ "email": "admin@demo.example", "admin": true })),
        400,
    )
    .await;
    both.expect(
        "a forged link",
        &with_json(
            "POST",
            "/auth/sign-in-link/preview",
            &json!({ "token": "forged" }),
        ),
        400,
    )
    .await;
    both.sign_in("admin@demo.example").await;
    let session = both
        .expect("the session", &request("GET", "/session"), 200)
        .await;
    assert_eq!(session.body["status"], "signed_in");

    let empty = both
        .expect("nothing saved yet", &request("GET", "/contact-info"), 200)
        .await;
    assert_eq!(empty.headers.get("etag").map(String::as_str), Some("\"0\""));
    both.expect("nothing to confirm yet", &confirm_contact(Some(0)), 409)
        .await;
    both.expect(
        "no If-Match",
        &put_contact(None, &contact("sandbox", &[])),
        428,
    )
    .await;
    both.expect(
        "invalid lists and hours",
        &put_contact(Some(0), &invalid_contact()),
        422,
    )
    .await;
    both.expect(
        "a version that never was",
        &put_contact(Some(7), &contact("sandbox", &[])),
        412,
    )
    .await;
    let mut weak = put_contact(None, &contact("sandbox", &[]));
    weak.headers.push(("If-Match".into(), "W/\"0\"".into()));
    both.expect("a weak tag matches nothing", &weak, 412).await;
    both.expect(
        "saved in Sandbox",
        &put_contact(Some(0), &contact("sandbox", &["viewer@demo.example"])),
        200,
    )
    .await;
    both.expect(
        "a stale save gets the current data",
        &put_contact(Some(0), &contact("sandbox", &[])),
        412,
    )
    .await;
    both.expect(
        "alert contacts must be users",
        &put_contact(Some(1), &contact("production", &["stranger@demo.example"])),
        422,
    )
    .await;
    both.expect(
        "alert contacts are required in Production",
        &put_contact(Some(1), &contact("production", &[])),
        422,
    )
    .await;
    let saved = both
        .expect(
            "complete in Production",
            &put_contact(Some(1), &contact("production", &["Viewer@demo.example"])),
            200,
        )
        .await;
    assert_eq!(saved.body["completeness"]["production"], json!([]));
    let mut not_json = put_contact(Some(2), &json!({}));
    not_json.body = Some("{not json".into());
    both.expect("unreadable body", &not_json, 400).await;
    let mut extra = contact("sandbox", &[]);
    extra["extra"] = json!(1);
    both.expect("unknown field", &put_contact(Some(2), &extra), 400)
        .await;
}

async fn users(both: &mut Both) {
    let list = both
        .expect("the users", &request("GET", "/users"), 200)
        .await;
    let (anna, emil, rita) = (
        user_id(&list, "admin@demo.example"),
        user_id(&list, "editor@demo.example"),
        user_id(&list, "viewer@demo.example"),
    );
    let invite = |key: Option<&str>, body: &Value| {
        let post = with_json("POST", "/users", body);
        match key {
            Some(key) => post.with_header("Idempotency-Key", key),
            None => post,
        }
    };
    let nora = json!({ "name": " Nora Neu ", "email": "Nora@Partner.EXAMPLE", "role": "editor", "locale": "de" });
    both.expect("no Idempotency-Key", &invite(None, &nora), 400)
        .await;
    both.expect("an empty Idempotency-Key", &invite(Some("  "), &nora), 400)
        .await;
    both.expect(
        "invalid invitation",
        &invite(
            Some("k1"),
            &json!({ "name": " ", "email": "nope", "role": "editor" }),
        ),
        422,
    )
    .await;
    let invited = both
        .expect("invited", &invite(Some("k1"), &nora), 201)
        .await;
    both.expect(
        "a retry gets the first answer",
        &invite(Some("k1"), &nora),
        201,
    )
    .await;
    let mut other = nora.clone();
    other["role"] = json!("read_only");
    both.expect(
        "the key with another body",
        &invite(Some("k1"), &other),
        422,
    )
    .await;
    both.expect(
        "already a user",
        &invite(
            Some("k2"),
            &json!({ "name": "Anna", "email": "ADMIN@demo.example", "role": "editor" }),
        ),
        409,
    )
    .await;
    let nora_id = invited.body["id"].as_i64().expect("id");
    roles_and_removals(both, anna, emil, rita, nora_id).await;
    no_id_is_given_twice(both, nora_id).await;
}

async fn roles_and_removals(both: &mut Both, anna: i64, emil: i64, rita: i64, nora_id: i64) {
    let patch = |id: &str, version: Option<i64>, role: Role| {
        let patch = with_json("PATCH", &format!("/users/{id}"), &json!({ "role": role }));
        match version {
            Some(version) => patch.with_header("If-Match", &format!("\"{version}\"")),
            None => patch,
        }
    };
    let anna_id = anna.to_string();
    both.expect(
        "the last administrator cannot step down",
        &patch(&anna_id, Some(1), Role::Editor),
        409,
    )
    .await;
    both.expect(
        "nor be removed",
        &request("DELETE", &format!("/users/{anna}")),
        409,
    )
    .await;
    let emil_id = emil.to_string();
    both.expect("no If-Match", &patch(&emil_id, None, Role::ReadOnly), 428)
        .await;
    both.expect(
        "stale role change",
        &patch(&emil_id, Some(9), Role::ReadOnly),
        412,
    )
    .await;
    both.expect("no such user", &patch("999", Some(1), Role::ReadOnly), 404)
        .await;
    both.expect("not an id", &patch("abc", Some(1), Role::ReadOnly), 404)
        .await;
    both.expect(
        "role changed",
        &patch(&emil_id, Some(1), Role::Administrator),
        200,
    )
    .await;
    both.expect(
        "an invited administrator",
        &patch(&nora_id.to_string(), Some(1), Role::Administrator),
        200,
    )
    .await;
    both.expect(
        "an alert contact is removed",
        &request("DELETE", &format!("/users/{rita}")),
        204,
    )
    .await;
    let after = both
        .expect(
            "and left the alert contacts",
            &request("GET", "/contact-info"),
            200,
        )
        .await;
    assert_eq!(after.body["version"], 3);
    assert_eq!(
        after.body["completeness"]["production"],
        json!(["alert_contacts"])
    );
    both.expect("the users after", &request("GET", "/users"), 200)
        .await;
    both.expect(
        "removed already",
        &request("DELETE", &format!("/users/{rita}")),
        404,
    )
    .await;
}

/// The newest user's id is not given to the next invitation (SQLite would reuse it).
async fn no_id_is_given_twice(both: &mut Both, nora_id: i64) {
    both.expect(
        "the newest user is removed",
        &request("DELETE", &format!("/users/{nora_id}")),
        204,
    )
    .await;
    let otto = both
        .expect(
            "the next invitation",
            &with_json(
                "POST",
                "/users",
                &json!({ "name": "Otto", "email": "otto@partner.example", "role": "read_only" }),
            )
            .with_header("Idempotency-Key", "k3"),
            201,
        )
        .await;
    assert!(
        otto.body["id"].as_i64().expect("id") > nora_id,
        "{:?}",
        otto.body
    );
    both.expect(
        "a role change for the removed user",
        &with_json(
            "PATCH",
            &format!("/users/{nora_id}"),
            &json!({ "role": "administrator" }),
        )
        .with_header("If-Match", "\"2\""),
        404,
    )
    .await;
}

/// Returns the reference of the first case.
async fn support_cases(both: &mut Both) -> String {
    let open = |key: Option<&str>, subject: &str| {
        let post = with_json(
            "POST",
            "/support-cases",
            &json!({
                "category": "contact_information",
                "subject": subject,
                "description": "Details\nmore details",
                "reply_to": " Anna@Demo.EXAMPLE ",
                "environment": "production"
            }),
        );
        match key {
            Some(key) => post.with_header("Idempotency-Key", key),
            None => post,
        }
    };
    both.expect("no key", &open(None, "Help"), 400).await;
    both.expect("invalid case", &open(Some("c0"), "Help\r\nBcc: x"), 422)
        .await;
    let mut first = None;
    for number in 1..=5 {
        let created = both
            .expect(
                &format!("case {number}"),
                &open(Some(&format!("c{number}")), &format!("Case {number}")),
                201,
            )
            .await;
        first.get_or_insert(created);
    }
    both.expect("a retry is no new case", &open(Some("c1"), "Case 1"), 201)
        .await;
    both.expect("the sixth case waits", &open(Some("c6"), "Case 6"), 429)
        .await;
    for query in [
        "?page=1&per_page=2",
        "?page=3&per_page=2",
        "?per_page=500",
        "?page=0",
        "",
        "?other=1",
    ] {
        both.expect(
            &format!("cases {query}"),
            &request("GET", &format!("/support-cases{query}")),
            200,
        )
        .await;
    }
    for query in ["?page=abc", "?per_page=-1", "?page=1&page=2"] {
        both.expect(
            &format!("cases {query}"),
            &request("GET", &format!("/support-cases{query}")),
            400,
        )
        .await;
    }
    let reference = first
        .and_then(|case| case.body["reference"].as_str().map(str::to_owned))
        .expect("a reference");
    both.expect(
        "one case",
        &request("GET", &format!("/support-cases/{reference}")),
        200,
    )
    .await;
    both.expect(
        "no such case",
        &request("GET", "/support-cases/CASE-1999-000999"),
        404,
    )
    .await;
    reference
}

async fn read_only_and_the_rest(both: &mut Both, other_accounts_case: &str) {
    both.sign_in("viewer@luigi.example").await;
    both.expect(
        "Read only may not save (checked first)",
        &put_contact(None, &contact("sandbox", &[])),
        403,
    )
    .await;
    both.expect("nor confirm (checked first)", &confirm_contact(None), 403)
        .await;
    both.expect("nor invite", &with_json("POST", "/users", &json!({})), 403)
        .await;
    both.expect(
        "nor change roles",
        &with_json("PATCH", "/users/1", &json!({ "role": "editor" })),
        403,
    )
    .await;
    both.expect("nor remove", &request("DELETE", "/users/1"), 403)
        .await;
    both.expect("sees their users", &request("GET", "/users"), 200)
        .await;
    both.expect(
        "and only their cases",
        &request("GET", "/support-cases"),
        200,
    )
    .await;
    both.expect(
        "and their contact information",
        &request("GET", "/contact-info"),
        200,
    )
    .await;
    both.expect(
        "and the change history of their account only",
        &request("GET", "/history"),
        200,
    )
    .await;
    both.expect(
        "a case of another account is not found",
        &request("GET", &format!("/support-cases/{other_accounts_case}")),
        404,
    )
    .await;
    both.expect("signed out", &request("DELETE", "/auth/session"), 204)
        .await;
    both.sign_in("admin@garda.example").await;
    both.expect(
        "no Production save without Production",
        &put_contact(Some(0), &contact("production", &["admin@garda.example"])),
        422,
    )
    .await;
    both.expect(
        "its Sandbox saves",
        &put_contact(Some(0), &contact("sandbox", &[])),
        200,
    )
    .await;
    both.expect(
        "and its completeness",
        &request("GET", "/contact-info"),
        200,
    )
    .await;
    both.expect("signed out", &request("DELETE", "/auth/session"), 204)
        .await;
    expect_signed_out(both, "no session", "/users").await;
    expect_signed_out(both, "no session", "/history").await;
    both.expect(
        "signing out twice",
        &request("DELETE", "/auth/session"),
        204,
    )
    .await;
    both.expect("unknown route", &request("GET", "/nope"), 404)
        .await;
    both.expect("wrong method", &request("POST", "/session"), 405)
        .await;
    both.expect("health", &request("GET", "/health"), 200).await;
}

/// An administrator steps down or leaves only while another active administrator remains
/// (Trattoria Da Luigi: its administrator and a Read-only user, after the steps above).
async fn stepping_down_and_leaving(both: &mut Both) {
    both.sign_in("admin@luigi.example").await;
    let list = both
        .expect("Luigi's users", &request("GET", "/users"), 200)
        .await;
    let (luigi, lucia) = (
        user_id(&list, "admin@luigi.example"),
        user_id(&list, "viewer@luigi.example"),
    );
    let patch = |id: i64, version: i64, role: Role| {
        with_json("PATCH", &format!("/users/{id}"), &json!({ "role": role }))
            .with_header("If-Match", &format!("\"{version}\""))
    };
    both.expect(
        "the only administrator may not step down",
        &patch(luigi, 1, Role::Editor),
        409,
    )
    .await;
    both.expect(
        "nor leave",
        &request("DELETE", &format!("/users/{luigi}")),
        409,
    )
    .await;
    both.expect(
        "a second administrator",
        &patch(lucia, 1, Role::Administrator),
        200,
    )
    .await;
    both.expect("then he steps down", &patch(luigi, 1, Role::Editor), 200)
        .await;
    let session = both
        .expect(
            "his session has the new role",
            &request("GET", "/session"),
            200,
        )
        .await;
    assert_eq!(session.body["user"]["role"], "editor");
    both.expect(
        "and manages no users",
        &request("DELETE", &format!("/users/{lucia}")),
        403,
    )
    .await;
    both.sign_in("viewer@luigi.example").await;
    both.expect(
        "Lucia makes him an administrator again",
        &patch(luigi, 2, Role::Administrator),
        200,
    )
    .await;
    both.expect(
        "and leaves the account",
        &request("DELETE", &format!("/users/{lucia}")),
        204,
    )
    .await;
    let probe = both
        .expect(
            "her session ended with her access",
            &request("GET", "/session"),
            200,
        )
        .await;
    assert_eq!(probe.body, json!({ "status": "signed_out" }));
    both.expect(
        "every other call is refused",
        &request("GET", "/users"),
        401,
    )
    .await;
}

/// The demo account's change history after the saves, invitations, role changes and
/// removals above: every entry, then pages by cursor, and refused queries.
async fn change_history(both: &mut Both) {
    let all = both
        .expect("the change history", &request("GET", "/history"), 200)
        .await;
    let entries = all.body["entries"].as_array().map_or(0, Vec::len);
    assert!(entries >= 5, "{:?}", all.body);
    let mut path = "/history?limit=2".to_owned();
    for page in 1.. {
        let seen = both
            .expect(&format!("history page {page}"), &request("GET", &path), 200)
            .await;
        match seen.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/history?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    for query in [
        "?cursor=abc",
        "?cursor=0",
        "?cursor=",
        "?limit=-1",
        "?cursor=1&cursor=2",
    ] {
        both.expect(
            &format!("history {query}"),
            &request("GET", &format!("/history{query}")),
            400,
        )
        .await;
    }
    both.expect(
        "a limit past the most is the most",
        &request("GET", "/history?limit=1000&unknown=1"),
        200,
    )
    .await;
}

/// The agency in two accounts: one link, the list, a pick (a new session cookie, the
/// account's role and data), and refusals of foreign, unknown and malformed picks.
async fn several_accounts(both: &mut Both) {
    let signed_in = both.sign_in("agency@studio.example").await;
    assert_eq!(signed_in.body["account_chosen"], false);
    let list = both
        .expect("the agency's accounts", &request("GET", "/accounts"), 200)
        .await;
    let id_of = |name: &str| {
        list.body["accounts"]
            .as_array()
            .and_then(|accounts| accounts.iter().find(|account| account["name"] == name))
            .and_then(|account| account["account_id"].as_i64())
            .unwrap_or_else(|| panic!("{name} in {:?}", list.body))
    };
    let (luigi, collina) = (
        id_of("Trattoria Da Luigi"),
        id_of("Agriturismo Collina Verde"),
    );
    let pick = |id: Value| with_json("POST", "/session/account", &json!({ "account_id": id }));
    let picked = both.expect("pick Luigi", &pick(json!(luigi)), 200).await;
    assert_eq!(picked.body["user"]["role"], "editor");
    both.expect("session in Luigi", &request("GET", "/session"), 200)
        .await;
    both.expect("Luigi's users", &request("GET", "/users"), 200)
        .await;
    both.expect(
        "Luigi's contact info",
        &request("GET", "/contact-info"),
        200,
    )
    .await;
    both.expect("the list marks Luigi", &request("GET", "/accounts"), 200)
        .await;
    both.expect("a foreign account", &pick(json!(1)), 404).await;
    both.expect("an unknown account", &pick(json!(987_654)), 404)
        .await;
    both.expect("not an id", &pick(json!("x")), 400).await;
    both.expect(
        "picking is POST only",
        &request("GET", "/session/account"),
        405,
    )
    .await;
    both.expect("back to Collina Verde", &pick(json!(collina)), 200)
        .await;
    both.expect("session in Collina", &request("GET", "/session"), 200)
        .await;
    // Collina's addresses were seeded, not saved: no confirmation link went out yet.
    let collina_info = both
        .expect("Collina's addresses", &request("GET", "/contact-info"), 200)
        .await;
    assert_eq!(
        collina_info.body["verifications"][0]["status"], "unsent",
        "{:?}",
        collina_info.body
    );
    both.expect("sign out", &request("DELETE", "/auth/session"), 204)
        .await;
    both.expect("signed out: no list", &request("GET", "/accounts"), 401)
        .await;
    both.expect("signed out: no pick", &pick(json!(luigi)), 401)
        .await;
}

/// An invited user's first sign-in is in their account's change history (and a second
/// sign-in adds nothing).
async fn invitation_accepted(both: &mut Both) {
    both.sign_in("admin@luigi.example").await;
    both.expect(
        "invite Nina",
        &with_json(
            "POST",
            "/users",
            &json!({ "name": "Nina Neu", "email": "nina@partner.example", "role": "editor" }),
        )
        .with_header("Idempotency-Key", "nina"),
        201,
    )
    .await;
    let nina = both.sign_in("nina@partner.example").await;
    assert_eq!(nina.body["user"]["status"], "active");
    both.sign_in("nina@partner.example").await;
    let history = both
        .expect(
            "the acceptance in the history",
            &request("GET", "/history?limit=3"),
            200,
        )
        .await;
    let kinds: Vec<&str> = history.body["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|entry| entry["kind"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        kinds[..2],
        ["invitation_accepted", "user_invited"],
        "{kinds:?}"
    );
    both.expect("Nina is active", &request("GET", "/users"), 200)
        .await;
}

#[tokio::test]
async fn the_preview_answers_as_the_server_does() {
    let mut both = Both {
        server: Server::start().await,
        preview: Preview {
            backend: Backend::new(server_demo(), Box::new(NativeHost)),
            jar: CookieJar::default(),
        },
        steps: 0,
    };
    sign_in_and_contact_information(&mut both).await;
    users(&mut both).await;
    let reference = support_cases(&mut both).await;
    confirmation(&mut both).await;
    verification(&mut both).await;
    change_history(&mut both).await;
    read_only_and_the_rest(&mut both, &reference).await;
    stepping_down_and_leaving(&mut both).await;
    assert!(both.steps > 80, "{} steps compared", both.steps);
    both.server.stop().await;
}

/// On a server of its own: the main sequence uses up nearly all of the server's budget
/// of link redemptions from one source.
#[tokio::test]
async fn several_accounts_answer_as_the_server_does() {
    let mut both = Both {
        server: Server::start().await,
        preview: Preview {
            backend: Backend::new(server_demo(), Box::new(NativeHost)),
            jar: CookieJar::default(),
        },
        steps: 0,
    };
    several_accounts(&mut both).await;
    invitation_accepted(&mut both).await;
    assert!(both.steps > 15, "{} steps compared", both.steps);
    both.server.stop().await;
}

#[tokio::test]
async fn demo_seed_mirror() {
    let server = Server::start().await;
    let db = rusqlite::Connection::open(&server.database).expect("database");
    let accounts: Vec<(i64, String, String, String, bool)> = db
        .prepare(
            "SELECT id, partner_id, name, integration, production_enabled FROM accounts ORDER BY id",
        )
        .expect("query")
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("accounts");
    let users: Vec<(i64, i64, String, String, String, String, i64)> = db
        .prepare("SELECT id, account_id, name, email, role, status, version FROM users ORDER BY id")
        .expect("query")
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("users");
    let integrations: Vec<(String, bool)> = db
        .prepare("SELECT code, uses_merchant_contact FROM integration_types ORDER BY code")
        .expect("query")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("integrations");
    let mirror = server_demo();
    let expected_accounts: Vec<_> = mirror
        .accounts
        .iter()
        .map(|account| {
            (
                account.id,
                account.partner_id.clone(),
                account.name.clone(),
                account.integration.as_str().to_owned(),
                account.production_enabled,
            )
        })
        .collect();
    assert_eq!(
        expected_accounts, accounts,
        "fixtures::server_demo() (left) must list the server's demo accounts (right)"
    );
    let expected_users: Vec<_> = mirror
        .users
        .iter()
        .map(|user| {
            (
                user.id,
                user.account_id,
                user.name.clone(),
                user.email.clone(),
                user.role.as_str().to_owned(),
                user.status.as_str().to_owned(),
                user.version,
            )
        })
        .collect();
    assert_eq!(
        expected_users, users,
        "fixtures::server_demo() (left) must list the server's demo users (right)"
    );
    assert!(
        mirror
            .users
            .iter()
            .all(|user| user.status == UserStatus::Active)
    );
    let mut expected_integrations: Vec<(String, bool)> = IntegrationType::ALL
        .iter()
        .map(|integration| {
            (
                integration.as_str().to_owned(),
                uses_merchant_contact(*integration),
            )
        })
        .collect();
    expected_integrations.sort();
    assert_eq!(
        expected_integrations, integrations,
        "state::uses_merchant_contact (left) must say what the server's table says (right)"
    );
    drop(db);
    server.stop().await;
}
