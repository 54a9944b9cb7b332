//! Short names for what the wasm imports from its JS glue and for the long names of what
//! it exports to it. wasm-bindgen names each import after its Rust path and a 16-digit hash
//! (`__wbg_new_with_str_f3fabb7c01bc9cf7`) and its closure shims after their whole types (up
//! to 334 characters); each name is in the wasm and again in the glue, and the hashes do not
//! compress: ~250 of them were ~6 KB of the brotli bundle. Renamed in both files after
//! Trunk (and esbuild), they work as before.
//!
//! Only the import and export sections are read and written (`crate::wasm`); every other
//! section is copied byte for byte.

use crate::process::Result;
use crate::wasm::{
    EXPORT_SECTION, IMPORT_SECTION, Reader, leb128, parse_imports, push_name, push_section,
    sections,
};

/// `wasm` and `js` with every import of `wasm` from the module `glue` (the glue's own file
/// name, as wasm-bindgen writes it: `./name_bg.js`) and every long export name `js` uses
/// once renamed to a short name, and how many. Each such import must occur exactly once in
/// `js`, as a whole word: otherwise nothing is renamed and the error says which.
pub fn shorten(wasm: &[u8], js: &str, glue: &str) -> Result<(Vec<u8>, String, usize)> {
    let mut js = js.to_owned();
    let mut names = Renamer::default();
    let mut out = crate::wasm::HEADER.to_vec();
    for section in sections(wasm)? {
        let payload = &wasm[section.start..section.end];
        let renamed = match section.id {
            IMPORT_SECTION => imports_renamed(payload, glue, &mut js, &mut names)?,
            EXPORT_SECTION => exports_renamed(payload, &mut js, &mut names)?,
            _ => {
                out.extend_from_slice(&wasm[section.header..section.end]);
                continue;
            }
        };
        push_section(&mut out, section.id, &renamed);
    }
    Ok((out, js, names.renamed))
}

/// Hands out the short names, in order, and counts the names given.
#[derive(Default)]
struct Renamer {
    next: usize,
    renamed: usize,
}

impl Renamer {
    /// The next short name for which `free` holds.
    fn next(&mut self, prefix: &str, free: impl Fn(&str) -> bool) -> String {
        loop {
            let name = format!("{prefix}{}", short_name(self.next));
            self.next += 1;
            if free(&name) {
                return name;
            }
        }
    }

    /// Renames the one occurrence of `old` at `at` in `js` to `new`.
    fn rename(&mut self, js: &mut String, at: usize, old: &str, new: &str) {
        js.replace_range(at..at + old.len(), new);
        self.renamed += 1;
    }
}

/// The import section with each import from `glue` renamed, in it and in `js`.
fn imports_renamed(
    section: &[u8],
    glue: &str,
    js: &mut String,
    names: &mut Renamer,
) -> Result<Vec<u8>> {
    let imports = parse_imports(section)?;
    let mut out = Vec::with_capacity(section.len());
    leb128(&mut out, imports.len());
    for import in &imports {
        let name = if import.module == glue {
            let at = word_once(js, &import.name)?;
            let short = names.next("", |_| true);
            names.rename(js, at, &import.name, &short);
            short
        } else {
            import.name.clone()
        };
        push_name(&mut out, &import.module);
        push_name(&mut out, &name);
        out.extend_from_slice(&import.descriptor);
    }
    Ok(out)
}

/// The export section with each long export name that `js` uses exactly once renamed, in
/// it and in `js` (wasm-bindgen's closure shims: `wasm_bindgen_<hash>___convert__closures…`,
/// up to 334 characters). Names the glue uses more often, or not at all, stay.
fn exports_renamed(section: &[u8], js: &mut String, names: &mut Renamer) -> Result<Vec<u8>> {
    const LONG: usize = 24;
    let mut reader = Reader::new(section);
    let count = reader.size()?;
    let mut exports = Vec::with_capacity(count);
    for _ in 0..count {
        let name = reader.name()?;
        let descriptor = reader.at;
        reader.byte()?;
        reader.leb128()?;
        exports.push((name, &section[descriptor..reader.at]));
    }
    reader.expect_end("export")?;
    let mut out = Vec::with_capacity(section.len());
    leb128(&mut out, exports.len());
    for (name, descriptor) in &exports {
        let mut name = name.clone();
        if let Some(at) = word_once(js, &name).ok().filter(|_| name.len() > LONG) {
            // Distinct from every export name (they share one namespace).
            let short = names.next("_", |short| exports.iter().all(|(other, _)| other != short));
            names.rename(js, at, &name, &short);
            name = short;
        }
        push_name(&mut out, &name);
        out.extend_from_slice(descriptor);
    }
    Ok(out)
}

/// The `index`th short name: a JS identifier and a wasm name (`a`…`Z`, then `ab`…).
fn short_name(index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = vec![LETTERS[index % LETTERS.len()]];
    let mut rest = index / LETTERS.len();
    while rest > 0 {
        rest -= 1;
        name.push(LETTERS[rest % LETTERS.len()]);
        rest /= LETTERS.len();
    }
    String::from_utf8(name).unwrap_or_default()
}

