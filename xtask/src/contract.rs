//! `cargo xtask contract` (a stage of `cargo xtask test`): schemathesis, pinned in
//! `requirements-test.txt`, runs every check against the live server's own OpenAPI
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
use crate::tasks::{TEST_SERVER_LIFETIME_SECS, free_local_port, start_server};
use std::time::Instant;

/// The demo user the run signs in as (see the module doc).
const USER: &str = "admin@alpenblick.example";
/// Generated cases per operation and phase: enough to cover each schema's variants (and
/// their negations) while the stage stays well under 3 minutes on two cores.
const MAX_EXAMPLES: &str = "40";
/// A fixed seed: a failure reproduces with the same command.
const SEED: &str = "20260426";
/// utoipa's operation id of `DELETE /api/v1/auth/session`.
const SIGN_OUT: &str = "sign_out";

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
    let server = start_server(
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
    )?;
    let cookie = crate::bench::sign_in(&url, USER)?;
    let schema = format!("{url}/api/v1/openapi.json");
    let cookie_header = format!("Cookie: {cookie}");
    let origin_header = format!("Origin: {url}");
    let report = root().join("target").join("schemathesis");
    let report_arg = report.to_string_lossy().into_owned();
    let common = [
        "run",
        schema.as_str(),
        "--checks",
        "all",
        "--header",
        &cookie_header,
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
        // No telemetry, no colours in CI logs.
        schemathesis
            .env("SCHEMATHESIS_TELEMETRY", "false")
            .env("NO_COLOR", "1");
        run(schemathesis)
    };
    let result = run_schemathesis(&["--exclude-operation-id", SIGN_OUT])
        .and_then(|()| run_schemathesis(&["--include-operation-id", SIGN_OUT]));
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
