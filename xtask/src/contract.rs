//! `cargo xtask contract` (a stage of `cargo xtask test`): schemathesis, pinned in
//! `requirements-test.txt`, runs every check (`xtask/schemathesis.toml`) against the live server's own OpenAPI
//! document (`/api/v1/openapi.json`), signed in.
//!
//! The server is the debug build the native tests built already, in `--dev` (demo data,
//! sign-in links readable from the loopback-only dev outbox) on a fresh SQLite database and
//! a free loopback port. It signs in as the only user of *Bergbahnen Alpenblick AG*, an
//! Administrator: the last administrator can neither remove nor demote themselves (409), so
//! generated requests cannot take the session's user away. Signing out would, so that one
//! operation runs last, in a run of its own. Unsafe requests carry the `Origin` the server
//! accepts (the public URL).

use crate::process::{Result, command, root, run};
use crate::setup::venv_python;
use crate::tasks::{TEST_SERVER_LIFETIME_SECS, free_local_port, start_server_with_env};
use std::time::Instant;

/// The demo user the run signs in as (see the module doc).
const USER: &str = "admin@alpenblick.example";
/// Generated cases per operation and phase: enough to cover each schema's variants (and
/// their negations) while the stage stays well under 3 minutes on two cores.
const MAX_EXAMPLES: &str = "100";
/// A fixed seed: a failure reproduces with the same command.
const SEED: &str = "20260426";
/// utoipa's operation id of `DELETE /api/v1/auth/session`.
const SIGN_OUT: &str = "sign_out";
/// utoipa's operation id of `GET /api/v1/events` (left out of the run; see below).
const EVENTS: &str = "stream_events";

pub fn contract() -> Result {
    let started = Instant::now();
    let schemathesis = venv_python().with_file_name("schemathesis");
    if !schemathesis.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask setup` (it installs requirements-test.txt into .venv)",
            schemathesis.display()
        ));
    }
    let port = free_local_port()?;
    let addr = format!("127.0.0.1:{port}");
    let url = format!("http://{addr}");
    let scratch = std::env::temp_dir().join(format!("portal-contract-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|error| error.to_string())?;
    let database = scratch.join("portal.sqlite3");
    // The business rate limits and the flood guard off (a loopback-only switch), so the
    // generated requests reach the logic behind them instead of mostly 429s; the limits and
    // their 429 answers are tested in tests/api (incl. the 429's documented shape).
    let server = start_server_with_env(
        &addr,
        &[
            "--dev",
            "--database",
            &database.to_string_lossy(),
            "--public-url",
            &url,
            "--shutdown-after-secs",
            TEST_SERVER_LIFETIME_SECS,
        ],
        // Its access log would bury schemathesis' report; warnings and errors still show.
        &[
            ("PORTAL_UNSAFE_NO_RATE_LIMITS", "true"),
            ("RUST_LOG", "warn"),
        ],
    )?;
    let cookie = crate::bench::sign_in(&url, USER)?;
    let schema = format!("{url}/api/v1/openapi.json");
    // The cookie's value: schemathesis sends it as the document's `session` scheme names it.
    let session = cookie
        .split_once('=')
        .map(|(_, value)| value.trim().to_owned())
        .ok_or("no session cookie")?;
    let config = root().join("xtask").join("schemathesis.toml");
    let config_arg = config.to_string_lossy().into_owned();
    let origin_header = format!("Origin: {url}");
    let report = root().join("target").join("schemathesis");
    let report_arg = report.to_string_lossy().into_owned();
    let common = [
        "--config-file",
        &config_arg,
        "--no-color",
        "run",
        schema.as_str(),
        "--header",
        &origin_header,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--report",
        "junit",
        "--report-dir",
        &report_arg,
    ];
    let run_schemathesis = |selection: &[&str]| {
        let args: Vec<&str> = common.iter().chain(selection).copied().collect();
        let mut schemathesis = command(&schemathesis.to_string_lossy(), &args);
        schemathesis.env("PORTAL_SESSION", &session);
        run(schemathesis)
    };
    // The live-update stream (`GET /api/v1/events`) never ends while the session lasts:
    // schemathesis would wait on its first response body until its timeout, for each
    // example. Its contract (media type, event schema, 401, 429) is tested in Rust
    // (server/tests/api/events.rs, `the_stream_and_its_answers_conform_to_the_document`).
    let result = run_schemathesis(&[
        "--exclude-operation-id",
        SIGN_OUT,
        "--exclude-operation-id",
        EVENTS,
    ])
    .and_then(|()| {
        // Alone, it has no links to follow: no stateful phase.
        run_schemathesis(&[
            "--include-operation-id",
            SIGN_OUT,
            "--phases",
            "examples,coverage,fuzzing",
        ])
    });
    drop(server);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&scratch);
    } else {
        println!(
            "schemathesis: database kept in {}, JUnit report in {}",
            scratch.display(),
            report.display()
        );
    }
    println!("API contract checked in {} s", started.elapsed().as_secs());
    result
}
