//! Outgoing mail: the messages in the recipient's language, queued in the caller's
//! transaction (so a mail goes out exactly when its change commits), and the transports the
//! worker hands them to: SMTP, or the local outbox of the embedded default (`--dev`).
//! Nothing here logs a recipient above DEBUG, nor ever a link, a token or a body.

use crate::config::Config;
use crate::store::mail_queue::{self, NewMail, QueuedMail};
use crate::store::{self, Tx};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use portal_rules::support::SupportCase;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long one SMTP read or write may take...
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// ...and one whole conversation (connect, TLS, authentication, the message): a relay that
/// answers slowly but within [`SMTP_TIMEOUT`] at each step cannot hold a mail for longer.
/// The worker's lease on a mail outlasts this.
pub const SEND_DEADLINE: Duration = Duration::from_mins(1);
/// A sign-in link mail is useless once its link expired.
pub const SIGN_IN_LINK_MAIL_LIFETIME_SECS: i64 = 15 * 60;
/// Other mail is retried for a day at most.
pub const MAIL_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// The languages mail is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    De,
    It,
    En,
}

impl Language {
    /// The language of a BCP 47 tag such as `de-CH` (English unless German or Italian).
    pub fn from_locale(locale: Option<&str>) -> Self {
        let primary = locale
            .and_then(|tag| tag.trim().split(['-', '_']).next())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Self::De,
            "it" => Self::It,
            _ => Self::En,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::It => "it",
            Self::En => "en",
        }
    }
}

/// A message, before it is queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub kind: &'static str,
    pub to: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
}

/// Queues `mail` in the caller's transaction; the worker sends it after the commit.
/// Returns the queued mail's id.
pub fn queue(tx: &Tx<'_>, mail: Mail, give_up_after_secs: i64) -> store::Result<i64> {
    let id = mail_queue::push(
        tx,
        &NewMail {
            kind: mail.kind,
            to: mail.to,
            language: mail.language.as_str(),
            subject: mail.subject,
            body: mail.body,
            link: mail.link,
            give_up_after_secs,
        },
    )?;
    tracing::debug!(mail = id, kind = mail.kind, "mail queued");
    Ok(id)
}

/// The sign-in mail in the requester's language.
pub fn sign_in_link(to: &str, name: &str, link: &str, language: Language) -> Mail {
    let (subject, body) = match language {
        Language::De => (
            "Anmeldung im Partner-Portal",
            format!(
                "Hallo {name},\n\nmelden Sie sich mit diesem Link im Partner-Portal an. Er ist 15 Minuten \
                 gültig und kann einmal verwendet werden:\n\n{link}\n\nWenn Sie diese Anmeldung nicht \
                 angefordert haben, ignorieren Sie diese E-Mail."
            ),
        ),
        Language::It => (
            "Accesso al Portale partner",
            format!(
                "Ciao {name},\n\naccedi al Portale partner con questo link. È valido per 15 minuti e può \
                 essere usato una sola volta:\n\n{link}\n\nSe non hai richiesto l'accesso, ignora questa \
                 email."
            ),
        ),
        Language::En => (
            "Sign in to the Partner Portal",
            format!(
                "Hello {name},\n\nsign in to the Partner Portal with this link. It is valid for 15 minutes \
                 and can be used once:\n\n{link}\n\nIf you did not ask to sign in, ignore this e-mail."
            ),
        ),
    };
    Mail {
        kind: "sign-in-link",
        to: to.to_owned(),
        language,
        subject: subject.to_owned(),
        body,
        link: Some(link.to_owned()),
    }
}

/// Who an invitation is from when no user sent it (the provisioning commands): it opens the
/// mail's first sentence.
pub fn portal_team(language: Language) -> &'static str {
    match language {
        Language::De => "Das Partner-Portal-Team",
        Language::It => "Il team del Portale partner",
        Language::En => "The Partner Portal team",
    }
}

