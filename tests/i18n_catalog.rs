//! The Fluent catalogue is complete and consistent: every locale has the same message ids
//! with the same variables, every file parses, and every id the code uses exists.
#![cfg(not(target_arch = "wasm32"))]

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use partner_portal::i18n::{FTL_FILES, Locale, dynamic_message_ids};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn collect_variables(pattern: &Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_from_expression(expression, into);
        }
    }
}

fn collect_from_expression(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => collect_from_inline(inline, into),
        Expression::Select { selector, variants } => {
            collect_from_inline(selector, into);
            for variant in variants {
                collect_variables(&variant.value, into);
            }
        }
    }
}

fn collect_from_inline(inline: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => collect_from_expression(expression, into),
        _ => {}
    }
}

/// Message id → the variables its value uses, for one locale.
fn catalogue(locale: Locale) -> Catalogue {
    let mut messages = Catalogue::new();
    for file in FTL_FILES {
        let path = root().join("locales").join(locale.code()).join(file);
        let source =
            fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                let value = message.value.unwrap_or_else(|| {
                    panic!("{}: {} has no value", path.display(), message.id.name)
                });
                collect_variables(&value, &mut variables);
                let previous = messages.insert(message.id.name.to_owned(), variables);
                assert!(
                    previous.is_none(),
                    "{}: duplicate id {}",
                    path.display(),
                    message.id.name
                );
            }
        }
    }
    messages
}

#[test]
fn shipped_file_list_matches_the_files_on_disk() {
    for locale in Locale::ALL {
        let directory = root().join("locales").join(locale.code());
        let mut on_disk: Vec<String> = fs::read_dir(&directory)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ftl"))
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = FTL_FILES.iter().map(|name| name.to_string()).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped, "{}", directory.display());
    }
}

#[test]
fn every_locale_has_the_same_ids_and_variables() {
    let english = catalogue(Locale::En);
    assert!(english.len() > 50, "suspiciously small catalogue");
    for locale in [Locale::De, Locale::It] {
        let other = catalogue(locale);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{locale:?}: missing {missing:?}, extra {extra:?}"
        );
        for (id, variables) in &english {
            assert_eq!(&other[id], variables, "{locale:?}: variables of {id}");
        }
    }
}

/// String literals passed as message ids: `.t("…")`, `.t_with("…"`, `msg("…")`,
/// `message_id="…"`.
fn ids_used_in(source: &str) -> Vec<String> {
    const MARKERS: [&str; 4] = [".t(\"", ".t_with(\"", "msg(\"", "message_id=\""];
    let mut ids = Vec::new();
    for marker in MARKERS {
        for (start, _) in source.match_indices(marker) {
            let rest = &source[start + marker.len()..];
            if let Some(end) = rest.find('"') {
                ids.push(rest[..end].to_owned());
            }
        }
    }
    ids
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

#[test]
fn every_id_the_code_uses_exists() {
    let english = catalogue(Locale::En);
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut used = 0;
    for file in files {
        let source = fs::read_to_string(&file).unwrap();
        for id in ids_used_in(&source) {
            used += 1;
            assert!(
                english.contains_key(&id),
                "{} uses unknown message id {id:?}",
                file.display()
            );
        }
    }
    assert!(
        used > 40,
        "the scan found only {used} ids; has the calling convention changed?"
    );
    for id in dynamic_message_ids() {
        assert!(
            english.contains_key(&id),
            "the code can build {id:?}, which is not in the catalogue"
        );
    }
}

#[test]
fn the_scanner_finds_every_calling_convention() {
    let sample = r#"i18n.t("a-b") i18n.t_with("c-d", &[]) msg("e-f") message_id="g-h""#;
    assert_eq!(ids_used_in(sample), vec!["a-b", "c-d", "e-f", "g-h"]);
}
