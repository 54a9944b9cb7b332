//! The order of the wasm's functions, chosen for brotli. The linker lays functions out by
//! crate and call graph, so the many near-copies that monomorphization makes (one `build`
//! per view type, one `drop_in_place` per type, …) lie far apart, and brotli's matches of
//! them are long-distance and costly. Laid out next to each other, they compress better:
//! against the linker's order −12.2 KB brotli on the SPA (302.9 → 290.7 KB) and −2.9 KB on
//! the baseline (`cargo xtask size`, stop 30).
//!
//! Reordering means renumbering every reference to a function (calls, the function table,
//! exports), which wasm-opt does: its `--reorder-functions-by-name` pass sorts functions by
//! their names. So this module only chooses the order and writes it down as names (a new
//! `name` section), and wasm-opt sorts by them, optimizes once more and drops the names.
//!
//! The order is a greedy nearest-neighbour walk: from each function to the most similar one
//! not yet placed (Jaccard similarity of their 4-byte substrings), among the functions near
//! it when all bodies are sorted bytewise. It is a pure function of the module's bytes, so a
//! build is as reproducible as before.

use crate::process::{Result, command, root};
use crate::wasm::{
    CODE_SECTION, CUSTOM_SECTION, HEADER, IMPORT_SECTION, Reader, leb128, parse_code,
    parse_imports, push_name, push_section, sections,
};
use std::collections::BTreeSet;
use std::path::Path;

/// How far (in the bytewise order of the bodies) the walk looks for the next function.
/// Measured on the SPA's wasm (brotli, before the imports are renamed): ±100 289.4 KB,
/// ±1500 287.1 KB, ±6000 (everything) 287.4 KB; 3-byte substrings +0.2 KB, 6-byte +1.2 KB.
const WINDOW: usize = 1500;

/// Reorders the functions of the wasm at `path` (a Trunk release build, already optimized)
/// for brotli, optimizes it again with wasm-opt (`-Oz`) and leaves it without names and
/// without the custom sections no browser reads.
pub fn reorder(path: &Path) -> Result {
    let wasm = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let named = named_in_order(&wasm)?;
    // Next to the other build outputs, named after the wasm (the SPA's and the baseline's
    // are built one after the other, but must not share a file if they ever are not).
    let file = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file", path.display()))?;
    let staged = root()
        .join("target")
        .join(format!("{}.in-order", file.to_string_lossy()));
    std::fs::write(&staged, named).map_err(|error| format!("{}: {error}", staged.display()))?;
    let (staged_arg, out_arg) = (staged.to_string_lossy(), path.to_string_lossy());
    // The target features (still in the module) tell wasm-opt which instructions it may use.
    let result = crate::process::run(command(
        "wasm-opt",
        &[
            "-Oz",
            "--low-memory-unused",
            "--reorder-functions-by-name",
            "--strip-producers",
            "--strip-target-features",
            &staged_arg,
            "-o",
            &out_arg,
        ],
    ));
    // Best effort: a stale copy in target/ would only be overwritten by the next build.
    let _ = std::fs::remove_file(&staged);
    result
}

