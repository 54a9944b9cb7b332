//! `cargo xtask <command>`: the project's task runner.
//!
//! - `setup`: install whatever is missing (idempotent; skips what is present).
//! - `dev`: setup, then run the API server and `trunk serve` together.
//! - `test`: setup, then every check and test level (what CI runs).
//! - `dist`: build the release SPA into dist/, precompressed (what a deployment serves).
//! - `size`: build the release bundle and the baseline app, report both and the ratio.
//! - `feature-costs [part …]`: the release bundle without each part of the portal in turn.
//! - `bench`: Lighthouse (throttled phone), typing in the modal (4× CPU) and API load (wrk)
//!   against the release build and server; one table of figures and targets. The API load
//!   runs on SQLite and on a throwaway PostgreSQL with one and with two replicas.
//!   `bench browser` runs only its browser benches and the sizes.
//! - `load`: only the API load of `bench` (release server, no SPA build).
//! - `contract`: schemathesis against the live (debug) server's OpenAPI document, signed in.
//! - `profile`: a CPU profile of the blocking modal's first render (names kept in the wasm).
//! - `e2e`: build the release SPA and run only the end-to-end tests.
//! - `gallery`: serve the designer preview (`trunk serve`) and run the gallery's end-to-end test.
//! - `crash-test`, `abuse-test`: the full fault and abuse runs against the release server.

mod bench;
mod bundle;
mod contract;
mod cpu;
mod feature_costs;
mod glue;
mod imports;
mod load;
mod order;
mod postgres;
mod process;
mod setup;
mod tasks;
mod wasm;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <setup|dev|test|dist|size|feature-costs|bench|profile|load|contract|e2e|gallery|crash-test|abuse-test>\n\
  setup  install missing tools (wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt, Chromium, chromedriver)\n\
  dev    setup, then start the API server (127.0.0.1:3000) and trunk serve (http://127.0.0.1:8080)\n\
  test   setup, then fmt, clippy (native + wasm32), native tests, API contract, wasm tests in headless Chromium, end-to-end tests\n\
  dist   build the release SPA into dist/ with .br and .gz of each asset (what a deployment serves)\n\
  size   build the release SPA and the baseline app; sizes of wasm, JS, CSS (raw, gzip, brotli), ratio, budget\n\
  feature-costs [part …]  the release bundle (brotli) whole and without each part (users, support, hours, …)\n\
  bench  release SPA + server: Lighthouse (mobile, throttled), typing in the modal (4× CPU), API load (wrk); one table\n\
         (`bench browser`: only Lighthouse, typing and sizes)\n\
  profile  CPU profile and trace of the blocking modal's first render (4× CPU), names kept in the wasm\n\
  load   only bench's API load (wrk): SQLite, PostgreSQL with 1 and with 2 replicas (release server)\n\
  contract  schemathesis (all checks) against the live server's /api/v1/openapi.json, signed in\n\
  e2e    build the release SPA and run only the end-to-end tests (server with SMTP to a local aiosmtpd)\n\
  gallery  serve the designer preview with trunk serve (no server) and walk its gallery in de, it, en (axe, screenshots)\n\
  crash-test  kill -9 the release server 200 times under concurrent writes; lost acknowledged writes must be 0\n\
  abuse-test  sign-in link floods from loopback sources against the release server: no lockout, 429s, flat memory";

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let result = match command.as_str() {
        "setup" => setup::run(),
        "dev" => setup::run().and_then(|()| tasks::dev()),
        "test" => setup::run().and_then(|()| tasks::test_all()),
        "size" => setup::run().and_then(|()| bundle::size()),
        "feature-costs" => {
            let parts: Vec<String> = std::env::args().skip(2).collect();
            setup::run().and_then(|()| feature_costs::feature_costs(&parts))
        }
        "dist" => setup::run().and_then(|()| bundle::build_release()),
        "bench" => {
            let parts = match std::env::args().nth(2).as_deref() {
                Some("browser") => bench::Parts::Browser,
                _ => bench::Parts::All,
            };
            setup::run().and_then(|()| bench::bench(parts))
        }
        "profile" => setup::run().and_then(|()| bench::profile()),
        "load" => bench::load_only(),
        "contract" => setup::run().and_then(|()| contract::contract()),
        "crash-test" => tasks::crash_test(tasks::Length::Full),
        "abuse-test" => tasks::abuse_test(tasks::Length::Full),
        "gallery" => setup::run().and_then(|()| tasks::preview_gallery()),
        "e2e" => {
            setup::run().and_then(|()| bundle::build_release().and_then(|()| tasks::end_to_end()))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {command}: {message}");
            ExitCode::FAILURE
        }
    }
}
