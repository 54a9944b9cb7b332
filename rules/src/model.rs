//! Domain types shared by the SPA and the server.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Editor,
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Administrator, Role::Editor, Role::ReadOnly];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Editor => "editor",
            Role::ReadOnly => "read_only",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub const fn can_edit_contact_info(self) -> bool {
        matches!(self, Role::Administrator | Role::Editor)
    }

    pub const fn can_manage_users(self) -> bool {
        matches!(self, Role::Administrator)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    #[default]
    Sandbox,
    Production,
}

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Sandbox, Environment::Production];

    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Production => "production",
        }
    }

    pub fn parse(value: &str) -> Option<Environment> {
        Environment::ALL
            .into_iter()
            .find(|env| env.as_str() == value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationType {
    ThingsToDo,
    HealthcareAppointments,
    Appointments,
    Reservations,
    Ordering,
    LocalServices,
}

impl IntegrationType {
    pub const ALL: [IntegrationType; 6] = [
        IntegrationType::ThingsToDo,
        IntegrationType::HealthcareAppointments,
        IntegrationType::Appointments,
        IntegrationType::Reservations,
        IntegrationType::Ordering,
        IntegrationType::LocalServices,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            IntegrationType::ThingsToDo => "things_to_do",
            IntegrationType::HealthcareAppointments => "healthcare_appointments",
            IntegrationType::Appointments => "appointments",
            IntegrationType::Reservations => "reservations",
            IntegrationType::Ordering => "ordering",
            IntegrationType::LocalServices => "local_services",
        }
    }

    pub fn parse(value: &str) -> Option<IntegrationType> {
        IntegrationType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Invited,
    Active,
}

/// A Partner Portal user of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Account {
    pub id: i64,
    pub partner_id: String,
    pub name: String,
    pub integration: IntegrationType,
    pub production_enabled: bool,
    pub uses_merchant_contact: bool,
}