/// The invitation from `inviter` to `account`, in `language`; the link is valid for 7 days.
pub fn invitation(
    to: &str,
    name: &str,
    inviter: &str,
    account: &str,
    link: &str,
    language: Language,
) -> Mail {
    let (subject, body) = match language {
        Language::De => (
            format!("Einladung zum Partner-Portal: {account}"),
            format!(
                "Hallo {name},\n\n{inviter} hat Ihnen Zugriff auf das Partner-Portal für {account} gewährt. \
                 Melden Sie sich mit diesem Link an (7 Tage gültig):\n\n{link}"
            ),
        ),
        Language::It => (
            format!("Invito al Portale partner: {account}"),
            format!(
                "Ciao {name},\n\n{inviter} ti ha concesso l'accesso al Portale partner per {account}. Accedi \
                 con questo link (valido per 7 giorni):\n\n{link}"
            ),
        ),
        Language::En => (
            format!("Invitation to the Partner Portal: {account}"),
            format!(
                "Hello {name},\n\n{inviter} gave you access to the Partner Portal for {account}. Sign in with \
                 this link (valid for 7 days):\n\n{link}"
            ),
        ),
    };
    Mail {
        kind: "invitation",
        to: to.to_owned(),
        language,
        subject,
        body,
        link: Some(link.to_owned()),
    }
}

/// The acknowledgement of a new support case, to the signed-in user who opened it (never
/// to an address they typed, so the form relays nothing), in their language. It names the
/// case but does not repeat what they wrote.
pub fn case_acknowledgement(case: &SupportCase, to: &str, name: &str, language: Language) -> Mail {
    let reference = &case.reference;
    let reply_to = &case.reply_to;
    let (subject, body) = match language {
        Language::De => (
            format!("Supportfall {reference} erhalten"),
            format!(
                "Hallo {name},\n\nwir haben Ihren Supportfall {reference} erhalten. Der Support antwortet an \
                 {reply_to}.\n\nDen Fall finden Sie im Partner-Portal unter „Support kontaktieren“."
            ),
        ),
        Language::It => (
            format!("Richiesta di assistenza {reference} ricevuta"),
            format!(
                "Ciao {name},\n\nabbiamo ricevuto la tua richiesta di assistenza {reference}. L'assistenza \
                 risponderà a {reply_to}.\n\nTrovi la richiesta nel Portale partner, in \"Contatta \
                 l'assistenza\"."
            ),
        ),
        Language::En => (
            format!("Support case {reference} received"),
            format!(
                "Hello {name},\n\nwe received your support case {reference}. Support will reply to \
                 {reply_to}.\n\nYou find the case in the Partner Portal under \"Contact support\"."
            ),
        ),
    };
    Mail {
        kind: "case-acknowledgement",
        to: to.to_owned(),
        language,
        subject,
        body,
        link: None,
    }
}

/// The request to confirm that `to`, entered in the contact information of `account`,
/// receives mail: a short text and the single-use link, valid `days` days.
pub fn contact_verification(
    to: &str,
    account: &str,
    link: &str,
    days: u32,
    language: Language,
) -> Mail {
    let (subject, body) = match language {
        Language::De => (
            "Bitte bestätigen Sie Ihre E-Mail-Adresse".to_owned(),
            format!(
                "Guten Tag,\n\n{to} wurde im Partner-Portal als Kontaktadresse von {account} \
                 eingetragen. Bitte bestätigen Sie mit diesem Link, dass die Adresse E-Mails \
                 erhält ({days} Tage gültig, einmal verwendbar):\n\n{link}\n\nWenn Sie nichts \
                 damit zu tun haben, ignorieren Sie diese E-Mail."
            ),
        ),
        Language::It => (
            "Conferma il tuo indirizzo email".to_owned(),
            format!(
                "Buongiorno,\n\n{to} è stato inserito nel Portale partner come indirizzo di \
                 contatto di {account}. Conferma con questo link che l'indirizzo riceve le email \
                 (valido per {days} giorni, utilizzabile una sola volta):\n\n{link}\n\nSe non \
                 ti riguarda, ignora questa email."
            ),
        ),
        Language::En => (
            "Please confirm your e-mail address".to_owned(),
            format!(
                "Hello,\n\n{to} was entered in the Partner Portal as a contact address of \
                 {account}. Please confirm with this link that the address receives mail (valid \
                 for {days} days, can be used once):\n\n{link}\n\nIf this has nothing to do \
                 with you, ignore this e-mail."
            ),
        ),
    };
    Mail {
        kind: "contact-verification",
        to: to.to_owned(),
        language,
        subject,
        body,
        link: Some(link.to_owned()),
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no auto-replies to these messages.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// `Content-Language` (RFC 3282): the language the text is written in.
#[derive(Debug, Clone)]
struct ContentLanguage(Language);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(Language::from_locale(Some(text))))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.as_str().into())
    }
}

