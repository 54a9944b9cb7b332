use crate::store::{Database, PoolOptions};
use axum::http::HeaderName;
use clap::Parser;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

/// Where the SPA runs in development (`trunk serve`).
const DEV_PUBLIC_URL: &str = "http://127.0.0.1:8080";
/// The database file unless `--database` names another (the server's and the provisioning
/// commands' default).
pub const DEFAULT_DATABASE: &str = "data/portal.sqlite3";
/// The drain before the listener closes (outside --dev), and how much of the 30 s shutdown
/// it may take at most.
const DEFAULT_DRAIN_SECS: u64 = 5;
/// Two years of change history (the preview keeps as long).
const DEFAULT_HISTORY_RETENTION_DAYS: u32 = portal_rules::history::DEFAULT_RETENTION_DAYS;
/// A year between confirmations of the contact information (the preview asks as often).
const DEFAULT_RECONFIRM_AFTER_DAYS: u32 = portal_rules::history::DEFAULT_RECONFIRM_AFTER_DAYS;
const DEFAULT_VERIFICATION_LINK_DAYS: u32 =
    portal_rules::verification::DEFAULT_VERIFICATION_LINK_DAYS;
const MAX_DRAIN_SECS: u64 = 20;

/// Partner Portal API server. Every flag can also be set by its environment variable.
/// Secrets never come from flags: the SMTP password is read from `PORTAL_SMTP_PASSWORD`
/// or from the file `--smtp-password-file` names.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// SQLite database file (created, migrated and seeded on first start), or a
    /// PostgreSQL URL `postgres://user:password@host:port/database` (migrated on start
    /// under an advisory lock). The password is never logged; give the URL through
    /// `PORTAL_DATABASE` rather than the command line, which other users can read.
    #[arg(long, env = "PORTAL_DATABASE", default_value = DEFAULT_DATABASE, value_parser = DatabaseParser)]
    pub database: Database,
    /// PostgreSQL only: connections this process keeps at most.
    #[arg(long, env = "PORTAL_DATABASE_POOL_SIZE", default_value_t = PoolOptions::default().max_size)]
    pub database_pool_size: usize,
    /// PostgreSQL only: seconds connecting to the database may take.
    #[arg(long, env = "PORTAL_DATABASE_CONNECT_TIMEOUT_SECS", default_value_t = PoolOptions::default().connect_timeout.as_secs())]
    pub database_connect_timeout_secs: u64,
    /// PostgreSQL only: seconds a request waits for a free connection before it is
    /// answered 503 with `Retry-After` instead of queueing without end.
    #[arg(long, env = "PORTAL_DATABASE_ACQUIRE_TIMEOUT_SECS", default_value_t = PoolOptions::default().acquire_timeout.as_secs())]
    pub database_acquire_timeout_secs: u64,
    /// PostgreSQL only: seconds one SQL statement may run before PostgreSQL cancels it
    /// (`statement_timeout` on every connection); 0 for no limit.
    #[arg(
        long,
        env = "PORTAL_DATABASE_STATEMENT_TIMEOUT_SECS",
        default_value_t = 15
    )]
    pub database_statement_timeout_secs: u64,
    /// Bearer token that `GET /metrics` (Prometheus text format) requires; without it
    /// /metrics answers 404. At least 16 characters; give it through
    /// `PORTAL_METRICS_TOKEN` rather than the command line, which other users can read.
    /// Never logged.
    #[arg(long, env = "PORTAL_METRICS_TOKEN", hide_env_values = true, value_parser = MetricsTokenParser)]
    pub metrics_token: Option<MetricsToken>,
    /// Log format on stdout: `text` (one readable line per event) or `json` (one JSON
    /// object per line, with the request span's fields, for log collectors).
    #[arg(long, env = "PORTAL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Development mode (loopback addresses only, no --trusted-proxies): the local outbox
    /// pages under /api/dev (for requests to a loopback host that no proxy forwarded), mail
    /// kept there unless --smtp-url is given, cookies without `Secure`.
    #[arg(long, env = "PORTAL_DEV")]
    pub dev: bool,
    /// Public base URL of the SPA (links in e-mails, the allowed `Origin`, HSTS when
    /// https). Required outside --dev; must be https unless its host is a loopback address.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<PublicUrl>,
    /// Serve the built SPA from this directory (index.html for client-side routes).
    #[arg(long, env = "PORTAL_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Seed the demo accounts and users into an empty database (`--seed-demo`,
    /// `--seed-demo=false`). Defaults to on in dev mode only: demo users with known
    /// addresses must never reach a real deployment.
    #[arg(
        long,
        env = "PORTAL_SEED_DEMO",
        num_args = 0..=1,
        default_missing_value = "true",
        action = clap::ArgAction::Set
    )]
    pub seed_demo: Option<bool>,
    /// Days the change history (of the contact information, users and roles) is kept;
    /// older entries are purged. 0 keeps them for ever.
    #[arg(long, env = "PORTAL_HISTORY_RETENTION_DAYS", default_value_t = DEFAULT_HISTORY_RETENTION_DAYS)]
    pub history_retention_days: u32,
    /// Days after the contact information was last confirmed (saved, or "Still correct")
    /// before editors are asked to review it. 0 never asks.
    #[arg(long, env = "PORTAL_RECONFIRM_AFTER_DAYS", default_value_t = DEFAULT_RECONFIRM_AFTER_DAYS)]
    pub reconfirm_after_days: u32,
    /// Days a contact address's verification link stays valid (at least 1); unused by
    /// then, the address counts as failed.
    #[arg(long, env = "PORTAL_VERIFICATION_LINK_DAYS", default_value_t = DEFAULT_VERIFICATION_LINK_DAYS,
        value_parser = clap::value_parser!(u32).range(1..=365))]
    pub verification_link_days: u32,
    /// Stop by itself after this many seconds (a safety net for test runs).
    #[arg(long, env = "PORTAL_SHUTDOWN_AFTER_SECS")]
    pub shutdown_after_secs: Option<u64>,
    /// On a stop signal /readyz fails at once, but requests are still served for this many
    /// seconds (so load balancers stop sending new ones) before the listener closes; the
    /// whole shutdown takes at most 30 s. Default 5, in --dev 0 (nothing balances there).
    #[arg(long, env = "PORTAL_SHUTDOWN_DRAIN_SECS")]
    pub shutdown_drain_secs: Option<u64>,
    /// SMTP server for outgoing mail: `smtps://host:465` (TLS) or
    /// `smtp://host:587?tls=required` (STARTTLS); plain `smtp://host:port` only to a relay on
    /// a loopback address (or in --dev), and never with --smtp-username. No credentials in
    /// the URL: see --smtp-username and `PORTAL_SMTP_PASSWORD`. Required outside --dev.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// SMTP user name; the password comes from `PORTAL_SMTP_PASSWORD` or
    /// --smtp-password-file.
    #[arg(long, env = "PORTAL_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// File holding the SMTP password (one line), e.g. a mounted secret.
    #[arg(long, env = "PORTAL_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
    /// Sender of every mail, e.g. `Partner Portal <no-reply@portal.example>`. Required with
    /// --smtp-url.
    #[arg(long, env = "PORTAL_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` (and --auth-proxy-header) is believed
    /// (comma-separated IPs). Requests from other peers are keyed by their own address.
    #[arg(long, env = "PORTAL_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Identity delegated to an authenticating reverse proxy: the request header (e.g.
    /// `X-Forwarded-Email`) in which a --trusted-proxies peer names the e-mail address of
    /// the user it signed in. Other peers' headers are ignored. Needs --trusted-proxies;
    /// not with --dev.
    #[arg(long, env = "PORTAL_AUTH_PROXY_HEADER", value_parser = header_name)]
    pub auth_proxy_header: Option<HeaderName>,
    /// First retry of a mail the SMTP server did not take, in milliseconds; each further
    /// retry waits twice as long, at most five minutes.
    #[arg(
        long,
        env = "PORTAL_MAIL_RETRY_MS",
        default_value_t = 5000,
        hide = true
    )]
    pub mail_retry_ms: u64,
    /// Turns the business rate limits off (load and crash tests on loopback only).
    #[arg(long, env = "PORTAL_UNSAFE_NO_RATE_LIMITS", hide = true)]
    pub no_rate_limits: bool,
}

