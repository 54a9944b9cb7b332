//! The project's workflows: run the app, run every test level, measure the bundle.

use crate::process::{Background, Result, command, root, run, run_cmd};
use crate::setup::venv_python;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const DEV_API_ADDR: &str = "127.0.0.1:3000";
const DEV_SPA_URL: &str = "http://127.0.0.1:8080";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The end-to-end suite of the preview gallery (run against `trunk serve`, no API server).
const GALLERY_TEST: &str = "gallery.test.mjs";
/// Safety net: servers started for tests stop by themselves after this long.
pub const TEST_SERVER_LIFETIME_SECS: &str = "1800";

/// True once `GET path` on `addr` answers 200.
fn answers_ok(addr: &str, path: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

pub fn wait_until_healthy(server: &mut Background, addr: &str) -> Result {
    let deadline = Instant::now() + Duration::from_mins(1);
    while Instant::now() < deadline {
        server.ensure_running()?;
        if answers_ok(addr, "/api/v1/health") {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the API server did not answer on {addr} within 60 s"
    ))
}

pub fn free_local_port() -> Result<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|error| format!("no free port: {error}"))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|error| error.to_string())
}

fn server_binary() -> PathBuf {
    root().join("target").join("debug").join("portal-server")
}

/// Builds and starts the API server on `addr` with `args`, and waits until it is healthy.
fn start_server(addr: &str, args: &[&str]) -> Result<Background> {
    start_server_with_env(addr, args, &[])
}

