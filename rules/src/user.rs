//! Users of a partner account: the invitation rule, and the rule that an account always
//! keeps an administrator who can act for it.

use crate::api::NewUser;
use crate::model::{Role, User, UserStatus};
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

/// An administrator who has signed in. An invited administrator who never did may never do
/// so (a mistyped address), and then nobody could manage the account: they do not count.
pub fn is_active_administrator(user: &User) -> bool {
    user.role == Role::Administrator && user.status == UserStatus::Active
}

/// The last-administrator rule: the administrator role may be taken from `target`, by a
/// role change or a removal and whoever asks (an administrator stepping down or leaving
/// the account included), only while another active administrator remains.
/// `active_administrators` counts the account's active administrators now, `target`
/// included if it is one. Refused with [`ErrorCode::LastAdministrator`].
pub fn check_keeps_an_administrator(
    target: &User,
    active_administrators: usize,
) -> Result<(), ErrorCode> {
    if is_active_administrator(target) && active_administrators <= 1 {
        Err(ErrorCode::LastAdministrator)
    } else {
        Ok(())
    }
}

/// Whether `me` may step down or leave the account, by the rule above over its `users`.
pub fn may_give_up_administration(me: &User, users: &[User]) -> bool {
    let active_administrators = users
        .iter()
        .filter(|user| is_active_administrator(user))
        .count();
    check_keeps_an_administrator(me, active_administrators).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, role: Role, status: UserStatus) -> User {
        User {
            id,
            name: format!("User {id}"),
            email: format!("user{id}@partner.example"),
            role,
            status,
            last_sign_in_at: None,
            version: 1,
        }
    }

    #[test]
    fn an_administrator_may_go_only_while_another_active_one_remains() {
        let me = user(1, Role::Administrator, UserStatus::Active);
        let editor = user(2, Role::Editor, UserStatus::Active);
        let invited_admin = user(3, Role::Administrator, UserStatus::Invited);
        let other_admin = user(4, Role::Administrator, UserStatus::Active);
        assert_eq!(
            check_keeps_an_administrator(&me, 1),
            Err(ErrorCode::LastAdministrator)
        );
        assert_eq!(check_keeps_an_administrator(&me, 2), Ok(()));
        // Invited administrators and other roles never keep the account managed alone.
        assert!(!may_give_up_administration(
            &me,
            &[me.clone(), editor.clone(), invited_admin.clone()]
        ));
        assert!(may_give_up_administration(
            &me,
            &[
                me.clone(),
                editor.clone(),
                invited_admin.clone(),
                other_admin
            ]
        ));
        // Taking the role from someone who cannot act anyway is never refused.
        assert_eq!(check_keeps_an_administrator(&invited_admin, 0), Ok(()));
        assert_eq!(check_keeps_an_administrator(&editor, 1), Ok(()));
        // A count that cannot be (no administrator at all) refuses rather than allows.
        assert_eq!(
            check_keeps_an_administrator(&me, 0),
            Err(ErrorCode::LastAdministrator)
        );
    }

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