/// Parses `--database`. Unlike clap's usual parsers, its error does not repeat the value:
/// a PostgreSQL URL may hold a password.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseParser;

impl clap::builder::TypedValueParser for DatabaseParser {
    type Value = Database;

    fn parse_ref(
        &self,
        _command: &clap::Command,
        _argument: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Database, clap::Error> {
        let text = value.to_str().ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidUtf8,
                "--database is not valid UTF-8\n",
            )
        })?;
        text.parse().map_err(|error: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{error}\n"),
            )
        })
    }
}

/// The token `/metrics` requires. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(String);

impl MetricsToken {
    /// Whether `offered` is the token, in time independent of where they differ (both
    /// are hashed first, so neither the length nor a prefix can be timed).
    pub fn matches(&self, offered: &str) -> bool {
        use sha2::{Digest, Sha256};
        use subtle::ConstantTimeEq as _;
        let (ours, theirs) = (Sha256::digest(&self.0), Sha256::digest(offered));
        ours.ct_eq(&theirs).into()
    }
}

impl std::str::FromStr for MetricsToken {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        // The message never repeats the value.
        if text.chars().count() < 16 {
            return Err("--metrics-token must have at least 16 characters".into());
        }
        if !text.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err("--metrics-token must be printable ASCII without spaces".into());
        }
        Ok(Self(text.to_owned()))
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("MetricsToken(…)")
    }
}

