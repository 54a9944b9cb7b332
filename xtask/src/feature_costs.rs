//! `cargo xtask feature-costs [part …]`: what each part of the portal adds to the release
//! bundle. The bundle is built as `cargo xtask dist` builds it, once whole and once per part
//! left out, from a copy of the working tree (target/feature-costs/tree, built in
//! target/feature-costs/target) in which the part's mount points are edited away, so that
//! the linker drops its code. Prints the total brotli
//! of each variant and what it saves against the whole.
//!
//! The edits are exact text replacements in the copy. When the source changes under one,
//! the unit test `every_edit_finds_its_text` (and the command) fails naming it: update the
//! edit here.

use crate::bundle;
use crate::process::{Result, command, root};
use std::path::Path;

/// One replacement of every `from` in `file`, which must hold it `times` times.
struct Edit {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    times: usize,
}

struct Part {
    name: &'static str,
    what: &'static str,
    edits: &'static [Edit],
}

const fn edit(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit {
        file,
        from,
        to,
        times: 1,
    }
}

const APP: &str = "src/app.rs";
const MODAL: &str = "src/shell/blocking_modal.rs";
const CONTACT_PAGE: &str = "src/features/contact_info/page.rs";
const FORM: &str = "src/features/contact_info/form.rs";

const PARTS: &[Part] = &[
    Part {
        name: "users",
        what: "Users tab and page, the left-account notice",
        edits: &[
            edit(
                APP,
                "view=|| titled(Screen::Users, UsersPage)",
                "view=|| titled(Screen::Users, NotFound)",
            ),
            edit(APP, "<LeftAccountNotice /> ", ""),
            edit(MODAL, "<UsersTab />", "\"\""),
        ],
    },
    Part {
        name: "support",
        what: "Contact support tab and page (case form, list, detail, help link)",
        edits: &[
            edit(
                APP,
                "view=|| titled(Screen::ContactSupport, ContactSupportPage)",
                "view=|| titled(Screen::ContactSupport, NotFound)",
            ),
            edit(MODAL, "<ContactSupportTab />", "\"\""),
        ],
    },
    Part {
        name: "sign-in",
        what: "sign-in, sign-in link and address confirmation pages",
        edits: &[
            edit(APP, "<SignInPage />", ""),
            edit(APP, "view=SignInCallbackPage", "view=NotFound"),
            edit(APP, "view=VerifyPage", "view=NotFound"),
        ],
    },
    Part {
        name: "history",
        what: "change history (contact information page)",
        edits: &[edit(CONTACT_PAGE, "<ChangeHistory />", "")],
    },
    Part {
        name: "verification",
        what: "verification summary (contact information page)",
        edits: &[edit(CONTACT_PAGE, "<VerificationSummary />", "")],
    },
    Part {
        name: "accounts",
        what: "account picker and switchers",
        edits: &[
            edit(
                "src/shell/header.rs",
                "<AccountSwitcher id=\"header-account\" />",
                "",
            ),
            edit(MODAL, "<AccountSwitcher id=\"modal-account\" />", ""),
            edit(
                "src/shell/mod.rs",
                "return view! { <AccountPicker session=info /> }.into_any();",
                "return ().into_any();",
            ),
            edit("src/shell/mod.rs", "AccountList::provide(&session);", ""),
        ],
    },
    Part {
        name: "contact-form",
        what: "the contact form (modal tab and page), with all below",
        // On the page and in the modal's tab.
        edits: &[Edit {
            times: 2,
            ..edit(CONTACT_PAGE, "<ContactForm />", "")
        }],
    },
    Part {
        name: "hours",
        what: "support hours editor (in the contact form)",
        edits: &[
            edit(
                FORM,
                "let row_errors = Memo::new(",
                "let row_errors: Memo<Vec<RowError>> = Memo::new(",
            ),
            edit(
                FORM,
                "<SupportHoursEditor
                    hours=support_hours.into()
                    on_change=Callback::new(move |hours| {
                        edit(Box::new(move |info| info.support_hours = hours));
                    })
                    field_errors=errors.messages(Field::SupportHours.as_str())
                    row_errors=row_errors.into()
                    disabled=busy
                    on_leave=leave(Field::SupportHours)
                    marker=marker(Field::SupportHours)
                />",
                "{let _ = (support_hours, row_errors);}",
            ),
        ],
    },
    Part {
        name: "conflict",
        what: "three-way merge after a conflicting save (in the contact form)",
        edits: &[edit(
            FORM,
            "{move || {
                conflict
                    .get()
                    .map(|current| {
                        view! {
                            <ConflictMerge
                                theirs=current.contact
                                base
                                mine=draft
                                on_save=merge_save
                                on_load_latest=load_latest
                            />
                        }
                    })
            }}",
            "",
        )],
    },
];

/// The variant without everything but the shell and the contact form.
const SHELL_AND_FORM: &[&str] = &[
    "users",
    "support",
    "sign-in",
    "history",
    "verification",
    "accounts",
];

/// Applies `edits` to `text` (the content of `file`).
fn apply(file: &str, mut text: String, edits: &[&Edit]) -> Result<String> {
    for edit in edits.iter().filter(|edit| edit.file == file) {
        let found = text.matches(edit.from).count();
        if found != edit.times {
            return Err(format!(
                "{file}: the edit of `{}` expects it {} time(s), found {found}: update it in \
                 xtask/src/feature_costs.rs",
                edit.from.lines().next().unwrap_or_default(),
                edit.times
            ));
        }
        text = text.replace(edit.from, edit.to);
    }
    Ok(text)
}

