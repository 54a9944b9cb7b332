//! The release bundle: building it (precompressed for the server), measuring it against the
//! baseline app in `benches/size-baseline/`, and keeping it within its budget.

use crate::process::{Result, command, root, run};
use std::path::{Path, PathBuf};

/// What `cargo xtask test` allows the release bundle (wasm + JS + CSS, brotli) to weigh. The
/// goal is 200 000 B (≤ 1.45 × the baseline); until the bundle gets there this is a ratchet:
/// lowered with every saving, never raised without a reason in the commit. Last lowered by
/// 4,000 B when serde-wasm-bindgen's errors stopped formatting their text and the last
/// callers of Rust's float formatting went (vendor/serde-wasm-bindgen/README.md).
pub const BUDGET_BROTLI_BYTES: u64 = 286_800;
/// The goal the ratchet works towards (issue 14), shown by `cargo xtask bench`.
pub const GOAL_BROTLI_BYTES: u64 = 200_000;
/// The goal as a multiple of the baseline app.
const GOAL_RATIO: f64 = 1.45;
/// Where `cargo xtask size` builds the baseline app.
const BASELINE_DIST: &str = "target/size-baseline";

/// The release bundle in dist/: without the designer preview (the default features have
/// it; the SPA refuses to compile it into an optimized build), and with a `.br` and a `.gz`
/// next to each hashed asset, which the server sends to browsers that accept them.
pub fn build_release() -> Result {
    build_bundle(&root(), None, &root().join("dist"))
}

/// The release bundle of the tree at `project` (the checkout, or a copy of it) into `dist`,
/// built in `target_dir` if given. A copy needs a target dir of its own: in the checkout's,
/// cargo would find the checkout's build fresh and keep the copy's wasm where Trunk takes it.
pub fn build_bundle(project: &Path, target_dir: Option<&Path>, dist: &Path) -> Result {
    let dist_arg = dist.to_string_lossy();
    let mut trunk = command(
        "trunk",
        &[
            "build",
            "--release",
            "--no-default-features",
            "--dist",
            &dist_arg,
        ],
    );
    trunk.current_dir(project);
    if let Some(target_dir) = target_dir {
        trunk.env("CARGO_TARGET_DIR", target_dir);
    }
    release_build_env(&mut trunk)?;
    run(trunk)?;
    crate::glue::minify(dist)?;
    precompress(dist)
}

/// The total brotli bytes of the bundle in `dist` (wasm + JS + CSS).
pub fn total_brotli(dist: &Path) -> Result<u64> {
    measure(dist).map(|(_, total)| total.brotli)
}

/// How release bundles (the SPA's and the baseline's) are built: with the rustflags of
/// [`release_rustflags`], and with the standard library built from its source for the
/// bundle (`-Zbuild-std`), so that `panic = immediate-abort` leaves out std's panic
/// formatting and unwinding glue (−21 KB brotli on the SPA's wasm, `cargo xtask size`),
/// and with std's `optimize_for_size` feature: its smaller variants of sorting and other
/// generic code, instantiated per type in the app (−4.9 KB brotli).
///
/// These are unstable options of the pinned stable toolchain, enabled for this one build by
/// `RUSTC_BOOTSTRAP=1` (as the Linux kernel builds its Rust code with a stable compiler);
/// every other build (tests, clippy, the designer preview, the server) stays plain stable.
/// A panic in the browser ends the app either way (`panic = "abort"`, no hook prints its
/// message); it now traps without formatting it. `cargo xtask setup` installs std's source
/// (`rust-src`) and fetches its dependencies, so the build runs offline.
fn release_build_env(build: &mut std::process::Command) -> Result {
    build
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env("CARGO_ENCODED_RUSTFLAGS", release_rustflags()?);
    Ok(())
}

/// The rustflags of release bundles (Trunk builds with `--target`, so they reach only the
/// wasm, not build scripts or proc macros). Panic locations name source files by absolute
/// path: every dependency's under `CARGO_HOME`, std's in the toolchain and the checkout's
/// own (~11 KB raw), so the bundle's size depended on where they are. Remapped to short
/// fixed prefixes (since `-Zlocation-detail=none` few paths are left, but the size must not
/// depend on the checkout's place). An environment variable replaces `.cargo/config.toml`'s
/// rustflags, so its `erase_components` is repeated here.
fn release_rustflags() -> Result<String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_default();
    // One directory per registry index (e.g. `index.crates.io-1949cf8c6b5b557f`).
    let indexes = std::fs::read_dir(cargo_home.join("registry").join("src"))
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()));
    let mut flags = vec![
        "--cfg".to_owned(),
        "erase_components".to_owned(),
        "-Zunstable-options".to_owned(),
        "-Cpanic=immediate-abort".to_owned(),
        // No panic locations and no `Debug` output (`{:?}` writes nothing): a panic traps
        // without a message anyway, and nothing the SPA shows, sends or keys on is
        // Debug-formatted (the e2e tests run on this build). −3,622 B brotli (`cargo xtask
        // size`, stop 26).
        "-Zlocation-detail=none".to_owned(),
        "-Zfmt-debug=none".to_owned(),
        // LLVM inlines less: −886 B brotli at stop 24 (`cargo xtask size`), release bundles only.
        "-Cllvm-args=-inline-threshold=0".to_owned(),
    ];
    flags.extend(indexes.map(|index| format!("--remap-path-prefix={}=/crates", index.display())));
    flags.push(format!(
        "--remap-path-prefix={}=/rust",
        crate::setup::std_source()?.display()
    ));
    flags.push(format!("--remap-path-prefix={}=/portal", root().display()));
    Ok(flags.join("\u{1f}"))
}

