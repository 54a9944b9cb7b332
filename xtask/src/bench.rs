//! `cargo xtask bench`: against the release SPA served by the release server (SQLite, on
//! loopback, `--dev` for the demo accounts and their sign-in links):
//! - Lighthouse on a throttled phone profile (`benches/lighthouse/run.mjs`),
//! - typing and hours-row rendering in Chromium with 4× CPU throttling
//!   (`benches/typing/run.mjs`),
//! - API load on the contact information (`load.rs`, wrk) on three backends: that SQLite
//!   server, then release servers on a throwaway PostgreSQL (`postgres.rs`): one replica,
//!   then two replicas on one database (each scenario on a fresh database),
//!
//! `cargo xtask load` runs only the API load (release server, no SPA build).
//!
//! and one table of every figure with its target, next to the bundle's sizes. Times vary by
//! machine, so this reports and never fails on a time; it is not part of CI.

use crate::process::{Background, Result, command, output, root, run, run_cmd};
use crate::tasks::{CHROMIUM, free_local_port, wait_until_healthy};
use crate::{bundle, load, postgres};
use std::ffi::OsStr;
use std::path::Path;

/// Who types in the blocking modal: an editor of an account whose modal is open.
const TYPING_USER: &str = "editor@demo.example";
/// Whose contact information is read and written under load: another account, so the
/// writes never close the modal the browser benches measure.
const LOAD_USER: &str = "admin@luigi.example";

/// Lighthouse lives in its own npm package, installed only for this command (CI never
/// needs it): `npm ci` from its lock file when missing.
fn ensure_lighthouse() -> Result {
    let dir = root().join("benches").join("lighthouse");
    let installed = ["lighthouse", "chrome-launcher"].iter().all(|name| {
        dir.join("node_modules")
            .join(name)
            .join("package.json")
            .exists()
    });
    if installed {
        return Ok(());
    }
    let mut npm = command("npm", &["ci", "--no-audit", "--no-fund"]);
    npm.current_dir(&dir);
    run(npm)
}

/// A row of the final table: figure, measured, target, met ("yes", "no" or "-").
type Row = [String; 4];

/// Rows a bench script wrote as TSV (figure, measured, target, met).
fn read_rows(file: &Path) -> Result<Vec<Row>> {
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut cells = line.split('\t').map(str::to_owned);
            std::array::from_fn(|_| cells.next().unwrap_or_default())
        })
        .collect())
}

/// Runs a bench script that writes `table` and returns its rows.
fn node_bench(script: &str, table: &Path, env: &[(&str, &OsStr)]) -> Result<Vec<Row>> {
    let _ = std::fs::remove_file(table);
    let mut node = command("node", &[script]);
    for (name, value) in env {
        node.env(name, value);
    }
    run(node)?;
    read_rows(table)
}

pub fn sign_in(url: &str, email: &str) -> Result<String> {
    output("node", &["benches/sign-in.mjs", url, email])
        .filter(|cookie| cookie.contains('='))
        .ok_or_else(|| format!("could not sign {email} in through the dev outbox"))
}

