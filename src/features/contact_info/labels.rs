//! The required markers after the fields' labels, in the help pages' words ("(erforderlich)",
//! "(für einige Integrationen erforderlich)", "(obbligatori)", …), and whether a field is
//! required in an environment, which the shared rules decide.

use crate::i18n::{MsgId, msg, use_i18n};
use leptos::prelude::*;
use portal_rules::contact::{self, ContactInfo, Field};
use portal_rules::model::Environment;

/// The marker after `field`'s label in `environment`. Alert contacts are required only in
/// Production, so in Sandbox their marker says so.
pub const fn required_marker_id(field: Field, environment: Environment) -> MsgId {
    match (field, environment) {
        (Field::AlertContacts, Environment::Production) => msg::FIELD_ALERT_CONTACTS_REQUIRED,
        (Field::AlertContacts, Environment::Sandbox) => msg::FIELD_ALERT_CONTACTS_REQUIRED_SANDBOX,
        (Field::TechnicalEmergency, _) => msg::FIELD_TECHNICAL_EMERGENCY_REQUIRED,
        (Field::TechnicalNonEmergency, _) => msg::FIELD_TECHNICAL_NON_EMERGENCY_REQUIRED,
        (Field::MerchantIssues, _) => msg::FIELD_MERCHANT_ISSUES_REQUIRED,
        (Field::OperationalGoogle, _) => msg::FIELD_OPERATIONAL_GOOGLE_REQUIRED,
        (Field::OperationalPublic, _) => msg::FIELD_OPERATIONAL_PUBLIC_REQUIRED,
        (Field::SupportHours, _) => msg::FIELD_SUPPORT_HOURS_REQUIRED,
    }
}

/// Whether `field` must be filled in `environment` (for an account that shows it): exactly
/// when the rules count it as missing from empty contact information.
pub fn is_required(field: Field, environment: Environment) -> bool {
    contact::missing_fields(&ContactInfo::default(), environment, true).contains(&field)
}

/// The marker after a label or legend; `id` follows the environment.
#[component]
pub fn RequiredMarker(#[prop(into)] id: Signal<MsgId>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="required-marker">{move || i18n.t(id.get())}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_contacts_are_required_only_in_production_everything_else_always() {
        for field in Field::ALL {
            assert!(
                is_required(field, Environment::Production),
                "{field} in Production"
            );
            assert_eq!(
                is_required(field, Environment::Sandbox),
                field != Field::AlertContacts,
                "{field} in Sandbox"
            );
        }
    }
}
