//! The Fluent catalogue is complete and consistent: every locale ships the same files with
//! the same message ids and variables, and every file parses. That every id the code uses
//! exists is checked by the compiler: code names messages only through the ids build.rs
//! generates from English (`msg::*`) and the domain-value ids built from them.
#![cfg(not(target_arch = "wasm32"))]

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use partner_portal::i18n::{
    FTL_FILES, Locale, MsgId, case_status_id, environment_id, error_message_id, field_help_id,
    field_label_id, integration_id, locale_name_id, msg, role_description_id, role_id,
    support_category_id, user_status_id, weekday_id,
};
use portal_rules::ErrorCode;
use portal_rules::contact::{Field, Weekday};
use portal_rules::model::{Environment, IntegrationType, Role, UserStatus};
use portal_rules::support::{CaseStatus, SupportCategory};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

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
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "ftl"))
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = FTL_FILES.iter().map(ToString::to_string).collect();
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

#[test]
fn the_generated_ids_are_exactly_the_english_catalogue() {
    let english: BTreeSet<String> = catalogue(Locale::En).into_keys().collect();
    let generated: BTreeSet<String> = msg::ALL.iter().map(|id| id.as_str().to_owned()).collect();
    assert_eq!(
        generated.len(),
        msg::ALL.len(),
        "every generated id is distinct"
    );
    assert_eq!(generated, english);
}

/// Every id built from a domain value (all of each enum).
fn domain_ids() -> Vec<MsgId> {
    let mut ids: Vec<MsgId> = ErrorCode::ALL
        .iter()
        .map(|code| error_message_id(*code))
        .collect();
    ids.extend(
        Field::ALL
            .into_iter()
            .flat_map(|field| [field_label_id(field), field_help_id(field)]),
    );
    ids.extend(
        Role::ALL
            .into_iter()
            .flat_map(|role| [role_id(role), role_description_id(role)]),
    );
    ids.extend(Environment::ALL.map(environment_id));
    ids.extend(IntegrationType::ALL.map(integration_id));
    ids.extend(UserStatus::ALL.map(user_status_id));
    ids.extend(Locale::ALL.map(locale_name_id));
    ids.extend(Weekday::ALL.map(weekday_id));
    ids.extend(SupportCategory::ALL.map(support_category_id));
    ids.extend(CaseStatus::ALL.map(case_status_id));
    ids
}

#[test]
fn every_domain_value_has_a_message_in_every_locale() {
    let ids = domain_ids();
    assert!(ids.len() > 70, "only {} domain ids", ids.len());
    for locale in Locale::ALL {
        let messages = catalogue(locale);
        for id in &ids {
            assert!(
                messages.contains_key(id.as_str()),
                "{locale:?} has no message {id:?}"
            );
        }
    }
}
