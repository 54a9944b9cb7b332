//! The schema, as ordered migrations for each database, and the demo data for an empty
//! database. A schema change appends one migration to each list.

use super::{Error, Result, Tx, args, now_rfc3339, now_unix};
use portal_rules::contact::{ContactInfo, SupportHours};
use portal_rules::model::{IntegrationType, Role, UserStatus};
use rusqlite::{Connection, TransactionBehavior};

/// Ordered SQLite migrations; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    r"
    -- The one place that says which integrations use the merchant-issues contact.
    CREATE TABLE integration_types (
        code TEXT PRIMARY KEY,
        uses_merchant_contact INTEGER NOT NULL
    );
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        partner_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        integration TEXT NOT NULL REFERENCES integration_types(code),
        production_enabled INTEGER NOT NULL
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'read_only')),
        status TEXT NOT NULL CHECK (status IN ('invited', 'active')),
        created_at TEXT NOT NULL,
        last_sign_in_at TEXT
    );
    CREATE UNIQUE INDEX users_account_email ON users(account_id, lower(email));
    CREATE INDEX users_email ON users(lower(email));
    CREATE TABLE sign_in_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE contact_info (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        to_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT,
        created_at TEXT NOT NULL
    );
    INSERT INTO integration_types (code, uses_merchant_contact) VALUES
        ('things_to_do', 1), ('healthcare_appointments', 0), ('appointments', 1),
        ('reservations', 1), ('ordering', 1), ('local_services', 0);
",
    r"
    CREATE TABLE support_cases (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        reference TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        reply_to TEXT NOT NULL,
        environment TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_by_name TEXT NOT NULL
    );
    CREATE INDEX support_cases_account ON support_cases(account_id, id);
    -- Remembered answers to creating requests, so a retry gets the first answer.
    CREATE TABLE idempotency_keys (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response_status INTEGER NOT NULL,
        response_body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (account_id, key)
    );
",
    r"
    -- Optimistic concurrency for role changes.
    ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE invitations (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX invitations_account_time ON invitations(account_id, created_at);
",
    r"
    -- Sign-in link requests per address (lower-cased), for the per-address rate limit:
    -- one address may belong to users of several accounts.
    CREATE TABLE sign_in_requests (
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX sign_in_requests_email_time ON sign_in_requests(email, created_at);
",
    r"
    -- The durable mail queue replaces the outbox: every mail is a row written in the
    -- transaction that caused it; the worker sends it, retrying until `give_up_at`.
    -- `link` (and the link in `body`) is scrubbed once the mail is sent.
    DROP TABLE outbox;
    CREATE TABLE mail_queue (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        to_address TEXT NOT NULL,
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT,
        message_token TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL DEFAULT 0,
        give_up_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        last_error TEXT
    );
    CREATE INDEX mail_queue_due ON mail_queue(status, next_attempt_at);
    CREATE INDEX mail_queue_finished ON mail_queue(finished_at) WHERE finished_at IS NOT NULL;
    -- Sign-in link requests waiting for the worker, which looks the address up: the
    -- request itself does the same work for known and unknown addresses.
    CREATE TABLE link_requests (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL,
        language TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    -- Fixed-window counters for every business rate limit (per address, IP, user,
    -- account, global). `bucket` is a hash of the limit's name and subject.
    DROP TABLE sign_in_requests;
    DROP TABLE invitations;
    CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, window_start)
    ) WITHOUT ROWID;
    CREATE INDEX rate_limits_window ON rate_limits(window_start);
    -- The language a link was requested in becomes the user's mail language on sign-in.
    ALTER TABLE sign_in_tokens ADD COLUMN language TEXT;
    CREATE INDEX sign_in_tokens_user ON sign_in_tokens(user_id);
    CREATE INDEX sign_in_tokens_expiry ON sign_in_tokens(expires_at);
    ALTER TABLE users ADD COLUMN language TEXT;
    -- Idle timeout: sessions unused for a while end before their absolute expiry.
    ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET last_seen_at = created_at;
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE INDEX sessions_expiry ON sessions(expires_at);
    CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
    -- Idempotency keys per user and endpoint, with a numeric time for the purge. Stored
    -- answers are only kept for a day, so the old rows are not carried over.
    DROP TABLE idempotency_keys;
    CREATE TABLE idempotency_keys (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        user_id INTEGER NOT NULL,
        endpoint TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response_status INTEGER NOT NULL,
        response_body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, user_id, endpoint, key)
    );
    CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
