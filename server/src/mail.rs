//! Outgoing mail: the messages in the recipient's language, and sending them. The embedded
//! default sends by writing to the outbox (shown at /api/dev/outbox in dev mode) and to
//! the log, in the caller's transaction, so a mail goes out only if its change commits.

use crate::store::outbox::{self, Mail};
use crate::store::{self, Tx};
use portal_rules::support::SupportCase;

pub fn send(tx: &Tx<'_>, mail: &Mail) -> store::Result<()> {
    outbox::push(tx, mail)?;
    tracing::info!(
        to = %mail.to,
        subject = %mail.subject,
        link = mail.link.as_deref().unwrap_or(""),
        "mail written to the outbox"
    );
    Ok(())
}

/// The language of a BCP 47 tag such as `de-CH` (lower-cased primary subtag).
fn language(locale: Option<&str>) -> String {
    locale
        .and_then(|tag| tag.trim().split(['-', '_']).next())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The sign-in mail in the requester's language (English unless German or Italian).
pub fn sign_in_link(to: &str, name: &str, link: &str, locale: Option<&str>) -> Mail {
    let (subject, body) = match language(locale).as_str() {
        "de" => (
            "Anmeldung im Partner-Portal",
            format!(
                "Hallo {name},\n\nmelden Sie sich mit diesem Link im Partner-Portal an. Er ist 15 Minuten \
                 gültig und kann einmal verwendet werden:\n\n{link}\n\nWenn Sie diese Anmeldung nicht \
                 angefordert haben, ignorieren Sie diese E-Mail."
            ),
        ),
        "it" => (
            "Accesso al Portale partner",
            format!(
                "Ciao {name},\n\naccedi al Portale partner con questo link. È valido per 15 minuti e può \
                 essere usato una sola volta:\n\n{link}\n\nSe non hai richiesto l'accesso, ignora questa \
                 email."
            ),
        ),
        _ => (
            "Sign in to the Partner Portal",
            format!(
                "Hello {name},\n\nsign in to the Partner Portal with this link. It is valid for 15 minutes \
                 and can be used once:\n\n{link}\n\nIf you did not ask to sign in, ignore this e-mail."
            ),
        ),
    };
    Mail {
        to: to.to_owned(),
        subject: subject.to_owned(),
        body,
        link: Some(link.to_owned()),
    }
}

/// The invitation from `inviter` to `account`, in `locale`'s language (English unless
/// German or Italian); the link is valid for 7 days.
pub fn invitation(
    to: &str,
    name: &str,
    inviter: &str,
    account: &str,
    link: &str,
    locale: Option<&str>,
) -> Mail {
    let (subject, body) = match language(locale).as_str() {
        "de" => (
            format!("Einladung zum Partner-Portal: {account}"),
            format!(
                "Hallo {name},\n\n{inviter} hat Ihnen Zugriff auf das Partner-Portal für {account} gewährt. \
                 Melden Sie sich mit diesem Link an (7 Tage gültig):\n\n{link}"
            ),
        ),
        "it" => (
            format!("Invito al Portale partner: {account}"),
            format!(
                "Ciao {name},\n\n{inviter} ti ha concesso l'accesso al Portale partner per {account}. Accedi \
                 con questo link (valido per 7 giorni):\n\n{link}"
            ),
        ),
        _ => (
            format!("Invitation to the Partner Portal: {account}"),
            format!(
                "Hello {name},\n\n{inviter} gave you access to the Partner Portal for {account}. Sign in with \
                 this link (valid for 7 days):\n\n{link}"
            ),
        ),
    };
    Mail {
        to: to.to_owned(),
        subject,
        body,
        link: Some(link.to_owned()),
    }
}

/// The acknowledgement of a new support case, to its reply-to address in all three
/// languages (the case does not record the requester's language).
pub fn case_acknowledgement(case: &SupportCase) -> Mail {
    Mail {
        to: case.reply_to.clone(),
        subject: format!("[{}] {}", case.reference, case.subject),
        body: format!(
            "We received your support case {} and will reply to this address.\n\
             Wir haben Ihren Supportfall {} erhalten und antworten an diese Adresse.\n\
             Abbiamo ricevuto la tua richiesta di assistenza {} e risponderemo a questo indirizzo.\n\n{}\n\n{}",
            case.reference, case.reference, case.reference, case.subject, case.description
        ),
        link: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_follows_the_language_of_the_locale() {
        let subject = |locale| sign_in_link("a@b.example", "A", "http://x", locale).subject;
        assert_eq!(subject(Some("de-CH")), "Anmeldung im Partner-Portal");
        assert_eq!(subject(Some("IT")), "Accesso al Portale partner");
        assert_eq!(subject(Some("fr")), "Sign in to the Partner Portal");
        assert_eq!(subject(None), "Sign in to the Partner Portal");
        let invitation = |locale| invitation("a@b.example", "A", "B", "Acme", "http://x", locale);
        assert_eq!(
            invitation(Some("it-CH")).subject,
            "Invito al Portale partner: Acme"
        );
        assert!(invitation(Some("de")).body.contains("B hat Ihnen Zugriff"));
        assert_eq!(
            invitation(None).subject,
            "Invitation to the Partner Portal: Acme"
        );
    }
}
