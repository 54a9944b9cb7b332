//! Stores for the library's tests, on the database `PORTAL_TEST_DATABASE` names: SQLite
//! (the default) in a temp dir, or `postgres`: a fresh database on this test binary's
//! throwaway cluster ([`test_cluster`]).

#[path = "test_cluster.rs"]
pub(crate) mod test_cluster;

use super::{Backend, Database, PoolOptions, Store};

/// A store and what keeps its database alive.
pub(crate) struct TestStore {
    pub store: Store,
    pub database: Database,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

/// The backend the tests run on.
pub(crate) fn backend() -> Backend {
    if test_cluster::postgres_wanted() {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A new database (seeded with the demo data if asked) on the tests' backend.
pub(crate) async fn store(seed_demo: bool) -> TestStore {
    let (database, dir) = database().await;
    let store = Store::connect(&database, seed_demo, PoolOptions::default())
        .await
        .expect("test store");
    TestStore {
        store,
        database,
        _dir: dir,
    }
}

/// A new, empty database on the tests' backend (not opened yet).
pub(crate) async fn database() -> (Database, Option<tempfile::TempDir>) {
    match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            (Database::Sqlite(dir.path().join("db.sqlite3")), Some(dir))
        }
        Backend::Postgres => {
            let url = tokio::task::spawn_blocking(test_cluster::fresh_database_url)
                .await
                .expect("cluster");
            (url.parse().expect("a PostgreSQL URL"), None)
        }
    }
}