/// The load scenarios on one backend: `servers` are its replicas (process id and URL), all
/// on one database.
fn backend_rows(backend: &str, servers: &[(u32, String)]) -> Result<Vec<Row>> {
    let (pids, urls): (Vec<u32>, Vec<String>) = servers.iter().cloned().unzip();
    let first = urls.first().ok_or("no server")?;
    let cookie = sign_in(first, LOAD_USER)?;
    let loads = load::contact_info(backend, &urls, &pids, &cookie)?;
    Ok(loads
        .into_iter()
        .map(|load| {
            [
                load.name,
                format!(
                    "{:.0}/s, p50 {:.2} ms, p99 {:.2} ms, {} requests, {} errors; CPU per request: {}",
                    load.per_second,
                    load.p50_ms,
                    load.p99_ms,
                    load.requests,
                    load.errors,
                    load.cpu.unwrap_or_else(|error| format!("unknown ({error})"))
                ),
                load.target.to_owned(),
                if load.met { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect())
}

/// The API load on SQLite (the server at `sqlite_url`), then on PostgreSQL with one and
/// with two replicas (release servers started here, each scenario on a fresh database and
/// stopped after it). Each backend reports on its own: one failing keeps the others' rows.
fn load_rows(
    sqlite_server: &Background,
    sqlite_url: &str,
    scratch: &Path,
) -> Vec<(String, Result<Vec<Row>>)> {
    let mut parts = vec![(
        "API load, SQLite".to_owned(),
        backend_rows("SQLite", &[(sqlite_server.pid(), sqlite_url.to_owned())]),
    )];
    for replicas in [1, 2] {
        let backend = format!(
            "PostgreSQL, {replicas} replica{}",
            if replicas == 1 { "" } else { "s" }
        );
        let result = postgres::durable_database().and_then(|database| {
            let servers = (0..replicas)
                .map(|index| {
                    let log = scratch.join(format!("server-pg{replicas}-{index}.log"));
                    start_release_server(&database, None, &log)
                })
                .collect::<Result<Vec<_>>>()?;
            let replicas: Vec<(u32, String)> = servers
                .iter()
                .map(|(server, url)| (server.pid(), url.clone()))
                .collect();
            backend_rows(&backend, &replicas)
        });
        parts.push((format!("API load, {backend}"), result));
    }
    parts
}

fn print_table(rows: &[Row]) {
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (figure, measured, target) = (width(0), width(1), width(2));
    println!("\n{}", "═".repeat(figure + measured + target + 12));
    for row in rows {
        let pad = |text: &str, to: usize| {
            format!(
                "{text}{}",
                " ".repeat(to.saturating_sub(text.chars().count()))
            )
        };
        println!(
            "{}  {}  {}  {}",
            pad(&row[0], figure),
            pad(&row[1], measured),
            pad(&row[2], target),
            match row[3].as_str() {
                "yes" => "met",
                "no" => "MISSED",
                _ => "",
            }
        );
    }
    println!("{}", "═".repeat(figure + measured + target + 12));
    println!(
        "Times as measured on this machine at this moment (load from other processes shows in them);\n\
         they are reported, never enforced. Sizes are enforced by `cargo xtask test`."
    );
}

fn build_release_server() -> Result {
    run_cmd(
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "portal-server",
            "--bin",
            "portal-server",
        ],
    )
}

/// Starts the release server (built by [`build_release_server`]) with `--dev` on a free
/// loopback port over `database` (a SQLite path or a PostgreSQL URL), serving `dist` as
/// its SPA if given; its log (a line per request, as in production) goes to `log_path`,
/// not between the figures.
fn start_release_server(
    database: &str,
    dist: Option<&Path>,
    log_path: &Path,
) -> Result<(Background, String)> {
    let addr = format!("127.0.0.1:{}", free_local_port()?);
    let url = format!("http://{addr}");
    let binary = root().join("target").join("release").join("portal-server");
    // --dev: the demo accounts, and sign-in links readable from the dev outbox on loopback.
    let mut args = vec![
        "--dev".to_owned(),
        "--addr".to_owned(),
        addr.clone(),
        "--database".to_owned(),
        database.to_owned(),
        "--public-url".to_owned(),
        url.clone(),
        "--shutdown-after-secs".to_owned(),
        "1800".to_owned(),
    ];
    if let Some(dist) = dist {
        args.extend([
            "--static-dir".to_owned(),
            dist.to_string_lossy().into_owned(),
        ]);
    }
    let log = std::fs::File::create(log_path)
        .map_err(|error| format!("{}: {error}", log_path.display()))?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut server_command = command(&binary.to_string_lossy(), &args);
    server_command
        .stdout(
            log.try_clone()
                .map_err(|error| format!("{}: {error}", log_path.display()))?,
        )
        .stderr(log);
    let mut server = Background::spawn("API server", server_command)?;
    wait_until_healthy(&mut server, &addr)?;
    println!("server log: {}", log_path.display());
    Ok((server, url))
}

/// A fresh scratch dir under target/.
fn scratch_dir(name: &str) -> Result<std::path::PathBuf> {
    let scratch = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|error| format!("{}: {error}", scratch.display()))?;
    Ok(scratch)
}

fn sqlite_database(scratch: &Path) -> String {
    scratch
        .join("portal.sqlite3")
        .to_string_lossy()
        .into_owned()
}

/// Collects parts' rows; a failed part becomes a FAILED row and an error line.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
    failures: Vec<String>,
}

impl Table {
    fn part(&mut self, name: &str, result: Result<Vec<Row>>) {
        match result {
            Ok(part_rows) => self.rows.extend(part_rows),
            Err(error) => {
                self.rows
                    .push([name.to_owned(), "FAILED".into(), String::new(), "no".into()]);
                self.failures.push(format!("{name}: {error}"));
            }
        }
    }

    fn finish(self) -> Result {
        print_table(&self.rows);
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(self.failures.join("\n"))
        }
    }
}

