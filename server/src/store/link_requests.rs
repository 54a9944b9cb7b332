//! Sign-in link requests waiting for the worker. The request handler only records the
//! address; the worker looks it up and mails a link to each of its users, so a request for
//! an unknown address costs the same as one for a known address.

use super::{Result, Tx, args, now_unix};

/// A recorded request: a normalized address, the requester's language, and whether it
/// came from a browser that signed in as that address before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    pub address: String,
    pub language: String,
    pub known_device: bool,
}

pub fn push(tx: &Tx<'_>, address: &str, language: &str, known_device: bool) -> Result<()> {
    tx.execute(
        "INSERT INTO link_requests (address, language, created_at, known_device) \
         VALUES (?1, ?2, ?3, ?4)",
        args![address, language, now_unix(), known_device],
    )?;
    tx.mark_queued();
    Ok(())
}

/// Removes and returns up to `limit` requests, oldest first.
pub fn take(tx: &Tx<'_>, limit: u32) -> Result<Vec<LinkRequest>> {
    let mut requests = tx
        .query(
            "DELETE FROM link_requests WHERE id IN (SELECT id FROM link_requests ORDER BY id LIMIT ?1) \
             RETURNING id, address, language, known_device",
            args![limit],
        )?
        .iter()
        .map(|row| -> Result<(i64, LinkRequest)> {
            Ok((
                row.get(0)?,
                LinkRequest {
                    address: row.get(1)?,
                    language: row.get(2)?,
                    known_device: row.get(3)?,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    requests.sort_by_key(|(id, _)| *id);
    Ok(requests.into_iter().map(|(_, request)| request).collect())
}
