//! Starts the real server on 127.0.0.1:0 over a SQLite file in a temp dir, and signs in
//! through the real e-mail link flow.

use crate::mailserver::MailServer;
use portal_rules::api::CurrentSession;
use portal_server::{Config, RunningServer};
use reqwest::{Client, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::path::PathBuf;

pub struct TestServer {
    pub url: String,
    pub database: PathBuf,
    server: RunningServer,
    dir: Option<tempfile::TempDir>,
}

impl TestServer {
    /// A dev-mode server with demo data on a fresh database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Like [`TestServer::start`], with changes to the test configuration.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("portal.sqlite3");
        let mut config = Config::for_tests(database);
        configure(&mut config);
        let mut server = Self::start_config(config).await;
        server.dir = Some(dir);
        server
    }

    /// Starts on an existing database file (for restart tests).
    pub async fn start_on(database: PathBuf) -> Self {
        Self::start_config(Config::for_tests(database)).await
    }

    /// A production-like server (no dev mode, demo data seeded) that mails through `smtp`,
    /// retrying quickly.
    pub async fn start_with_smtp(smtp: &MailServer) -> Self {
        let url = smtp.url();
        Self::start_with(|config| production_like(config, url)).await
    }

    /// Like [`TestServer::start_with_smtp`] on an existing database file.
    pub async fn start_on_with_smtp(database: PathBuf, smtp: &MailServer) -> Self {
        Self::start_on_with_smtp_and(database, smtp, |_| {}).await
    }

    /// Like [`TestServer::start_on_with_smtp`], with changes to the configuration.
    pub async fn start_on_with_smtp_and(
        database: PathBuf,
        smtp: &MailServer,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let mut config = Config::for_tests(database);
        production_like(&mut config, smtp.url());
        configure(&mut config);
        Self::start_config(config).await
    }

    async fn start_config(config: Config) -> Self {
        let database = config.database.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let server = portal_server::start(listener, config).await.expect("start");
        Self {
            url: format!("http://{}", server.addr),
            database,
            server,
            dir: None,
        }
    }

    /// Sends the stop signal without waiting for the server to finish.
    pub fn signal_stop(&self) {
        let _ = self.server.shutdown.send(true);
    }

    pub async fn stop(self) -> Option<tempfile::TempDir> {
        let _ = self.server.shutdown.send(true);
        let _ = self.server.finished.await;
        self.dir
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.url)
    }

    pub fn client() -> Client {
        Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// The dev outbox, newest mail first.
    pub async fn outbox(&self) -> Vec<Value> {
        get_json(&Self::client(), format!("{}/api/dev/outbox.json", self.url)).await
    }

    /// Direct access to the server's database file, to arrange or inspect state.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.database).expect("open database")
    }

    /// Asks for a sign-in link; the answer is always 202.
    pub async fn request_link(&self, email: &str, locale: Option<&str>) {
        let response = Self::client()
            .post(self.api("/auth/sign-in-link"))
            .json(&json!({ "email": email, "locale": locale }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(response.json::<Value>().await.unwrap(), json!({}));
    }

    /// Requests a link for `email` and returns the token from the mail it brings.
    pub async fn sign_in_token(&self, email: &str) -> String {
        let before = self.mails_to(email).await.len();
        self.request_link(email, None).await;
        let mails = self.wait_for_mails_to(email, before + 1).await;
        token_of(&mails[0])
    }

    /// The mails in the outbox to `email` (compared case-insensitively), newest first.
    pub async fn mails_to(&self, email: &str) -> Vec<Value> {
        self.outbox()
            .await
            .into_iter()
            .filter(|mail| {
                mail["to"]
                    .as_str()
                    .is_some_and(|to| to.eq_ignore_ascii_case(email))
            })
            .collect()
    }

    /// Waits (up to 10 s) until the outbox holds at least `count` mails to `email` (the
    /// worker writes them after the request), and returns them, newest first.
    pub async fn wait_for_mails_to(&self, email: &str, count: usize) -> Vec<Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mails = self.mails_to(email).await;
            if mails.len() >= count {
                return mails;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{count} mails to {email} expected, found {}",
                mails.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Waits until the worker handled every link request and queued mail (for tests that
    /// count mails that must *not* arrive).
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let pending: i64 = self
                .sql()
                .query_row(
                    "SELECT (SELECT count(*) FROM link_requests) + \
                     (SELECT count(*) FROM mail_queue WHERE status = 'pending')",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            if pending == 0 {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "the worker is stuck");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The newest mail to `email`, waiting for the first one if none arrived yet.
    pub async fn newest_mail_to(&self, email: &str) -> Value {
        self.wait_for_mails_to(email, 1).await.remove(0)
    }

    /// A client holding a session cookie for `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let token = self.sign_in_token(email).await;
        self.redeem(&token).await
    }

    /// A client holding a session opened with `token`.
    pub async fn redeem(&self, token: &str) -> Client {
        let client = Self::client();
        let response = client
            .post(self.api("/auth/session"))
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        client
    }
}

pub const MAIL_FROM: &str = "Partner Portal <no-reply@portal.example>";

fn production_like(config: &mut Config, smtp_url: String) {
    config.dev = false;
    config.seed_demo = Some(true);
    config.smtp_url = Some(smtp_url);
    config.mail_from = Some(MAIL_FROM.into());
    config.mail_retry_ms = 200;
}

/// The token in an outbox mail's sign-in link (in its fragment).
pub fn token_of(mail: &Value) -> String {
    let link = mail["link"].as_str().expect("mail with a link");
    link.split_once("#token=")
        .expect("token in the link's fragment")
        .1
        .to_owned()
}

/// GETs `url`, expects 200 and returns the JSON body as `T` (a `portal_rules` DTO, or a
/// `Value` where the test is about the wire format).
pub async fn get_json<T: DeserializeOwned>(client: &Client, url: String) -> T {
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {url}");
    response.json().await.unwrap()
}

/// Asserts that `client` is signed out: the session probe answers 200 `signed_out` (not an
/// error), while an endpoint that needs a session still answers 401.
pub async fn expect_signed_out(server: &TestServer, client: &Client) {
    let probe: CurrentSession = get_json(client, server.api("/session")).await;
    assert_eq!(probe, CurrentSession::SignedOut);
    expect_problem(
        client
            .get(server.api("/contact-info"))
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

/// Asserts a problem+json answer with this status and code; returns the body.
pub async fn expect_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    body
}

/// A complete contact form for the demo account (which uses the merchant contact).
pub fn complete_contact() -> Value {
    json!({
        "alert_contacts": ["admin@demo.example"],
        "technical_emergency": ["oncall@partner.example"],
        "technical_non_emergency": ["dev@partner.example"],
        "merchant_issues": ["merchants@partner.example"],
        "operational_google": ["ops@partner.example"],
        "operational_public": ["support@partner.example"],
        "support_hours": { "always_open": false, "rows": [
            { "weekdays": ["monday", "friday"], "start": "09:00", "end": "17:00", "time_zone": "Europe/Berlin" }
        ] }
    })
}

pub async fn put_contact(
    server: &TestServer,
    client: &Client,
    if_match: Option<&str>,
    environment: &str,
    contact: Value,
) -> Response {
    let mut request = client
        .put(server.api("/contact-info"))
        .json(&json!({ "environment": environment, "contact": contact }));
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    request.send().await.unwrap()
}

/// Saves the complete form as version 0 → 1 and checks it was accepted.
pub async fn save_complete_contact(server: &TestServer, client: &Client) {
    let response = put_contact(
        server,
        client,
        Some("\"0\""),
        "production",
        complete_contact(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}
