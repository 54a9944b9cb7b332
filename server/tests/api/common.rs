//! Starts the real server on 127.0.0.1:0 over a fresh database, and signs in through the
//! real e-mail link flow. The database is a SQLite file in a temp dir, or with
//! `PORTAL_TEST_DATABASE=postgres` a new database on this test binary's throwaway
//! PostgreSQL cluster (`test_cluster`); [`Sql`] reads and arranges either directly.

#[path = "../../src/store/test_cluster.rs"]
mod test_cluster;

use crate::mailserver::MailServer;
use portal_rules::api::CurrentSession;
use portal_server::{Config, Database, RunningServer};
use reqwest::{Client, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::path::Path;

pub use test_cluster::postgres_wanted;

pub struct TestServer {
    pub url: String,
    pub database: Database,
    server: RunningServer,
    dir: Option<tempfile::TempDir>,
}

/// Waits, if need be, until the fixed window of `window_secs` (aligned to the Unix epoch, as
/// the rate limits count) has more than a minute left, so a test that fills a limit and
/// expects the next hit refused is not split by the window's end. Call it before the
/// first hit; the test must finish its hits within the minute.
pub async fn within_one_window(window_secs: i64) {
    const MARGIN_SECS: i64 = 60;
    let now = chrono::Utc::now().timestamp();
    let left = portal_rules::limits::window_start(now, window_secs) + window_secs - now;
    if left <= MARGIN_SECS {
        tokio::time::sleep(std::time::Duration::from_secs(left.unsigned_abs() + 1)).await;
    }
}

/// A new, empty database on the backend under test: `portal.sqlite3` in `dir`, or a new
/// database on the test cluster.
pub async fn fresh_database(dir: &Path) -> Database {
    if postgres_wanted() {
        let url = tokio::task::spawn_blocking(test_cluster::fresh_database_url)
            .await
            .expect("cluster");
        url.parse().expect("a PostgreSQL URL")
    } else {
        Database::Sqlite(dir.join("portal.sqlite3"))
    }
}

/// The `--database` argument naming `database` (test URLs hold no password, so the shown
/// form is the URL).
pub fn database_arg(database: &Database) -> String {
    database.to_string()
}

impl TestServer {
    /// A dev-mode server with demo data on a fresh database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Like [`TestServer::start`], with changes to the test configuration.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(fresh_database(dir.path()).await);
        configure(&mut config);
        let mut server = Self::start_config(config).await;
        server.dir = Some(dir);
        server
    }

    /// Starts on an existing database (for restart tests).
    pub async fn start_on(database: Database) -> Self {
        Self::start_config(Config::for_tests(database)).await
    }

    /// A production-like server (no dev mode, demo data seeded) that mails through `smtp`,
    /// retrying quickly.
    pub async fn start_with_smtp(smtp: &MailServer) -> Self {
        let url = smtp.url();
        Self::start_with(|config| production_like(config, url)).await
    }

    /// Like [`TestServer::start_with_smtp`] on an existing database.
    pub async fn start_on_with_smtp(database: Database, smtp: &MailServer) -> Self {
        Self::start_on_with_smtp_and(database, smtp, |_| {}).await
    }

    /// Like [`TestServer::start_on_with_smtp`], with changes to the configuration.
    pub async fn start_on_with_smtp_and(
        database: Database,
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

    /// Direct access to the server's database, to arrange or inspect state.
    pub fn sql(&self) -> Sql {
        Sql::new(&self.database)
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
            let pending = self.sql().int(
                "SELECT (SELECT count(*) FROM link_requests) + \
                 (SELECT count(*) FROM mail_queue WHERE status = 'pending')",
                &[],
            );
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
    /// Opens a session with `token` and returns its cookie as `name=value`, for a request
    /// that must name the cookie it sends (to another replica, or after signing out).
    pub async fn session_cookie(&self, token: &str) -> String {
        let response = reqwest::Client::new()
            .post(self.api("/auth/session"))
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        set_session_cookie(&response)
    }
}

/// `name=value` of the session cookie a response sets (`__Host-portal_session`, or
/// `portal_session` on a `--dev` server).
pub fn set_session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| {
            pair.split_once('=').is_some_and(|(name, _)| {
                name == "portal_session" || name == "__Host-portal_session"
            })
        })
        .expect("a session cookie")
        .to_owned()
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

/// A value for a placeholder (`?1`, `?2`, … on both databases) of [`Sql`].
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Int(i64),
    Text(String),
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<&String> for Param {
    fn from(value: &String) -> Self {
        Self::Text(value.clone())
    }
}

/// A value read by [`Sql`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    pub fn int(&self) -> i64 {
        match self {
            Self::Int(value) => *value,
            other => panic!("expected an integer, found {other:?}"),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Text(value) => value.clone(),
            other => panic!("expected text, found {other:?}"),
        }
    }

    pub fn optional_text(&self) -> Option<String> {
        match self {
            Self::Null => None,
            other => Some(other.text()),
        }
    }
}

