//! The preview's data. [`server_demo`] is the server's demo seed (`server/src/store/
//! schema.rs`), account for account and user for user (`tests/fixtures.rs` fails when they
//! diverge); [`fixtures`] adds accounts that cover the product:
//!
//! | partner id | account | covers |
//! |---|---|---|
//! | demo-1001 | Demo Partner GmbH | Things to do (merchant field on); empty: no contact information, no cases; one user per role |
//! | demo-2002 | Salute Rapida Srl | Healthcare appointments (merchant field off) |
//! | demo-3003 | Trattoria Da Luigi | Reservations; a Read-only user; the agency `agency@studio.example` as Editor |
//! | demo-4004 | Bergbahnen Alpenblick AG | a lone administrator |
//! | demo-6006 | Agriturismo Collina Verde | Reservations; complete contact information due for review (administrator and editor); the agency as Administrator (two accounts) |
//! | demo-7007 | Ferienhof Sonnenwiese | Things to do; nothing saved (administrator and Read only): verified contacts end to end |
//! | preview-5005 | Sandstrand Termine GmbH | Appointments; Production not enabled (Sandbox only) |
//! | preview-6006 | Pizzeria Bella Napoli Srl | Ordering; complete contact information (split shifts), a few cases, one user per role, a change history of five entries; addresses verified, pending and failed |
//! | preview-7007 | Hausmeisterservice Lindenau GmbH | Local services; 30 users (some invited) and their 29 invitations in the change history, 25 cases (pages); its administrator Maria Rossi is also an Editor of Bella Napoli (two accounts) |
//! | preview-8008 | Donaudampfschifffahrts… mbH | layout stress: a long German compound name, user names of 100 characters, addresses of 254 (local parts of 64), full lists, many hours rows, a case with the longest subject and description |
//! | preview-9009 | Alpin Erlebnis Touren GmbH | complete for Sandbox, alert contacts missing for Production (saving there unlocks the portal) |
//! | preview-1010 | Weingut Sonnenhang KG | complete, last confirmed more than a year ago: a review is due (one user per role) |

use crate::state::{
    AccountRecord, CaseRecord, ContactRecord, HistoryRecord, State, UserRecord, VerificationRecord,
};
use crate::time::{rfc3339, unix_secs};
use portal_rules::contact::{ContactInfo, Field, HoursRow, SupportHours, Weekday};
use portal_rules::history::{Change, ChangeKind, HistoryEntry, Person};
use portal_rules::model::{Environment, IntegrationType, Role, UserStatus};
use portal_rules::support::{CaseStatus, SupportCase, SupportCategory};

/// The server seed's agency, in two accounts (Editor of Luigi, Administrator of Collina Verde).
const AGENCY: &str = "agency@studio.example";

/// A person of a history entry: name and e-mail address.
type NameAndEmail<'a> = (&'a str, &'a str);

/// Builds a [`State`] the way the server's seed inserts rows (ids in insertion order).
struct Builder {
    state: State,
}

impl Builder {
    fn account(
        &mut self,
        partner_id: &str,
        name: &str,
        integration: IntegrationType,
        production_enabled: bool,
    ) -> i64 {
        let id = State::next_id(self.state.accounts.iter().map(|account| account.id));
        self.state.accounts.push(AccountRecord {
            id,
            partner_id: partner_id.into(),
            name: name.into(),
            integration,
            production_enabled,
        });
        id
    }

    fn user_with(
        &mut self,
        account_id: i64,
        (name, email, role): (&str, &str, Role),
        status: UserStatus,
        last_sign_in_at: Option<&str>,
    ) -> i64 {
        let id = State::next_id(self.state.users.iter().map(|user| user.id));
        self.state.users.push(UserRecord {
            id,
            account_id,
            name: name.into(),
            email: email.into(),
            role,
            status,
            last_sign_in_at: last_sign_in_at.map(str::to_owned),
            // The server's column default.
            version: 1,
        });
        id
    }

    /// An active user who has not signed in yet, as the server seeds them.
    fn user(&mut self, account_id: i64, user: (&str, &str, Role)) -> i64 {
        self.user_with(account_id, user, UserStatus::Active, None)
    }

    /// Saved (and so confirmed) at `at`; no review due, whatever today's date.
    fn contact(&mut self, account_id: i64, contact: ContactInfo, by: i64, at: &str) {
        self.state.contact_info.push(ContactRecord {
            account_id,
            version: 1,
            contact,
            updated_at: at.into(),
            updated_by: Some(by),
            confirmed_at: unix_secs(at),
            pinned_review_due: Some(false),
        });
    }