",
    r"
    -- Who holds a mail's lease (a worker's random id): only the holder may mark it sent,
    -- due again or failed, so a worker whose lease ran out cannot overwrite another's work.
    ALTER TABLE mail_queue ADD COLUMN lease_owner TEXT;
",
    r"
    -- Browsers that signed in as an address (a long-lived cookie holds the token; only its
    -- hash is stored, and only a hash of the address). Their link requests for that address
    -- do not count against the address's limit, so strangers cannot use it up for the owner.
    CREATE TABLE known_devices (
        token_hash TEXT NOT NULL,
        address_hash TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (token_hash, address_hash)
    ) WITHOUT ROWID;
    CREATE INDEX known_devices_expiry ON known_devices(expires_at);
    -- Whether a link request came from such a browser: its mail is not held back by the
    -- overall limit on sign-in mails.
    ALTER TABLE link_requests ADD COLUMN known_device INTEGER NOT NULL DEFAULT 0;
",
    r"
    -- A new row gets the highest id + 1, so removing the newest user handed their id to the
    -- next one: a stale page (or a replayed answer) naming the removed user then acted on
    -- somebody else. The highest user id ever given out is kept here (the trigger sees
    -- every insert), and `users::insert_invited` gives out the next one. (PostgreSQL's
    -- identity never reuses a value.)
    CREATE TABLE user_id_high (high INTEGER NOT NULL);
    INSERT INTO user_id_high (high) SELECT coalesce(max(id), 0) FROM users;
    CREATE TRIGGER users_id_high AFTER INSERT ON users BEGIN
        UPDATE user_id_high SET high = max(high, NEW.id);
    END;
",
    r"
    -- The change history: one row per change to the contact information, users or roles,
    -- written in the transaction of the change. Who made it (and whom it is about) is kept
    -- by name and address as they were then; `actor_id` is NULL for the provisioning
    -- commands and once the user is removed. `changes` is the JSON list of field changes
    -- (`portal_rules::history::Change`).
    CREATE TABLE change_history (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        actor_name TEXT,
        actor_email TEXT,
        subject_name TEXT,
        subject_email TEXT,
        changes TEXT NOT NULL
    );
    CREATE INDEX change_history_account ON change_history(account_id, id);
    CREATE INDEX change_history_created ON change_history(created_at);
    -- For ON DELETE SET NULL when a user is removed (no scan of the whole history).
    CREATE INDEX change_history_actor ON change_history(actor_id) WHERE actor_id IS NOT NULL;
",
    r"
    -- When an editor last confirmed the contact information (every save, or
    -- 'Still correct'), Unix seconds; NULL: never, so a review is due. Existing rows count
    -- as confirmed when they were last saved.
    ALTER TABLE contact_info ADD COLUMN confirmed_at INTEGER;
    UPDATE contact_info SET confirmed_at = CAST(strftime('%s', updated_at) AS INTEGER);
",
    r"
    -- Verified contact addresses: one row per account and address (lower-cased) of its
    -- contact lists. 'pending' holds the hash of the single-use link's token (the token
    -- itself is only in the mail) and when it expires; an unused link past its expiry
    -- reads as failed. 'failed' is also set when the verification mail (`mail_id`) is
    -- refused for good. A verified row keeps its date and no token.
    CREATE TABLE contact_verifications (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        address TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
        token_hash TEXT UNIQUE,
        sent_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        verified_at INTEGER,
        mail_id INTEGER,
        PRIMARY KEY (account_id, address)
    );
    CREATE INDEX contact_verifications_mail ON contact_verifications(mail_id)
        WHERE mail_id IS NOT NULL;
",
    r"
    -- Whether the session's account was chosen: an address in several partner accounts
    -- picks one after signing in (`POST /api/v1/session/account`). Existing sessions had
    -- no choice to make.
    ALTER TABLE sessions ADD COLUMN account_chosen INTEGER NOT NULL DEFAULT 1;
",
];

