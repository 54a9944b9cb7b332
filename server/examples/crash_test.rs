//! Crash test (`cargo xtask crash-test`): the server on loopback, concurrent clients doing
//! acknowledged writes (contact-information PUTs, invitations, support cases), `kill -9` at
//! a random moment, restart, check that every acknowledged write is there; repeat.
//!
//! `--server <binary> [--cycles 200] [--clients 4] [--max-secs 1500]`
//! Prints acknowledged writes, writes found after restart and lost writes (must be 0);
//! exits non-zero if any write was lost.

mod support;

use rand::Rng;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::{Flags, Result, Server};
use tokio::sync::Mutex;

/// The demo administrators, one client per account.
const ADMINS: [&str; 4] = [
    "admin@demo.example",
    "admin@salute.example",
    "admin@luigi.example",
    "admin@alpenblick.example",
];

/// What the server acknowledged in one cycle.
#[derive(Default)]
struct Acknowledged {
    /// Per client: the newest contact-information version it was told was saved, and how
    /// many saves were acknowledged (a later version includes every earlier one).
    contact_versions: Vec<(i64, usize)>,
    invitations: Vec<(usize, String)>,
    cases: Vec<(usize, String)>,
}

impl Acknowledged {
    fn count(&self) -> usize {
        self.contact_versions
            .iter()
            .map(|(_, saves)| saves)
            .sum::<usize>()
            + self.invitations.len()
            + self.cases.len()
    }
}

struct Client {
    index: usize,
    http: reqwest::Client,
    uses_merchant_contact: bool,
    version: i64,
}

fn contact(marker: &str, uses_merchant_contact: bool) -> Value {
    let mut contact = json!({
        "alert_contacts": [],
        "technical_emergency": [format!("oncall-{marker}@crash.example")],
        "technical_non_emergency": ["dev@crash.example"],
        "merchant_issues": [],
        "operational_google": ["ops@crash.example"],
        "operational_public": ["support@crash.example"],
        "support_hours": { "always_open": true, "rows": [] }
    });
    if uses_merchant_contact {
        contact["merchant_issues"] = json!(["merchants@crash.example"]);
    }
    contact
}

impl Client {
    /// One write; records it if the server acknowledged it. Errors (the server was killed)
    /// are not acknowledgements.
    async fn write(
        &mut self,
        server: &str,
        cycle: u64,
        step: u64,
        acknowledged: &Mutex<Acknowledged>,
    ) {
        let marker = format!("{cycle}-{}-{step}", self.index);
        let api = |path: &str| format!("{server}/api/v1{path}");
        match step % 3 {
            0 => {
                let Ok(response) = self
                    .http
                    .put(api("/contact-info"))
                    .header("If-Match", format!("\"{}\"", self.version))
                    .json(&json!({ "environment": "sandbox", "contact": contact(&marker, self.uses_merchant_contact) }))
                    .send()
                    .await
                else {
                    return;
                };
                let status = response.status();
                let Ok(body) = response.json::<Value>().await else {
                    return;
                };
                if status.is_success() {
                    if let Some(version) = body["version"].as_i64() {
                        self.version = version;
                        let mut acknowledged = acknowledged.lock().await;
                        let (newest, saves) = &mut acknowledged.contact_versions[self.index];
                        *newest = (*newest).max(version);
                        *saves += 1;
                    }
                } else if let Some(version) = body["current"]["version"].as_i64() {
                    self.version = version;
                }
            }
            1 => {
                let email = format!("c{marker}@crash.example");
                let Ok(response) = self
                    .http
                    .post(api("/users"))
                    .header("Idempotency-Key", &marker)
                    .json(
                        &json!({ "name": "Crash Colleague", "email": email, "role": "read_only" }),
                    )
                    .send()
                    .await
                else {
                    return;
                };
                if response.status().is_success() && response.bytes().await.is_ok() {
                    acknowledged
                        .lock()
                        .await
                        .invitations
                        .push((self.index, email));
                }
            }
            _ => {
                let Ok(response) = self
                    .http
                    .post(api("/support-cases"))
                    .header("Idempotency-Key", &marker)
                    .json(&json!({ "category": "other", "subject": format!("Crash {marker}"), "description": "d", "reply_to": "a@crash.example" }))
                    .send()
                    .await
                else {
                    return;
                };
                if response.status().is_success()
                    && let Ok(case) = response.json::<Value>().await
                    && let Some(reference) = case["reference"].as_str()
                {
                    acknowledged
                        .lock()
                        .await
                        .cases
                        .push((self.index, reference.to_owned()));
                }
            }
        }
    }
}