    /// A change-history entry at `created_at` (Unix seconds); `actor` `None`: the operator.
    fn history(
        &mut self,
        account_id: i64,
        created_at: i64,
        kind: ChangeKind,
        (actor, subject): (Option<NameAndEmail<'_>>, Option<NameAndEmail<'_>>),
        changes: Vec<Change>,
    ) {
        let person = |(name, email): (&str, &str)| Person {
            name: name.into(),
            email: email.into(),
        };
        let id = State::next_id(self.state.history.iter().map(|record| record.entry.id));
        self.state.history.push(HistoryRecord {
            account_id,
            created_at,
            entry: HistoryEntry {
                id,
                at: rfc3339(created_at),
                kind,
                actor: actor.map(person),
                subject: subject.map(person),
                changes,
            },
        });
    }

    fn case(&mut self, account_id: i64, case: SupportCase) {
        let id = State::next_id(self.state.support_cases.iter().map(|case| case.id));
        let year = case.created_at.get(..4).unwrap_or("2025").to_owned();
        self.state.support_cases.push(CaseRecord {
            id,
            account_id,
            case: SupportCase {
                reference: format!("CASE-{year}-{id:06}"),
                ..case
            },
        });
    }
}

/// The server's demo seed (`seed` in `server/src/store/schema.rs`), row for row: accounts
/// (partner id, name, integration, Production enabled) and their users, every user active
/// and never signed in, and demo-6006's contact information (due for review), nothing
/// else. `tests/parity.rs` fails when the two differ.
pub fn server_demo() -> State {
    let mut seed = Builder {
        state: State::default(),
    };
    let demo = [
        (
            "demo-1001",
            "Demo Partner GmbH",
            IntegrationType::ThingsToDo,
            true,
            &[
                ("Anna Admin", "admin@demo.example", Role::Administrator),
                ("Emil Editor", "editor@demo.example", Role::Editor),
                ("Rita Reader", "viewer@demo.example", Role::ReadOnly),
            ][..],
        ),
        (
            "demo-2002",
            "Salute Rapida Srl",
            IntegrationType::HealthcareAppointments,
            true,
            &[(
                "Marco Amministratore",
                "admin@salute.example",
                Role::Administrator,
            )][..],
        ),
        (
            "demo-3003",
            "Trattoria Da Luigi",
            IntegrationType::Reservations,
            true,
            &[
                ("Luigi Titolare", "admin@luigi.example", Role::Administrator),
                ("Lucia Lettrice", "viewer@luigi.example", Role::ReadOnly),
                ("Sara Agenzia", AGENCY, Role::Editor),
            ][..],
        ),
        (
            "demo-4004",
            "Bergbahnen Alpenblick AG",
            IntegrationType::ThingsToDo,
            true,
            &[(
                "Greta Gruber",
                "admin@alpenblick.example",
                Role::Administrator,
            )][..],
        ),
        (
            "demo-5005",
            "Noleggio Bici Garda Snc",
            IntegrationType::LocalServices,
            false,
            &[("Paola Prova", "admin@garda.example", Role::Administrator)][..],
        ),
        (
            "demo-6006",
            "Agriturismo Collina Verde",
            IntegrationType::Reservations,
            true,
            &[
                (
                    "Chiara Collina",
                    "admin@collina.example",
                    Role::Administrator,
                ),
                ("Bruno Redattore", "editor@collina.example", Role::Editor),
                ("Sara Agenzia", AGENCY, Role::Administrator),
            ][..],
        ),
        // Verified contacts end to end (tests/e2e/verify.test.mjs): nothing saved yet.
        (
            "demo-7007",
            "Ferienhof Sonnenwiese",
            IntegrationType::ThingsToDo,
            true,
            &[
                (
                    "Vera Verwalterin",
                    "admin@sonnenwiese.example",
                    Role::Administrator,
                ),
                ("Leo Leser", "viewer@sonnenwiese.example", Role::ReadOnly),
            ][..],
        ),
    ];
    for (partner_id, name, integration, production_enabled, users) in demo {
        let account = seed.account(partner_id, name, integration, production_enabled);
        for user in users {
            seed.user(account, *user);
        }
    }
    collina_contact(&mut seed);
    seed.state
}