/// Parses `--metrics-token`; unlike clap's usual parsers, its error does not repeat the
/// value.
#[derive(Debug, Clone, Copy)]
pub struct MetricsTokenParser;

impl clap::builder::TypedValueParser for MetricsTokenParser {
    type Value = MetricsToken;

    fn parse_ref(
        &self,
        _command: &clap::Command,
        _argument: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<MetricsToken, clap::Error> {
        value
            .to_str()
            .ok_or_else(|| "--metrics-token is not valid UTF-8".to_owned())
            .and_then(str::parse)
            .map_err(|error: String| {
                clap::Error::raw(
                    clap::error::ErrorKind::ValueValidation,
                    format!("{error}\n"),
                )
            })
    }
}

/// `--public-url`, parsed once at start: the text links are built from (without a
/// trailing slash) and its origin, which every unsafe request's `Origin` is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    text: String,
    origin: String,
}

impl PublicUrl {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let url =
            url::Url::parse(text).map_err(|error| format!("--public-url {text:?}: {error}"))?;
        Ok(Self {
            text: text.trim_end_matches('/').to_owned(),
            origin: url.origin().ascii_serialization(),
        })
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// A header name as HTTP spells it (case does not matter).
fn header_name(text: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(text.trim().as_bytes())
        .map_err(|_| format!("{text:?} is not an HTTP header name"))
}

/// Whether a URL's host is this machine (a loopback address or `localhost`).
fn is_loopback_host(host: Option<url::Host<&str>>) -> bool {
    match host {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        // URLs of other schemes than http(s) keep IPv4 addresses as opaque names.
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        None => false,
    }
}

/// Whether lettre encrypts the connection an SMTP URL names: `smtps://` (TLS from the
/// start) or `smtp://…?tls=required` (STARTTLS, or no mail). `tls=opportunistic` does not
/// count: an attacker on the path can strip the STARTTLS offer. lettre reads the first
/// `tls` parameter, so this does too.
fn smtp_uses_tls(url: &url::Url) -> bool {
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    match url.scheme() {
        "smtps" => true,
        "smtp" => tls.as_deref() == Some("required"),
        _ => false,
    }
}

/// Refuses a public URL that is not a URL, or not `https://` outside dev mode (`http://`
/// only for loopback hosts): the links in e-mails point there.
pub fn check_public_url(public_url: &str, dev: bool) -> Result<(), String> {
    let public = url::Url::parse(public_url)
        .map_err(|error| format!("--public-url {public_url:?}: {error}"))?;
    let scheme_ok = match public.scheme() {
        "https" => true,
        "http" => dev || is_loopback_host(public.host()),
        _ => false,
    };
    if scheme_ok {
        Ok(())
    } else {
        Err(format!(
            "--public-url must be an https:// URL outside --dev (http:// only for loopback hosts), \
             not {public_url:?}"
        ))
    }
}

impl Config {
    /// The PostgreSQL pool's bounds.
    pub fn pool_options(&self) -> PoolOptions {
        PoolOptions {
            max_size: self.database_pool_size,
            connect_timeout: std::time::Duration::from_secs(self.database_connect_timeout_secs),
            acquire_timeout: std::time::Duration::from_secs(self.database_acquire_timeout_secs),
            statement_timeout: (self.database_statement_timeout_secs > 0)
                .then(|| std::time::Duration::from_secs(self.database_statement_timeout_secs)),
        }
    }