/// Why a mail was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Try again later: the server is unreachable, timed out or answered 4xx.
    #[error("temporary failure ({summary})")]
    Temporary { summary: String, detail: String },
    /// Retrying cannot help: the server answered 5xx, or the message cannot be built.
    #[error("permanent failure ({summary})")]
    Permanent { summary: String, detail: String },
}

impl SendError {
    /// The full text (may name the recipient): for the database and DEBUG logs only.
    pub fn detail(&self) -> &str {
        match self {
            Self::Temporary { detail, .. } | Self::Permanent { detail, .. } => detail,
        }
    }

    fn from_smtp(error: &lettre::transport::smtp::Error) -> Self {
        let summary = error.status().map_or_else(
            || {
                if error.is_timeout() {
                    "timeout".to_owned()
                } else if error.is_tls() {
                    "TLS error".to_owned()
                } else {
                    "no SMTP answer".to_owned()
                }
            },
            |code| format!("SMTP {code}"),
        );
        let detail = error.to_string();
        if error.is_permanent() {
            Self::Permanent { summary, detail }
        } else {
            Self::Temporary { summary, detail }
        }
    }
}

/// Where queued mail goes.
#[derive(Clone)]
pub enum Transport {
    /// The embedded default: mail stays in the queue table, shown at /api/dev/outbox.
    LocalOutbox,
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
        /// The domain of Message-IDs (the sender's).
        domain: String,
    },
}

impl Transport {
    /// The transport `config` names: SMTP when --smtp-url is set, else the local outbox
    /// (which `Config::validate` allows only in dev mode).
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let Some(url) = &config.smtp_url else {
            return Ok(Self::LocalOutbox);
        };
        let from: Mailbox = config
            .mail_from
            .as_deref()
            .ok_or("--mail-from (PORTAL_MAIL_FROM) is required with --smtp-url")?
            .parse()
            .map_err(|error| format!("--mail-from is not a mailbox: {error}"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| format!("--smtp-url: {error}"))?
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(username) = &config.smtp_username {
            let password = match &config.smtp_password_file {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|error| format!("--smtp-password-file {}: {error}", path.display()))?
                    .trim_end_matches(['\r', '\n'])
                    .to_owned(),
                None => std::env::var("PORTAL_SMTP_PASSWORD").map_err(|_| {
                    "--smtp-username needs PORTAL_SMTP_PASSWORD or --smtp-password-file".to_owned()
                })?,
            };
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        let domain = from.email.domain().to_owned();
        Ok(Self::Smtp {
            transport: Box::new(builder.build()),
            from,
            domain,
        })
    }

    /// Whether a sent mail's link is scrubbed: always, except in the local outbox, where
    /// the link is how a developer signs in.
    pub fn scrubs_sent_links(&self) -> bool {
        matches!(self, Self::Smtp { .. })
    }

