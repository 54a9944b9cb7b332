//! The JS glue of a Trunk release build: minified by esbuild, renamed by its new content,
//! and index.html's `integrity` attributes recomputed; and the check that a bundle is so.
//!
//! Trunk's own minifier (the `minify-js` crate, 0.5) cannot parse what wasm-bindgen writes
//! at the end of its glue, `export { initSync, __wbg_init as default };` (a keyword after
//! `as`): it logs "Failed to minify JS: RequiredTokenNotFound(Identifier)
//! [token=Some(KeywordDefault)]" and ships the file as it was (trunk-rs/trunk#1044,
//! wilsonzlin/minify-js#30). That crate also drops getters wasm-bindgen relies on
//! (minify-js#24), so the fix is not to feed it other syntax but to minify with esbuild
//! (pinned in package.json) after Trunk. Trunk's warning is therefore expected.

use crate::process::{Result, command};
use std::path::{Path, PathBuf};

/// Minifies every `.js` of `dir` with esbuild, orders the wasm's functions for brotli
/// (`crate::order`), gives the wasm's imports from its glue short names (in both), renames
/// the JS and the wasm to `<name>-<hash of its new bytes>` and rewrites index.html for the
/// new names and digests. A minified file keeps Trunk's scheme (a name names one content):
/// under its old name, whose hash Trunk took from the wasm, an upgraded esbuild or Trunk's
/// minifier coming back would put other bytes, and a browser's immutable cached copy would
/// then fail the new page's `integrity`.
pub fn minify(dir: &Path) -> Result {
    let index = dir.join("index.html");
    let mut html = read(&index)?;
    let scripts = files_with_extension(dir, "js")?;
    for script in &scripts {
        let path = script.to_string_lossy();
        // ESM in, ESM out, syntax untouched (no --target): only whitespace, comments and
        // local names go. No source map: nothing would serve or need it.
        let status = command(
            "esbuild",
            &[
                &path,
                "--minify",
                "--format=esm",
                "--legal-comments=none",
                "--log-level=warning",
                "--allow-overwrite",
                &format!("--outfile={path}"),
            ],
        )
        .status()
        .map_err(|error| format!("cannot start esbuild (run `cargo xtask setup`): {error}"))?;
        if !status.success() {
            return Err(format!("esbuild {path} failed with {status}"));
        }
    }
    let wasm = single_wasm(dir)?;
    crate::order::reorder(&wasm)?;
    shorten_imports(&wasm, &scripts)?;
    for file in scripts.iter().chain([&wasm]) {
        html = rename_by_content(dir, file, &html)?;
    }
    for link in integrities(&html) {
        let (_, sri) = digest(&dir.join(link.file.trim_start_matches('/')))?;
        html = html.replace(&link.integrity, &sri);
    }
    std::fs::write(&index, html).map_err(|error| format!("{}: {error}", index.display()))?;
    println!(
        "minified {} JS file(s) of {} with esbuild (Trunk's \"Failed to minify JS\" warning is expected)",
        scripts.len(),
        dir.display()
    );
    Ok(())
}

/// The one wasm of `dir`.
fn single_wasm(dir: &Path) -> Result<PathBuf> {
    match files_with_extension(dir, "wasm")?.as_slice() {
        [wasm] => Ok(wasm.clone()),
        wasms => Err(format!(
            "{}: not one wasm but {}",
            dir.display(),
            wasms.len()
        )),
    }
}

/// Gives what `wasm` imports from its JS glue, and its long export names, short names in
/// both files (`crate::imports`).
fn shorten_imports(wasm: &Path, scripts: &[PathBuf]) -> Result {
    let [script] = scripts else {
        return Err(format!("not one JS file but {}", scripts.len()));
    };
    // wasm-bindgen's module name for the glue: `./<stem>_bg.js` for `<stem>-<hash>_bg.wasm`.
    let wasm_name = file_name(wasm)?;
    let stem = unhashed(wasm_name.strip_suffix("_bg.wasm").unwrap_or(&wasm_name));
    let bytes = std::fs::read(wasm).map_err(|error| format!("{}: {error}", wasm.display()))?;
    let (bytes, glue, renamed) =
        crate::imports::shorten(&bytes, &read(script)?, &format!("./{stem}_bg.js"))?;
    std::fs::write(wasm, bytes).map_err(|error| format!("{}: {error}", wasm.display()))?;
    std::fs::write(script, glue).map_err(|error| format!("{}: {error}", script.display()))?;
    println!("gave {renamed} of the wasm's imports and exports short names (in it and its glue)");
    Ok(())
}

