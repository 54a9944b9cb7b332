//! The embedded SQLite database: connection, migrations and demo seed.

use crate::problem::{ApiError, ApiResult};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Ordered migrations; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
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
"#,
    r#"
    -- Optimistic concurrency for role changes.
    ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE invitations (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX invitations_account_time ON invitations(account_id, created_at);
"#,
    r#"
    -- Sign-in link requests per address (lower-cased), for the per-address rate limit:
    -- one address may belong to users of several accounts.
    CREATE TABLE sign_in_requests (
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX sign_in_requests_email_time ON sign_in_requests(email, created_at);
"#,
];

#[derive(Clone)]
pub struct Db {
    connection: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn open(path: &Path, seed_demo: bool) -> Result<Self, String> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
        }
        let mut connection = Connection::open(path).map_err(|error| error.to_string())?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
            .map_err(|error| error.to_string())?;
        migrate(&mut connection).map_err(|error| error.to_string())?;
        if seed_demo {
            seed(&mut connection).map_err(|error| error.to_string())?;
        }
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs blocking database work off the async threads. One connection serializes
    /// writes, which SQLite does anyway.
    pub async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    ) -> ApiResult<T> {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = connection
                .lock()
                .map_err(|_| ApiError::internal("database lock poisoned"))?;
            work(&mut connection)
        })
        .await
        .map_err(ApiError::internal)?
    }
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let applied: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", index + 1)?;
        transaction.commit()?;
        tracing::info!("applied database migration {}", index + 1);
    }
    Ok(())
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Demo data for an empty database: an account with one user per role, and a second
/// account so isolation can be seen and tested.
fn seed(connection: &mut Connection) -> rusqlite::Result<()> {
    let accounts: i64 =
        connection.query_row("SELECT count(*) FROM accounts", [], |row| row.get(0))?;
    if accounts > 0 {
        return Ok(());
    }
    let transaction = connection.transaction()?;
    let now = now_rfc3339();
    let demo = [
        (
            "demo-1001",
            "Demo Partner GmbH",
            "things_to_do",
            &[
                ("Anna Admin", "admin@demo.example", "administrator"),
                ("Emil Editor", "editor@demo.example", "editor"),
                ("Rita Reader", "viewer@demo.example", "read_only"),
            ][..],
        ),
        (
            "demo-2002",
            "Salute Rapida Srl",
            "healthcare_appointments",
            &[(
                "Marco Amministratore",
                "admin@salute.example",
                "administrator",
            )][..],
        ),
        (
            "demo-3003",
            "Trattoria Da Luigi",
            "reservations",
            &[
                ("Luigi Titolare", "admin@luigi.example", "administrator"),
                ("Lucia Lettrice", "viewer@luigi.example", "read_only"),
            ][..],
        ),
        // A lone administrator: the "let a colleague fill it in" path starts here.
        (
            "demo-4004",
            "Bergbahnen Alpenblick AG",
            "things_to_do",
            &[("Greta Gruber", "admin@alpenblick.example", "administrator")][..],
        ),
    ];
    for (partner_id, name, integration, users) in demo {
        transaction.execute(
            "INSERT INTO accounts (partner_id, name, integration, production_enabled) VALUES (?1, ?2, ?3, 1)",
            params![partner_id, name, integration],
        )?;
        let account_id = transaction.last_insert_rowid();
        for (user_name, email, role) in users {
            transaction.execute(
                "INSERT INTO users (account_id, name, email, role, status, created_at) VALUES (?1, ?2, ?3, ?4, 'active', ?5)",
                params![account_id, user_name, email, role, now],
            )?;
        }
    }
    transaction.commit()?;
    tracing::info!("seeded demo accounts");
    Ok(())
}

/// Reads one optional row.
pub fn optional<T>(result: rusqlite::Result<T>) -> rusqlite::Result<Option<T>> {
    result.optional()
}