/// The server seeds demo-6006's contact information confirmed 400 days before the seed
/// (`seed_review_due`); here a fixed date more than a year ago: a review is due.
fn collina_contact(seed: &mut Builder) {
    if let Some(account_id) = seed.state.account_by_partner_id("demo-6006").map(|a| a.id) {
        let address = |local: &str| vec![format!("{local}@collina.example")];
        seed.state.contact_info.push(ContactRecord {
            account_id,
            version: 1,
            contact: ContactInfo {
                alert_contacts: address("admin"),
                technical_emergency: address("reperibilita"),
                technical_non_emergency: address("tecnica"),
                merchant_issues: address("esercenti"),
                operational_google: address("operazioni"),
                operational_public: address("info"),
                support_hours: SupportHours {
                    always_open: true,
                    rows: Vec::new(),
                },
            },
            updated_at: "2025-01-01T09:00:00Z".into(),
            updated_by: None,
            confirmed_at: unix_secs("2025-01-01T09:00:00Z"),
            pinned_review_due: None,
        });
    }
}

fn list(addresses: &[&str]) -> Vec<String> {
    addresses
        .iter()
        .map(|address| (*address).to_owned())
        .collect()
}

fn row(weekdays: &[Weekday], start: &str, end: &str, overnight: bool, zone: &str) -> HoursRow {
    HoursRow {
        weekdays: weekdays.to_vec(),
        start: start.into(),
        end: end.into(),
        overnight,
        time_zone: zone.into(),
    }
}

const WORKDAYS: [Weekday; 5] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
];
const WEEKEND: [Weekday; 2] = [Weekday::Saturday, Weekday::Sunday];

/// A case as the server stores it (the reference is set by [`Builder::case`]).
fn case(
    category: SupportCategory,
    subject: &str,
    description: &str,
    (reply_to, created_by): (&str, &str),
    environment: Option<Environment>,
    status: CaseStatus,
    created_at: &str,
) -> SupportCase {
    SupportCase {
        reference: String::new(),
        category,
        subject: subject.into(),
        description: description.into(),
        reply_to: reply_to.into(),
        environment,
        status,
        created_at: created_at.into(),
        created_by: created_by.into(),
    }
}

/// Every fixture: the server's demo seed, then the accounts that cover the product.
pub fn fixtures() -> State {
    let mut fixtures = Builder {
        state: server_demo(),
    };
    sandbox_only(&mut fixtures);
    complete(&mut fixtures);
    many(&mut fixtures);
    stress(&mut fixtures);
    sandbox_complete(&mut fixtures);
    review_due(&mut fixtures);
    fixtures.state
}

fn sandbox_only(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-5005",
        "Sandstrand Termine GmbH",
        IntegrationType::Appointments,
        false,
    );
    fixtures.user(
        account,
        (
            "Sofia Sandmann",
            "sofia@sandstrand-termine.example",
            Role::Administrator,
        ),
    );
    fixtures.user(
        account,
        (
            "Tobias Termin",
            "tobias@sandstrand-termine.example",
            Role::Editor,
        ),
    );
}

fn complete(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-6006",
        "Pizzeria Bella Napoli Srl",
        IntegrationType::Ordering,
        true,
    );
    let giulia = fixtures.user_with(
        account,
        (
            "Giulia Bianchi",
            "giulia@bellanapoli.example",
            Role::Administrator,
        ),
        UserStatus::Active,
        Some("2026-02-02T08:41:00Z"),
    );
    fixtures.user_with(
        account,
        ("Paolo Verdi", "paolo@bellanapoli.example", Role::Editor),
        UserStatus::Active,
        Some("2026-01-28T16:05:00Z"),
    );
    fixtures.user_with(
        account,
        ("Chiara Neri", "chiara@bellanapoli.example", Role::ReadOnly),
        UserStatus::Active,
        Some("2026-01-15T10:12:00Z"),
    );
    fixtures.user_with(
        account,
        ("Maria Rossi", "maria.rossi@example.com", Role::Editor),
        UserStatus::Invited,
        None,
    );
    fixtures.contact(
        account,
        ContactInfo {
            alert_contacts: list(&["giulia@bellanapoli.example"]),
            technical_emergency: list(&["reperibilita@bellanapoli.example"]),
            technical_non_emergency: list(&["it@bellanapoli.example", "paolo@bellanapoli.example"]),
            merchant_issues: list(&["esercenti@bellanapoli.example"]),
            operational_google: list(&["operazioni@bellanapoli.example"]),
            operational_public: list(&["assistenza@bellanapoli.example"]),
            support_hours: SupportHours {
                always_open: false,
                rows: vec![
                    row(&WORKDAYS, "09:00", "14:30", false, "Europe/Rome"),
                    row(&WORKDAYS, "17:00", "23:00", false, "Europe/Rome"),
                    row(&WEEKEND, "11:00", "23:30", false, "Europe/Rome"),
                ],
            },
        },
        giulia,
        "2026-01-20T11:30:00Z",
    );
    napoli_history(fixtures, account);
    napoli_verifications(fixtures, account);
    let reply = ("giulia@bellanapoli.example", "Giulia Bianchi");
    for (category, subject, status, created_at) in [
        (
            SupportCategory::IntegrationTechnicalIssue,
            "Ordini non sincronizzati dopo le 22:00",
            CaseStatus::Open,
            "2026-02-01T21:14:00Z",
        ),
        (
            SupportCategory::ContactInformation,
            "Cambio indirizzo assistenza clienti",
            CaseStatus::Closed,
            "2026-01-10T09:02:00Z",
        ),
        (
            SupportCategory::AccessAndUsers,
            "Accesso per il nuovo responsabile di sala",
            CaseStatus::Closed,
            "2025-12-03T14:40:00Z",
        ),
    ] {
        fixtures.case(
            account,
            case(
                category,
                subject,
                "Dettagli nel testo della richiesta.",
                reply,
                Some(Environment::Production),
                status,
                created_at,
            ),
        );
    }
}