/// Copies the tracked files of the working tree (as they are, uncommitted changes too).
fn copy_tree(to: &Path) -> Result {
    let listed = command("git", &["ls-files", "-z"])
        .output()
        .map_err(|error| format!("git ls-files: {error}"))?;
    if !listed.status.success() {
        return Err("git ls-files failed".to_owned());
    }
    let _ = std::fs::remove_dir_all(to);
    for name in listed.stdout.split(|byte| *byte == 0) {
        let name = String::from_utf8_lossy(name);
        let from = root().join(name.as_ref());
        // Deleted in the working tree but still in the index: not part of it.
        if name.is_empty() || !from.is_file() {
            continue;
        }
        let target = to.join(name.as_ref());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("{}: {error}", parent.display()))?;
        }
        std::fs::copy(&from, &target).map_err(|error| format!("{}: {error}", from.display()))?;
    }
    Ok(())
}

/// Writes the copy's edited files for `edits`, restoring every file any part edits first.
fn prepare(tree: &Path, edits: &[&Edit]) -> Result {
    let mut files: Vec<&str> = PARTS
        .iter()
        .flat_map(|part| part.edits.iter().map(|edit| edit.file))
        .collect();
    files.sort_unstable();
    files.dedup();
    for file in files {
        let original = std::fs::read_to_string(root().join(file))
            .map_err(|error| format!("{file}: {error}"))?;
        let edited = apply(file, original, edits)?;
        std::fs::write(tree.join(file), edited).map_err(|error| format!("{file}: {error}"))?;
    }
    Ok(())
}

/// `cargo xtask feature-costs [part …]`: all parts, or the named ones.
pub fn feature_costs(names: &[String]) -> Result {
    let unknown: Vec<&String> = names
        .iter()
        .filter(|name| !PARTS.iter().any(|part| part.name == name.as_str()))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = PARTS.iter().map(|part| part.name).collect();
        return Err(format!(
            "unknown part(s) {unknown:?}; the parts are: {}",
            known.join(", ")
        ));
    }
    let chosen: Vec<&Part> = PARTS
        .iter()
        .filter(|part| names.is_empty() || names.iter().any(|name| name == part.name))
        .collect();
    let scratch = root().join("target").join("feature-costs");
    let tree = scratch.join("tree");
    copy_tree(&tree)?;

    let mut variants: Vec<(String, Vec<&Edit>)> = vec![("whole portal".to_owned(), Vec::new())];
    for part in &chosen {
        variants.push((
            format!("without {} ({})", part.name, part.what),
            part.edits.iter().collect(),
        ));
    }
    if names.is_empty() {
        variants.push((
            format!(
                "only the shell and the contact form (without {})",
                SHELL_AND_FORM.join(", ")
            ),
            PARTS
                .iter()
                .filter(|part| SHELL_AND_FORM.contains(&part.name))
                .flat_map(|part| part.edits.iter())
                .collect(),
        ));
    }

    let mut rows = Vec::new();
    for (index, (name, edits)) in variants.iter().enumerate() {
        prepare(&tree, edits)?;
        let dist = scratch.join(format!("dist-{index}"));
        let _ = std::fs::remove_dir_all(&dist);
        bundle::build_bundle(&tree, Some(&scratch.join("target")), &dist)?;
        rows.push((name, bundle::total_brotli(&dist)?));
    }

    let whole = rows.first().map_or(0, |(_, bytes)| *bytes);
    println!("\nrelease bundle (wasm + JS + CSS, brotli), built as `cargo xtask dist` builds it:");
    for (name, bytes) in &rows {
        let saved = whole.saturating_sub(*bytes);
        println!("  {bytes:>9} B  {:>8}  {name}", format!("−{saved}"));
    }
    println!(
        "budget: {} B; the ratchet: {} B",
        bundle::GOAL_BROTLI_BYTES,
        bundle::BUDGET_BROTLI_BYTES
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{PARTS, apply, edit};

    #[test]
    fn an_edit_replaces_its_text_once() {
        let edits = [edit("a.rs", "<X />", "\"\""), edit("b.rs", "<Y />", "")];
        let edits: Vec<_> = edits.iter().collect();
        assert_eq!(
            apply("a.rs", "<p><X /><Y /></p>".to_owned(), &edits).as_deref(),
            Ok("<p>\"\"<Y /></p>")
        );
    }

    #[test]
    fn an_edit_whose_text_is_gone_or_repeated_fails() {
        let edits = [edit("a.rs", "<X />", "")];
        let edits: Vec<_> = edits.iter().collect();
        assert!(apply("a.rs", "<p></p>".to_owned(), &edits).is_err());
        assert!(apply("a.rs", "<X /><X />".to_owned(), &edits).is_err());
    }

    /// The edits still find their text in the tree as it is, each part's alone and all
    /// together (as the variant with only the shell and the contact form applies several).
    #[test]
    fn every_edit_finds_its_text() {
        let read = |file: &str| {
            std::fs::read_to_string(crate::process::root().join(file)).expect("a file of the tree")
        };
        for part in PARTS {
            for each in part.edits {
                assert!(
                    apply(each.file, read(each.file), &[each]).is_ok(),
                    "{}: {}",
                    part.name,
                    each.from
                );
            }
        }
        let all: Vec<_> = PARTS.iter().flat_map(|part| part.edits.iter()).collect();
        for each in &all {
            assert!(
                apply(each.file, read(each.file), &all).is_ok(),
                "all parts together: {}",
                each.file
            );
        }
    }
}
