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

mod schema;

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
        schema::migrate(&mut connection)?;
        if seed_demo {
            schema::seed(&mut connection)?;
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
    format!("{:x}", Sha256::digest(text.as_bytes()))
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