/// Bella Napoli's addresses: four verified, one bounced, two pending (their links valid
/// for years, so they never expire in the gallery).
fn napoli_verifications(fixtures: &mut Builder, account: i64) {
    use portal_rules::verification::VerificationStatus::{Failed, Pending, Verified};
    let sent_at = unix_secs("2026-01-20T11:30:00Z").unwrap_or_default();
    for (address, status, verified_at) in [
        (
            "giulia@bellanapoli.example",
            Verified,
            "2026-01-20T12:02:00Z",
        ),
        (
            "reperibilita@bellanapoli.example",
            Verified,
            "2026-01-21T09:12:00Z",
        ),
        ("it@bellanapoli.example", Pending, ""),
        (
            "paolo@bellanapoli.example",
            Verified,
            "2026-01-20T15:47:00Z",
        ),
        ("esercenti@bellanapoli.example", Failed, ""),
        (
            "operazioni@bellanapoli.example",
            Verified,
            "2026-01-22T17:40:00Z",
        ),
        ("assistenza@bellanapoli.example", Pending, ""),
    ] {
        fixtures.state.verifications.push(VerificationRecord {
            account_id: account,
            address: address.to_owned(),
            status,
            token: (status == Pending).then(|| format!("pv-fixture-{address}")),
            sent_at,
            expires_at: unix_secs("2100-01-01T00:00:00Z").unwrap_or_default(),
            verified_at: (status == Verified)
                .then(|| unix_secs(verified_at))
                .flatten(),
        });
    }
}

/// Bella Napoli's change history: the operator's invitation, a removal, a role change,
/// the contact information's save (lists and hours) and an invitation.
fn napoli_history(fixtures: &mut Builder, account: i64) {
    let giulia = Some(("Giulia Bianchi", "giulia@bellanapoli.example"));
    fixtures.history(
        account,
        1_764_579_600, // 2025-12-01T09:00:00Z
        ChangeKind::UserInvited,
        (None, giulia),
        vec![Change::Role {
            old: None,
            new: Some(Role::Administrator),
        }],
    );
    fixtures.history(
        account,
        1_767_608_100, // 2026-01-05T10:15:00Z
        ChangeKind::UserRemoved,
        (
            giulia,
            Some(("Marco Esposito", "marco@bellanapoli.example")),
        ),
        vec![
            Change::Role {
                old: Some(Role::Editor),
                new: None,
            },
            Change::List {
                field: Field::AlertContacts,
                added: Vec::new(),
                removed: list(&["marco@bellanapoli.example"]),
            },
        ],
    );
    fixtures.history(
        account,
        1_768_746_000, // 2026-01-18T14:20:00Z
        ChangeKind::RoleChanged,
        (giulia, Some(("Paolo Verdi", "paolo@bellanapoli.example"))),
        vec![Change::Role {
            old: Some(Role::ReadOnly),
            new: Some(Role::Editor),
        }],
    );
    let old_hours = SupportHours {
        always_open: false,
        rows: vec![row(&WORKDAYS, "09:00", "18:00", false, "Europe/Rome")],
    };
    let new_hours = SupportHours {
        always_open: false,
        rows: vec![
            row(&WORKDAYS, "09:00", "14:30", false, "Europe/Rome"),
            row(&WORKDAYS, "17:00", "23:00", false, "Europe/Rome"),
            row(&WEEKEND, "11:00", "23:30", false, "Europe/Rome"),
        ],
    };
    fixtures.history(
        account,
        1_768_908_600, // 2026-01-20T11:30:00Z
        ChangeKind::ContactInfoUpdated,
        (giulia, None),
        vec![
            Change::List {
                field: Field::TechnicalNonEmergency,
                added: list(&["paolo@bellanapoli.example"]),
                removed: Vec::new(),
            },
            Change::List {
                field: Field::OperationalPublic,
                added: list(&["assistenza@bellanapoli.example"]),
                removed: list(&["info@bellanapoli.example"]),
            },
            Change::SupportHours {
                old: old_hours,
                new: new_hours,
            },
        ],
    );
    fixtures.history(
        account,
        1_769_330_700, // 2026-01-25T08:45:00Z
        ChangeKind::UserInvited,
        (giulia, Some(("Maria Rossi", "maria.rossi@example.com"))),
        vec![Change::Role {
            old: None,
            new: Some(Role::Editor),
        }],
    );
}