/// The assets of a bundle (not index.html: the server fills in its nonce per response).
fn assets(dir: &Path) -> Result<Vec<(Kind, PathBuf)>> {
    let mut assets: Vec<(Kind, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|error| format!("{}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter_map(|path| Some((Kind::of(&path)?, path)))
        .collect();
    assets.sort();
    Ok(assets)
}

/// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9, no name or time, so
/// rebuilds are byte-identical) next to every asset of `dir`.
fn precompress(dir: &Path) -> Result {
    let assets = assets(dir)?;
    for (_, asset) in &assets {
        let path = asset.to_string_lossy();
        for (program, args) in [("brotli", ["-q", "11"]), ("gzip", ["-9", "-n"])] {
            let args: Vec<&str> = args.into_iter().chain(["-f", "-k", &path]).collect();
            let status = command(program, &args)
                .status()
                .map_err(|error| format!("cannot start {program}: {error}"))?;
            if !status.success() {
                return Err(format!("{program} {path} failed with {status}"));
            }
        }
    }
    println!(
        "precompressed {} assets of {} (.br, .gz)",
        assets.len(),
        dir.display()
    );
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Wasm,
    Js,
    Css,
}

impl Kind {
    fn of(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "wasm" => Some(Self::Wasm),
            "js" => Some(Self::Js),
            "css" => Some(Self::Css),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Wasm => "wasm",
            Self::Js => "JS",
            Self::Css => "CSS",
        }
    }
}

/// Bytes of one kind of asset: as built, gzip -9 and brotli -q 11.
#[derive(Debug, Default, Clone, Copy)]
struct Bytes {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl std::ops::AddAssign for Bytes {
    fn add_assign(&mut self, other: Self) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|metadata| metadata.len())
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The size of every kind of asset in `dir`, and the total. Compressed sizes are of the
/// `.br`/`.gz` files the build wrote (what the server sends).
fn measure(dir: &Path) -> Result<(Vec<(Kind, Bytes)>, Bytes)> {
    let mut kinds: Vec<(Kind, Bytes)> = Vec::new();
    for (kind, asset) in assets(dir)? {
        let sibling = |suffix: &str| {
            let mut name = asset.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        let bytes = Bytes {
            raw: file_size(&asset)?,
            gzip: file_size(&sibling(".gz"))?,
            brotli: file_size(&sibling(".br"))?,
        };
        match kinds.iter_mut().find(|(seen, _)| *seen == kind) {
            Some((_, total)) => *total += bytes,
            None => kinds.push((kind, bytes)),
        }
    }
    kinds.sort_by_key(|(kind, _)| *kind);
    let mut total = Bytes::default();
    for (_, bytes) in &kinds {
        total += *bytes;
    }
    Ok((kinds, total))
}

fn print_table(title: &str, kinds: &[(Kind, Bytes)], total: Bytes) {
    println!(
        "
{title}
  {:<6} {:>10} {:>10} {:>10}",
        "", "raw B", "gzip B", "brotli B"
    );
    for (kind, bytes) in kinds {
        println!(
            "  {:<6} {:>10} {:>10} {:>10}",
            kind.name(),
            bytes.raw,
            bytes.gzip,
            bytes.brotli
        );
    }
    println!(
        "  {:<6} {:>10} {:>10} {:>10}",
        "total", total.raw, total.gzip, total.brotli
    );
}

/// The release bundle's sizes, its budget, and the designer preview's absence from it.
pub fn size_report() -> Result {
    let dist = root().join("dist");
    let (kinds, total) = measure(&dist)?;
    print_table("release bundle (dist/)", &kinds, total);
    let marker = preview_marker()?;
    let checked = files_containing(&dist, marker.as_bytes(), false)?;
    println!(
        "designer preview: absent from the release bundle ({checked} files of dist/ checked for its marker)"
    );
    let integrities = crate::glue::check(&dist)?;
    println!(
        "JS minified, no source map missing, {integrities} integrity attributes of index.html match their files"
    );
    if total.brotli > BUDGET_BROTLI_BYTES {
        return Err(format!(
            "the release bundle is {} B brotli, over its budget of {BUDGET_BROTLI_BYTES} B \
             (BUDGET_BROTLI_BYTES in xtask/src/bundle.rs)",
            total.brotli
        ));
    }
    println!(
        "budget: {} B of {BUDGET_BROTLI_BYTES} B brotli ({} B to spare)",
        total.brotli,
        BUDGET_BROTLI_BYTES - total.brotli
    );
    Ok(())
}

/// The baseline app, built like the SPA (its own Trunk.toml mirrors the SPA's; it has no
/// default features to leave out).
fn build_baseline() -> Result {
    build_bundle(
        &root().join("benches").join("size-baseline"),
        None,
        &root().join(BASELINE_DIST),
    )
}

/// `cargo xtask size`: both bundles, side by side, and the ratio.
pub fn size() -> Result {
    build_release()?;
    build_baseline()?;
    let (kinds, total) = measure(&root().join(BASELINE_DIST))?;
    print_table(
        "baseline (benches/size-baseline: Leptos CSR + router + gloo-net + Fluent, one route, one dialog)",
        &kinds,
        total,
    );
    let result = size_report();
    let (_, ours) = measure(&root().join("dist"))?;
    #[allow(
        clippy::cast_precision_loss,
        reason = "a ratio of byte counts for people"
    )]
    let ratio = |ours: u64, baseline: u64| ours as f64 / baseline.max(1) as f64;
    println!(
        "release / baseline: raw {:.2}×, gzip {:.2}×, brotli {:.2}×",
        ratio(ours.raw, total.raw),
        ratio(ours.gzip, total.gzip),
        ratio(ours.brotli, total.brotli)
    );
    result
}

/// The string every preview build contains and no release build may: `PREVIEW_MARKER` in
/// `src/preview/mod.rs` (read from there, so there is one definition).
pub fn preview_marker() -> Result<String> {
    let path = root().join("src").join("preview").join("mod.rs");
    let source =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    source
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const PREVIEW_MARKER: &str = \"")?
                .strip_suffix("\";")
                .map(str::to_owned)
        })
        .filter(|marker| marker.len() >= 16)
        .ok_or_else(|| format!("no PREVIEW_MARKER in {}", path.display()))
}