    pub fn seeds_demo_data(&self) -> bool {
        self.seed_demo.unwrap_or(self.dev)
    }

    /// How long change-history entries are kept, in seconds; `None`: for ever.
    pub fn verification_link_secs(&self) -> i64 {
        i64::from(self.verification_link_days.max(1)) * 24 * 60 * 60
    }

    pub fn history_keep_secs(&self) -> Option<i64> {
        (self.history_retention_days > 0)
            .then(|| i64::from(self.history_retention_days) * 24 * 60 * 60)
    }

    /// How long requests are still served after a stop signal, with /readyz failing.
    pub fn shutdown_drain(&self) -> std::time::Duration {
        let default = if self.dev { 0 } else { DEFAULT_DRAIN_SECS };
        std::time::Duration::from_secs(self.shutdown_drain_secs.unwrap_or(default))
    }

    /// The public URL without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.public_url
            .as_ref()
            .map_or(DEV_PUBLIC_URL, PublicUrl::as_str)
    }

    /// The public URL's origin (`scheme://host[:port]`), what browsers send as `Origin`:
    /// parsed with the flag, not per request. (The development URL is an origin.)
    pub fn public_origin(&self) -> &str {
        self.public_url
            .as_ref()
            .map_or(DEV_PUBLIC_URL, PublicUrl::origin)
    }

    pub fn public_url_is_https(&self) -> bool {
        self.public_url().starts_with("https://")
    }

    /// Refuses configurations that are unsafe or cannot work, with a one-line reason
    /// naming the flag.
    pub fn validate(&self) -> Result<(), String> {
        if self.database_pool_size == 0
            || self.database_connect_timeout_secs == 0
            || self.database_acquire_timeout_secs == 0
        {
            return Err("--database-pool-size, --database-connect-timeout-secs and \
                 --database-acquire-timeout-secs must be at least 1"
                .into());
        }
        let loopback = self.addr.ip().is_loopback();
        if self.dev && !loopback {
            return Err(format!(
                "--dev shows every mail at /api/dev/outbox without sign-in: it listens on loopback \
                 addresses only, not on --addr {}",
                self.addr
            ));
        }
        if self.dev && !self.trusted_proxies.is_empty() {
            return Err(
                "--dev cannot be combined with --trusted-proxies: behind a reverse proxy every \
                 visitor would reach the outbox pages (every mail, every sign-in link) as if \
                 from this machine"
                    .into(),
            );
        }
        if self.auth_proxy_header.is_some() && self.dev {
            return Err(
                "--auth-proxy-header cannot be combined with --dev: identity comes from a proxy \
                 only in a real deployment"
                    .into(),
            );
        }
        if self.auth_proxy_header.is_some() && self.trusted_proxies.is_empty() {
            return Err(
                "--auth-proxy-header needs --trusted-proxies: only the authenticating proxy may \
                 name the signed-in user, never any client"
                    .into(),
            );
        }
        if self.shutdown_drain() > std::time::Duration::from_secs(MAX_DRAIN_SECS) {
            return Err(format!(
                "--shutdown-drain-secs may be at most {MAX_DRAIN_SECS}: running requests need the \
                 rest of the 30 s shutdown"
            ));
        }
        if self.no_rate_limits && !loopback {
            return Err("--no-rate-limits is for tests on loopback addresses only".into());
        }
        if !self.dev && self.public_url.is_none() {
            return Err(
                "--public-url (PORTAL_PUBLIC_URL) is required outside --dev: the links in e-mails \
                 point there"
                    .into(),
            );
        }
        check_public_url(self.public_url(), self.dev)?;
        if !self.dev && self.smtp_url.is_none() {
            return Err(
                "--smtp-url (PORTAL_SMTP_URL) is required outside --dev: without a mail transport \
                 nobody can sign in"
                    .into(),
            );
        }
        if let Some(smtp) = &self.smtp_url {
            let parsed = url::Url::parse(smtp)
                .map_err(|error| format!("--smtp-url is not a URL: {error}"))?;
            if !parsed.username().is_empty() || parsed.password().is_some() {
                return Err(
                    "--smtp-url must not hold credentials: use --smtp-username and \
                     PORTAL_SMTP_PASSWORD (or --smtp-password-file)"
                        .into(),
                );
            }
            let encrypted = smtp_uses_tls(&parsed);
            if self.smtp_username.is_some() && !encrypted {
                return Err(
                    "--smtp-username needs an encrypted --smtp-url (smtps://host:465 or \
                     smtp://host:587?tls=required): the password must not travel in clear text"
                        .into(),
                );
            }
            if !self.dev && !encrypted && !is_loopback_host(parsed.host()) {
                return Err(format!(
                    "--smtp-url must be encrypted outside --dev (smtps://host:465 or \
                     smtp://host:587?tls=required; plain smtp:// only to a relay on a loopback \
                     address), not {smtp:?}: sign-in and invitation links would travel in clear text"
                ));
            }
            if self.mail_from.is_none() {
                return Err("--mail-from (PORTAL_MAIL_FROM) is required with --smtp-url".into());
            }
        }
        Ok(())
    }