/// Plain SQL on the server's database, whichever it is. Write SQL both understand (the
/// tests that need a dialect's own statement ask [`Sql::is_postgres`]). Each call opens
/// its own connection (on PostgreSQL in a thread of its own, off the test's runtime).
pub struct Sql {
    database: Database,
}

impl Sql {
    pub fn new(database: &Database) -> Self {
        Self {
            database: database.clone(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.database, Database::Postgres(_))
    }

    /// Runs a statement (or, without parameters, several separated by `;`); returns how
    /// many rows the last one changed.
    pub fn execute(&self, sql: &str, params: &[Param]) -> u64 {
        match &self.database {
            Database::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).expect("open database");
                if params.is_empty() {
                    connection.execute_batch(sql).expect(sql);
                    connection.changes()
                } else {
                    connection
                        .execute(sql, rusqlite::params_from_iter(params))
                        .expect(sql) as u64
                }
            }
            Database::Postgres(_) => {
                let (url, sql, params) =
                    (self.database.to_string(), sql.to_owned(), params.to_vec());
                on_postgres(url, move |client| async move {
                    if params.is_empty() {
                        client.batch_execute(&sql).await.expect(&sql);
                        0
                    } else {
                        client
                            .execute(&dollars(&sql), &pg_params(&params))
                            .await
                            .expect(&sql)
                    }
                })
            }
        }
    }

    /// Every row the query returns.
    pub fn rows(&self, sql: &str, params: &[Param]) -> Vec<Vec<Cell>> {
        match &self.database {
            Database::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).expect("open database");
                let mut statement = connection.prepare(sql).expect(sql);
                let columns = statement.column_count();
                statement
                    .query_map(rusqlite::params_from_iter(params), |row| {
                        (0..columns)
                            .map(|index| {
                                Ok(match row.get_ref(index)? {
                                    rusqlite::types::ValueRef::Null => Cell::Null,
                                    rusqlite::types::ValueRef::Integer(value) => Cell::Int(value),
                                    rusqlite::types::ValueRef::Text(text) => {
                                        Cell::Text(String::from_utf8_lossy(text).into_owned())
                                    }
                                    other => panic!("unexpected {other:?}"),
                                })
                            })
                            .collect()
                    })
                    .expect(sql)
                    .collect::<Result<_, _>>()
                    .expect(sql)
            }
            Database::Postgres(_) => {
                let (url, sql, params) =
                    (self.database.to_string(), sql.to_owned(), params.to_vec());
                on_postgres(url, move |client| async move {
                    let rows = client
                        .query(&dollars(&sql), &pg_params(&params))
                        .await
                        .expect(&sql);
                    rows.iter().map(pg_row).collect()
                })
            }
        }
    }

    /// The first row, if any.
    pub fn row(&self, sql: &str, params: &[Param]) -> Option<Vec<Cell>> {
        self.rows(sql, params).into_iter().next()
    }

    /// The integer in the first column of the first row.
    pub fn int(&self, sql: &str, params: &[Param]) -> i64 {
        self.row(sql, params).expect("a row")[0].int()
    }
}

/// `?1` → `$1` (the tests' SQL quotes no question marks).
fn dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut characters = sql.chars().peekable();
    while let Some(character) = characters.next() {
        if character == '?' && characters.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(character);
        }
    }
    out
}

fn pg_params(params: &[Param]) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|param| -> &(dyn tokio_postgres::types::ToSql + Sync) {
            match param {
                Param::Int(value) => value,
                Param::Text(value) => value,
            }
        })
        .collect()
}

fn pg_row(row: &tokio_postgres::Row) -> Vec<Cell> {
    use tokio_postgres::types::Type;
    (0..row.len())
        .map(|index| match *row.columns()[index].type_() {
            Type::INT8 => row
                .get::<_, Option<i64>>(index)
                .map_or(Cell::Null, Cell::Int),
            Type::INT4 => row
                .get::<_, Option<i32>>(index)
                .map_or(Cell::Null, |value| Cell::Int(value.into())),
            Type::BOOL => row
                .get::<_, Option<bool>>(index)
                .map_or(Cell::Null, |value| Cell::Int(value.into())),
            _ => row
                .get::<_, Option<String>>(index)
                .map_or(Cell::Null, Cell::Text),
        })
        .collect()
}

/// Runs `work` with a connection to `url`, in a thread of its own with its own runtime
/// (the tests call [`Sql`] from synchronous code inside their async runtime).
fn on_postgres<T, F>(
    url: String,
    work: impl FnOnce(tokio_postgres::Client) -> F + Send + 'static,
) -> T
where
    T: Send + 'static,
    F: Future<Output = T>,
{
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect to the test database");
            let driver = tokio::spawn(connection);
            let value = work(client).await;
            driver.abort();
            value
        })
    })
    .join()
    .expect("no panic in SQL")
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Self::Int(value) => value.to_sql(),
            Self::Text(value) => value.to_sql(),
        }
    }
}

/// A valid support case with this subject (the same sender and text otherwise).
pub fn new_case(subject: &str) -> Value {
    json!({
        "category": "contact_information",
        "subject": subject,
        "description": "The form does not save.",
        "reply_to": "rita@demo.example",
        "environment": "production"
    })
}