/// `wasm` with its functions named in the order they should have: imported functions
/// `i<index>` (they stay first, in their order), the others `r<rank>`. Every custom section
/// but `target_features` (which wasm-opt reads and then strips) is left out: the old names,
/// `producers` and Leptos's `__wasm_split_unstable` marker, which no browser reads.
fn named_in_order(wasm: &[u8]) -> Result<Vec<u8>> {
    let sections = sections(wasm)?;
    let mut imported = 0;
    let mut bodies = Vec::new();
    for section in &sections {
        let payload = &wasm[section.start..section.end];
        match section.id {
            IMPORT_SECTION => {
                imported = parse_imports(payload)?
                    .iter()
                    .filter(|import| import.is_function())
                    .count();
            }
            CODE_SECTION => bodies = parse_code(payload)?,
            _ => {}
        }
    }
    let mut rank = vec![0; bodies.len()];
    for (place, function) in similarity_order(&bodies).into_iter().enumerate() {
        rank[function] = place;
    }
    let mut out = HEADER.to_vec();
    for section in &sections {
        if section.id != CUSTOM_SECTION
            || Reader::new(&wasm[section.start..section.end]).name()? == "target_features"
        {
            out.extend_from_slice(&wasm[section.header..section.end]);
        }
    }
    // The name section: its name, then subsection 1 (function names), by ascending index.
    let mut names = Vec::new();
    leb128(&mut names, imported + bodies.len());
    for index in 0..imported {
        leb128(&mut names, index);
        push_name(&mut names, &format!("i{index:06}"));
    }
    for (body, rank) in rank.iter().enumerate() {
        leb128(&mut names, imported + body);
        push_name(&mut names, &format!("r{rank:06}"));
    }
    let mut payload = Vec::new();
    push_name(&mut payload, "name");
    push_section(&mut payload, 1, &names);
    push_section(&mut out, CUSTOM_SECTION, &payload);
    Ok(out)
}

/// The order for `bodies`: each index once, similar bodies next to each other.
fn similarity_order(bodies: &[&[u8]]) -> Vec<usize> {
    let grams: Vec<Vec<u32>> = bodies.iter().map(|body| four_grams(body)).collect();
    let mut sorted: Vec<usize> = (0..bodies.len()).collect();
    // Stable: equal bodies keep their index order.
    sorted.sort_by_key(|&index| bodies[index]);
    // Positions in `sorted` not yet placed.
    let mut open: BTreeSet<usize> = (0..sorted.len()).collect();
    let mut order = Vec::with_capacity(bodies.len());
    let mut current = 0;
    while open.remove(&current) {
        order.push(sorted[current]);
        let here = &grams[sorted[current]];
        // The most similar open body near here: (position, shared, union), compared as
        // fractions so that the order is exact.
        let mut best: Option<(usize, usize, usize)> = None;
        for &candidate in open.range(current.saturating_sub(WINDOW)..=current + WINDOW) {
            let there = &grams[sorted[candidate]];
            let (small, large) = if here.len() < there.len() {
                (here.len(), there.len())
            } else {
                (there.len(), here.len())
            };
            // No pair of these sizes can beat the best so far.
            if best.is_some_and(|(_, shared, union)| small * union <= shared * large.max(1)) {
                continue;
            }
            let shared = shared_count(here, there);
            let union = (here.len() + there.len() - shared).max(1);
            if best.is_none_or(|(_, best_shared, best_union)| {
                shared * best_union > best_shared * union
            }) {
                best = Some((candidate, shared, union));
            }
        }
        match best
            .map(|(position, ..)| position)
            .or_else(|| open.first().copied())
        {
            Some(next) => current = next,
            None => break,
        }
    }
    order
}

