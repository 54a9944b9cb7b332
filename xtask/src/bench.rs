//! `cargo xtask bench`: Lighthouse on a throttled phone profile against the release SPA
//! served by the release server (`benches/lighthouse/run.mjs` says what is measured). Times
//! vary by machine, so this reports and never fails on a score; it is not part of CI.

use crate::bundle;
use crate::process::{Background, Result, command, root, run, run_cmd};
use crate::tasks::{CHROMIUM, free_local_port, wait_until_healthy};

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

pub fn bench() -> Result {
    ensure_lighthouse()?;
    bundle::build_release()?;
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
    )?;
    let scratch = root().join("target").join("bench");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|error| format!("{}: {error}", scratch.display()))?;
    let database = scratch.join("portal.sqlite3");
    let addr = format!("127.0.0.1:{}", free_local_port()?);
    let url = format!("http://{addr}");
    let dist = root().join("dist");
    let binary = root().join("target").join("release").join("portal-server");
    // --dev: the demo accounts, and sign-in links readable from the dev outbox on loopback.
    let args = [
        "--dev",
        "--addr",
        &addr,
        "--database",
        &database.to_string_lossy(),
        "--public-url",
        &url,
        "--static-dir",
        &dist.to_string_lossy(),
        "--shutdown-after-secs",
        "900",
    ];
    let mut server = Background::spawn(
        "API server",
        command(&binary.to_string_lossy(), &args.map(|arg| arg as &str)),
    )?;
    wait_until_healthy(&mut server, &addr)?;
    let mut lighthouse = command("node", &["benches/lighthouse/run.mjs"]);
    lighthouse
        .env("BENCH_URL", &url)
        .env("BENCH_OUT", root().join("target").join("lighthouse"))
        .env("CHROME_PATH", CHROMIUM);
    let result = run(lighthouse);
    drop(server);
    result
}
