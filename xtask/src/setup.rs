//! Installs every tool the project needs, skipping what is already present, from the
//! package registries only (crates.io, npm, Debian). Safe to run any number of times.

use crate::process::{self, Result, output, root, run_cmd};
use std::path::{Path, PathBuf};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Newest Trunk that builds with this project's Rust (1.95); 0.22 needs 1.96.1.
const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages: the browser and its driver for the wasm and end-to-end tests, and
/// brotli for measuring the bundle.
const APT_PACKAGES: [(&str, &str); 3] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("brotli", "/usr/bin/brotli"),
];
/// The PostgreSQL server the server's tests start throwaway clusters of (its binaries live
/// under /usr/lib/postgresql/<version>/bin; the package also creates the `postgres` user
/// they run as).
const POSTGRES_PACKAGE: &str = "postgresql";

/// Whether some PostgreSQL version's `initdb` is installed (the client package alone has
/// no server binaries).
fn postgres_installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
        versions
            .flatten()
            .any(|version| version.path().join("bin/initdb").exists())
    })
}

pub fn run() -> Result {
    ensure_rust_parts()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_node_tools()?;
    ensure_python_tools()?;
    ensure_debian_packages()?;
    println!("✔ tools ready");
    Ok(())
}

fn ensure_rust_parts() -> Result {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|line| line.trim() == WASM_TARGET) {
        run_cmd("rustup", &["target", "add", WASM_TARGET])?;
    }
    let components = output("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    // rust-src: release bundles build std from its source (`bundle::release_build_env`).
    for component in ["rustfmt", "clippy", "rust-src"] {
        if !components.lines().any(|line| line.starts_with(component)) {
            run_cmd("rustup", &["component", "add", component])?;
        }
    }
    // std's own dependencies (its Cargo.lock), so that build runs offline like the others.
    let manifest = std_source()?.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let fetch = |extra: &[&str]| {
        let mut fetch = process::command("cargo", &["fetch", "--manifest-path", &manifest]);
        fetch.args(extra).env("RUSTC_BOOTSTRAP", "1");
        fetch
    };
    let cached = fetch(&["--offline", "--quiet"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !cached {
        process::run(fetch(&[]))?;
    }
    Ok(())
}

/// The toolchain's source of std (`library/` of the `rust-src` component).
pub fn std_source() -> Result<PathBuf> {
    let sysroot = output("rustc", &["--print", "sysroot"]).ok_or("rustc --print sysroot failed")?;
    Ok(Path::new(sysroot.trim())
        .join("lib")
        .join("rustlib")
        .join("src")
        .join("rust")
        .join("library"))
}

fn ensure_trunk() -> Result {
    if output("trunk", &["--version"]).is_some_and(|version| version.ends_with(TRUNK_VERSION)) {
        return Ok(());
    }
    run_cmd(
        "cargo",
        &["install", "--locked", "trunk", "--version", TRUNK_VERSION],
    )
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|error| format!("Cargo.lock: {error}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn ensure_wasm_bindgen() -> Result {
    let version = locked_wasm_bindgen_version()?;
    let wanted = format!("wasm-bindgen {version}");
    let have_cli = output("wasm-bindgen", &["--version"]).is_some_and(|found| found == wanted);
    let have_runner = output("wasm-bindgen-test-runner", &["--version"])
        .is_some_and(|found| found.ends_with(&version));
    if have_cli && have_runner {
        return Ok(());
    }
    // The CLI's own lock file can name a dependency version the registry no longer serves;
    // then resolve afresh (still the exact CLI version).
    run_cmd(
        "cargo",
        &[
            "install",
            "--locked",
            "--force",
            "wasm-bindgen-cli",
            "--version",
            &version,
        ],
    )
    .or_else(|_| {
        run_cmd(
            "cargo",
            &[
                "install",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                &version,
            ],
        )
    })
}

/// True when every devDependency in package.json is installed at its pinned version.
fn node_tools_installed() -> bool {
    let Ok(manifest) = std::fs::read_to_string(root().join("package.json")) else {
        return false;
    };
    let Some(section) = manifest
        .split("\"devDependencies\"")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
    else {
        return false;
    };
    section
        .lines()
        .filter_map(|line| line.split_once(':'))
        // Only `"name": "version"` lines; the section's opening `: {` names nothing.
        .filter(|(name, _)| name.trim().starts_with('"'))
        .all(|(name, version)| {
            let name = name.trim().trim_matches('"');
            let version = version.trim().trim_end_matches(',').trim_matches('"');
            let installed = root().join("node_modules").join(name).join("package.json");
            std::fs::read_to_string(installed)
                .is_ok_and(|text| text.contains(&format!("\"version\": \"{version}\"")))
        })
}

fn ensure_node_tools() -> Result {
    if node_tools_installed() {
        return Ok(());
    }
    run_cmd("npm", &["ci", "--no-audit", "--no-fund"])
}

/// The virtualenv with the pinned Python test tools (`requirements-test.txt`).
pub fn venv_python() -> std::path::PathBuf {
    root().join(".venv").join("bin").join("python")
}

/// Creates `.venv` and installs `requirements-test.txt` into it, unless the requirements
/// it was built from (kept in `.venv/requirements-test.txt`) are unchanged.
fn ensure_python_tools() -> Result {
    let wanted = std::fs::read_to_string(root().join("requirements-test.txt"))
        .map_err(|error| format!("requirements-test.txt: {error}"))?;
    let stamp = root().join(".venv").join("requirements-test.txt");
    if venv_python().exists() && std::fs::read_to_string(&stamp).is_ok_and(|had| had == wanted) {
        return Ok(());
    }
    run_cmd("python3", &["-m", "venv", ".venv"])?;
    let python = venv_python();
    let python = python.to_string_lossy();
    run_cmd(
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--requirement",
            "requirements-test.txt",
        ],
    )?;
    std::fs::write(&stamp, wanted).map_err(|error| format!("{}: {error}", stamp.display()))
}

fn ensure_debian_packages() -> Result {
    let mut missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, binary)| !Path::new(binary).exists())
        .map(|(package, _)| *package)
        .collect();
    if !postgres_installed() {
        missing.push(POSTGRES_PACKAGE);
    }
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut command = if is_root {
            crate::process::command("apt-get", args)
        } else {
            crate::process::command("sudo", &[&["apt-get"], args].concat())
        };
        command.env("DEBIAN_FRONTEND", "noninteractive");
        process::run(command)
    };
    apt(&["update"])?;
    apt(&[
        &["install", "-y", "--no-install-recommends"],
        missing.as_slice(),
    ]
    .concat())
}
