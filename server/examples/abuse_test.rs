//! Abuse test (`cargo xtask abuse-test`): the server on loopback with its rate limits.
//! 1. The owner of an address signs in once on their browser (from 127.0.0.1). Then
//!    `--victim-requests` (1 000) sign-in-link requests for that address from other source
//!    addresses (127.0.0.2–127.0.0.254): each must be answered 202 (429 only past a
//!    source's own limit), at most a few mails may reach the address, and the owner's
//!    browser must still get a link.
//! 2. `--flood-requests` (10 000) requests from one source: mostly 429, and the server's
//!    resident memory stays flat.
//! 3. `--slow-clients` (200) connections that never finish their headers: the server must
//!    close them after its header deadline.
//!
//! `--server <binary> [--victim-requests N] [--flood-requests N] [--slow-clients N]`

mod support;

use futures_util::StreamExt;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};
use support::{Flags, Result, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const VICTIM: &str = "editor@demo.example";
const CONCURRENCY: usize = 32;
/// The server's limits this test checks against: link requests one source may send per
/// 15 minutes, and link mails strangers can make one address receive per 15 minutes.
const PER_SOURCE: u64 = 20;
const PER_ADDRESS: usize = 3;
/// The stranger sources: 127.0.0.2–127.0.0.254.
const STRANGERS: u64 = 253;

fn client_from(ip: Ipv4Addr) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(ip))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|error| error.to_string())
}

/// Sends `count` link requests (for `email(i)`, from `source(i)`), `CONCURRENCY` at a time;
/// returns the answers by status.
async fn flood(
    server: &Server,
    count: u64,
    source: impl Fn(u64) -> Ipv4Addr,
    email: impl Fn(u64) -> String,
) -> Result<BTreeMap<u16, u64>> {
    let mut clients = BTreeMap::new();
    for index in 0..count {
        let ip = source(index);
        if let std::collections::btree_map::Entry::Vacant(entry) = clients.entry(ip) {
            entry.insert(client_from(ip)?);
        }
    }
    let url = server.api("/auth/sign-in-link");
    let statuses: Vec<u16> = futures_util::stream::iter(0..count)
        .map(|index| {
            let client = clients[&source(index)].clone();
            let (url, email) = (url.clone(), email(index));
            async move {
                client
                    .post(url)
                    .json(&serde_json::json!({ "email": email }))
                    .send()
                    .await
                    .map_or(0, |response| response.status().as_u16())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut counts = BTreeMap::new();
    for status in statuses {
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}

/// Mails queued for `email` (counted in the database: the outbox page shows only the
/// newest).
fn mails_to(database: &std::path::Path, email: &str) -> Result<usize> {
    let connection = rusqlite::Connection::open(database).map_err(|error| error.to_string())?;
    connection
        .query_row(
            "SELECT count(*) FROM mail_queue WHERE to_address = ?1",
            [email],
            |row| row.get(0),
        )
        .map_err(|error| error.to_string())
}

/// Waits until the count for `email` stops changing (the worker caught up).
async fn settled_mails_to(database: &std::path::Path, email: &str) -> Result<usize> {
    let mut last = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = mails_to(database, email)?;
        if now == last {
            return Ok(now);
        }
        last = now;
    }
}

/// What became of one slow client's connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlowClient {
    /// The server closed it (or answered with an error) within the wait.
    Closed,
    /// Still open when the wait was over.
    Open,
    /// It never connected: says nothing about the header deadline.
    NotConnected,
}

/// Opens `count` connections that send half a request and wait; returns how many the
/// server closed within `wait`, how many it left open, and how many never connected.
async fn slow_clients(server: &Server, count: u64, wait: Duration) -> Result<[u64; 3]> {
    let addr = server.url.trim_start_matches("http://").to_owned();
    let mut tasks = Vec::new();
    for _ in 0..count {
        let addr = addr.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(mut stream) = tokio::net::TcpStream::connect(&addr).await else {
                return SlowClient::NotConnected;
            };
            if stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
                .await
                .is_err()
            {
                return SlowClient::NotConnected;
            }
            let mut buffer = [0u8; 512];
            // Closed (or answered with an error) before the wait is over?
            if tokio::time::timeout(wait, stream.read(&mut buffer))
                .await
                .is_ok()
            {
                SlowClient::Closed
            } else {
                SlowClient::Open
            }
        }));
    }
    let mut outcomes = [0; 3];
    for task in tasks {
        let outcome = task.await.map_err(|error| error.to_string())?;
        outcomes[outcome as usize] += 1;
    }
    Ok(outcomes)
}