/// Checks the files of `dir` (recursively) for `marker`: with `wanted`, fails unless one
/// has it; without, fails if one has it. Returns how many files were checked.
pub fn files_containing(dir: &Path, marker: &[u8], wanted: bool) -> Result<usize> {
    let mut pending = vec![dir.to_path_buf()];
    let (mut checked, mut found) = (0, Vec::new());
    while let Some(next) = pending.pop() {
        let entries =
            std::fs::read_dir(&next).map_err(|error| format!("{}: {error}", next.display()))?;
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let bytes =
                std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            checked += 1;
            if bytes.windows(marker.len()).any(|window| window == marker) {
                found.push(path.display().to_string());
            }
        }
    }
    match (wanted, found.is_empty()) {
        (false, false) => Err(format!(
            "the designer preview is in the release bundle: {} contain its marker",
            found.join(", ")
        )),
        (true, true) => Err(format!(
            "no file of {} contains the preview marker: is the marker check still meaningful?",
            dir.display()
        )),
        _ => Ok(checked),
    }
}

/// The release bundle's brotli bytes per kind (and those of the baseline, when `cargo xtask
/// size` has built it) as rows of `cargo xtask bench`'s table: figure, measured, target.
pub fn size_rows() -> Result<Vec<[String; 4]>> {
    let line = |kinds: &[(Kind, Bytes)], total: Bytes| {
        let parts: Vec<String> = kinds
            .iter()
            .map(|(kind, bytes)| format!("{} {}", kind.name(), bytes.brotli))
            .collect();
        format!("{} = {} B", parts.join(" + "), total.brotli)
    };
    let met = |met: bool| if met { "yes" } else { "no" }.to_owned();
    let (kinds, total) = measure(&root().join("dist"))?;
    let mut rows = vec![[
        "release bundle, brotli".to_owned(),
        line(&kinds, total),
        format!("≤ {GOAL_BROTLI_BYTES} B (CI ratchet: {BUDGET_BROTLI_BYTES} B)"),
        met(total.brotli <= GOAL_BROTLI_BYTES),
    ]];
    let baseline = root().join(BASELINE_DIST);
    if let Ok((base_kinds, base_total)) = measure(&baseline) {
        #[allow(
            clippy::cast_precision_loss,
            reason = "a ratio of byte counts for people"
        )]
        let ratio = total.brotli as f64 / base_total.brotli.max(1) as f64;
        rows.push([
            "baseline app, brotli (benches/size-baseline)".to_owned(),
            format!("{} (ours: {ratio:.2}×)", line(&base_kinds, base_total)),
            format!("ours ≤ {GOAL_RATIO}×"),
            met(ratio <= GOAL_RATIO),
        ]);
    } else {
        rows.push([
            "baseline app, brotli".to_owned(),
            "not built: `cargo xtask size` builds it".to_owned(),
            String::new(),
            "-".to_owned(),
        ]);
    }
    Ok(rows)
}