/// 29 colleagues of Maria Rossi: (first name, last name, e-mail local part).
const COLLEAGUES: [(&str, &str, &str); 29] = [
    ("Aylin", "Demir", "aylin.demir"),
    ("Ben", "Fischer", "ben.fischer"),
    ("Björn", "Sørensen", "bjoern.soerensen"),
    ("Clara", "Weber", "clara.weber"),
    ("David", "Schulz", "david.schulz"),
    ("Eva", "Wagner", "eva.wagner"),
    ("Felix", "Becker", "felix.becker"),
    ("Greta", "Hoffmann", "greta.hoffmann"),
    ("Hannah", "Schäfer", "hannah.schaefer"),
    ("Ivan", "Koch", "ivan.koch"),
    ("Julia", "Bauer", "julia.bauer"),
    ("Karl", "Richter", "karl.richter"),
    ("Lea", "Klein", "lea.klein"),
    ("Moritz", "Wolf", "moritz.wolf"),
    ("Nina", "Schröder", "nina.schroeder"),
    ("Oskar", "Neumann", "oskar.neumann"),
    ("Paula", "Schwarz", "paula.schwarz"),
    ("Quentin", "Zimmermann", "quentin.zimmermann"),
    ("Rosa", "Braun", "rosa.braun"),
    ("Simon", "Krüger", "simon.krueger"),
    ("Tina", "Hofmann", "tina.hofmann"),
    ("Uwe", "Hartmann", "uwe.hartmann"),
    ("Vera", "Lange", "vera.lange"),
    ("Wim", "Schmitt", "wim.schmitt"),
    ("Xenia", "Werner", "xenia.werner"),
    ("Yusuf", "Yılmaz", "yusuf.yilmaz"),
    ("Zoe", "Krause", "zoe.krause"),
    ("Çağla", "Öztürk", "cagla.oeztuerk"),
    ("Émile", "Lefèvre", "emile.lefevre"),
];

