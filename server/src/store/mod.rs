//! The embedded SQLite database and every SQL statement the server runs, one module per
//! entity. Callers get typed values and a [`Tx`] handle; no `rusqlite` row or statement
//! crosses this boundary, so another database can later sit behind the same functions.

pub mod accounts;
pub mod contact_info;
pub mod idempotency;
pub mod outbox;
pub mod sessions;
pub mod sign_in_tokens;
pub mod support_cases;
pub mod users;

use rusqlite::types::Type;
use rusqlite::{Connection, Row};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create the database directory {path}: {source}")]
    CreateDirectory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot encode stored JSON: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("database lock poisoned")]
    Poisoned,
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

pub type Result<T> = std::result::Result<T, Error>;

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

/// The database. Cloning shares it.
#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

/// One unit of work inside a transaction; the store's functions take it.
pub struct Tx<'c> {
    connection: &'c Connection,
}

impl Store {
    /// Opens (creating) the database file, migrates it and, if asked, seeds demo data
    /// into an empty database.
    pub fn open(path: &Path, seed_demo: bool) -> Result<Self> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateDirectory {
                path: parent.to_owned(),
                source,
            })?;
        }
        let mut connection = Connection::open(path)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
             PRAGMA synchronous = NORMAL;",
        )?;
        migrate(&mut connection)?;
        if seed_demo {
            seed(&mut connection)?;
        }
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` in one transaction off the async threads, committing when it returns
    /// `Ok`. One connection serializes writes, which SQLite does anyway.
    pub async fn run<T, E>(
        &self,
        work: impl FnOnce(&Tx<'_>) -> std::result::Result<T, E> + Send + 'static,
    ) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().map_err(|_| Error::Poisoned)?;
            let transaction = connection.transaction().map_err(Error::from)?;
            let value = work(&Tx {
                connection: &transaction,
            })?;
            transaction.commit().map_err(Error::from)?;
            Ok(value)
        })
        .await
        .map_err(Error::from)?
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
            rusqlite::params![partner_id, name, integration],
        )?;
        let account_id = transaction.last_insert_rowid();
        for (user_name, email, role) in users {
            transaction.execute(
                "INSERT INTO users (account_id, name, email, role, status, created_at) \
                 VALUES (?1, ?2, ?3, ?4, 'active', ?5)",
                rusqlite::params![account_id, user_name, email, role, now],
            )?;
        }
    }
    transaction.commit()?;
    tracing::info!("seeded demo accounts");
    Ok(())
}

/// Audit timestamps (`created_at`, `updated_at`) are stored as RFC 3339 text.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Expiry and rate-limit times are stored as Unix seconds, so they compare as numbers.
fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Only hashes of secrets (tokens) and of request bodies are stored, so a database leak
/// does not leak usable tokens.
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Reads a text column into a wire enum (anything `FromStr`). An unknown stored value is a
/// conversion error, never a default: a corrupt role must not quietly become another one.
fn parse_column<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    text.parse().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error))
    })
}

/// Like [`parse_column`] for a nullable column.
fn parse_optional_column<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_column(row, index).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_rules::model::Role;

    #[test]
    fn an_unknown_stored_value_is_an_error_not_a_default() {
        let connection = Connection::open_in_memory().expect("database");
        let read = |sql: &str| {
            connection.query_row(sql, [], |row| {
                Ok((
                    parse_column::<Role>(row, 0),
                    parse_optional_column::<Role>(row, 1),
                ))
            })
        };
        let (role, optional) = read("SELECT 'editor', NULL").expect("row");
        assert_eq!(role.expect("known"), Role::Editor);
        assert_eq!(optional.expect("null"), None);
        let (role, optional) = read("SELECT 'owner', 'owner'").expect("row");
        for error in [role.expect_err("unknown"), optional.expect_err("unknown")] {
            assert!(
                matches!(
                    error,
                    rusqlite::Error::FromSqlConversionFailure(_, Type::Text, _)
                ),
                "{error:?}"
            );
        }
    }
}
