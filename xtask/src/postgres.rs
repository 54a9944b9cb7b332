//! A throwaway PostgreSQL for `cargo xtask bench`: the server tests' cluster
//! (`server/src/store/test_cluster.rs`, std only, so it is included here by path rather
//! than copied) — `initdb` into a temp dir as the `postgres` user (via `runuser` when
//! root), a free port on 127.0.0.1, stopped and removed by its watchdog once xtask exits.
//!
//! The test cluster trades durability for speed (`fsync`, `synchronous_commit` and
//! `full_page_writes` off); a benchmark compared with SQLite's `synchronous=FULL` must not,
//! so [`durable_database`] turns all three back on (they take effect on a reload).

use crate::process::{Result, output};
use std::time::{Duration, Instant};

#[path = "../../server/src/store/test_cluster.rs"]
#[allow(
    dead_code,
    reason = "the tests' switch `postgres_wanted` is not needed here"
)]
mod cluster;

const DURABLE: [&str; 3] = ["fsync", "synchronous_commit", "full_page_writes"];

/// The URL of a new, empty database on this process's cluster (started on first use),
/// with the cluster's durability settings as in production.
pub fn durable_database() -> Result<String> {
    let url = std::panic::catch_unwind(cluster::fresh_database_url)
        .map_err(|_| "cannot start the throwaway PostgreSQL (see the message above)")?;
    let psql = |sql: &str| output("psql", &["-X", "-q", "-t", "-A", "-d", &url, "-c", sql]);
    for setting in DURABLE {
        psql(&format!("ALTER SYSTEM SET {setting} = on"))
            .ok_or_else(|| format!("psql: cannot set {setting}"))?;
    }
    psql("SELECT pg_reload_conf()").ok_or("psql: cannot reload the configuration")?;
    // The reload is a signal: wait until a new connection sees every setting on.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown: Vec<Option<String>> = DURABLE
            .iter()
            .map(|setting| psql(&format!("SHOW {setting}")))
            .collect();
        if shown.iter().all(|value| value.as_deref() == Some("on")) {
            return Ok(url);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "PostgreSQL durability settings not applied: {DURABLE:?} = {shown:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