/// `cargo xtask load`: only the API load on the three backends, against the release server
/// without the SPA (no release SPA build).
pub fn load_only() -> Result {
    load::ensure_wrk()?;
    build_release_server()?;
    let scratch = scratch_dir("bench-load")?;
    let (server, url) = start_release_server(
        &sqlite_database(&scratch),
        None,
        &scratch.join("server.log"),
    )?;
    let mut table = Table::default();
    for (name, result) in load_rows(&server, &url, &scratch) {
        table.part(&name, result);
    }
    drop(server);
    table.finish()
}

/// The parts of `cargo xtask bench` to run: all of them, or (`cargo xtask bench browser`)
/// only the browser benches and the sizes, which a change to the SPA affects.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    All,
    Browser,
}

pub fn bench(parts: Parts) -> Result {
    ensure_lighthouse()?;
    if parts == Parts::All {
        load::ensure_wrk()?;
    }
    bundle::build_release()?;
    build_release_server()?;
    let scratch = scratch_dir("bench")?;
    let dist = root().join("dist");
    let (server, url) = start_release_server(
        &sqlite_database(&scratch),
        Some(&dist),
        &scratch.join("server.log"),
    )?;
    let url_env = OsStr::new(&url);
    let lighthouse_out = root().join("target").join("lighthouse");

    // Each part reports on its own; one failing does not hide the others' figures. The
    // browser benches come first: the API writes change an account's data.
    let mut table = Table::default();
    table.part(
        "Lighthouse",
        node_bench(
            "benches/lighthouse/run.mjs",
            &lighthouse_out.join("lighthouse.tsv"),
            &[
                ("BENCH_URL", url_env),
                ("BENCH_OUT", lighthouse_out.as_os_str()),
                ("CHROME_PATH", OsStr::new(CHROMIUM)),
            ],
        ),
    );
    table.part(
        "typing",
        sign_in(&url, TYPING_USER).and_then(|cookie| {
            node_bench(
                "benches/typing/run.mjs",
                &scratch.join("typing.tsv"),
                &[
                    ("BENCH_URL", url_env),
                    ("BENCH_COOKIE", OsStr::new(&cookie)),
                    ("BENCH_OUT", scratch.as_os_str()),
                    ("CHROMIUM_PATH", OsStr::new(CHROMIUM)),
                ],
            )
        }),
    );
    if parts == Parts::All {
        for (name, result) in load_rows(&server, &url, &scratch) {
            table.part(&name, result);
        }
    }
    table.part("bundle sizes", bundle::size_rows());
    table.part(
        "JS glue",
        crate::glue::check(&dist).map(|integrities| {
            vec![[
                "JS glue minified, no missing source map, integrity".into(),
                format!("yes; {integrities} integrity attributes match"),
                "all".into(),
                "yes".into(),
            ]]
        }),
    );
    drop(server);
    table.finish()
}

/// `cargo xtask profile`: where the blocking modal's first render spends its time. Builds
/// the release SPA with the wasm's function names kept (wasm-opt `-g`; otherwise the same
/// build) into target/profile/dist, serves it from the release server and runs
/// `benches/profile/run.mjs` (a V8 CPU profile and a trace under 4× CPU throttling; it
/// prints the long tasks' heaviest functions and keeps both files in target/profile).
pub fn profile() -> Result {
    let dir = scratch_dir("profile")?;
    // The same page as index.html, one level down: its paths point back at the repository.
    let html = std::fs::read_to_string(root().join("index.html"))
        .map_err(|error| format!("index.html: {error}"))?
        .replace("href=\"style/", "href=\"../../style/")
        .replace(
            "data-bin=\"partner-portal\"",
            "href=\"../../Cargo.toml\" data-bin=\"partner-portal\"",
        )
        .replace("data-wasm-opt-params=\"", "data-wasm-opt-params=\"-g ");
    let page = dir.join("index.html");
    std::fs::write(&page, html).map_err(|error| format!("{}: {error}", page.display()))?;
    let dist = dir.join("dist");
    run_cmd(
        "trunk",
        &[
            "build",
            "--release",
            "--no-default-features=true",
            "--dist",
            &dist.to_string_lossy(),
            &page.to_string_lossy(),
        ],
    )?;
    build_release_server()?;
    let (server, url) =
        start_release_server(&sqlite_database(&dir), Some(&dist), &dir.join("server.log"))?;
    // Whom Lighthouse signs in for the modal (benches/lighthouse/run.mjs).
    let cookie = sign_in(&url, "admin@demo.example")?;
    let mut node = command("node", &["benches/profile/run.mjs"]);
    node.env("BENCH_URL", &url)
        .env("BENCH_COOKIE", &cookie)
        .env("BENCH_OUT", &dir)
        .env("CHROMIUM_PATH", CHROMIUM);
    let result = run(node);
    drop(server);
    result
}
