//! Users of a partner account: the invitation rule.

use crate::api::NewUser;
use crate::text::{self, Lines};
use crate::{ErrorCode, FieldError, email};

/// Field paths of an invitation's [`FieldError`]s; the SPA's form uses the same names.
pub mod field {
    pub const NAME: &str = "name";
    pub const EMAIL: &str = "email";
    /// Every role is valid; named so an error about it still finds its control.
    pub const ROLE: &str = "role";
}

pub const MAX_USER_NAME_CHARS: usize = 100;

/// Validates an invitation; on success returns it trimmed, with a normalized address.
pub fn validate_new_user(user: &NewUser) -> Result<NewUser, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = text::check(
        field::NAME,
        &user.name,
        MAX_USER_NAME_CHARS,
        Lines::Single,
        &mut errors,
    );
    let email = if user.email.trim().is_empty() {
        errors.push(FieldError::new(field::EMAIL, ErrorCode::Required));
        String::new()
    } else {
        email::normalize(&user.email).unwrap_or_else(|code| {
            errors.push(FieldError::new(field::EMAIL, code).with_value(user.email.trim()));
            String::new()
        })
    };
    if errors.is_empty() {
        Ok(NewUser {
            name,
            email,
            role: user.role,
            locale: user.locale.clone(),
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    #[test]
    fn invitations_are_validated_and_normalized() {
        let valid = validate_new_user(&NewUser {
            name: " Emma ".into(),
            email: " Emma@Partner.EXAMPLE ".into(),
            role: Role::Editor,
            locale: None,
        })
        .unwrap();
        assert_eq!(
            (valid.name.as_str(), valid.email.as_str()),
            ("Emma", "Emma@partner.example")
        );
        let errors = validate_new_user(&NewUser {
            name: "x".repeat(101),
            email: "nope".into(),
            role: Role::Editor,
            locale: None,
        })
        .unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("name", ErrorCode::TextTooLong),
                ("email", ErrorCode::EmailInvalid)
            ]
        );
        let errors = validate_new_user(&NewUser {
            name: " ".into(),
            email: String::new(),
            role: Role::Editor,
            locale: None,
        })
        .unwrap_err();
        assert!(errors.iter().all(|e| e.code == ErrorCode::Required));
        let errors = validate_new_user(&NewUser {
            name: "Emma\u{202E}nimdA".into(),
            email: "emma@partner.example".into(),
            role: Role::Editor,
            locale: None,
        })
        .unwrap_err();
        assert_eq!(
            (
                errors[0].field.as_str(),
                errors[0].code,
                errors[0].value.as_deref()
            ),
            ("name", ErrorCode::TextInvalidCharacter, Some("U+202E"))
        );
    }
}