fn many(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-7007",
        "Hausmeisterservice Lindenau GmbH",
        IntegrationType::LocalServices,
        true,
    );
    let maria = fixtures.user_with(
        account,
        (
            "Maria Rossi",
            "maria.rossi@example.com",
            Role::Administrator,
        ),
        UserStatus::Active,
        Some("2026-02-03T07:58:00Z"),
    );
    let mut names = Vec::new();
    for (index, (first, last, local)) in COLLEAGUES.iter().enumerate() {
        let role = match index % 7 {
            0 => Role::Administrator,
            1 | 4 => Role::ReadOnly,
            _ => Role::Editor,
        };
        let name = format!("{first} {last}");
        let email = format!("{local}@lindenau-service.example");
        let (status, signed_in) = if index % 5 == 4 {
            (UserStatus::Invited, None)
        } else {
            (
                UserStatus::Active,
                Some(format!("2026-01-{:02}T09:{:02}:00Z", index % 28 + 1, index)),
            )
        };
        fixtures.user_with(account, (&name, &email, role), status, signed_in.as_deref());
        // Each invitation is in the history (29 entries: more than a page).
        fixtures.history(
            account,
            1_767_261_600 + i64::try_from(index).unwrap_or(0) * 86_400, // from 2026-01-01T10:00:00Z
            ChangeKind::UserInvited,
            (
                Some(("Maria Rossi", "maria.rossi@example.com")),
                Some((&name, &email)),
            ),
            vec![Change::Role {
                old: None,
                new: Some(role),
            }],
        );
        names.push((name, email));
    }
    fixtures.contact(
        account,
        ContactInfo {
            alert_contacts: list(&[
                "maria.rossi@example.com",
                "ben.fischer@lindenau-service.example",
            ]),
            technical_emergency: list(&["bereitschaft@lindenau-service.example"]),
            technical_non_emergency: list(&["it@lindenau-service.example"]),
            merchant_issues: Vec::new(),
            operational_google: list(&["disposition@lindenau-service.example"]),
            operational_public: list(&["kundendienst@lindenau-service.example"]),
            support_hours: SupportHours {
                always_open: true,
                rows: Vec::new(),
            },
        },
        maria,
        "2025-11-12T10:00:00Z",
    );
    let subjects = [
        "Auftrag wird doppelt angezeigt",
        "Neue Mitarbeiterin braucht Zugang",
        "Rückrufnummer ändern",
        "Terminbestätigung kommt nicht an",
        "Frage zu den Servicezeiten am Wochenende",
    ];
    for index in 0..25_usize {
        let (name, email) = &names[index % names.len()];
        let category = SupportCategory::ALL[index % SupportCategory::ALL.len()];
        let status = if index < 20 {
            CaseStatus::Closed
        } else {
            CaseStatus::Open
        };
        let month = index / 9 + 1;
        let day = index % 9 * 3 + 1;
        fixtures.case(
            account,
            case(
                category,
                &format!("{} ({})", subjects[index % subjects.len()], index + 1),
                "Bitte um Rückmeldung.",
                (email, name),
                None,
                status,
                &format!("2026-{month:02}-{day:02}T10:{index:02}:00Z"),
            ),
        );
    }
}

/// `text` repeated (and cut) to exactly `length` characters.
fn padded(text: &str, length: usize) -> String {
    text.chars().cycle().take(length).collect()
}

/// `text` repeated to exactly `length` characters, ending in a full stop (never in a
/// space, which the rules would trim).
fn exactly(text: &str, length: usize) -> String {
    let mut exact = padded(text, length - 1);
    exact.push('.');
    exact
}

/// An address of exactly `total` characters with a local part of 64: the longest the
/// rules accept.
fn longest_address(local: &str, total: usize) -> String {
    let local = padded(local, 64);
    let suffix = ".example";
    let mut labels: Vec<String> = Vec::new();
    let mut remaining = total - local.len() - 1 - suffix.len();
    let words = [
        "donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenkasse",
        "rechtsschutzversicherungsgesellschaftenhauptverwaltung",
        "grundstuecksverkehrsgenehmigungszustaendigkeitsuebertragung",
    ];
    for word in words.iter().cycle() {
        if remaining == 0 {
            break;
        }
        // Each label takes its length plus a dot, except the first.
        let room = if labels.is_empty() {
            remaining
        } else {
            remaining - 1
        };
        let length = room.min(63);
        if !labels.is_empty() {
            remaining -= 1;
        }
        labels.push(padded(word, length));
        remaining -= length;
    }
    format!("{local}@{}{suffix}", labels.join("."))
}

