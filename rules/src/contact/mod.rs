//! Contact information: the seven fields, their validation, and completeness per environment;
//! the three-way merge of conflicting saves (`merge`).
//! Support hours have their own module.

mod hours;
pub mod merge;

pub use hours::{
    HoursRow, RowPart, SupportHours, Weekday, parse_time, row_index, row_part_path, row_path,
    row_target,
};

use crate::email;
use crate::model::Environment;
use crate::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// At most this many addresses per list.
pub const MAX_LIST_ENTRIES: usize = 10;

/// The error path of a save's environment (not one of the seven fields).
pub const ENVIRONMENT_FIELD: &str = "environment";

crate::wire_enum! {
    /// The seven fields of the contact information, also the error paths of their lists.
    pub enum Field {
        AlertContacts => "alert_contacts",
        TechnicalEmergency => "technical_emergency",
        TechnicalNonEmergency => "technical_non_emergency",
        MerchantIssues => "merchant_issues",
        OperationalGoogle => "operational_google",
        OperationalPublic => "operational_public",
        SupportHours => "support_hours",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInfo {
    #[serde(default)]
    pub alert_contacts: Vec<String>,
    #[serde(default)]
    pub technical_emergency: Vec<String>,
    #[serde(default)]
    pub technical_non_emergency: Vec<String>,
    #[serde(default)]
    pub merchant_issues: Vec<String>,
    #[serde(default)]
    pub operational_google: Vec<String>,
    #[serde(default)]
    pub operational_public: Vec<String>,
    #[serde(default)]
    pub support_hours: SupportHours,
}

impl ContactInfo {
    /// The address list behind a field; empty for support hours, which are no list.
    pub fn list(&self, field: Field) -> &[String] {
        match field {
            Field::AlertContacts => &self.alert_contacts,
            Field::TechnicalEmergency => &self.technical_emergency,
            Field::TechnicalNonEmergency => &self.technical_non_emergency,
            Field::MerchantIssues => &self.merchant_issues,
            Field::OperationalGoogle => &self.operational_google,
            Field::OperationalPublic => &self.operational_public,
            Field::SupportHours => &[],
        }
    }

    /// The address list behind a field to edit; `None` for support hours.
    pub fn list_mut(&mut self, field: Field) -> Option<&mut Vec<String>> {
        match field {
            Field::AlertContacts => Some(&mut self.alert_contacts),
            Field::TechnicalEmergency => Some(&mut self.technical_emergency),
            Field::TechnicalNonEmergency => Some(&mut self.technical_non_emergency),
            Field::MerchantIssues => Some(&mut self.merchant_issues),
            Field::OperationalGoogle => Some(&mut self.operational_google),
            Field::OperationalPublic => Some(&mut self.operational_public),
            Field::SupportHours => None,
        }
    }
}

/// What a save is checked against: the account's configuration and its users.
pub struct ValidationContext<'a> {
    /// The environment the user saves in. Alert contacts are required (and may only be
    /// changed) in Production.
    pub environment: Environment,
    pub uses_merchant_contact: bool,
    /// E-mail addresses of the account's current users.
    pub user_emails: &'a [String],
    /// Whether a time zone name is a real IANA zone (the server asks its zone database,
    /// the browser asks `Intl`).
    pub is_known_time_zone: &'a dyn Fn(&str) -> bool,
}

fn validate_list(
    field: Field,
    entries: &[String],
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let name = field.as_str();
    if required && entries.is_empty() {
        errors.push(FieldError::new(name, ErrorCode::Required));
    }
    if entries.len() > MAX_LIST_ENTRIES {
        errors.push(FieldError::new(name, ErrorCode::ListTooLong));
    }
    let mut seen = HashSet::new();
    let mut normalized = Vec::with_capacity(entries.len());
    for entry in entries {
        match email::normalize(entry) {
            Ok(address) => {
                if seen.insert(email::duplicate_key(&address)) {
                    normalized.push(address);
                } else {
                    errors
                        .push(FieldError::new(name, ErrorCode::EmailDuplicate).with_value(address));
                }
            }
            Err(code) => errors.push(FieldError::new(name, code).with_value(entry.trim())),
        }
    }
    normalized
}

/// Validates a whole save. On success returns the normalized contact information
/// (trimmed addresses, lower-cased domains, sorted weekdays).
pub fn validate(
    info: &ContactInfo,
    ctx: &ValidationContext<'_>,
) -> Result<ContactInfo, Vec<FieldError>> {
    let mut errors = Vec::new();
    let in_production = ctx.environment == Environment::Production;
    let alert_contacts = validate_list(
        Field::AlertContacts,
        &info.alert_contacts,
        in_production,
        &mut errors,
    );
    let users: HashSet<String> = ctx
        .user_emails
        .iter()
        .map(|address| email::duplicate_key(address))
        .collect();
    for address in &alert_contacts {
        if !users.contains(&email::duplicate_key(address)) {
            errors.push(
                FieldError::new(
                    Field::AlertContacts.as_str(),
                    ErrorCode::AlertContactNotUser,
                )
                .with_value(address),
            );
        }
    }
    let technical_emergency = validate_list(
        Field::TechnicalEmergency,
        &info.technical_emergency,
        true,
        &mut errors,
    );
    let technical_non_emergency = validate_list(
        Field::TechnicalNonEmergency,
        &info.technical_non_emergency,
        true,
        &mut errors,
    );
    let merchant_issues = if ctx.uses_merchant_contact {
        validate_list(
            Field::MerchantIssues,
            &info.merchant_issues,
            true,
            &mut errors,
        )
    } else {
        Vec::new()
    };
    let operational_google = validate_list(
        Field::OperationalGoogle,
        &info.operational_google,
        true,
        &mut errors,
    );
    let operational_public = validate_list(
        Field::OperationalPublic,
        &info.operational_public,
        true,
        &mut errors,
    );
    if operational_public.len() > 1 {
        errors.push(FieldError::new(
            Field::OperationalPublic.as_str(),
            ErrorCode::ExactlyOne,
        ));
    }
    let support_hours =
        hours::validate_hours(&info.support_hours, ctx.is_known_time_zone, &mut errors);
    if errors.is_empty() {
        Ok(ContactInfo {
            alert_contacts,
            technical_emergency,
            technical_non_emergency,
            merchant_issues,
            operational_google,
            operational_public,
            support_hours,
        })
    } else {
        Err(errors)
    }
}

/// Whether the account may save in `environment`: Production only once it is enabled for
/// the account (otherwise a save there would set alert contacts nobody can see).
pub fn check_environment(
    environment: Environment,
    production_enabled: bool,
) -> Result<(), FieldError> {
    if environment == Environment::Production && !production_enabled {
        Err(FieldError::new(
            ENVIRONMENT_FIELD,
            ErrorCode::ProductionNotEnabled,
        ))
    } else {
        Ok(())
    }
}

/// The required fields still empty for one environment. Saved data has been validated,
/// so emptiness is the only thing left to check here.
pub fn missing_fields(
    info: &ContactInfo,
    environment: Environment,
    uses_merchant_contact: bool,
) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|field| match field {
            Field::AlertContacts => {
                environment == Environment::Production && info.alert_contacts.is_empty()
            }
            Field::TechnicalEmergency => info.technical_emergency.is_empty(),
            Field::TechnicalNonEmergency => info.technical_non_emergency.is_empty(),
            Field::MerchantIssues => uses_merchant_contact && info.merchant_issues.is_empty(),
            Field::OperationalGoogle => info.operational_google.is_empty(),
            Field::OperationalPublic => info.operational_public.is_empty(),
            Field::SupportHours => {
                !info.support_hours.always_open && info.support_hours.rows.is_empty()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn users() -> Vec<String> {
        vec!["admin@demo.example".into(), "Editor@Demo.example".into()]
    }

    fn known_zone(zone: &str) -> bool {
        ["Europe/Berlin", "Europe/Rome", "America/New_York", "UTC"].contains(&zone)
    }

    fn ctx(users: &[String], environment: Environment) -> ValidationContext<'_> {
        ValidationContext {
            environment,
            uses_merchant_contact: false,
            user_emails: users,
            is_known_time_zone: &known_zone,
        }
    }

    fn complete() -> ContactInfo {
        ContactInfo {
            alert_contacts: vec!["admin@demo.example".into()],
            technical_emergency: vec!["oncall@partner.example".into()],
            technical_non_emergency: vec!["dev@partner.example".into()],
            merchant_issues: vec![],
            operational_google: vec!["ops@partner.example".into()],
            operational_public: vec!["support@partner.example".into()],
            support_hours: SupportHours {
                always_open: true,
                rows: vec![],
            },
        }
    }

    fn codes(result: Result<ContactInfo, Vec<FieldError>>) -> Vec<(String, ErrorCode)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_form_is_valid_and_complete_everywhere() {
        let users = users();
        let saved = validate(&complete(), &ctx(&users, Environment::Production)).unwrap();
        assert!(missing_fields(&saved, Environment::Production, false).is_empty());
        assert!(missing_fields(&saved, Environment::Sandbox, false).is_empty());
    }

    #[test]
    fn alert_contacts_are_required_only_in_production() {
        let users = users();
        let info = ContactInfo {
            alert_contacts: vec![],
            ..complete()
        };
        assert!(validate(&info, &ctx(&users, Environment::Sandbox)).is_ok());
        assert_eq!(
            codes(validate(&info, &ctx(&users, Environment::Production))),
            vec![("alert_contacts".into(), ErrorCode::Required)]
        );
        assert_eq!(missing_fields(&info, Environment::Sandbox, false), vec![]);
        assert_eq!(
            missing_fields(&info, Environment::Production, false),
            vec![Field::AlertContacts]
        );
    }

    #[test]
    fn alert_contacts_must_be_users_case_insensitively() {
        let users = users();
        let info = ContactInfo {
            alert_contacts: vec!["editor@demo.EXAMPLE".into(), "stranger@demo.example".into()],
            ..complete()
        };
        let errors = validate(&info, &ctx(&users, Environment::Production)).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("alert_contacts", ErrorCode::AlertContactNotUser)
                    .with_value("stranger@demo.example")
            ]
        );
    }

    #[test]
    fn merchant_contact_is_required_only_where_the_integration_uses_it() {
        let users = users();
        let mut context = ctx(&users, Environment::Sandbox);
        assert!(validate(&complete(), &context).is_ok());
        assert_eq!(
            missing_fields(&complete(), Environment::Sandbox, true),
            vec![Field::MerchantIssues]
        );
        context.uses_merchant_contact = true;
        assert_eq!(
            codes(validate(&complete(), &context)),
            vec![("merchant_issues".into(), ErrorCode::Required)]
        );
    }

    #[test]
    fn lists_reject_duplicates_naming_them_and_more_than_ten() {
        let users = users();
        let info = ContactInfo {
            technical_emergency: vec!["a@x.example".into(), " A@X.EXAMPLE ".into(), "bad".into()],
            technical_non_emergency: (0..11).map(|i| format!("dev{i}@x.example")).collect(),
            ..complete()
        };
        let errors = validate(&info, &ctx(&users, Environment::Sandbox)).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("technical_emergency", ErrorCode::EmailDuplicate)
                    .with_value("A@x.example"),
                FieldError::new("technical_emergency", ErrorCode::EmailInvalid).with_value("bad"),
                FieldError::new("technical_non_emergency", ErrorCode::ListTooLong),
            ]
        );
    }

    #[test]
    fn the_public_contact_is_exactly_one_address() {
        let users = users();
        let info = ContactInfo {
            operational_public: vec!["a@x.example".into(), "b@x.example".into()],
            ..complete()
        };
        assert_eq!(
            codes(validate(&info, &ctx(&users, Environment::Sandbox))),
            vec![("operational_public".into(), ErrorCode::ExactlyOne)]
        );
    }

    #[test]
    fn hours_are_checked_as_part_of_the_save() {
        let users = users();
        let info = ContactInfo {
            support_hours: SupportHours::default(),
            ..complete()
        };
        assert_eq!(
            codes(validate(&info, &ctx(&users, Environment::Sandbox))),
            vec![("support_hours".into(), ErrorCode::HoursRowsRequired)]
        );
        assert_eq!(
            missing_fields(&info, Environment::Sandbox, false),
            vec![Field::SupportHours]
        );
    }

    #[test]
    fn production_saves_need_production_enabled() {
        assert_eq!(check_environment(Environment::Sandbox, false), Ok(()));
        assert_eq!(check_environment(Environment::Sandbox, true), Ok(()));
        assert_eq!(check_environment(Environment::Production, true), Ok(()));
        assert_eq!(
            check_environment(Environment::Production, false),
            Err(FieldError::new(
                "environment",
                ErrorCode::ProductionNotEnabled
            ))
        );
    }

    #[test]
    fn lists_are_reached_by_field() {
        let mut info = complete();
        for field in Field::ALL {
            let expected = info.list(field).to_vec();
            match info.list_mut(field) {
                Some(list) => assert_eq!(*list, expected, "{field}"),
                None => assert_eq!(field, Field::SupportHours),
            }
        }
        if let Some(list) = info.list_mut(Field::OperationalGoogle) {
            list.push("night@partner.example".into());
        }
        assert_eq!(
            info.operational_google,
            vec!["ops@partner.example", "night@partner.example"]
        );
        assert!(info.list(Field::SupportHours).is_empty());
    }

    proptest! {
        /// Validation is idempotent: a normalized save validates to itself.
        #[test]
        fn validation_is_idempotent(rows in proptest::collection::vec(hours::tests::arb_row(), 0..4), extra in "[a-z]{1,8}@[a-z]{1,8}\\.example") {
            let users = users();
            let info = ContactInfo {
                technical_emergency: vec![format!("  {extra}  ")],
                support_hours: SupportHours { always_open: false, rows },
                ..complete()
            };
            if let Ok(saved) = validate(&info, &ctx(&users, Environment::Production)) {
                prop_assert_eq!(validate(&saved, &ctx(&users, Environment::Production)).unwrap(), saved.clone());
                prop_assert!(missing_fields(&saved, Environment::Production, false).is_empty());
            }
        }
    }
}
