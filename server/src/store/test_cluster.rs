//! A throwaway PostgreSQL cluster for the tests, one per test binary, started on first use
//! from the binaries of Debian's `postgresql` package (`cargo xtask setup` installs it):
//! `initdb` into a temp dir (as the `postgres` system user when running as root), the
//! server on a free port on 127.0.0.1 with its Unix socket in that dir, and a fresh
//! database per test. No database server is assumed to be running.
//!
//! Cleanup survives panics and kills: a small watchdog process (in a process group of its
//! own) polls the test binary and, once it is gone, stops the cluster and removes its dir.
//! Dirs left by a run whose watchdog was killed too are removed by the next run; as each
//! run has its own dir and port, a leftover never breaks it.
//!
//! The server's library tests (`store::testing`) and the API tests (`tests/api/common.rs`,
//! through `#[path]`) share this file, so it uses only `std`.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which database the tests run on: `PORTAL_TEST_DATABASE=postgres`, or SQLite.
pub fn postgres_wanted() -> bool {
    std::env::var("PORTAL_TEST_DATABASE").is_ok_and(|value| value.eq_ignore_ascii_case("postgres"))
}

/// The prefix of every cluster dir in the temp dir.
const PREFIX: &str = "portal-test-pg-";

struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The URL of a new, empty database on this binary's cluster (started on first use).
/// Blocks: call it off the async threads.
///
/// # Panics
/// When the cluster cannot be started (PostgreSQL not installed: `cargo xtask setup`).
pub fn fresh_database_url() -> String {
    let cluster = match CLUSTER.get_or_init(Cluster::start) {
        Ok(cluster) => cluster,
        Err(error) => panic!("cannot start the test PostgreSQL: {error}"),
    };
    let name = format!("test_{}", DATABASES.fetch_add(1, Ordering::SeqCst));
    let created = Command::new(cluster.bin.join("createdb"))
        .args([
            "-h",
            &cluster.dir.to_string_lossy(),
            "-p",
            &cluster.port.to_string(),
        ])
        .args(["-U", "postgres", &name])
        .output()
        .map_err(|error| error.to_string())
        .and_then(|output| checked(output, "createdb"));
    if let Err(error) = created {
        panic!("cannot create a test database: {error}");
    }
    format!("postgres://postgres@127.0.0.1:{}/{name}", cluster.port)
}

fn checked(output: std::process::Output, what: &str) -> Result<(), String> {
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The newest installed PostgreSQL's binaries (`PG_BIN` overrides).
fn binaries() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("PG_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| {
            "no /usr/lib/postgresql: install Debian's postgresql package (cargo xtask setup)"
                .to_owned()
        })?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .ok_or_else(|| "no initdb under /usr/lib/postgresql/*/bin".to_owned())
}

/// Runs a server binary, as the `postgres` user when this process is root (PostgreSQL
/// refuses to run as root).
fn as_owner(program: &Path, root: bool) -> Command {
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|meta| meta.uid() == 0)
}

/// Removes cluster dirs whose server is no longer running (a run killed with its watchdog).
fn sweep(temp: &Path, bin: &Path, root: bool) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let dir = entry.path();
        let pid = std::fs::read_to_string(dir.join("data/postmaster.pid"))
            .ok()
            .and_then(|text| {
                text.lines()
                    .next()
                    .and_then(|line| line.trim().parse::<u32>().ok())
            });
        let owner_alive = std::fs::read_to_string(dir.join("owner"))
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok())
            .is_some_and(|owner| Path::new(&format!("/proc/{owner}")).exists());
        if owner_alive {
            continue;
        }
        if pid.is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = as_owner(&bin.join("pg_ctl"), root)
                .args([
                    "-D",
                    &dir.join("data").to_string_lossy(),
                    "-m",
                    "immediate",
                    "stop",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A free TCP port on 127.0.0.1 (free a moment ago: a clash makes the start fail and retry).
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| error.to_string())
}

impl Cluster {
    fn start() -> Result<Self, String> {
        let bin = binaries()?;
        let root = is_root();
        let temp = std::env::temp_dir();
        sweep(&temp, &bin, root);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |time| time.subsec_nanos());
        let dir = temp.join(format!("{PREFIX}{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
        std::fs::write(dir.join("owner"), std::process::id().to_string())
            .map_err(|error| error.to_string())?;
        let data = dir.join("data");
        if root {
            let chown = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&dir)
                .output()
                .map_err(|error| error.to_string())?;
            checked(chown, "chown (is there a postgres user? cargo xtask setup)")?;
        }
        let initdb = as_owner(&bin.join("initdb"), root)
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ])
            .output()
            .map_err(|error| error.to_string())?;
        checked(initdb, "initdb")?;
        // Disposable: no durability, more connections than the default for parallel tests.
        let mut settings = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .map_err(|error| error.to_string())?;
        std::io::Write::write_all(
            &mut settings,
            format!(
                "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
                 fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
                 max_connections = 400\nshared_buffers = 32MB\njit = off\n",
                dir.display()
            )
            .as_bytes(),
        )
        .map_err(|error| error.to_string())?;
        drop(settings);
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            let started = as_owner(&bin.join("pg_ctl"), root)
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("server.log"))
                .args(["-o", &format!("-p {port}"), "-w", "-t", "60", "start"])
                .stdout(Stdio::null())
                .output()
                .map_err(|error| error.to_string())?;
            match checked(started, "pg_ctl start") {
                Ok(()) => {
                    let cluster = Self { bin, dir, port };
                    cluster.watch(root)?;
                    return Ok(cluster);
                }
                Err(error) => last_error = error,
            }
        }
        Err(last_error)
    }

    /// Starts the watchdog that stops the cluster and removes its dir once this process
    /// has gone, however it ended.
    fn watch(&self, root: bool) -> Result<(), String> {
        let pg_ctl = self.bin.join("pg_ctl");
        let stop = if root {
            format!("runuser -u postgres -- '{}'", pg_ctl.display())
        } else {
            format!("'{}'", pg_ctl.display())
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
             {stop} -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            data = self.dir.join("data").display(),
            dir = self.dir.display(),
        );
        std::os::unix::process::CommandExt::process_group(
            Command::new("sh").args(["-c", &script]),
            0,
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|error| format!("cannot start the cluster's watchdog: {error}"))
    }
}