    /// Hands `mail` over.
    pub async fn send(&self, mail: &QueuedMail) -> Result<(), SendError> {
        let Self::Smtp {
            transport,
            from,
            domain,
        } = self
        else {
            return Ok(());
        };
        let message = message(mail, from, domain)?;
        match tokio::time::timeout(SEND_DEADLINE, transport.send(message)).await {
            Ok(sent) => sent.map(drop).map_err(|error| SendError::from_smtp(&error)),
            Err(_) => Err(SendError::Temporary {
                summary: "timeout".to_owned(),
                detail: format!(
                    "the SMTP conversation took longer than {} s",
                    SEND_DEADLINE.as_secs()
                ),
            }),
        }
    }
}

/// The message for a queued mail: typed headers only (lettre encodes every value, so no
/// text can add a header), `Date` when it was queued, a `Message-ID` that stays the same
/// across retries.
fn message(mail: &QueuedMail, from: &Mailbox, domain: &str) -> Result<Message, SendError> {
    let permanent = |summary: &str, detail: String| SendError::Permanent {
        summary: summary.to_owned(),
        detail,
    };
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|error| permanent("invalid recipient", format!("{error}")))?;
    let date = UNIX_EPOCH + Duration::from_secs(mail.created_at.try_into().unwrap_or(0));
    let language = match mail.language.as_str() {
        "de" => Language::De,
        "it" => Language::It,
        _ => Language::En,
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date(date.max(UNIX_EPOCH).min(SystemTime::now()))
        .message_id(Some(format!("<{}@{domain}>", mail.message_token)))
        .header(ContentType::TEXT_PLAIN)
        .header(AutoSubmitted)
        .header(ContentLanguage(language))
        .body(mail.body.clone())
        .map_err(|error| permanent("cannot build the message", error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_follows_the_language_of_the_locale() {
        let subject = |locale| {
            sign_in_link(
                "a@b.example",
                "A",
                "http://x",
                Language::from_locale(locale),
            )
            .subject
        };
        assert_eq!(subject(Some("de-CH")), "Anmeldung im Partner-Portal");
        assert_eq!(subject(Some("IT")), "Accesso al Portale partner");
        assert_eq!(subject(Some("fr")), "Sign in to the Partner Portal");
        assert_eq!(subject(None), "Sign in to the Partner Portal");
        let invitation =
            |language| invitation("a@b.example", "A", "B", "Acme", "http://x", language);
        assert_eq!(
            invitation(Language::It).subject,
            "Invito al Portale partner: Acme"
        );
        assert!(
            invitation(Language::De)
                .body
                .contains("B hat Ihnen Zugriff")
        );
        assert_eq!(
            invitation(Language::En).subject,
            "Invitation to the Partner Portal: Acme"
        );
    }

    #[test]
    fn headers_cannot_be_injected_and_carry_the_language() {
        let mail = QueuedMail {
            id: 1,
            kind: "case-acknowledgement".into(),
            to: "rita@demo.example".into(),
            language: "it".into(),
            subject: "Hi\r\nBcc: spam@evil.example".into(),
            body: "Body\r\n.\r\nMAIL FROM:<x@evil.example>".into(),
            message_token: "abc".into(),
            attempts: 0,
            created_at: 1_700_000_000,
            give_up_at: 1_700_086_400,
        };
        let from: Mailbox = "Partner Portal <no-reply@portal.example>".parse().unwrap();
        let formatted =
            String::from_utf8(message(&mail, &from, "portal.example").unwrap().formatted())
                .unwrap();
        let (head, _) = formatted.split_once("\r\n\r\n").unwrap();
        assert!(!head.to_ascii_lowercase().contains("\r\nbcc:"), "{head}");
        for expected in [
            "Message-ID: <abc@portal.example>",
            "Content-Type: text/plain; charset=utf-8",
            "Auto-Submitted: auto-generated",
            "Content-Language: it",
            "Date: Tue, 14 Nov 2023 22:13:20 +0000",
        ] {
            assert!(head.contains(expected), "{expected} in {head}");
        }
    }
}
