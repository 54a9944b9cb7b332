//! What operators see: `GET /metrics` (Prometheus text, behind a Bearer token), JSON log
//! lines from the binary, and how the server behaves when PostgreSQL is slow, busy or
//! restarted (503 with `Retry-After`, `statement_timeout`, verified pool connections).

use crate::common::{TestServer, expect_problem};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TOKEN: &str = "metrics-token-for-the-tests-0123";

async fn scrape(server: &TestServer, token: Option<&str>) -> reqwest::Response {
    let mut request = TestServer::client().get(format!("{}/metrics", server.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("an answer")
}

async fn metrics_text(server: &TestServer) -> String {
    let response = scrape(server, Some(TOKEN)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/plain; version=0.0.4"),
    );
    response.text().await.expect("text")
}

/// The value of the sample whose line starts with `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

/// Waits (at most 10 s) for the purge the server runs at start to have ended, as its
/// metric shows; returns when it ended (Unix seconds). The server must have the token.
async fn first_purge_ended(server: &TestServer) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = metrics_text(server).await;
        if let Some(ended) = sample(&text, "portal_purge_last_success_timestamp_seconds") {
            return ended;
        }
        assert!(Instant::now() < deadline, "no purge ended: {text}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Three GETs and a PATCH of a missing user, one session probe, one anonymous GET;
/// returns the PATCH's status.
async fn some_requests(server: &TestServer) -> u16 {
    let admin = server.signed_in("admin@demo.example").await;
    for _ in 0..3 {
        let response = admin
            .get(server.api("/users/999999"))
            .header("content-type", "application/json")
            .send()
            .await
            .expect("answer");
        assert!(response.status().is_client_error(), "{}", response.status());
    }
    let status_of_missing = admin
        .patch(server.api("/users/999999"))
        .json(&json!({}))
        .send()
        .await
        .expect("answer")
        .status()
        .as_u16();
    let session = admin
        .get(server.api("/session"))
        .send()
        .await
        .expect("answer");
    assert_eq!(session.status(), StatusCode::OK);
    let anonymous = TestServer::client()
        .get(server.api("/contact-info"))
        .send()
        .await
        .expect("answer");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    status_of_missing
}

/// Two mails: one left pending (not due for a long time), one given up.
async fn one_pending_and_one_failed_mail(server: &TestServer) {
    server.request_link("editor@demo.example", None).await;
    server.wait_for_mails_to("editor@demo.example", 1).await;
    server.settle().await;
    let sql = server.sql();
    let far = i64::MAX / 4;
    sql.execute(
        "UPDATE mail_queue SET status = 'failed' WHERE to_address = 'admin@demo.example'",
        &[],
    );
    sql.execute(
        "UPDATE mail_queue SET status = 'pending', next_attempt_at = ?1, give_up_at = ?1, \
         lease_until = 0 WHERE to_address = 'editor@demo.example'",
        &[far.into()],
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status_and_show_the_mail_queue() {
    let started = chrono::Utc::now().timestamp();
    let server = TestServer::start_with(|config| {
        config.metrics_token = Some(TOKEN.parse().expect("a token"));
    })
    .await;
    let purge_ended = first_purge_ended(&server).await;
    #[allow(
        clippy::cast_precision_loss,
        reason = "Unix seconds are far below 2^52"
    )]
    let since_start = purge_ended - started as f64;
    assert!(
        (0.0..60.0).contains(&since_start),
        "the purge runs at start: {since_start}"
    );
    let status_of_missing = some_requests(&server).await;
    one_pending_and_one_failed_mail(&server).await;
    let sql = server.sql();
    let text = metrics_text(&server).await;
    assert_eq!(
        sample(
            &text,
            "portal_http_requests_total{method=\"GET\",route=\"/api/v1/session\",status=\"200\"}"
        ),
        Some(1.0),
        "{text}"
    );
    let missing = "portal_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\",status=";
    let counted: f64 = text
        .lines()
        .filter(|line| line.starts_with(missing))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum();
    assert!((counted - 3.0).abs() < f64::EPSILON, "{text}");
    assert_eq!(
        sample(
            &text,
            &format!(
                "portal_http_requests_total{{method=\"PATCH\",route=\"/api/v1/users/{{id}}\",status=\"{status_of_missing}\"}}"
            )
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "portal_http_requests_total{method=\"GET\",route=\"/api/v1/contact-info\",status=\"401\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        text.contains(
            "portal_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/session\",status=\"200\",le=\"0.5\"}"
        ),
        "latency histograms: {text}"
    );
    // Templates only: no id, no token, no address in a label.
    assert!(!text.contains("/users/999999"), "{text}");
    assert!(!text.contains("@demo.example"), "{text}");
    assert_eq!(
        sample(&text, "portal_mail_queue{status=\"pending\"}"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "portal_mail_queue{status=\"failed\"}"),
        Some(1.0),
        "{text}"
    );
    if sql.is_postgres() {
        let max = sample(&text, "portal_db_pool_max_connections").expect("pool size");
        assert!(max >= 1.0, "{text}");
        assert!(
            text.contains("portal_db_pool_connections{state=\"idle\"}"),
            "{text}"
        );
        assert!(text.contains("portal_db_pool_waiting 0"), "{text}");
    } else {
        assert!(
            !text.contains("portal_db_pool"),
            "no pool on SQLite: {text}"
        );
    }
}

#[tokio::test]
async fn metrics_are_refused_without_the_token_and_absent_unless_configured() {
    let server = TestServer::start_with(|config| {
        config.metrics_token = Some(TOKEN.parse().expect("a token"));
    })
    .await;
    for token in [None, Some("wrong-token-wrong-token-wrong"), Some("")] {
        let response = scrape(&server, token).await;
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let problem = expect_problem(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        assert!(!problem.to_string().contains("portal_"), "{problem}");
    }
    // A session cookie is no way in either.
    let admin = server.signed_in("admin@demo.example").await;
    let response = admin
        .get(format!("{}/metrics", server.url))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&server, Some(TOKEN)).await.status(), StatusCode::OK);

    let unconfigured = TestServer::start().await;
    let response = scrape(&unconfigured, Some(TOKEN)).await;
    expect_problem(response, StatusCode::NOT_FOUND, "not-found").await;
}

#[test]
fn a_short_metrics_token_is_refused_without_repeating_it() {
    use clap::Parser as _;
    let error =
        portal_server::Cli::try_parse_from(["portal-server", "--metrics-token", "short-secret"])
            .expect_err("refused")
            .to_string();
    assert!(error.contains("at least 16 characters"), "{error}");
    assert!(!error.contains("short-secret"), "{error}");
}

const BINARY: &str = env!("CARGO_BIN_EXE_portal-server");

/// Starts the binary logging JSON; returns it, its stdout lines and its URL (and the lines
/// up to the one that named it).
async fn json_logging_binary(
    dir: &std::path::Path,
    deadline: Instant,
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<String>,
    String,
    Vec<String>,
) {
    let database = crate::common::fresh_database(dir).await;
    let mut child = Command::new(BINARY)
        .args([
            "--dev",
            "--addr",
            "127.0.0.1:0",
            "--shutdown-after-secs",
            "60",
        ])
        .env("PORTAL_LOG_FORMAT", "json")
        .env("PORTAL_DATABASE", crate::common::database_arg(&database))
        .env("RUST_LOG", "info")
        .env_remove("PORTAL_METRICS_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start portal-server");
    let stdout = child.stdout.take().expect("stdout");
    let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut seen = Vec::new();
    let url = loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server says where it listens");
        let event: Value = serde_json::from_str(&line).expect("a JSON line");
        seen.push(line);
        if let Some(url) = event["message"]
            .as_str()
            .and_then(|message| message.strip_prefix("listening on "))
        {
            break url.to_owned();
        }
    };
    (child, lines, url, seen)
}

/// Signs in as the demo administrator through the dev outbox; returns the token and the
/// sign-in request's id.
async fn sign_in_through_the_outbox(url: &str, deadline: Instant) -> (String, String) {
    // Sign in through the dev outbox: a token travels through the server.
    let client = TestServer::client();
    let response = client
        .post(format!("{url}/api/v1/auth/sign-in-link"))
        .json(&json!({ "email": "admin@demo.example" }))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let token = loop {
        let outbox: Vec<Value> = client
            .get(format!("{url}/api/dev/outbox.json"))
            .send()
            .await
            .expect("outbox")
            .json()
            .await
            .expect("json");
        if let Some(link) = outbox.first().and_then(|mail| mail["link"].as_str()) {
            break link.split_once("#token=").expect("a token").1.to_owned();
        }
        assert!(Instant::now() < deadline, "no mail");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let response = client
        .post(format!("{url}/api/v1/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .expect("text")
        .to_owned();
    (token, request_id)
}

/// The binary with `--log-format json` in dev mode: every stdout line is a JSON object
/// with level, message and target; request lines carry the request span's id; no sign-in
/// token reaches the log.
#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_request_span_and_no_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut child, lines, url, mut seen) = json_logging_binary(dir.path(), deadline).await;
    let (token, request_id) = sign_in_through_the_outbox(&url, deadline).await;
    // Collect until the sign-in's access line (logged last, when it was answered).
    let access = loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the sign-in is logged");
        let event: Value = serde_json::from_str(&line).expect("a JSON line");
        seen.push(line);
        if event["target"] == "access" && event["request_id"] == request_id.as_str() {
            break event;
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    for line in &seen {
        let event: Value = serde_json::from_str(line).expect("a JSON line");
        for key in ["timestamp", "level", "target", "message"] {
            assert!(event[key].is_string(), "{key} in {line}");
        }
        assert!(!line.contains(&token), "a token was logged: {line}");
        assert!(!line.contains("#token="), "a link was logged: {line}");
    }
    // Lines logged while handling the request carry its span's fields.
    assert!(
        seen.iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .any(|event| event["target"] == "audit"
                && event["action"] == "sign-in"
                && event["span"]["name"] == "request"
                && event["span"]["id"] == request_id.as_str()),
        "{seen:#?}"
    );
    assert_eq!(access["route"], "/api/v1/auth/session");
    assert_eq!(access["status"], 200);
    assert_eq!(access["level"], "INFO");
}

/// PostgreSQL only: holds `rate_limits` (the first table a sign-in-link request writes)
/// locked from a connection of the test's own for `seconds`; returns once the lock is held.
async fn lock_rate_limits_for(server: &TestServer, seconds: u32) -> tokio::task::JoinHandle<u64> {
    let sql = server.sql();
    let holder = tokio::task::spawn_blocking(move || {
        sql.execute(
            &format!(
                "BEGIN; LOCK TABLE rate_limits IN ACCESS EXCLUSIVE MODE; \
                 SELECT pg_sleep({seconds}); COMMIT"
            ),
            &[],
        )
    });
    wait_until(server, "the lock is held", |sql| {
        sql.int(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
             WHERE c.relname = 'rate_limits' AND l.mode = 'AccessExclusiveLock' AND l.granted \
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        ) == 1
    })
    .await;
    holder
}

async fn wait_until(
    server: &TestServer,
    what: &str,
    done: impl Fn(&crate::common::Sql) -> bool + Send + Sync + 'static,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let done = std::sync::Arc::new(done);
    loop {
        let (sql, done) = (server.sql(), done.clone());
        if tokio::task::spawn_blocking(move || done(&sql))
            .await
            .expect("query")
        {
            return;
        }
        assert!(Instant::now() < deadline, "waited in vain: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn request_link(server: &TestServer) -> reqwest::RequestBuilder {
    TestServer::client()
        .post(server.api("/auth/sign-in-link"))
        .json(&json!({ "email": "viewer@demo.example" }))
}

#[tokio::test]
async fn a_request_that_finds_no_free_database_connection_is_answered_503_with_retry_after() {
    if !crate::common::postgres_wanted() {
        return;
    }
    let server = TestServer::start_with(|config| {
        config.database_pool_size = 1;
        config.database_acquire_timeout_secs = 1;
        config.metrics_token = Some(TOKEN.parse().expect("a token"));
    })
    .await;
    // The purge at start deletes from the locked table too: waiting for the lock, it would
    // hold the only connection in the request's place.
    first_purge_ended(&server).await;
    let admin = server.signed_in("admin@demo.example").await;
    let holder = lock_rate_limits_for(&server, 4).await;
    // This request takes the only connection and waits for the lock.
    let blocked = tokio::spawn(request_link(&server).send());
    wait_until(&server, "the first request waits for the lock", |sql| {
        sql.int(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND application_name = 'portal-server' AND wait_event_type = 'Lock'",
            &[],
        ) == 1
    })
    .await;
    let started = Instant::now();
    let response = admin
        .get(server.api("/contact-info"))
        .send()
        .await
        .expect("answer");
    let waited = started.elapsed();
    assert_eq!(response.headers()["retry-after"], "2");
    let problem = expect_problem(response, StatusCode::SERVICE_UNAVAILABLE, "internal").await;
    assert_eq!(problem["retry_after"], 2, "{problem}");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "answered after the acquire timeout, not the lock: {waited:?}"
    );
    // Once the lock is gone, both go through.
    holder.await.expect("lock holder");
    let first = blocked.await.expect("task").expect("answer");
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let again = admin
        .get(server.api("/contact-info"))
        .send()
        .await
        .expect("answer");
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_statement_running_past_the_statement_timeout_is_cancelled() {
    if !crate::common::postgres_wanted() {
        return;
    }
    let server = TestServer::start_with(|config| {
        config.database_statement_timeout_secs = 1;
    })
    .await;
    let holder = lock_rate_limits_for(&server, 5).await;
    let started = Instant::now();
    let response = request_link(&server).send().await.expect("answer");
    let waited = started.elapsed();
    expect_problem(response, StatusCode::INTERNAL_SERVER_ERROR, "internal").await;
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "cancelled after a second, not when the lock went: {waited:?}"
    );
    holder.await.expect("lock holder");
    let response = request_link(&server).send().await.expect("answer");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn pooled_connections_the_database_closed_are_replaced_not_handed_to_requests() {
    if !crate::common::postgres_wanted() {
        return;
    }
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let get = || admin.get(server.api("/contact-info")).send();
    let answers = futures_util::future::join_all((0..4).map(|_| get())).await;
    for answer in answers {
        assert_eq!(answer.expect("answer").status(), StatusCode::OK);
    }
    // What a PostgreSQL restart or failover does to the server's connections.
    let terminated = server.sql().int(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = 'portal-server') AS t \
         WHERE ended",
        &[],
    );
    assert!(terminated >= 1, "no connection to end");
    for _ in 0..6 {
        let response = get().await.expect("answer");
        assert_eq!(response.status(), StatusCode::OK);
    }
}
