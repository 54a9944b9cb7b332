//! Domain types shared by the SPA and the server.

use serde::{Deserialize, Serialize};

crate::wire_enum! {
    pub enum Role {
        Administrator => "administrator",
        Editor => "editor",
        ReadOnly => "read_only",
    }
}

impl Role {
    pub const fn can_edit_contact_info(self) -> bool {
        matches!(self, Role::Administrator | Role::Editor)
    }

    pub const fn can_manage_users(self) -> bool {
        matches!(self, Role::Administrator)
    }
}

crate::wire_enum! {
    #[derive(Default)]
    pub enum Environment {
        #[default]
        Sandbox => "sandbox",
        Production => "production",
    }
}

crate::wire_enum! {
    pub enum IntegrationType {
        ThingsToDo => "things_to_do",
        HealthcareAppointments => "healthcare_appointments",
        Appointments => "appointments",
        Reservations => "reservations",
        Ordering => "ordering",
        LocalServices => "local_services",
    }
}

crate::wire_enum! {
    pub enum UserStatus {
        Invited => "invited",
        Active => "active",
    }
}

/// A Partner Portal user of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    /// RFC 3339 timestamp of the last sign-in, if any.
    pub last_sign_in_at: Option<String>,
    /// Version for optimistic concurrency on role changes (`If-Match`).
    #[serde(default)]
    pub version: i64,
}

/// The partner account as the SPA sees it. `uses_merchant_contact` comes from the
/// server's integration table; the SPA never derives it from the integration type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: i64,
    pub partner_id: String,
    pub name: String,
    pub integration: IntegrationType,
    pub production_enabled: bool,
    pub uses_merchant_contact: bool,
}