/// Ordered PostgreSQL migrations; the one row of `schema_version` records how many have
/// run. The first is the SQLite schema as its migrations left it, in PostgreSQL's types:
/// 64-bit integers throughout (the store binds `i64`), `boolean` flags, identity keys,
/// and byte-wise ("C") ordering where the store sorts text, as SQLite does.
const POSTGRES_MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE integration_types (
        code TEXT COLLATE "C" PRIMARY KEY,
        uses_merchant_contact BOOLEAN NOT NULL
    );
    CREATE TABLE accounts (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        partner_id TEXT COLLATE "C" NOT NULL UNIQUE,
        name TEXT NOT NULL,
        integration TEXT COLLATE "C" NOT NULL REFERENCES integration_types(code),
        production_enabled BOOLEAN NOT NULL
    );
    CREATE TABLE users (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES accounts(id),
        name TEXT COLLATE "C" NOT NULL,
        email TEXT NOT NULL,
        role TEXT NOT NULL CONSTRAINT users_role_check
            CHECK (role IN ('administrator', 'editor', 'read_only')),
        status TEXT NOT NULL CHECK (status IN ('invited', 'active')),
        created_at TEXT NOT NULL,
        last_sign_in_at TEXT COLLATE "C",
        version BIGINT NOT NULL DEFAULT 1,
        language TEXT
    );
    CREATE UNIQUE INDEX users_account_email ON users(account_id, lower(email));
    CREATE INDEX users_email ON users(lower(email));
    CREATE TABLE sign_in_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        language TEXT
    );
    CREATE INDEX sign_in_tokens_user ON sign_in_tokens(user_id);
    CREATE INDEX sign_in_tokens_expiry ON sign_in_tokens(expires_at);
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE INDEX sessions_expiry ON sessions(expires_at);
    CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
    CREATE TABLE contact_info (
        account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
        version BIGINT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL
    );
    CREATE TABLE support_cases (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES accounts(id),
        reference TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        reply_to TEXT NOT NULL,
        environment TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        created_at TEXT NOT NULL,
        created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
        created_by_name TEXT NOT NULL
    );
    CREATE INDEX support_cases_account ON support_cases(account_id, id);
    CREATE TABLE idempotency_keys (
        account_id BIGINT NOT NULL REFERENCES accounts(id),
        user_id BIGINT NOT NULL,
        endpoint TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response_status BIGINT NOT NULL,
        response_body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (account_id, user_id, endpoint, key)
    );
    CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
    CREATE TABLE mail_queue (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        to_address TEXT NOT NULL,
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT,
        message_token TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        lease_until BIGINT NOT NULL DEFAULT 0,
        give_up_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        finished_at BIGINT,
        last_error TEXT,
        lease_owner TEXT
    );
    CREATE INDEX mail_queue_due ON mail_queue(status, next_attempt_at);
    CREATE INDEX mail_queue_finished ON mail_queue(finished_at) WHERE finished_at IS NOT NULL;
    CREATE TABLE link_requests (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        address TEXT NOT NULL,
        language TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        known_device BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        hits BIGINT NOT NULL,
        PRIMARY KEY (bucket, window_start)
    );
    CREATE INDEX rate_limits_window ON rate_limits(window_start);
    CREATE TABLE known_devices (
        token_hash TEXT NOT NULL,
        address_hash TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (token_hash, address_hash)
    );
    CREATE INDEX known_devices_expiry ON known_devices(expires_at);
    INSERT INTO integration_types (code, uses_merchant_contact) VALUES
        ('things_to_do', TRUE), ('healthcare_appointments', FALSE), ('appointments', TRUE),
        ('reservations', TRUE), ('ordering', TRUE), ('local_services', FALSE);
"#,
    r"
    -- The change history; see the SQLite migration of the same name.
    CREATE TABLE change_history (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES accounts(id),
        created_at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
        actor_name TEXT,
        actor_email TEXT,
        subject_name TEXT,
        subject_email TEXT,
        changes TEXT NOT NULL
    );
    CREATE INDEX change_history_account ON change_history(account_id, id);
    CREATE INDEX change_history_created ON change_history(created_at);
    -- For ON DELETE SET NULL when a user is removed (no scan of the whole history).
    CREATE INDEX change_history_actor ON change_history(actor_id) WHERE actor_id IS NOT NULL;
",
    r"
    -- When the contact information was last confirmed; see the SQLite migration of the
    -- same name.
    ALTER TABLE contact_info ADD COLUMN confirmed_at BIGINT;
    UPDATE contact_info SET confirmed_at = extract(epoch FROM updated_at::timestamptz)::bigint
        WHERE updated_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T';
