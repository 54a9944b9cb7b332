//! The German and Italian wording follows the help pages the product was made from
//! (`../shared/seeds/`: `000_…` German, "Mögliche Aktivitäten"; `003_…` Italian,
//! "Appuntamenti sanitari"). Each field's label and required marker is compared with the
//! seed's term, and the help texts and notes with the seed sentences they keep, so a changed
//! label fails here. The terms below are copied verbatim from the seeds; where the seed
//! directory is found (`PORTAL_SEEDS_DIR`, or `shared/seeds` beside an ancestor of this
//! crate), the test also proves each of them still occurs there. Where our sentences differ
//! from the seeds on purpose, `locales/README.md` says why.
#![cfg(not(target_arch = "wasm32"))]

use fluent::{FluentArgs, FluentValue};
use partner_portal::features::contact_info::labels::required_marker_id;
use partner_portal::i18n::{Locale, MsgId, field_label_id, integration_id, msg, translate};
use portal_rules::contact::Field;
use portal_rules::model::{Environment, IntegrationType};
use std::path::PathBuf;

const GERMAN_SEED: &str = "000_5924efc9fb81fb12.txt";
const ITALIAN_SEED: &str = "003_3d31023c7c282be9.txt";

/// Each field: its German label and marker, its Italian label and marker, as the seeds'
/// field tables write them (the markers in Production, where every field is required).
const LABELS: &[(Field, &str, &str, &str, &str)] = &[
    (
        Field::AlertContacts,
        "Kontakte für Benachrichtigungen",
        "(erforderlich)",
        "Contatti avvisi",
        "(obbligatori)",
    ),
    (
        Field::TechnicalEmergency,
        "Kontakte für technische Notfälle",
        "(erforderlich)",
        "Contatti tecnici di emergenza",
        "(obbligatori)",
    ),
    (
        Field::TechnicalNonEmergency,
        "Kontakte für nicht dringende technische Probleme",
        "(erforderlich)",
        "Contatti tecnici non di emergenza",
        "(obbligatori)",
    ),
    (
        Field::MerchantIssues,
        "Operativer Ansprechpartner für Händlerprobleme",
        "(für einige Integrationen erforderlich)",
        "Contatto operativo per problemi relativi al commerciante",
        "(obbligatorio per alcune integrazioni)",
    ),
    (
        Field::OperationalGoogle,
        "Operativer Kontakt für Google",
        "(erforderlich)",
        "Contatto operativo (per Google)",
        "(obbligatorio)",
    ),
    (
        Field::OperationalPublic,
        "Operativer Kontakt für Nutzer",
        "(erforderlich)",
        "Contatto operativo (per la condivisione con gli utenti)",
        "(obbligatorio)",
    ),
    (
        Field::SupportHours,
        "Operativer Support",
        "(erforderlich)",
        "Assistenza operativa",
        "(obbligatoria)",
    ),
];

