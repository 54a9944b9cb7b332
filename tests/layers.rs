//! The source tree keeps its import rules (see `src/lib.rs`): generic widgets know nothing
//! of the features, features know nothing of each other or of the shell, and the leaf
//! modules stand alone.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules of `crate::` that code in `layer` may name.
fn allowed(layer: &str) -> &'static [&'static str] {
    match layer {
        "app" => &[
            "app", "shell", "pages", "features", "ui", "state", "i18n", "api", "dom", "preview",
        ],
        // The designer preview drives the whole app (preview build only).
        "preview" => &[
            "preview", "app", "shell", "pages", "features", "ui", "state", "i18n", "api", "dom",
            "intl", "storage",
        ],
        "shell" | "pages" => &[
            "shell", "features", "ui", "state", "i18n", "api", "dom", "intl", "storage",
        ],
        "features" => &[
            "features", "ui", "state", "i18n", "api", "dom", "intl", "storage",
        ],
        "ui" => &["ui", "i18n", "dom", "api"],
        "state" => &["state", "api", "storage"],
        "i18n" => &["i18n", "api", "dom", "intl", "storage"],
        _ => &[],
    }
}

fn rust_files(directory: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            into.push(path);
        }
    }
}

/// The `crate::` paths named in `source`, e.g. `features::users::UserManagement`; a group
/// `crate::{dom, i18n::msg}` names each of its paths.
fn crate_paths(source: &str) -> Vec<String> {
    let path_end = |text: &str| {
        text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(text.len())
    };
    let mut paths = Vec::new();
    for (start, _) in source.match_indices("crate::") {
        let rest = &source[start + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            paths.extend(group.split(',').map(|path| path.trim().to_owned()));
        } else {
            paths.push(rest[..path_end(rest)].trim_end_matches(':').to_owned());
        }
    }
    paths.retain(|path| !path.is_empty());
    paths
}

#[test]
fn every_module_imports_only_what_its_layer_may() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let layer = first.to_string_lossy();
        let layer = layer.trim_end_matches(".rs");
        if matches!(layer, "lib" | "main") {
            continue;
        }
        let feature = (layer == "features")
            .then(|| relative.components().nth(1))
            .flatten()
            .map(|part| {
                part.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            });
        let source = fs::read_to_string(&file).unwrap();
        for path in crate_paths(&source) {
            let module = path.split("::").next().unwrap_or_default();
            assert!(
                allowed(layer).contains(&module),
                "{} names crate::{path}, which the {layer} layer may not use",
                relative.display()
            );
            // A feature names only itself among the features.
            if let (Some(own), Some(other)) = (&feature, path.strip_prefix("features::")) {
                let other = other.split("::").next().unwrap_or_default();
                assert_eq!(
                    other,
                    own,
                    "{} names crate::{path}: features do not import each other",
                    relative.display()
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "only {checked} crate paths found; has the layout changed?"
    );
}

/// Lines of `source` that name the preview module outside an item under
/// `#[cfg(feature = "preview")]` (the attribute's item ends where its braces close, or at
/// its `;`).
fn uncfgd_preview_lines(source: &str) -> Vec<String> {
    let mut offending = Vec::new();
    let (mut guarded, mut depth, mut opened) = (false, 0_i32, false);
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default();
        if code
            .trim_start()
            .starts_with("#[cfg(feature = \"preview\")]")
        {
            (guarded, depth, opened) = (true, 0, false);
            continue;
        }
        let names_preview = code.contains("preview::") || code.contains("mod preview");
        if names_preview && !guarded {
            offending.push(line.trim().to_owned());
        }
        if guarded {
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            let ended = (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';'));
            if ended {
                guarded = false;
            }
        }
    }
    offending
}

/// Only the route table (`app.rs`) and `start()` (`lib.rs`) may name `src/preview/`, and
/// only under `cfg(feature = "preview")`, so nothing of it reaches a release build.
#[test]
fn only_the_app_and_start_name_the_preview_and_only_in_the_preview_build() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("preview") {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        let names_it = source.contains("preview::") || source.contains("mod preview");
        if !names_it {
            continue;
        }
        let name = relative.to_string_lossy().replace('\\', "/");
        assert!(
            matches!(name.as_str(), "app.rs" | "lib.rs"),
            "{name} names the preview; only app.rs and lib.rs may"
        );
        assert_eq!(
            uncfgd_preview_lines(&source),
            Vec::<String>::new(),
            "{name}: outside #[cfg(feature = \"preview\")]"
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "app.rs and lib.rs hook the preview in");
}

#[test]
fn the_cfg_scanner_knows_where_an_item_ends() {
    let source = "#[cfg(feature = \"preview\")]\nfn a() {\n    preview::x();\n}\nfn b() { preview::y(); }\n#[cfg(feature = \"preview\")]\npub mod preview;\nmod preview;";
    assert_eq!(
        uncfgd_preview_lines(source),
        ["fn b() { preview::y(); }", "mod preview;"]
    );
}

#[test]
fn the_path_scanner_reads_nested_paths() {
    let sample = "use crate::features::users::UserManagement;\nuse crate::{dom, i18n::msg};";
    assert_eq!(
        crate_paths(sample),
        ["features::users::UserManagement", "dom", "i18n::msg"]
    );
}
