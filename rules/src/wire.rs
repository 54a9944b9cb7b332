//! `wire_enum!`: one definition for every enum that crosses the wire or is stored as text.
//! It emits the serde names, `ALL`, `as_str`, `parse`, `FromStr` and `Display`, so the
//! JSON name, the database column and the Fluent id builder can never disagree.

/// The error `FromStr` returns for a string that names no variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    pub type_name: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.type_name, self.value)
    }
}

impl std::error::Error for UnknownVariant {}

/// Declares a fieldless enum whose variants map one to one onto wire strings:
///
/// ```
/// portal_rules::wire_enum! {
///     /// Doc comments and extra derives pass through.
///     #[derive(Default)]
///     pub enum Colour {
///         #[default]
///         Red => "red",
///         DarkBlue => "dark_blue",
///     }
/// }
/// assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
/// assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
/// assert_eq!(Colour::parse("green"), None);
/// assert_eq!(Colour::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident => $wire:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize)]
        $vis enum $name {
            $($(#[$variant_meta])* #[serde(rename = $wire)] $variant,)+
        }

        // Read as a string and looked up with `parse`: serde's derive would add an enum
        // visitor per type, which the SPA's wasm pays for every wire enum.
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                $name::parse(&value).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::unknown_variant(&value, &[$($wire),+])
                })
            }
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; <[&str]>::len(&[$($wire),+])] = [$($name::$variant),+];

            /// The wire (and storage) name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// The variant with this wire name.
            pub fn parse(value: &str) -> Option<$name> {
                match value {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        $crate::wire_enum_schema!($name, [$($wire),+]);

        impl ::std::str::FromStr for $name {
            type Err = $crate::wire::UnknownVariant;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $name::parse(value).ok_or_else(|| $crate::wire::UnknownVariant {
                    type_name: stringify!($name),
                    value: value.to_owned(),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// With the `openapi` feature: the OpenAPI schema of a wire enum, a string enum of its wire
/// names (written out here: utoipa's derive cannot read serde renames that a macro passes
/// on).
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! wire_enum_schema {
    ($name:ident, [$($wire:literal),+]) => {
        impl $crate::__utoipa::PartialSchema for $name {
            fn schema() -> $crate::__utoipa::openapi::RefOr<$crate::__utoipa::openapi::schema::Schema> {
                $crate::__utoipa::openapi::ObjectBuilder::new()
                    .schema_type($crate::__utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($wire),+]))
                    .into()
            }
        }

        impl $crate::__utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

/// Without the `openapi` feature (the SPA): nothing.
#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! wire_enum_schema {
    ($($anything:tt)*) => {};
}

#[cfg(test)]
mod tests {
    use crate::contact::{Field, RowPart, Weekday};
    use crate::history::ChangeKind;
    use crate::model::{Environment, IntegrationType, Role, UserStatus};
    use crate::support::{CaseStatus, SupportCategory};
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;
    use std::str::FromStr;

    /// `as_str` is serde's name, `parse`/`FromStr` invert it, and names are unique.
    fn check<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy + PartialEq + Debug + Serialize + DeserializeOwned + FromStr,
        <T as FromStr>::Err: Debug,
    {
        let mut seen = std::collections::HashSet::new();
        for &value in all {
            let name = as_str(value);
            assert!(seen.insert(name), "duplicate wire name {name}");
            assert_eq!(serde_json::to_value(value).unwrap(), name);
            assert_eq!(serde_json::from_value::<T>(name.into()).unwrap(), value);
            assert_eq!(name.parse::<T>().unwrap(), value);
        }
        assert!("no such variant".parse::<T>().is_err());
        assert!(serde_json::from_value::<T>("no such variant".into()).is_err());
        assert!(serde_json::from_value::<T>(serde_json::json!(0)).is_err());
    }

    #[test]
    fn every_wire_enum_round_trips() {
        check(&Role::ALL, Role::as_str);
        check(&Environment::ALL, Environment::as_str);
        check(&IntegrationType::ALL, IntegrationType::as_str);
        check(&UserStatus::ALL, UserStatus::as_str);
        check(&SupportCategory::ALL, SupportCategory::as_str);
        check(&CaseStatus::ALL, CaseStatus::as_str);
        check(&Field::ALL, Field::as_str);
        check(&Weekday::ALL, Weekday::as_str);
        check(&RowPart::ALL, RowPart::as_str);
        check(&ChangeKind::ALL, ChangeKind::as_str);
    }

    #[test]
    fn unknown_names_say_what_they_are() {
        let error = "owner".parse::<Role>().unwrap_err();
        assert_eq!(error.to_string(), "unknown Role \"owner\"");
        // JSON says it as serde's derive did.
        let error = serde_json::from_str::<Role>("\"owner\"").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown variant `owner`, expected one of `administrator`, `editor`, `read_only`"
        );
    }
}