fn stress(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-8008",
        "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft mbH",
        IntegrationType::ThingsToDo,
        true,
    );
    let admin_name = "Maximiliane Theodora Wilhelmine Friederike v. Hohenzollern-Sigmaringen-Donaueschingen-Fürstenberg II";
    let admin_email = longest_address(
        "kundendienstmitarbeiterinnenvertretungsausschussvorsitzende",
        254,
    );
    let editor_email = longest_address(
        "stoerungsmeldungsannahmestellenleitungsstellvertreterin",
        254,
    );
    let reader_email = longest_address("qualitaetssicherungsbeauftragtenbereitschaftsdienst", 200);
    let admin = fixtures.user_with(
        account,
        (admin_name, &admin_email, Role::Administrator),
        UserStatus::Active,
        Some("2026-02-01T06:00:00Z"),
    );
    fixtures.user(
        account,
        (
            "Personalnummernverwaltungsbeauftragtenstellvertreterin Kunigunde Zwetschgenbaum-Oberhuber-Großkopf M",
            &editor_email,
            Role::Editor,
        ),
    );
    fixtures.user(
        account,
        (
            "Rechnungsprüfungsausschussvorsitzender Bartholomäus Überreiter",
            &reader_email,
            Role::ReadOnly,
        ),
    );
    let full = |stem: &str| -> Vec<String> {
        (1..=10)
            .map(|n| {
                format!("{stem}{n:02}@donaudampfschifffahrtsgesellschaft-betriebswerk.example")
            })
            .collect()
    };
    fixtures.contact(
        account,
        ContactInfo {
            alert_contacts: vec![admin_email.clone(), editor_email.clone(), reader_email],
            technical_emergency: full("stoerungsbereitschaftsdienstleitstelle"),
            technical_non_emergency: full("schnittstellenentwicklungsabteilung"),
            merchant_issues: full("haendlerbeziehungsmanagement"),
            operational_google: full("betriebsablaufkoordinationszentrale"),
            operational_public: vec![longest_address("kundenbetreuungsservicecenterhotline", 254)],
            support_hours: SupportHours {
                always_open: false,
                rows: vec![
                    row(&WORKDAYS, "06:00", "12:00", false, "Europe/Berlin"),
                    row(&WORKDAYS, "13:00", "22:00", false, "Europe/Berlin"),
                    row(&WORKDAYS, "22:00", "06:00", true, "Europe/Zurich"),
                    row(&WEEKEND, "08:00", "20:00", false, "Europe/Vienna"),
                    row(
                        &[Weekday::Saturday],
                        "20:00",
                        "23:45",
                        false,
                        "America/Argentina/Buenos_Aires",
                    ),
                ],
            },
        },
        admin,
        "2026-01-31T23:59:00Z",
    );
    fixtures.case(
        account,
        case(
            SupportCategory::IntegrationTechnicalIssue,
            "Schnittstellenkompatibilitätsüberprüfungsergebnisbenachrichtigung fehlgeschlagen – Donaudampfschifffahrt Betriebsstörung",
            &exactly(
                "Die Verfügbarkeitsdatenübertragungsschnittstelle meldet Zeitüberschreitungen. ",
                5000,
            ),
            (&admin_email, admin_name),
            Some(Environment::Production),
            CaseStatus::Open,
            "2026-01-31T23:59:00Z",
        ),
    );
}

fn sandbox_complete(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-9009",
        "Alpin Erlebnis Touren GmbH",
        IntegrationType::ThingsToDo,
        true,
    );
    let lena = fixtures.user(
        account,
        (
            "Lena Berger",
            "lena.berger@alpin-erlebnis.example",
            Role::Administrator,
        ),
    );
    fixtures.user(
        account,
        (
            "Jonas Huber",
            "jonas.huber@alpin-erlebnis.example",
            Role::Editor,
        ),
    );
    fixtures.contact(
        account,
        ContactInfo {
            alert_contacts: Vec::new(),
            technical_emergency: list(&["bereitschaft@alpin-erlebnis.example"]),
            technical_non_emergency: list(&["technik@alpin-erlebnis.example"]),
            merchant_issues: list(&["partner@alpin-erlebnis.example"]),
            operational_google: list(&["betrieb@alpin-erlebnis.example"]),
            operational_public: list(&["hallo@alpin-erlebnis.example"]),
            support_hours: SupportHours {
                always_open: false,
                rows: vec![row(&WORKDAYS, "08:00", "18:00", false, "Europe/Vienna")],
            },
        },
        lena,
        "2026-01-05T12:00:00Z",
    );
}

/// Complete contact information last confirmed on 2025-10-01: the review banner shows.
fn review_due(fixtures: &mut Builder) {
    let account = fixtures.account(
        "preview-1010",
        "Weingut Sonnenhang KG",
        IntegrationType::ThingsToDo,
        true,
    );
    let franz = fixtures.user(
        account,
        (
            "Franz Winkler",
            "franz.winkler@sonnenhang.example",
            Role::Administrator,
        ),
    );
    fixtures.user(
        account,
        (
            "Sophie Lang",
            "sophie.lang@sonnenhang.example",
            Role::Editor,
        ),
    );
    fixtures.user(
        account,
        (
            "Tobias Reiter",
            "tobias.reiter@sonnenhang.example",
            Role::ReadOnly,
        ),
    );
    fixtures.contact(
        account,
        ContactInfo {
            alert_contacts: list(&["franz.winkler@sonnenhang.example"]),
            technical_emergency: list(&["notfall@sonnenhang.example"]),
            technical_non_emergency: list(&["technik@sonnenhang.example"]),
            merchant_issues: list(&["haendler@sonnenhang.example"]),
            operational_google: list(&["betrieb@sonnenhang.example"]),
            operational_public: list(&["info@sonnenhang.example"]),
            support_hours: SupportHours {
                always_open: false,
                rows: vec![row(&WORKDAYS, "09:00", "17:00", false, "Europe/Vienna")],
            },
        },
        franz,
        "2025-10-01T09:00:00Z",
    );
    if let Some(record) = fixtures.state.contact_info.last_mut() {
        record.pinned_review_due = Some(true);
    }
}