/// `name` without Trunk's `-<hash>` at its end.
fn unhashed(name: &str) -> &str {
    name.rsplit_once('-').map_or(name, |(name, _)| name)
}

/// Renames `file` of `dir` to `<name>-<hash of its bytes>` (`.js`, `_bg.wasm`) and returns
/// `html` with the new name.
fn rename_by_content(dir: &Path, file: &Path, html: &str) -> Result<String> {
    let old_name = file_name(file)?;
    let suffix = [".js", "_bg.wasm"]
        .into_iter()
        .find(|suffix| old_name.ends_with(suffix))
        .ok_or_else(|| format!("{old_name}: neither JS nor wasm"))?;
    let stem = unhashed(&old_name[..old_name.len() - suffix.len()]);
    let (hex, _) = digest(file)?;
    let new_name = format!("{stem}-{}{suffix}", &hex[..16]);
    if new_name == old_name {
        return Ok(html.to_owned());
    }
    std::fs::rename(file, dir.join(&new_name))
        .map_err(|error| format!("{}: {error}", file.display()))?;
    Ok(html.replace(&old_name, &new_name))
}

/// Fails unless every JS file of `dir` is minified and names no source map that `dir`
/// lacks, and every `integrity` in its index.html matches the file it names. Returns how
/// many integrity attributes were checked.
pub fn check(dir: &Path) -> Result<usize> {
    let mut problems = Vec::new();
    for script in files_with_extension(dir, "js")? {
        let text = read(&script)?;
        if let Err(problem) = minified(&text) {
            problems.push(format!("{} is not minified: {problem}", script.display()));
        }
    }
    for asset in files_with_extension(dir, "js")?
        .into_iter()
        .chain(files_with_extension(dir, "css")?)
    {
        for map in source_maps(&read(&asset)?) {
            if !dir.join(map.trim_start_matches('/')).is_file() {
                problems.push(format!(
                    "{} names the source map {map}, which is not served",
                    asset.display()
                ));
            }
        }
    }
    let html = read(&dir.join("index.html"))?;
    let links = integrities(&html);
    if links.is_empty() {
        problems.push("index.html has no integrity attribute: Trunk's SRI is gone".into());
    }
    for link in &links {
        let file = dir.join(link.file.trim_start_matches('/'));
        match digest(&file) {
            Ok((_, actual)) if actual == link.integrity => {}
            Ok((_, actual)) => problems.push(format!(
                "index.html says {} for {}, the file is {actual}",
                link.integrity, link.file
            )),
            Err(error) => problems.push(error),
        }
    }
    if problems.is_empty() {
        Ok(links.len())
    } else {
        Err(problems.join("\n"))
    }
}

/// Why `text` does not look minified, if it does not: comment lines or indented lines
/// (what wasm-bindgen's glue is full of and esbuild's output has none of).
fn minified(text: &str) -> std::result::Result<(), String> {
    for (number, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.is_empty() {
            continue;
        }
        if code.starts_with("//") || code.starts_with("/*") || code.starts_with("* ") {
            return Err(format!("line {} is a comment", number + 1));
        }
        if code.len() != line.len() {
            return Err(format!("line {} is indented", number + 1));
        }
    }
    Ok(())
}

/// The targets of `sourceMappingURL` comments (JS `//#`, CSS `/*#`).
fn source_maps(text: &str) -> Vec<&str> {
    text.match_indices("sourceMappingURL=")
        .filter_map(|(at, key)| {
            text[at + key.len()..]
                .split(|c: char| c.is_whitespace() || c == '*')
                .next()
        })
        .collect()
}

/// An `integrity` attribute of index.html and the file its tag names.
#[derive(Debug, PartialEq, Eq)]
struct Integrity {
    file: String,
    integrity: String,
}

/// Every `<link>`/`<script>` tag with an `integrity` and an `href`/`src`. Trunk minifies
/// index.html, so attribute values come quoted or not.
fn integrities(html: &str) -> Vec<Integrity> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        let attributes = attributes(tag);
        let value = |name: &str| {
            attributes
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| (*value).to_owned())
        };
        if let (Some(integrity), Some(file)) =
            (value("integrity"), value("href").or_else(|| value("src")))
        {
            found.push(Integrity { file, integrity });
        }
        rest = &rest[end..];
    }
    found
}