    /// Development defaults with a given database, for tests.
    pub fn for_tests(database: impl Into<Database>) -> Self {
        let pool = PoolOptions::default();
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: database.into(),
            database_pool_size: pool.max_size,
            database_connect_timeout_secs: pool.connect_timeout.as_secs(),
            database_acquire_timeout_secs: pool.acquire_timeout.as_secs(),
            database_statement_timeout_secs: pool.statement_timeout.map_or(0, |t| t.as_secs()),
            metrics_token: None,
            log_format: LogFormat::Text,
            dev: true,
            public_url: DEV_PUBLIC_URL.parse().ok(),
            static_dir: None,
            seed_demo: Some(true),
            history_retention_days: DEFAULT_HISTORY_RETENTION_DAYS,
            reconfirm_after_days: DEFAULT_RECONFIRM_AFTER_DAYS,
            verification_link_days: DEFAULT_VERIFICATION_LINK_DAYS,
            shutdown_after_secs: Some(600),
            shutdown_drain_secs: Some(0),
            smtp_url: None,
            smtp_username: None,
            smtp_password_file: None,
            mail_from: None,
            trusted_proxies: Vec::new(),
            auth_proxy_header: None,
            mail_retry_ms: 5000,
            no_rate_limits: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Config {
        Config::try_parse_from(std::iter::once("portal-server").chain(args.iter().copied()))
            .expect("valid flags")
    }

    #[test]
    fn a_database_url_is_never_repeated_with_its_password() {
        let config = parse(&["--database", "postgres://portal:s3cret@db.example/portal"]);
        assert!(matches!(config.database, Database::Postgres(_)));
        assert!(!format!("{config:?}").contains("s3cret"));
        let error = Config::try_parse_from([
            "portal-server",
            "--database",
            "postgres://portal:s3cret@db.example:port/portal",
        ])
        .expect_err("a bad port")
        .to_string();
        assert!(error.contains("not a valid PostgreSQL URL"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
        assert!(matches!(parse(&[]).database, Database::Sqlite(_)));
    }

    #[test]
    fn the_metrics_token_is_never_shown_and_matches_only_itself() {
        let token = "0123456789abcdef-secret";
        let config = parse(&["--metrics-token", token, "--log-format", "json"]);
        assert_eq!(config.log_format, LogFormat::Json);
        assert!(!format!("{config:?}").contains("secret"));
        let parsed = config.metrics_token.expect("a token");
        assert!(parsed.matches(token));
        assert!(!parsed.matches("0123456789abcdef-secreT"));
        assert!(!parsed.matches("0123456789abcdef-secret "));
        assert!(!parsed.matches(""));
        assert!(parse(&[]).metrics_token.is_none());
        assert_eq!(parse(&[]).log_format, LogFormat::Text);
        assert_eq!(
            parse(&[])
                .pool_options()
                .statement_timeout
                .map(|t| t.as_secs()),
            Some(15)
        );
        assert_eq!(
            parse(&["--database-statement-timeout-secs", "0"])
                .pool_options()
                .statement_timeout,
            None
        );
    }

    #[test]
    fn demo_data_is_seeded_in_dev_mode_or_when_asked() {
        assert!(!parse(&[]).seeds_demo_data());
        assert!(parse(&["--dev"]).seeds_demo_data());
        assert!(parse(&["--seed-demo"]).seeds_demo_data());
        assert!(parse(&["--seed-demo", "true"]).seeds_demo_data());
        assert!(!parse(&["--dev", "--seed-demo=false"]).seeds_demo_data());
        assert!(parse(&["--seed-demo", "--dev"]).dev);
    }

    fn refusal(args: &[&str]) -> String {
        parse(args).validate().expect_err("refused")
    }

    #[test]
    fn unsafe_or_unworkable_configurations_are_refused_naming_the_flag() {
        assert!(parse(&["--dev"]).validate().is_ok());
        assert!(refusal(&["--dev", "--addr", "0.0.0.0:3000"]).contains("--dev"));
        assert!(refusal(&[]).contains("--public-url"));
        assert!(refusal(&["--public-url", "https://portal.example"]).contains("--smtp-url"));
        assert!(
            refusal(&[
                "--public-url",
                "https://portal.example",
                "--smtp-url",
                "smtps://mail.example"
            ])
            .contains("--mail-from")
        );
        assert!(
            refusal(&[
                "--public-url",
                "https://portal.example",
                "--smtp-url",
                "smtps://user:secret@mail.example",
                "--mail-from",
                "p@portal.example"
            ])
            .contains("credentials")
        );
        assert!(
            refusal(&[
                "--public-url",
                "http://portal.example",
                "--smtp-url",
                "smtp://mail.example:25",
                "--mail-from",
                "p@portal.example"
            ])
            .contains("https://")
        );
        let production = parse(&[
            "--addr",
            "0.0.0.0:3000",
            "--public-url",
            "https://portal.example/",
            "--smtp-url",
            "smtp://mail.example:587?tls=required",
            "--mail-from",
            "Partner Portal <no-reply@portal.example>",
        ]);
        assert_eq!(production.validate(), Ok(()));
        assert_eq!(production.public_url(), "https://portal.example");
        assert_eq!(production.public_origin(), "https://portal.example");
        let with_path = parse(&["--public-url", "https://Portal.example:443/partners/"]);
        assert_eq!(
            with_path.public_url(),
            "https://Portal.example:443/partners"
        );
        assert_eq!(with_path.public_origin(), "https://portal.example");
        let dev = parse(&["--dev"]);
        assert_eq!(
            dev.public_origin(),
            dev.public_url(),
            "the default is an origin"
        );
        assert_eq!(
            url::Url::parse(DEV_PUBLIC_URL).map(|url| url.origin().ascii_serialization()),
            Ok(DEV_PUBLIC_URL.to_owned())
        );
        let error = Config::try_parse_from(["portal-server", "--public-url", "portal.example"])
            .expect_err("not a URL")
            .to_string();
        assert!(error.contains("--public-url"), "{error}");
        assert!(production.public_url_is_https());
        // A production-like run on loopback (the end-to-end tests) may use http.
        assert_eq!(
            parse(&[
                "--public-url",
                "http://127.0.0.1:8080",
                "--smtp-url",
                "smtp://127.0.0.1:2525",
                "--mail-from",
                "p@portal.example"
            ])
            .validate(),
            Ok(())
        );
        assert!(refusal(&["--no-rate-limits", "--dev", "--addr", "10.0.0.1:1"]).contains("--dev"));
        assert!(
            refusal(&["--dev", "--trusted-proxies", "127.0.0.1"]).contains("--trusted-proxies")
        );
        assert_eq!(parse(&["--dev"]).shutdown_drain().as_secs(), 0);
        assert_eq!(production.shutdown_drain().as_secs(), 5);
        assert!(refusal(&["--dev", "--shutdown-drain-secs", "21"]).contains("--shutdown-drain"));
    }

    #[test]
    fn an_identity_header_is_believed_only_from_trusted_proxies_outside_dev_mode() {
        let production = [
            "--public-url",
            "https://portal.example",
            "--smtp-url",
            "smtps://mail.example",
            "--mail-from",
            "p@portal.example",
        ];
        let with = |extra: &[&str]| {
            let mut args = production.to_vec();
            args.extend_from_slice(extra);
            parse(&args)
        };
        let proxied = with(&[
            "--auth-proxy-header",
            "X-Forwarded-Email",
            "--trusted-proxies",
            "127.0.0.1",
        ]);
        assert_eq!(proxied.validate(), Ok(()));
        assert_eq!(
            proxied.auth_proxy_header.as_ref().map(HeaderName::as_str),
            Some("x-forwarded-email")
        );
        let untrusted = with(&["--auth-proxy-header", "X-Forwarded-Email"])
            .validate()
            .expect_err("refused");
        assert!(untrusted.contains("--trusted-proxies"), "{untrusted}");
        assert!(!untrusted.contains('\n'));
        let dev = refusal(&["--dev", "--auth-proxy-header", "X-Forwarded-Email"]);
        assert!(dev.contains("--dev"), "{dev}");
        assert!(
            Config::try_parse_from(["portal-server", "--auth-proxy-header", "X Forwarded Email"])
                .is_err(),
            "not a header name"
        );
    }

    /// Production flags with this SMTP URL (and `extra` flags).
    fn smtp(url: &str, extra: &[&str]) -> Result<(), String> {
        let mut args = vec![
            "--public-url",
            "https://portal.example",
            "--mail-from",
            "p@portal.example",
            "--smtp-url",
            url,
        ];
        args.extend_from_slice(extra);
        parse(&args).validate()
    }

    #[test]
    fn mail_travels_encrypted_unless_it_goes_to_a_local_relay_without_credentials() {
        let user = ["--smtp-username", "portal"];
        for encrypted in [
            "smtps://mail.example",
            "smtps://mail.example:465",
            "smtp://mail.example:587?tls=required",
            "smtp://mail.example?tls=required&tls=opportunistic",
        ] {
            assert_eq!(smtp(encrypted, &[]), Ok(()), "{encrypted}");
            assert_eq!(
                smtp(encrypted, &user),
                Ok(()),
                "{encrypted} with credentials"
            );
        }
        // Plain or strippable STARTTLS to another host: links would travel in clear text.
        for plain in [
            "smtp://mail.example:25",
            "smtp://mail.example:587?tls=opportunistic",
            "smtp://mail.example:587?tls=none",
            "smtp://mail.example?tls=opportunistic&tls=required",
            "smtp://10.0.0.5:25",
        ] {
            let refusal = smtp(plain, &[]).expect_err(plain);
            assert!(
                refusal.contains("--smtp-url must be encrypted"),
                "{refusal}"
            );
        }
        // A relay on this machine may be plain, but never with a password.
        for local in [
            "smtp://127.0.0.1:25",
            "smtp://localhost:25",
            "smtp://[::1]:25",
        ] {
            assert_eq!(smtp(local, &[]), Ok(()), "{local}");
            let refusal = smtp(local, &user).expect_err(local);
            assert!(
                refusal.contains("--smtp-username needs an encrypted"),
                "{refusal}"
            );
        }
        // Not in dev mode either.
        let dev = parse(&[
            "--dev",
            "--smtp-url",
            "smtp://mail.example:25",
            "--smtp-username",
            "portal",
            "--mail-from",
            "p@portal.example",
        ]);
        assert!(
            dev.validate()
                .expect_err("refused")
                .contains("--smtp-username")
        );
        let dev_plain = parse(&[
            "--dev",
            "--smtp-url",
            "smtp://mail.example:25",
            "--mail-from",
            "p@portal.example",
        ]);
        assert_eq!(dev_plain.validate(), Ok(()), "dev mode may use any relay");
    }
}