",
    r#"
    -- Verified contact addresses; see the SQLite migration of the same name.
    CREATE TABLE contact_verifications (
        account_id BIGINT NOT NULL REFERENCES accounts(id),
        address TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
        token_hash TEXT UNIQUE,
        sent_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        verified_at BIGINT,
        mail_id BIGINT,
        PRIMARY KEY (account_id, address)
    );
    CREATE INDEX contact_verifications_mail ON contact_verifications(mail_id)
        WHERE mail_id IS NOT NULL;
"#,
    r"
    -- Whether the session's account was chosen; see the SQLite migration of the same name.
    ALTER TABLE sessions ADD COLUMN account_chosen BOOLEAN NOT NULL DEFAULT TRUE;
",
];

/// Arbitrary, fixed: the advisory lock under which PostgreSQL migrations run.
const MIGRATION_LOCK: i64 = 0x706f_7274_616c; // "portal"

/// How many migrations this binary knows (SQLite, PostgreSQL).
#[cfg(test)]
pub(super) const MIGRATION_COUNT: usize = MIGRATIONS.len();
#[cfg(test)]
pub(super) const POSTGRES_MIGRATION_COUNT: usize = POSTGRES_MIGRATIONS.len();

/// The migrations that ran before the first one containing `marker`, on each backend: a
/// test builds an old database with them, fills it, then lets the store migrate the rest.
#[cfg(test)]
pub(super) fn migrations_before(
    marker: &str,
) -> (&'static [&'static str], &'static [&'static str]) {
    let before = |migrations: &'static [&'static str]| {
        let index = migrations
            .iter()
            .position(|migration| migration.contains(marker))
            .unwrap_or_else(|| panic!("no migration contains {marker:?}"));
        &migrations[..index]
    };
    (before(MIGRATIONS), before(POSTGRES_MIGRATIONS))
}

/// Runs the migrations this database has not had yet, all in one IMMEDIATE transaction:
/// it takes the write lock before reading `user_version`, so of several servers starting
/// on the same file at once, one migrates and the others then find nothing to do.
pub(super) fn migrate_sqlite(connection: &mut Connection) -> Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let applied: usize = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    check_version(applied, MIGRATIONS.len())?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", index + 1)?;
    }
    transaction.commit()?;
    log_applied(applied, MIGRATIONS.len());
    Ok(())
}

/// Runs the migrations this database has not had yet, in one transaction that first takes
/// an advisory lock (`pg_advisory_xact_lock`, released at commit): of several replicas
/// starting together, one migrates and the others wait, then find nothing to do.
pub(super) async fn migrate_postgres(client: &mut deadpool_postgres::ClientWrapper) -> Result<()> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL); \
             INSERT INTO schema_version (version) \
             SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)",
        )
        .await?;
    let applied: i64 = transaction
        .query_one("SELECT version FROM schema_version", &[])
        .await?
        .try_get(0)?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    check_version(applied, POSTGRES_MIGRATIONS.len())?;
    for (index, migration) in POSTGRES_MIGRATIONS.iter().enumerate().skip(applied) {
        transaction.batch_execute(migration).await?;
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        transaction
            .execute("UPDATE schema_version SET version = $1", &[&version])
            .await?;
    }
    transaction.commit().await?;
    log_applied(applied, POSTGRES_MIGRATIONS.len());
    Ok(())
}

/// A database migrated further than this binary knows was written by a newer version.
fn check_version(applied: usize, known: usize) -> Result<()> {
    if applied > known {
        return Err(Error::NewerSchema {
            found: applied,
            known,
        });
    }
    Ok(())
}

fn log_applied(applied: usize, known: usize) {
    if applied < known {
        tracing::info!("applied database migrations {} to {known}", applied + 1);
    }
}

/// The demo address in two partner accounts: Editor of Trattoria Da Luigi (contact
/// information incomplete) and Administrator of Agriturismo Collina Verde (complete).
const AGENCY_ADDRESS: &str = "agency@studio.example";

/// The demo account whose contact information is due for review.
const REVIEW_DUE_ACCOUNT: &str = "demo-6006";