/// The `name=value` attributes of a tag's text (`link href=/a.css rel="x y"`).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = tag.trim_end_matches('/');
    // The element name.
    rest = rest
        .trim_start()
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        if name_end == 0 {
            break;
        }
        let name = &rest[..name_end];
        rest = &rest[name_end..];
        let Some(after) = rest.trim_start().strip_prefix('=') else {
            found.push((name, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, remaining) = if let Some(quote @ ('"' | '\'')) = after.chars().next() {
            let inner = &after[1..];
            let close = inner.find(quote).unwrap_or(inner.len());
            (&inner[..close], inner.get(close + 1..).unwrap_or(""))
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        found.push((name, value));
        rest = remaining;
    }
    found
}

/// SHA-384 of a file as hex and as a subresource-integrity value (`sha384-<base64>`), from
/// Node's crypto (Node is needed for the build anyway; xtask has no dependencies).
fn digest(path: &Path) -> Result<(String, String)> {
    const SCRIPT: &str = "const d = require('crypto').createHash('sha384')\
        .update(require('fs').readFileSync(process.argv[1])).digest();\
        process.stdout.write(d.toString('hex') + ' sha384-' + d.toString('base64'));";
    let shown = path.display();
    let output = command("node", &["-e", SCRIPT, &path.to_string_lossy()])
        .output()
        .map_err(|error| format!("cannot start node: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "{shown}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_once(' ')
        .map(|(hex, sri)| (hex.to_owned(), sri.to_owned()))
        .ok_or_else(|| format!("{shown}: no digest"))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|name| name.to_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no file name", path.display()))
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| format!("{}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_bindgen_output_is_not_minified_and_esbuild_output_is() {
        let glue = "export class A {\n    free() {\n        wasm.free(this.ptr);\n    }\n}\n";
        assert_eq!(minified(glue), Err("line 2 is indented".into()));
        let documented = "/**\n * @returns {number}\n */\nexport function f(){return 1}\n";
        assert_eq!(minified(documented), Err("line 1 is a comment".into()));
        assert_eq!(
            minified("let a=1;export{a as default};\n"),
            Ok(()),
            "one unindented line of code"
        );
    }

    #[test]
    fn source_map_comments_are_found_in_js_and_css() {
        assert_eq!(
            source_maps("f();\n//# sourceMappingURL=a.js.map\n"),
            ["a.js.map"]
        );
        assert_eq!(
            source_maps("a{}/*# sourceMappingURL=b.css.map */"),
            ["b.css.map"]
        );
        assert!(source_maps("f();").is_empty());
    }

    #[test]
    fn integrity_attributes_are_read_quoted_or_not() {
        let html = "<link href=/main-1.css integrity=sha384-AAA rel=stylesheet>\
            <script nonce=\"{{__TRUNK NONCE__}}\" type=module>import init from '/x-2.js';</script>\
            <link nonce=\"{{__TRUNK NONCE__}}\" crossorigin href=\"/x-2.js\" integrity='sha384-B/+' rel=modulepreload>\
            <link rel=preload href=/x-2_bg.wasm>";
        assert_eq!(
            integrities(html),
            [
                Integrity {
                    file: "/main-1.css".into(),
                    integrity: "sha384-AAA".into()
                },
                Integrity {
                    file: "/x-2.js".into(),
                    integrity: "sha384-B/+".into()
                },
            ]
        );
    }

    #[test]
    fn a_wrong_integrity_or_unminified_glue_fails_the_check() {
        let dir = std::env::temp_dir().join(format!("xtask-glue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let js = dir.join("app-1.js");
        std::fs::write(&js, "export{a as default};\n").unwrap();
        let (_, sri) = digest(&js).unwrap();
        let page = |integrity: &str| {
            format!("<link crossorigin href=/app-1.js integrity={integrity} rel=modulepreload>")
        };
        std::fs::write(dir.join("index.html"), page(&sri)).unwrap();
        assert_eq!(check(&dir), Ok(1));
        std::fs::write(dir.join("index.html"), page("sha384-stale")).unwrap();
        assert!(check(&dir).unwrap_err().contains("sha384-stale"));
        std::fs::write(dir.join("index.html"), page(&sri)).unwrap();
        std::fs::write(
            &js,
            "export{a as default};\n//# sourceMappingURL=app-1.js.map\n",
        )
        .unwrap();
        let problems = check(&dir).unwrap_err();
        assert!(problems.contains("line 2 is a comment"), "{problems}");
        assert!(problems.contains("not served"), "{problems}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