/// Identifies the fixtures (FNV-1a of their JSON): saved state from other fixtures is
/// dropped, so new fixtures show after an update.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let json = serde_json::to_string(&fixtures()).unwrap_or_default();
        let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        format!("{hash:016x}")
    });
    &FINGERPRINT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::uses_merchant_contact;
    use portal_rules::contact::{self, ValidationContext};
    use portal_rules::email;

    fn zone_exists(zone: &str) -> bool {
        [
            "Europe/Rome",
            "Europe/Berlin",
            "Europe/Zurich",
            "Europe/Vienna",
            "America/Argentina/Buenos_Aires",
        ]
        .contains(&zone)
    }

    /// Fixture data is what the rules would have accepted: saving it again changes nothing.
    #[test]
    fn every_fixture_passes_the_shared_rules() {
        let state = fixtures();
        for record in &state.contact_info {
            let account = state.account(record.account_id).unwrap();
            let emails: Vec<String> = state
                .members(account.id)
                .iter()
                .map(|user| user.email.clone())
                .collect();
            let context = ValidationContext {
                environment: if record.contact.alert_contacts.is_empty() {
                    Environment::Sandbox
                } else {
                    Environment::Production
                },
                uses_merchant_contact: uses_merchant_contact(account.integration),
                user_emails: &emails,
                is_known_time_zone: &zone_exists,
            };
            let valid = contact::validate(&record.contact, &context)
                .unwrap_or_else(|errors| panic!("{}: {errors:?}", account.name));
            assert_eq!(valid, record.contact, "{} is normalized", account.name);
        }
        for user in &state.users {
            assert_eq!(
                email::normalize(&user.email).as_deref(),
                Ok(user.email.as_str())
            );
            assert!(user.name.chars().count() <= portal_rules::user::MAX_USER_NAME_CHARS);
        }
        for case in &state.support_cases {
            let new = portal_rules::support::NewSupportCase {
                category: case.case.category,
                subject: case.case.subject.clone(),
                description: case.case.description.clone(),
                reply_to: case.case.reply_to.clone(),
                environment: case.case.environment,
            };
            assert!(
                portal_rules::support::validate_case(&new).is_ok(),
                "{}",
                case.case.subject
            );
        }
    }

    #[test]
    fn the_fixtures_cover_the_product() {
        let state = fixtures();
        let integrations: std::collections::HashSet<_> = state
            .accounts
            .iter()
            .map(|account| account.integration)
            .collect();
        assert_eq!(
            integrations.len(),
            IntegrationType::ALL.len(),
            "every integration"
        );
        assert!(
            state
                .accounts
                .iter()
                .any(|account| !account.production_enabled)
        );
        let counts = |account: &str| {
            let id = state.account_by_partner_id(account).unwrap().id;
            (
                state.members(id).len(),
                state
                    .support_cases
                    .iter()
                    .filter(|case| case.account_id == id)
                    .count(),
            )
        };
        assert_eq!(counts("preview-7007"), (30, 25));
        assert_eq!(counts("demo-4004"), (1, 0));
        let two_accounts = state
            .users
            .iter()
            .filter(|user| user.email == "maria.rossi@example.com")
            .count();
        assert_eq!(two_accounts, 2);
        let stress = state.account_by_partner_id("preview-8008").unwrap().id;
        let longest = state
            .members(stress)
            .iter()
            .map(|user| (user.name.chars().count(), user.email.len()))
            .max()
            .unwrap();
        assert_eq!(longest, (100, 254));
        let subject = state
            .support_cases
            .iter()
            .find(|case| case.account_id == stress)
            .map(|case| {
                (
                    case.case.subject.chars().count(),
                    case.case.description.chars().count(),
                )
            });
        assert_eq!(subject, Some((120, 5000)));
    }

    #[test]
    fn the_demo_seed_comes_first_with_the_servers_ids() {
        let demo = server_demo();
        let all = fixtures();
        assert_eq!(all.accounts[..demo.accounts.len()], demo.accounts[..]);
        assert_eq!(all.users[..demo.users.len()], demo.users[..]);
        assert_eq!(fingerprint(), fingerprint());
    }
}