/// Seed passages (verbatim) that a message keeps word for word.
const GERMAN_PHRASES: &[(MsgId, &str)] = &[
    (msg::MODAL_TITLE, "Obligatorische Informationen"),
    (msg::MODAL_CONTACT_SUPPORT_LINK, "Support kontaktieren"),
    (msg::MODAL_TAB_CONTACT_INFORMATION, "Kontaktdaten"),
    (msg::MODAL_TAB_USERS, "Nutzer"),
    (msg::NAV_CONFIGURATION, "Konfiguration"),
    (msg::INTEGRATION_THINGS_TO_DO, "Mögliche Aktivitäten"),
    (
        msg::FIELD_ALERT_CONTACTS_HELP,
        "Partner-Portal-Nutzer, die nicht dringende technische Probleme beheben können, die in \
         der Produktion auftreten. Wenn in der Produktion Probleme festgestellt werden, werden \
         automatisch E-Mail-Benachrichtigungen an diese Nutzer gesendet.",
    ),
    (
        msg::FIELD_TECHNICAL_EMERGENCY_HELP,
        "Ansprechpartner, die im Notfall benachrichtigt werden, z. B. wenn die Integration \
         deaktiviert ist.",
    ),
    (msg::FIELD_TECHNICAL_EMERGENCY_HELP, "Seitenalias"),
    (
        msg::FIELD_TECHNICAL_NON_EMERGENCY_HELP,
        "Ansprechpartner für den fortlaufenden Partnersupport mit technischem Wissen, z. B. zur \
         API-Migration oder Problemen bei der Zuordnung.",
    ),
    (
        msg::FIELD_MERCHANT_ISSUES_HELP,
        "Kontakte, die über Händlerprobleme informiert werden, z. B. wenn ein Händler die \
         Entfernung eines Partners anfordert, mit dem er keine Geschäftsbeziehung unterhält.",
    ),
    (
        msg::FIELD_MERCHANT_ISSUES_NOTE,
        "Dieses Feld ist nur in einigen Integrationen verfügbar.",
    ),
    (
        msg::FIELD_OPERATIONAL_GOOGLE_HELP,
        "Ansprechpartner für die Eskalation von Nutzeranfragen, die ein Eingreifen des Partners \
         erfordern, z. B. wenn Buchungen nicht akzeptiert werden. Diese Kontakte sind nur für \
         Google bestimmt und werden Nutzern nicht zur Verfügung gestellt.",
    ),
    (
        msg::FIELD_OPERATIONAL_PUBLIC_HELP,
        "Ansprechpartner, dessen Kontaktdaten mit Nutzern geteilt werden, z. B. für \
         Erstattungen, Stornierungen oder Änderungen von Bestellungen.",
    ),
    (
        msg::FIELD_OPERATIONAL_PUBLIC_HELP,
        "E-Mail-Alias des Supports",
    ),
    (
        msg::FIELD_SUPPORT_HOURS_HELP,
        "Geschäftszeiten und Zeitzonen für",
    ),
    (msg::FIELD_SUPPORT_HOURS_HELP, "alle erforderlichen Angaben"),
    (msg::ALERT_CONTACTS_PRODUCTION_NOTE, "Hinweis:"),
    (msg::ALERT_CONTACTS_SANDBOX_NOTE, "Hinweis:"),
    (msg::ALERT_CONTACTS_SANDBOX_NO_PRODUCTION_NOTE, "Hinweis:"),
    (
        msg::ALERT_CONTACTS_PRODUCTION_NOTE,
        "Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden.",
    ),
    (
        msg::ALERT_CONTACTS_SANDBOX_NOTE,
        "Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden.",
    ),
    (
        msg::ALERT_CONTACTS_SANDBOX_NO_PRODUCTION_NOTE,
        "Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden.",
    ),
    (
        msg::MODAL_CONTACT_INFORMATION_INTRO,
        "Technik- und Betriebsteam richtig zu erreichen",
    ),
    (
        msg::MODAL_CONTACT_INFORMATION_INTRO,
        "wird das Partner-Portal freigeschaltet",
    ),
];

const ITALIAN_PHRASES: &[(MsgId, &str)] = &[
    (msg::MODAL_CONTACT_SUPPORT_LINK, "Contatta l'assistenza"),
    (
        msg::MODAL_TAB_CONTACT_INFORMATION,
        "Informazioni di contatto",
    ),
    (msg::MODAL_TAB_USERS, "Utenti"),
    (msg::NAV_CONFIGURATION, "Configurazione"),
    (
        msg::FIELD_ALERT_CONTACTS_HELP,
        "Utenti del Portale partner in grado di risolvere problemi tecnici non di emergenza che \
         si verificano in produzione. A questi utenti verranno inviate email di avviso \
         automatico ogni volta che vengono rilevati problemi in Produzione.",
    ),
    (
        msg::FIELD_TECHNICAL_EMERGENCY_HELP,
        "Contatti che verranno avvisati in caso di emergenza (ad es. l'integrazione è \
         disabilitata).",
    ),
    (msg::FIELD_TECHNICAL_EMERGENCY_HELP, "alias di pagina"),
    (
        msg::FIELD_TECHNICAL_NON_EMERGENCY_HELP,
        "Contatti per l'assistenza continua dei partner che richiedono input tecnici (ad es. \
         iniziative di migrazione delle API, problemi di corrispondenza).",
    ),
    (
        msg::FIELD_MERCHANT_ISSUES_HELP,
        "Contatti che verranno informati dei problemi del commerciante, ad esempio quando un \
         commerciante richiede la rimozione di un partner con cui non ha un rapporto commerciale.",
    ),
    (
        msg::FIELD_MERCHANT_ISSUES_NOTE,
        "Questo campo è disponibile solo in alcune integrazioni.",
    ),
    (
        msg::FIELD_OPERATIONAL_GOOGLE_HELP,
        "Contatto per riassegnazioni utenti che richiedono l'intervento del partner (ad es. \
         prenotazione non rispettata). Questi contatti sono solo per uso Google e non verranno \
         forniti agli utenti.",
    ),
    (
        msg::FIELD_OPERATIONAL_PUBLIC_HELP,
        "Contatto condiviso con gli utenti per riassegnazioni (ad esempio rimborsi, annullamenti \
         o modifiche agli ordini). Questo è l'alias email predefinito per l'assistenza del brand.",
    ),
    (
        msg::FIELD_SUPPORT_HOURS_HELP,
        "Orari di servizio e fusi orari in cui offri assistenza agli utenti. Seleziona tutte le \
         opzioni pertinenti.",
    ),
    (msg::ALERT_CONTACTS_PRODUCTION_NOTE, "Nota:"),
    (msg::ALERT_CONTACTS_SANDBOX_NOTE, "Nota:"),
    (msg::ALERT_CONTACTS_SANDBOX_NO_PRODUCTION_NOTE, "Nota:"),
    (
        msg::ALERT_CONTACTS_PRODUCTION_NOTE,
        "i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione.",
    ),
    (
        msg::ALERT_CONTACTS_SANDBOX_NOTE,
        "i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione.",
    ),
    (
        msg::ALERT_CONTACTS_SANDBOX_NO_PRODUCTION_NOTE,
        "i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione.",
    ),
    (
        msg::MODAL_INTRO,
        "Per aiutare Google a fornirti assistenza e notifiche relative al tuo account, è \
         necessario che i dati di contatto siano compilati prima che tu possa accedere alle \
         altre funzionalità all'interno del Portale partner.",
    ),
    (msg::MODAL_INTRO, "Prima di lanciare l'integrazione"),
    (
        msg::MODAL_CONTACT_INFORMATION_INTRO,
        "il resto del Portale partner verrà sbloccato e potrai iniziare a lavorare all'integrazione",
    ),
];