/// Counts the acknowledged writes found after the restart.
async fn verify(server: &Server, clients: &[Client], acknowledged: &Acknowledged) -> Result<usize> {
    let mut found = 0;
    for client in clients {
        let (wanted, saves) = acknowledged.contact_versions[client.index];
        if saves > 0 {
            let info: Value = get(&client.http, &server.api("/contact-info")).await?;
            if info["version"].as_i64().unwrap_or(0) >= wanted {
                found += saves;
            }
        }
        let users: Value = get(&client.http, &server.api("/users")).await?;
        let emails: Vec<&str> = users["users"]
            .as_array()
            .map(|users| {
                users
                    .iter()
                    .filter_map(|user| user["email"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        found += acknowledged
            .invitations
            .iter()
            .filter(|(index, email)| *index == client.index && emails.contains(&email.as_str()))
            .count();
        for (index, reference) in &acknowledged.cases {
            if *index == client.index {
                let response = client
                    .http
                    .get(server.api(&format!("/support-cases/{reference}")))
                    .send()
                    .await
                    .map_err(|error| error.to_string())?;
                if response.status().is_success() {
                    found += 1;
                }
            }
        }
    }
    Ok(found)
}

async fn get(client: &reqwest::Client, url: &str) -> Result<Value> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("GET {url}: {}", response.status()));
    }
    response.json().await.map_err(|error| error.to_string())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(error) => {
            eprintln!("crash test: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<bool> {
    let flags = Flags::from_env();
    let binary = flags.server_binary()?;
    let cycles = flags.number("--cycles", 200)?;
    let client_count = usize::try_from(flags.number("--clients", 4)?.clamp(1, 4)).unwrap_or(4);
    let max_time = Duration::from_secs(flags.number("--max-secs", 1500)?);
    let scratch = tempfile::tempdir().map_err(|error| error.to_string())?;
    let database = scratch.path().join("crash.sqlite3");
    let port = support::free_port()?;
    let extra = ["--no-rate-limits"];
    let started = Instant::now();

    let mut server = Server::start(&binary, port, &database, &extra).await?;
    let mut clients = Vec::new();
    for (index, email) in ADMINS.iter().take(client_count).enumerate() {
        let http = server.signed_in(email).await?;
        let session: Value = get(&http, &server.api("/session")).await?;
        let info: Value = get(&http, &server.api("/contact-info")).await?;
        clients.push(Client {
            index,
            http,
            uses_merchant_contact: session["account"]["uses_merchant_contact"]
                .as_bool()
                .unwrap_or(true),
            version: info["version"].as_i64().unwrap_or(0),
        });
    }

    let (mut total_acknowledged, mut total_found, mut done) = (0, 0, 0);
    let mut rng = rand::rng();
    for cycle in 0..cycles {
        if started.elapsed() > max_time {
            println!(
                "time bound of {} s reached after {cycle} cycles",
                max_time.as_secs()
            );
            break;
        }
        let acknowledged = Arc::new(Mutex::new(Acknowledged {
            contact_versions: vec![(0, 0); clients.len()],
            ..Acknowledged::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for mut client in clients.drain(..) {
            let (acknowledged, stop, url) =
                (acknowledged.clone(), stop.clone(), server.url.clone());
            tasks.push(tokio::spawn(async move {
                let mut writes = 0;
                while !stop.load(Ordering::Relaxed) {
                    client.write(&url, cycle, writes, &acknowledged).await;
                    writes += 1;
                }
                client
            }));
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..600))).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for task in tasks {
            clients.push(task.await.map_err(|error| error.to_string())?);
        }
        clients.sort_by_key(|client| client.index);
        server = Server::start(&binary, port, &database, &extra).await?;
        let acknowledged = acknowledged.lock().await;
        let found = verify(&server, &clients, &acknowledged).await?;
        total_acknowledged += acknowledged.count();
        total_found += found;
        done = cycle + 1;
        if acknowledged.count() != found {
            println!(
                "cycle {cycle}: {} acknowledged, {found} found",
                acknowledged.count()
            );
        }
        // Versions move on; the next If-Match must be current.
        for client in &mut clients {
            let info: Value = get(&client.http, &server.api("/contact-info")).await?;
            client.version = info["version"].as_i64().unwrap_or(0);
        }
    }
    server.kill();
    let lost = total_acknowledged - total_found;
    println!(
        "crash test: {done} kill -9 cycles in {} s, {} clients\n  acknowledged writes: {total_acknowledged}\n  found after restart: {total_found}\n  lost: {lost}",
        started.elapsed().as_secs(),
        clients.len()
    );
    Ok(lost == 0 && total_acknowledged > 0)
}
