//! The local outbox: every mail the server sends, shown at /api/dev/outbox in dev mode.

use super::{Result, Tx, now_rfc3339};
use rusqlite::params;
use serde::Serialize;

/// A mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The sign-in link in the body, if any (the dev outbox shows it as a link).
    pub link: Option<String>,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
}

pub fn push(tx: &Tx<'_>, mail: &Mail) -> Result<()> {
    tx.connection.execute(
        "INSERT INTO outbox (to_address, subject, body, link, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![mail.to, mail.subject, mail.body, mail.link, now_rfc3339()],
    )?;
    Ok(())
}

/// The newest `limit` mails, newest first.
pub fn newest(tx: &Tx<'_>, limit: u32) -> Result<Vec<SentMail>> {
    let mut statement = tx.connection.prepare(
        "SELECT id, to_address, subject, body, link, created_at FROM outbox ORDER BY id DESC LIMIT ?1",
    )?;
    let mails = statement
        .query_map(params![limit], |row| {
            Ok(SentMail {
                id: row.get(0)?,
                to: row.get(1)?,
                subject: row.get(2)?,
                body: row.get(3)?,
                link: row.get(4)?,
                created_at: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(mails)
}