/// The distinct 4-byte substrings of `body`, sorted.
fn four_grams(body: &[u8]) -> Vec<u32> {
    let mut grams: Vec<u32> = body
        .windows(4)
        .map(|window| u32::from_le_bytes([window[0], window[1], window[2], window[3]]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// How many values two sorted, distinct lists share.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_bodies_end_up_next_to_each_other() {
        let a1: &[u8] = b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a";
        let b1: &[u8] = b"zyxwvutsrqponm";
        let a2: &[u8] = b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a";
        let b2: &[u8] = b"zyxwvutsrqponmX";
        let order = similarity_order(&[a1, b1, a2, b2]);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, [0, 1, 2, 3], "each function exactly once");
        let place = |function| order.iter().position(|&f| f == function).unwrap();
        assert_eq!(place(0).abs_diff(place(2)), 1, "{order:?}");
        assert_eq!(place(1).abs_diff(place(3)), 1, "{order:?}");
    }

    #[test]
    fn tiny_and_identical_bodies_are_all_placed() {
        let bodies: Vec<&[u8]> = vec![b"", b"\x0b", b"", b"abcd", b"abcd", b"\x0b"];
        let mut order = similarity_order(&bodies);
        order.sort_unstable();
        assert_eq!(order, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn shared_values_are_counted_once() {
        assert_eq!(shared_count(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(shared_count(&[], &[1]), 0);
        assert_eq!(four_grams(b"abcdabcd").len(), 4);
    }

    /// A module with two imported functions (one from `env`), a memory import, three
    /// defined functions and custom sections before and after the code.
    fn module() -> Vec<u8> {
        let mut wasm = HEADER.to_vec();
        let mut custom = Vec::new();
        push_name(&mut custom, "producers");
        custom.push(0);
        push_section(&mut wasm, CUSTOM_SECTION, &custom);
        // Types: () -> ().
        push_section(&mut wasm, 1, &[1, 0x60, 0, 0]);
        let mut imports = Vec::new();
        leb128(&mut imports, 3);
        for (module, name, descriptor) in [
            ("glue", "f", &[0x00, 0][..]),
            ("env", "memory", &[0x02, 0, 1][..]),
            ("env", "g", &[0x00, 0][..]),
        ] {
            push_name(&mut imports, module);
            push_name(&mut imports, name);
            imports.extend_from_slice(descriptor);
        }
        push_section(&mut wasm, IMPORT_SECTION, &imports);
        // Functions: three of type 0.
        push_section(&mut wasm, 3, &[3, 0, 0, 0]);
        let mut code = Vec::new();
        leb128(&mut code, 3);
        for body in [
            &[0, 0x01, 0x01, 0x01, 0x0b][..],
            &[0, 0x0b],
            &[0, 0x01, 0x01, 0x0b],
        ] {
            leb128(&mut code, body.len());
            code.extend_from_slice(body);
        }
        push_section(&mut wasm, CODE_SECTION, &code);
        for name in ["target_features", "name", "__wasm_split_unstable"] {
            let mut custom = Vec::new();
            push_name(&mut custom, name);
            custom.extend_from_slice(b"\x01\x02");
            push_section(&mut wasm, CUSTOM_SECTION, &custom);
        }
        wasm
    }

    #[test]
    fn the_order_is_written_as_names_and_only_target_features_stays() {
        let out = named_in_order(&module()).unwrap();
        let written = sections(&out).unwrap();
        let customs: Vec<String> = written
            .iter()
            .filter(|section| section.id == CUSTOM_SECTION)
            .map(|section| {
                Reader::new(&out[section.start..section.end])
                    .name()
                    .unwrap()
            })
            .collect();
        assert_eq!(customs, ["target_features", "name"]);
        // Everything else is as it was.
        let original = module();
        let kept: Vec<&[u8]> = sections(&original)
            .unwrap()
            .iter()
            .filter(|section| section.id != CUSTOM_SECTION)
            .map(|section| &original[section.header..section.end])
            .collect();
        let now: Vec<&[u8]> = written
            .iter()
            .filter(|section| section.id != CUSTOM_SECTION)
            .map(|section| &out[section.header..section.end])
            .collect();
        assert_eq!(kept, now);
        // The names: two imported functions first, then the defined ones by rank (the two
        // similar bodies, 0 and 2, next to each other).
        let last = written.last().unwrap();
        let mut reader = Reader::new(&out[last.start..last.end]);
        assert_eq!(reader.name().unwrap(), "name");
        assert_eq!(reader.byte().unwrap(), 1);
        reader.size().unwrap();
        assert_eq!(reader.size().unwrap(), 5);
        let mut names = Vec::new();
        for index in 0..5 {
            assert_eq!(reader.size().unwrap(), index);
            names.push(reader.name().unwrap());
        }
        assert_eq!(&names[..2], ["i000000", "i000001"]);
        let mut ranks: Vec<&str> = names[2..].iter().map(String::as_str).collect();
        ranks.sort_unstable();
        assert_eq!(ranks, ["r000000", "r000001", "r000002"]);
        let rank = |name: &str| name[1..].parse::<usize>().unwrap();
        assert_eq!(rank(&names[2]).abs_diff(rank(&names[4])), 1, "{names:?}");
    }
}
