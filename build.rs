//! Generates the SPA's typed Fluent message ids from the English catalogue
//! (`locales/en/*.ftl`), and the one list of `.ftl` files every locale ships. Code names a
//! message only through these constants, so a misspelt or removed id fails to compile.
//! Other locales are checked against English by `tests/i18n_catalog.rs`. In wasm builds each
//! message is known by a short key instead of its id (see `short_key`).

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    // A directory is scanned as a whole: adding, removing or editing a file reruns this.
    println!("cargo::rerun-if-changed=locales");

    let files = ftl_files(&root.join("locales").join("en"));
    let mut messages = BTreeMap::new();
    for file in &files {
        let path = root.join("locales").join("en").join(file);
        let source =
            fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let id = message.id.name.to_owned();
                let text = message.value.as_ref().map(english_text).unwrap_or_default();
                let name = const_name(&id);
                if let Some((other, _)) = messages.insert(name.clone(), (id.clone(), text)) {
                    panic!("message ids {other:?} and {id:?} would both be msg::{name}");
                }
            }
        }
    }

    // In the wasm each message is known by a short key instead of its id (`nav-overview` →
    // `cK`): every id is there four times (three catalogues and its constant), and the keys
    // make the bundle ~2 KB smaller (brotli). Native builds (the tests) keep the ids.
    let keys = (env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")).then(|| {
        messages
            .values()
            .enumerate()
            .map(|(index, (id, _))| (id.clone(), short_key(index)))
            .collect::<BTreeMap<_, _>>()
    });
    if let Some(keys) = &keys {
        let distinct: std::collections::BTreeSet<_> = keys.values().collect();
        assert_eq!(distinct.len(), keys.len(), "message keys are not distinct");
    }
    for locale in locales(&root.join("locales")) {
        for file in &files {
            let path = root.join("locales").join(&locale).join(file);
            // A locale missing a file fails the catalogue test; the wasm gets it empty.
            let source = fs::read_to_string(&path).unwrap_or_default();
            let target = out.join("locales").join(&locale);
            fs::create_dir_all(&target)
                .unwrap_or_else(|error| panic!("{}: {error}", target.display()));
            let mut shipped = without_comments(&source);
            if let Some(keys) = &keys {
                shipped = with_keys(&shipped, keys);
            }
            write(&target.join(file), &shipped);
        }
    }
    write(&out.join("ftl_files.rs"), &ftl_files_source(&files));
    write(
        &out.join("msg_ids.rs"),
        &msg_ids_source(&messages, keys.as_ref()),
    );
}

/// The `index`th short key: a valid Fluent identifier (`[a-zA-Z][a-zA-Z0-9]*`), distinct
/// for each index.
fn short_key(index: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut key = vec![FIRST[index % FIRST.len()]];
    let mut rest = index / FIRST.len();
    while rest > 0 {
        rest -= 1;
        key.push(REST[rest % REST.len()]);
        rest /= REST.len();
    }
    String::from_utf8(key).expect("ASCII")
}

/// A catalogue (without comments) with each message's id, where it is defined
/// (`id = …` at the start of a line) and where another message refers to it (`{ id }`),
/// replaced by its key. Anything else in `{ }` starts with `$` (a variable), an upper-case
/// letter (a function) or `-` (a term), and is left alone.
fn with_keys(source: &str, keys: &BTreeMap<String, String>) -> String {
    let is_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let key_of = |id: &str| {
        keys.get(id)
            .unwrap_or_else(|| panic!("message {id:?} is not in the English catalogue"))
    };
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let mut rest = line;
        if line.starts_with(|c: char| c.is_ascii_lowercase()) {
            let end = line.find(|c: char| !is_id(c)).unwrap_or(line.len());
            if line[end..].trim_start().starts_with('=') {
                out.push_str(key_of(&line[..end]));
                rest = &line[end..];
            }
        }
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            let inner = rest.trim_start();
            let end = inner.find(|c: char| !is_id(c)).unwrap_or(inner.len());
            if inner.starts_with(|c: char| c.is_ascii_lowercase())
                && inner[end..].trim_start().starts_with('}')
            {
                out.push_str(&rest[..rest.len() - inner.len()]);
                out.push_str(key_of(&inner[..end]));
                rest = &inner[end..];
            }
        }
        out.push_str(rest);
    }
    out
}

/// The `.ftl` file names in `directory`, sorted.
fn ftl_files(directory: &Path) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "ftl"))
        .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    files
}

/// The locale folders in `directory` (`de`, `it`, `en`).
fn locales(directory: &Path) -> Vec<String> {
    fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.is_dir())
        .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
        .collect()
}

/// A Fluent file as the wasm gets it: without its comments, which only the translators read
/// (the runtime parser skips them). A line starting with `#` is always a comment: a
/// pattern's continuation lines are indented.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// `users-change-role-title` → `USERS_CHANGE_ROLE_TITLE`.
fn const_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// The message's English text for the constant's documentation, variables as `{ $name }`.
fn english_text(pattern: &Pattern<&str>) -> String {
    let mut text = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => {
                let _ = write!(text, "{{ ${} }}", id.name);
            }
            PatternElement::Placeable { .. } => text.push_str("{ … }"),
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ftl_files_source(files: &[String]) -> String {
    let mut source = String::from("// Generated by build.rs from the files in locales/en.\n\n");
    source.push_str("/// The `.ftl` files of each locale, in `locales/<code>/`.\n");
    let _ = writeln!(
        source,
        "pub const FTL_FILES: [&str; {}] = {files:?};\n",
        files.len()
    );
    source.push_str(
        "/// The sources of one locale's files (without comments), in the order of [`FTL_FILES`].\n",
    );
    source.push_str("macro_rules! ftl_sources {\n    ($code:literal) => {\n        [\n");
    for file in files {
        let _ = writeln!(
            source,
            r#"            include_str!(concat!(env!("OUT_DIR"), "/locales/", $code, "/{file}")),"#
        );
    }
    source.push_str("        ]\n    };\n}\n");
    source
}

fn msg_ids_source(
    messages: &BTreeMap<String, (String, String)>,
    keys: Option<&BTreeMap<String, String>>,
) -> String {
    let mut source = String::from("// Generated by build.rs from locales/en/*.ftl.\n\n");
    for (name, (id, text)) in messages {
        let key = keys.map_or(id, |keys| &keys[id]);
        let _ = writeln!(source, "#[doc = {:?}]", format!("`{id}`: “{text}”"));
        let _ = writeln!(source, "pub const {name}: MsgId = MsgId({key:?});");
    }
    source.push_str("\n/// Every message of the English catalogue.\n");
    let _ = writeln!(source, "pub const ALL: [MsgId; {}] = [", messages.len());
    for name in messages.keys() {
        let _ = writeln!(source, "    {name},");
    }
    source.push_str("];\n");
    source
}

/// Writes only when the content changed, so an unchanged catalogue rebuilds nothing.
fn write(path: &Path, content: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(content) {
        fs::write(path, content).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}