/// [`start_server`] with environment variables.
pub fn start_server_with_env(
    addr: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<Background> {
    run_cmd("cargo", &["build", "-p", "portal-server"])?;
    let args: Vec<&str> = ["--addr", addr].iter().chain(args).copied().collect();
    let binary = server_binary();
    let mut server = command(&binary.to_string_lossy(), &args);
    for (name, value) in env {
        server.env(name, value);
    }
    let mut server = Background::spawn("API server", server)?;
    wait_until_healthy(&mut server, addr)?;
    Ok(server)
}

pub fn dev() -> Result {
    let mut server = start_server(
        DEV_API_ADDR,
        &[
            "--dev",
            "--database",
            "data/portal.sqlite3",
            "--public-url",
            DEV_SPA_URL,
        ],
    )?;
    println!(
        "\n  Partner Portal: {DEV_SPA_URL}\n\
         \n  Who can sign in, and the sign-in links they were mailed: {DEV_SPA_URL}/api/dev/outbox\n\
         \x20 Database: data/portal.sqlite3 (delete it to start over)\n\
         \x20 Stop with Ctrl+C.\n"
    );
    // The real server, through Trunk's proxy: without the designer preview (the default
    // features have it, for plain `trunk serve`).
    let mut trunk = Background::spawn(
        "trunk serve",
        command("trunk", &["serve", "--no-default-features"]),
    )?;
    let result = trunk.wait();
    server.ensure_running().and(result)
}

/// How long each step of a run took, printed at its end.
#[derive(Default)]
struct Stages(Vec<(&'static str, u64)>);

impl Stages {
    fn run(&mut self, name: &'static str, step: impl FnOnce() -> Result) -> Result {
        let started = Instant::now();
        let result = step();
        self.0.push((name, started.elapsed().as_secs()));
        result
    }

    fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(name, seconds)| format!("{name} {seconds} s"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn test_all() -> Result {
    let started = Instant::now();
    let mut stages = Stages::default();
    stages.run("fmt", || run_cmd("cargo", &["fmt", "--all", "--check"]))?;
    stages.run("clippy native", || {
        clippy(&["--workspace", "--all-targets"])
    })?;
    // The SPA as `trunk serve` builds it (with the designer preview) and as the release
    // build does (without).
    stages.run("clippy wasm32 (preview build)", || {
        clippy(&[
            "-p",
            "partner-portal",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
        ])
    })?;
    stages.run("clippy wasm32 (release build)", || {
        clippy(&[
            "-p",
            "partner-portal",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--no-default-features",
        ])
    })?;
    stages.run("clippy wasm32 (rules, preview backend)", || {
        clippy(&[
            "-p",
            "portal-rules",
            "-p",
            "portal-preview",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
        ])
    })?;
    // Everything on SQLite, then the server's own tests (library and API, already built)
    // again on a throwaway PostgreSQL cluster that the test binaries start themselves.
    stages.run("native tests", || {
        run_cmd("cargo", &["test", "--workspace"])?;
        let mut postgres = command("cargo", &["test", "-p", "portal-server"]);
        postgres.env("PORTAL_TEST_DATABASE", "postgres");
        run(postgres)
    })?;
    // schemathesis against the debug server the native tests built.
    stages.run("API contract (schemathesis)", crate::contract::contract)?;
    // Short runs of the fault and abuse tests (the full runs are their own commands).
    stages.run("crash test", || crash_test(Length::Short))?;
    stages.run("abuse test", || abuse_test(Length::Short))?;
    stages.run("component tests", component_tests)?;
    stages.run("release build", crate::bundle::build_release)?;
    stages.run("size", crate::bundle::size_report)?;
    stages.run("end-to-end", end_to_end)?;
    stages.run("preview build and gallery", preview_gallery)?;
    println!(
        "\n✔ all checks and test levels passed in {} s ({})",
        started.elapsed().as_secs(),
        stages.summary()
    );
    Ok(())
}

/// Clippy with every warning an error.
fn clippy(selection: &[&str]) -> Result {
    let args: Vec<&str> = ["clippy"]
        .iter()
        .chain(selection)
        .chain(&["--", "-D", "warnings"])
        .copied()
        .collect();
    run_cmd("cargo", &args)
}

/// wasm-bindgen-test in headless Chromium (the runner reads webdriver.json).
fn component_tests() -> Result {
    let mut test = command(
        "cargo",
        &[
            "test",
            "-p",
            "partner-portal",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    test.env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(test)
}

/// How long the fault and load tests run: short in `cargo xtask test` (CI), full as their
/// own commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Short,
    Full,
}

/// Builds the server and one of its load/fault test programs (debug for the short runs,
/// release for the full ones) and runs it against the server binary.
fn run_server_example(length: Length, example: &str, args: &[&str]) -> Result {
    let (profile, release) = match length {
        Length::Short => ("debug", None),
        Length::Full => ("release", Some("--release")),
    };
    let build: Vec<&str> = [
        "build",
        "-p",
        "portal-server",
        "--bin",
        "portal-server",
        "--example",
        example,
    ]
    .into_iter()
    .chain(release)
    .collect();
    run_cmd("cargo", &build)?;
    let target = root().join("target").join(profile);
    let server = target.join("portal-server");
    let program = target.join("examples").join(example);
    let server = server.to_string_lossy().into_owned();
    let mut all = vec!["--server", server.as_str()];
    all.extend_from_slice(args);
    run(command(&program.to_string_lossy(), &all))
}

/// `kill -9` the release server under concurrent acknowledged writes, restart, check that
/// nothing acknowledged was lost; 200 cycles (20 in the short run).
pub fn crash_test(length: Length) -> Result {
    let cycles = match length {
        Length::Short => "20",
        Length::Full => "200",
    };
    run_server_example(length, "crash_test", &["--cycles", cycles])
}

/// 1 000 link requests for one victim from other loopback sources (the victim must still get
/// a link), 10 000 requests from one source (429s, flat memory), slow clients (closed).
pub fn abuse_test(length: Length) -> Result {
    let args: &[&str] = match length {
        Length::Short => &["--flood-requests", "2000", "--slow-clients", "50"],
        Length::Full => &[],
    };
    run_server_example(length, "abuse_test", args)
}

/// The SMTP server of the end-to-end run: aiosmtpd from `.venv`, delivering into `maildir`.
fn start_mail_server(port: u16, maildir: &std::path::Path) -> Result<Background> {
    let python = venv_python();
    if !python.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask setup` (it creates .venv with aiosmtpd)",
            python.display()
        ));
    }
    let listen = format!("127.0.0.1:{port}");
    let mut server = Background::spawn(
        "SMTP server (aiosmtpd)",
        command(
            &python.to_string_lossy(),
            &[
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &listen,
                "-c",
                "aiosmtpd.handlers.Mailbox",
                &maildir.to_string_lossy(),
            ],
        ),
    )?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(&listen).is_err() {
        server.ensure_running()?;
        if Instant::now() > deadline {
            return Err("aiosmtpd did not listen within 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// The built SPA served by the real server, configured as in production (no dev mode; demo
/// data seeded; mail over SMTP to a local aiosmtpd), on a fresh database, driven by
/// Playwright in Debian's Chromium. The tests get `PORTAL_URL` and `PORTAL_MAILDIR` (the
/// Maildir the sign-in links arrive in).
pub fn end_to_end() -> Result {
    let port = free_local_port()?;
    let addr = format!("127.0.0.1:{port}");
    let url = format!("http://{addr}");
    let scratch = std::env::temp_dir().join(format!("portal-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|error| error.to_string())?;
    let database = scratch.join("portal.sqlite3");
    let maildir = scratch.join("maildir");
    let smtp_port = free_local_port()?;
    let smtp = start_mail_server(smtp_port, &maildir)?;
    let dist = root().join("dist");
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    let server = start_server(
        &addr,
        &[
            "--database",
            &database.to_string_lossy(),
            "--seed-demo",
            "--public-url",
            &url,
            "--smtp-url",
            &smtp_url,
            "--mail-from",
            "Partner Portal <no-reply@portal.test>",
            "--static-dir",
            &dist.to_string_lossy(),
            "--shutdown-after-secs",
            TEST_SERVER_LIFETIME_SECS,
        ],
    )?;
    let artifacts = root().join("target").join("e2e-artifacts");
    // Every suite but the gallery's, which runs against `trunk serve` (`preview_gallery`).
    let mut files = std::fs::read_dir(root().join("tests").join("e2e"))
        .map_err(|error| format!("tests/e2e: {error}"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs") && name != GALLERY_TEST)
        .map(|name| format!("tests/e2e/{name}"))
        .collect::<Vec<_>>();
    files.sort();
    let mut args = vec!["--test", "--test-concurrency=1"];
    args.extend(files.iter().map(String::as_str));
    let mut tests = command("node", &args);
    tests
        .env("PORTAL_URL", &url)
        .env("PORTAL_MAILDIR", &maildir)
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("E2E_ARTIFACTS", &artifacts)
        // For tests that provision an account of their own (`portal-server accounts add`).
        .env("PORTAL_E2E_DATABASE", &database)
        .env("PORTAL_SERVER_BINARY", server_binary());
    let result = run(tests);
    println!("end-to-end screenshots: {}", artifacts.display());
    drop(server);
    drop(smtp);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&scratch);
    } else {
        println!(
            "end-to-end database and Maildir kept in {}",
            scratch.display()
        );
    }
    result
}

/// The designer preview as designers run it: plain `trunk serve` (default features, the
/// preview profile), no API server. Its build must contain the preview marker; then the
/// gallery's end-to-end test walks every tile in de, it and en (axe-core, screenshots).
pub fn preview_gallery() -> Result {
    let port = free_local_port()?;
    let addr = format!("127.0.0.1:{port}");
    let dist = root().join("target").join("preview-dist");
    let dist_arg = dist.to_string_lossy().into_owned();
    let port_arg = port.to_string();
    // Served only once built: nothing stale may answer first.
    let _ = std::fs::remove_dir_all(&dist);
    let started = Instant::now();
    let mut trunk = Background::spawn(
        "trunk serve (designer preview)",
        command(
            "trunk",
            &[
                "serve",
                "--port",
                &port_arg,
                "--no-autoreload",
                "--dist",
                &dist_arg,
            ],
        ),
    )?;
    let deadline = Instant::now() + Duration::from_mins(20);
    while !answers_ok(&addr, "/") {
        trunk.ensure_running()?;
        if Instant::now() > deadline {
            return Err("trunk serve did not serve the preview within 20 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    println!(
        "preview build served after {} s",
        started.elapsed().as_secs()
    );
    let checked =
        crate::bundle::files_containing(&dist, crate::bundle::preview_marker()?.as_bytes(), true)?;
    println!("designer preview: marker present in the preview build ({checked} files)");
    let artifacts = root().join("target").join("e2e-artifacts");
    let mut tests = command(
        "node",
        &[
            "--test",
            "--test-concurrency=1",
            &format!("tests/e2e/{GALLERY_TEST}"),
        ],
    );
    tests
        .env("PREVIEW_URL", format!("http://{addr}"))
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("E2E_ARTIFACTS", &artifacts);
    let result = run(tests);
    println!(
        "gallery screenshots: {}",
        artifacts.join("gallery").display()
    );
    drop(trunk);
    result
}