/// Where `text` has `word` (not part of a longer identifier), which it must have once.
fn word_once(text: &str, word: &str) -> Result<usize> {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = text
        .match_indices(word)
        .map(|(at, _)| at)
        .filter(|at| {
            !text[..*at].ends_with(is_identifier)
                && !text[at + word.len()..].starts_with(is_identifier)
        })
        .collect();
    match found.as_slice() {
        [at] => Ok(*at),
        _ => Err(format!(
            "the JS glue names the import {word} {} times, not once: not renamed",
            found.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section, the given imports and a custom section after them.
    fn module(imports: &[(&str, &str, &[u8])]) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Type section: one type, () -> ().
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        let mut section = Vec::new();
        leb128(&mut section, imports.len());
        for (module, name, descriptor) in imports {
            push_name(&mut section, module);
            push_name(&mut section, name);
            section.extend_from_slice(descriptor);
        }
        push_section(&mut wasm, IMPORT_SECTION, &section);
        wasm.extend_from_slice(&[0, 4, 1, b'x', 7, 8]);
        wasm
    }

    #[test]
    fn imports_from_the_glue_get_short_names_in_the_wasm_and_the_glue() {
        let long = "__wbg_new_with_str_f3fabb7c01bc9cf7";
        let wasm = module(&[
            ("./app_bg.js", long, &[0x00, 0]),
            ("./app_bg.js", "__wbg_init_externref_table", &[0x00, 0]),
            ("env", "memory", &[0x02, 1, 17, 0x80, 0x01]),
            (
                "./app_bg.js",
                "__wbindgen_externref_table",
                &[0x01, 0x6f, 0, 4],
            ),
            ("./app_bg.js", "g", &[0x03, 0x7f, 1]),
        ]);
        let js = format!(
            "const i={{\"./app_bg.js\":{{{long}:function(e){{return new URL(e)}},\
             __wbg_init_externref_table:function(){{}},__wbindgen_externref_table:x,g:1}}}};"
        );
        let (out, glue, renamed) = shorten(&wasm, &js, "./app_bg.js").unwrap();
        assert_eq!(renamed, 4);
        assert_eq!(
            glue,
            "const i={\"./app_bg.js\":{a:function(e){return new URL(e)},\
             b:function(){},c:x,d:1}};"
        );
        assert_eq!(
            out,
            module(&[
                ("./app_bg.js", "a", &[0x00, 0]),
                ("./app_bg.js", "b", &[0x00, 0]),
                ("env", "memory", &[0x02, 1, 17, 0x80, 0x01]),
                ("./app_bg.js", "c", &[0x01, 0x6f, 0, 4]),
                ("./app_bg.js", "d", &[0x03, 0x7f, 1]),
            ])
        );
    }

    #[test]
    fn long_export_names_the_glue_uses_once_get_short_names() {
        let once = "wasm_bindgen_12a3a5db797ff8b5___convert__closures_____invoke_true_";
        let twice = "__wbindgen_malloc_with_a_long_name";
        let mut wasm = module(&[]);
        let mut section = Vec::new();
        leb128(&mut section, 4);
        for (name, kind) in [(once, 0), (twice, 0), ("memory", 2), ("_a", 0)] {
            push_name(&mut section, name);
            section.extend_from_slice(&[kind, 0]);
        }
        push_section(&mut wasm, EXPORT_SECTION, &section);
        let js = format!("w.{once}(1);w.{twice}(2);w.{twice}(3);w.memory;w._a;");
        let (out, glue, renamed) = shorten(&wasm, &js, "./app_bg.js").unwrap();
        // `_a` is taken: the one renamed export is `_b`.
        assert_eq!(renamed, 1);
        assert_eq!(
            glue,
            format!("w._b(1);w.{twice}(2);w.{twice}(3);w.memory;w._a;")
        );
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("_b") && !text.contains(once) && text.contains(twice));
    }

    #[test]
    fn a_name_the_glue_does_not_have_exactly_once_stops_the_renaming() {
        let wasm = module(&[("./app_bg.js", "__wbg_f_0123456789abcdef", &[0x00, 0])]);
        let twice = "x={__wbg_f_0123456789abcdef:1};y.__wbg_f_0123456789abcdef;";
        let error = shorten(&wasm, twice, "./app_bg.js").unwrap_err();
        assert!(error.contains("2 times"), "{error}");
        // Part of a longer identifier is not the name.
        let longer = "x={__wbg_f_0123456789abcdef_2:1};";
        let error = shorten(&wasm, longer, "./app_bg.js").unwrap_err();
        assert!(error.contains("0 times"), "{error}");
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..5000).map(short_name).collect();
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        assert!(
            names
                .iter()
                .all(|name| name.chars().all(|c| c.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn what_is_not_a_wasm_module_with_known_imports_is_refused() {
        assert!(shorten(b"not wasm", "", "./app_bg.js").is_err());
        let unknown_kind = module(&[("./app_bg.js", "f", &[0x09, 0])]);
        assert!(shorten(&unknown_kind, "f", "./app_bg.js").is_err());
    }
}