/// Complete contact information for [`REVIEW_DUE_ACCOUNT`], saved and confirmed 400 days
/// before the seed, so the review banner shows from the first start.
fn seed_review_due(tx: &Tx<'_>) -> Result<()> {
    let account_id: i64 = tx
        .query_one(
            "SELECT id FROM accounts WHERE partner_id = ?1",
            args![REVIEW_DUE_ACCOUNT],
        )?
        .get(0)?;
    let address = |local: &str| vec![format!("{local}@collina.example")];
    let contact = ContactInfo {
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
    };
    let confirmed_at = now_unix() - 400 * 24 * 60 * 60;
    let at = chrono::DateTime::from_timestamp(confirmed_at, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    tx.execute(
        "INSERT INTO contact_info (account_id, version, data, updated_at, confirmed_at) \
         VALUES (?1, 1, ?2, ?3, ?4)",
        args![
            account_id,
            serde_json::to_string(&contact)?,
            at,
            confirmed_at
        ],
    )?;
    Ok(())
}

/// A demo account: partner id, name, integration, Production enabled, and its users.
pub(super) type DemoAccount = (
    &'static str,
    &'static str,
    IntegrationType,
    bool,
    &'static [(&'static str, &'static str, Role)],
);

pub(super) const DEMO_ACCOUNTS: &[DemoAccount] = &[
    (
        "demo-1001",
        "Demo Partner GmbH",
        IntegrationType::ThingsToDo,
        true,
        &[
            ("Anna Admin", "admin@demo.example", Role::Administrator),
            ("Emil Editor", "editor@demo.example", Role::Editor),
            ("Rita Reader", "viewer@demo.example", Role::ReadOnly),
        ],
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
        )],
    ),
    (
        "demo-3003",
        "Trattoria Da Luigi",
        IntegrationType::Reservations,
        true,
        &[
            ("Luigi Titolare", "admin@luigi.example", Role::Administrator),
            ("Lucia Lettrice", "viewer@luigi.example", Role::ReadOnly),
            ("Sara Agenzia", AGENCY_ADDRESS, Role::Editor),
        ],
    ),
    // A lone administrator: the "let a colleague fill it in" path starts here.
    (
        "demo-4004",
        "Bergbahnen Alpenblick AG",
        IntegrationType::ThingsToDo,
        true,
        &[(
            "Greta Gruber",
            "admin@alpenblick.example",
            Role::Administrator,
        )],
    ),
    // Production not enabled yet: only Sandbox, so alert contacts are never asked for.
    (
        "demo-5005",
        "Noleggio Bici Garda Snc",
        IntegrationType::LocalServices,
        false,
        &[("Paola Prova", "admin@garda.example", Role::Administrator)],
    ),
    // Complete contact information, last confirmed more than a year ago: its editors
    // are asked to review it (see `seed_review_due`).
    (
        REVIEW_DUE_ACCOUNT,
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
            // An agency working for two partners (also Editor at Trattoria Da Luigi).
            ("Sara Agenzia", AGENCY_ADDRESS, Role::Administrator),
        ],
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
        ],
    ),
];

/// Demo data for an empty database: an account with one user per role, and a second
/// account so isolation can be seen and tested. The check is inside the (IMMEDIATE or
/// SERIALIZABLE) transaction: of several servers starting at once, one seeds.
pub(super) fn seed(tx: &Tx<'_>) -> Result<()> {
    let accounts: i64 = tx
        .query_one("SELECT count(*) FROM accounts", args![])?
        .get(0)?;
    if accounts > 0 {
        return Ok(());
    }
    let now = now_rfc3339();
    for &(partner_id, name, integration, production_enabled, users) in DEMO_ACCOUNTS {
        let account_id: i64 = tx
            .query_one(
                "INSERT INTO accounts (partner_id, name, integration, production_enabled) \
                 VALUES (?1, ?2, ?3, ?4) RETURNING id",
                args![partner_id, name, integration.as_str(), production_enabled],
            )?
            .get(0)?;
        for (user_name, email, role) in users {
            tx.execute(
                "INSERT INTO users (account_id, name, email, role, status, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                args![
                    account_id,
                    user_name,
                    email,
                    role.as_str(),
                    UserStatus::Active.as_str(),
                    now
                ],
            )?;
        }
    }
    seed_review_due(tx)?;
    tracing::info!("seeded demo accounts");
    Ok(())
}