/// Compared with no-break spaces as spaces: the German seed writes "z.\u{a0}B." in some
/// sentences and "z. B." in others; the catalogue always keeps "z. B." together.
fn spaces(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

/// A message, with the account's integration where the message names it.
fn message(locale: Locale, id: MsgId, integration: IntegrationType) -> String {
    let mut args = FluentArgs::new();
    args.set(
        "integration",
        FluentValue::from(translate(locale, integration_id(integration), None)),
    );
    spaces(&translate(locale, id, Some(&args)))
}

/// The seed's text, where the seed directory is found.
fn seed(file: &str) -> Option<String> {
    let directory = std::env::var_os("PORTAL_SEEDS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|ancestor| ancestor.join("shared").join("seeds"))
                .find(|candidate| candidate.join(GERMAN_SEED).is_file())
        })?;
    let path = directory.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Some(spaces(&text))
}

#[test]
fn field_labels_and_required_markers_are_the_seeds_terms() {
    for (field, de_label, de_marker, it_label, it_marker) in LABELS {
        for (locale, label, marker) in [
            (Locale::De, de_label, de_marker),
            (Locale::It, it_label, it_marker),
        ] {
            assert_eq!(
                translate(locale, field_label_id(*field), None),
                *label,
                "{locale:?} label of {field}"
            );
            assert_eq!(
                translate(
                    locale,
                    required_marker_id(*field, Environment::Production),
                    None
                ),
                *marker,
                "{locale:?} marker of {field}"
            );
        }
    }
}

#[test]
fn help_texts_notes_and_modal_keep_the_seeds_sentences() {
    for (locale, phrases, integration) in [
        (Locale::De, GERMAN_PHRASES, IntegrationType::ThingsToDo),
        (
            Locale::It,
            ITALIAN_PHRASES,
            IntegrationType::HealthcareAppointments,
        ),
    ] {
        for (id, phrase) in phrases {
            let text = message(locale, *id, integration);
            assert!(
                text.contains(phrase),
                "{locale:?} {}: {text:?} lacks the seed's {phrase:?}",
                id.as_str()
            );
        }
    }
    // The intro names the integration as the German seed does.
    assert!(
        message(Locale::De, msg::MODAL_INTRO, IntegrationType::ThingsToDo)
            .starts_with("Bevor Sie die Funktion „Mögliche Aktivitäten“ einbinden können, ")
    );
}

/// The list above is the seeds' wording: every term still occurs in its seed, and each
/// label is followed by its marker there ("Label (marker)" or "Label - (marker)").
#[test]
fn the_terms_are_verbatim_from_the_seeds() {
    let (Some(german), Some(italian)) = (seed(GERMAN_SEED), seed(ITALIAN_SEED)) else {
        eprintln!("seed directory not found: the terms were compared with the catalogue only");
        return;
    };
    for (field, de_label, de_marker, it_label, it_marker) in LABELS {
        for (text, label, marker) in [
            (&german, de_label, de_marker),
            (&italian, it_label, it_marker),
        ] {
            assert!(
                text.contains(&format!("{label} {marker}"))
                    || text.contains(&format!("{label} - {marker}")),
                "{field}: {label:?} {marker:?} is not in the seed"
            );
        }
    }
    let phrases = GERMAN_PHRASES
        .iter()
        .map(|(_, phrase)| (&german, phrase))
        .chain(ITALIAN_PHRASES.iter().map(|(_, phrase)| (&italian, phrase)));
    for (text, phrase) in phrases {
        assert!(text.contains(phrase), "{phrase:?} is not in the seed");
    }
}
