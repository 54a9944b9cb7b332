//! The designer's choices, as they travel in the URL's query (`pv-…` parameters), so a link
//! reproduces a state:
//!
//! | parameter | values | meaning |
//! |---|---|---|
//! | `pv-account` | a partner id, e.g. `demo-1001` | the account of `pv-user` |
//! | `pv-user` | an e-mail address, or `none` | who is signed in (`none`: nobody) |
//! | `pv-lang` | `de`, `it`, `en` | the UI language |
//! | `pv-env` | `sandbox`, `production` | the environment of the signed-in user |
//! | `pv-force` | `none`, `slow`, `stall`, `network`, `500`, `412`, `429`, `422`, `409` | the answer to force |
//! | `pv-for` | `next`, `writes`, `all` | which requests get it |
//! | `pv-field`, `pv-code` | a field path; a field error code | what a forced 422 refuses |
//! | `pv-scenario` | a gallery state's id | steps run after the app starts |
//! | `pv-store` | `ephemeral` | in-memory data from the fixtures; nothing stored (gallery tiles) |

use crate::i18n::Locale;
use portal_preview::force::{ForceKind, ForceScope, Forcing};
use portal_rules::ErrorCode;
use portal_rules::model::Environment;
use std::fmt::Write as _;

pub const PREFIX: &str = "pv-";

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UserChoice {
    /// Not said: whoever the stored session is.
    #[default]
    Unset,
    SignedOut,
    /// This address in the account `pv-account` (an address may be in several).
    User(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub account: Option<String>,
    pub user: UserChoice,
    pub lang: Option<Locale>,
    pub env: Option<Environment>,
    pub forcing: Forcing,
    pub scenario: Option<String>,
    pub ephemeral: bool,
}

/// `%XX` and `+` decoded (what `URLSearchParams` does).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' if index + 2 < bytes.len()
                && bytes[index + 1].is_ascii_hexdigit()
                && bytes[index + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("00");
                decoded.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                index += 2;
            }
            byte => decoded.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Percent-encodes all but unreserved characters and `@` (readable addresses).
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~@".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// The pairs of a query string (with or without its `?`).
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

impl Settings {
    pub fn from_query(query: &str) -> Self {
        let mut settings = Self::default();
        for (name, value) in pairs(query) {
            let Some(name) = name.strip_prefix(PREFIX) else {
                continue;
            };
            match name {
                "account" => settings.account = Some(value).filter(|v| !v.is_empty()),
                "user" => {
                    settings.user = match value.as_str() {
                        "" => UserChoice::Unset,
                        "none" => UserChoice::SignedOut,
                        _ => UserChoice::User(value),
                    };
                }
                "lang" => settings.lang = Locale::from_code(&value),
                "env" => settings.env = Environment::parse(&value),
                "force" => settings.forcing.kind = ForceKind::parse(&value).unwrap_or_default(),
                "for" => settings.forcing.scope = ForceScope::parse(&value).unwrap_or_default(),
                "field" => settings.forcing.field = value,
                "code" => {
                    settings.forcing.code =
                        serde_json::from_value(serde_json::Value::String(value))
                            .ok()
                            .filter(|code| *code != ErrorCode::Unknown);
                }
                "scenario" => settings.scenario = Some(value).filter(|v| !v.is_empty()),
                "store" => settings.ephemeral = value == "ephemeral",
                _ => {}
            }
        }
        if settings.forcing.kind != ForceKind::Invalid {
            settings.forcing.field.clear();
            settings.forcing.code = None;
        }
        settings
    }

    /// The `pv-…` pairs that say these settings (defaults left out).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut push = |name: &str, value: &str| {
            pairs.push((format!("{PREFIX}{name}"), value.to_owned()));
        };
        if let Some(account) = &self.account {
            push("account", account);
        }
        match &self.user {
            UserChoice::Unset => {}
            UserChoice::SignedOut => push("user", "none"),
            UserChoice::User(email) => push("user", email),
        }
        if let Some(lang) = self.lang {
            push("lang", lang.code());
        }
        if let Some(env) = self.env {
            push("env", env.as_str());
        }
        if self.forcing.is_active() {
            push("force", self.forcing.kind.as_str());
            push("for", self.forcing.scope.as_str());
            if self.forcing.kind == ForceKind::Invalid {
                push("field", &self.forcing.field);
                if let Some(code) = self.forcing.code {
                    push("code", code.as_str());
                }
            }
        }
        if let Some(scenario) = &self.scenario {
            push("scenario", scenario);
        }
        if self.ephemeral {
            push("store", "ephemeral");
        }
        pairs
    }

    /// `query` with its `pv-…` parameters replaced by these settings (others kept), with
    /// its `?`, or empty.
    pub fn merged_into(&self, query: &str) -> String {
        let kept = pairs(query)
            .into_iter()
            .filter(|(name, _)| !name.starts_with(PREFIX));
        let all: Vec<String> = kept
            .chain(self.to_pairs())
            .map(|(name, value)| format!("{}={}", encode(&name), encode(&value)))
            .collect();
        if all.is_empty() {
            String::new()
        } else {
            format!("?{}", all.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_query() {
        let settings = Settings {
            account: Some("demo-1001".into()),
            user: UserChoice::User("admin@demo.example".into()),
            lang: Some(Locale::It),
            env: Some(Environment::Production),
            forcing: Forcing::invalid(
                "technical_emergency",
                ErrorCode::EmailDuplicate,
                ForceScope::Next,
            ),
            scenario: None,
            ephemeral: false,
        };
        let query = settings.merged_into("?page=2&pv-lang=de");
        assert_eq!(
            query,
            "?page=2&pv-account=demo-1001&pv-user=admin@demo.example&pv-lang=it&pv-env=production\
             &pv-force=422&pv-for=next&pv-field=technical_emergency&pv-code=email-duplicate"
        );
        assert_eq!(Settings::from_query(&query), settings);
    }

    #[test]
    fn unknown_or_missing_values_fall_back_to_defaults() {
        let settings = Settings::from_query(
            "pv-user=none&pv-lang=fr&pv-env=moon&pv-force=teapot&pv-code=nope&pv-field=x&other",
        );
        assert_eq!(settings.user, UserChoice::SignedOut);
        assert_eq!(settings.lang, None);
        assert_eq!(settings.env, None);
        assert_eq!(settings.forcing, Forcing::none());
        assert_eq!(Settings::default().merged_into(""), "");
        assert_eq!(
            Settings::from_query("pv-user=a%2Bb%40x.example&pv-store=ephemeral"),
            Settings {
                user: UserChoice::User("a+b@x.example".into()),
                ephemeral: true,
                ..Settings::default()
            }
        );
    }
}
