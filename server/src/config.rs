use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Partner Portal API server. Every flag can also be set by its environment variable.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// SQLite database file (created, migrated and seeded on first start).
    #[arg(long, env = "PORTAL_DATABASE", default_value = "data/portal.sqlite3")]
    pub database: PathBuf,
    /// Development mode: the local outbox pages under /api/dev, cookies without `Secure`.
    #[arg(long, env = "PORTAL_DEV")]
    pub dev: bool,
    /// Base URL of the SPA, used in links sent by e-mail.
    #[arg(
        long,
        env = "PORTAL_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
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
    /// Stop by itself after this many seconds (a safety net for test runs).
    #[arg(long, env = "PORTAL_SHUTDOWN_AFTER_SECS")]
    pub shutdown_after_secs: Option<u64>,
}

impl Config {
    pub fn seeds_demo_data(&self) -> bool {
        self.seed_demo.unwrap_or(self.dev)
    }

    /// Development defaults with a given database, for tests.
    pub fn for_tests(database: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            dev: true,
            public_url: "http://127.0.0.1:8080".into(),
            static_dir: None,
            seed_demo: Some(true),
            shutdown_after_secs: Some(600),
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
    fn demo_data_is_seeded_in_dev_mode_or_when_asked() {
        assert!(!parse(&[]).seeds_demo_data());
        assert!(parse(&["--dev"]).seeds_demo_data());
        assert!(parse(&["--seed-demo"]).seeds_demo_data());
        assert!(parse(&["--seed-demo", "true"]).seeds_demo_data());
        assert!(!parse(&["--dev", "--seed-demo=false"]).seeds_demo_data());
        assert!(parse(&["--seed-demo", "--dev"]).dev);
    }
}