/// Whether the server answers `/readyz` with 200 (it is up, so a closed connection was
/// its own doing).
async fn is_ready(server: &Server) -> bool {
    reqwest::get(format!("{}/readyz", server.url))
        .await
        .is_ok_and(|response| response.status().is_success())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(error) => {
            eprintln!("abuse test: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<bool> {
    let flags = Flags::from_env();
    let binary = flags.server_binary()?;
    let victim_requests = flags.number("--victim-requests", 1000)?;
    let flood_requests = flags.number("--flood-requests", 10_000)?;
    let slow = flags.number("--slow-clients", 200)?;
    let scratch = tempfile::tempdir().map_err(|error| error.to_string())?;
    let database = scratch.path().join("abuse.sqlite3");
    let server = Server::start(&binary, support::free_port()?, &database, &[]).await?;
    let mut passed = true;

    // 1. The owner signed in on their browser before; then strangers ask for the owner's
    // links from 253 other addresses.
    let owner = server.signed_in(VICTIM).await?;
    let before = settled_mails_to(&database, VICTIM).await?;
    let started = Instant::now();
    let strangers = flood(
        &server,
        victim_requests,
        |index| Ipv4Addr::new(127, 0, 0, 2 + u8::try_from(index % STRANGERS).unwrap_or(0)),
        |_| VICTIM.to_owned(),
    )
    .await?;
    let flooded = settled_mails_to(&database, VICTIM).await? - before;
    // Every stranger is answered 202 up to its own source's limit, 429 beyond; nothing else.
    let per_source = victim_requests / STRANGERS;
    let busier = victim_requests % STRANGERS;
    let expected_accepted = busier * (per_source + 1).min(PER_SOURCE)
        + (STRANGERS - busier) * per_source.min(PER_SOURCE);
    let expected: BTreeMap<u16, u64> = [
        (202, expected_accepted),
        (429, victim_requests - expected_accepted),
    ]
    .into_iter()
    .filter(|(_, count)| *count > 0)
    .collect();
    let answered = strangers == expected;
    // The address's budget for browsers that never signed in as it; twice, should a
    // window end during the run.
    let bound = 2 * PER_ADDRESS;
    let bounded = flooded <= bound;
    let owner_status = owner
        .post(server.api("/auth/sign-in-link"))
        .json(&serde_json::json!({ "email": VICTIM }))
        .send()
        .await
        .map_err(|error| error.to_string())?
        .status()
        .as_u16();
    let after = settled_mails_to(&database, VICTIM).await?;
    let victim_served = owner_status == 202 && after == before + flooded + 1;
    passed &= answered && bounded && victim_served;
    println!(
        "victim lockout: {victim_requests} requests for one address from {STRANGERS} other sources \
         in {} ms: answers {strangers:?} (expected {expected:?}){}; {flooded} mails reached the \
         address (at most {bound}){}; the owner's browser then asked: {owner_status}, got a \
         link: {}",
        started.elapsed().as_millis(),
        if answered { "" } else { " — WRONG" },
        if bounded { "" } else { " — TOO MANY" },
        if victim_served { "yes" } else { "NO" }
    );

    // 2. One source floods with made-up addresses.
    let before_kib = server.resident_kib().unwrap_or(0);
    let started = Instant::now();
    let answers = flood(
        &server,
        flood_requests,
        |_| Ipv4Addr::LOCALHOST,
        |index| format!("x{index}@spam.example"),
    )
    .await?;
    let elapsed = started.elapsed();
    let after_kib = server.resident_kib().unwrap_or(0);
    let limited = answers.get(&429).copied().unwrap_or(0);
    let grown_kib = after_kib.saturating_sub(before_kib);
    let flat = grown_kib < 16 * 1024;
    passed &= flat && limited >= flood_requests * 9 / 10;
    println!(
        "one-source flood: {flood_requests} requests in {} ms ({:.0}/s): answers {answers:?}; \
         resident memory {before_kib} KiB before, {after_kib} KiB after (+{grown_kib} KiB){}",
        elapsed.as_millis(),
        // Display only: the count fits an f64 exactly.
        f64::from(u32::try_from(flood_requests).unwrap_or(u32::MAX)) / elapsed.as_secs_f64(),
        if flat { "" } else { " — NOT FLAT" }
    );

    // 3. Slow clients that never finish their headers, against a server that is up.
    if slow > 0 {
        let up_before = is_ready(&server).await;
        let [closed, open, not_connected] =
            slow_clients(&server, slow, Duration::from_secs(15)).await?;
        let up_after = is_ready(&server).await;
        passed &= up_before && up_after && closed == slow && not_connected == 0;
        println!(
            "slow clients: {slow} connections sending half a header; closed by the server within \
             15 s: {closed}, still open: {open}, never connected: {not_connected}; server ready \
             before and after: {}",
            if up_before && up_after { "yes" } else { "NO" }
        );
    }
    println!("abuse test: {}", if passed { "passed" } else { "FAILED" });
    Ok(passed)
}
