#![allow(dead_code, reason = "each example uses a part of it")]

//! Shared by the fault and load tests (`cargo xtask crash-test`, `cargo xtask abuse-test`):
//! starting the server binary on loopback over a scratch database, waiting until it is
//! ready, signing in through the dev outbox, and reading its memory use.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, String>;

/// Parses `--name value` flags; the rest keep their defaults.
pub struct Flags(Vec<String>);

impl Flags {
    pub fn from_env() -> Self {
        Self(std::env::args().skip(1).collect())
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .position(|arg| arg == name)
            .and_then(|index| self.0.get(index + 1))
            .map(String::as_str)
    }

    pub fn number(&self, name: &str, default: u64) -> Result<u64> {
        self.value(name).map_or(Ok(default), |text| {
            text.parse()
                .map_err(|_| format!("{name} {text:?} is not a number"))
        })
    }

    pub fn server_binary(&self) -> Result<PathBuf> {
        let binary = PathBuf::from(
            self.value("--server")
                .ok_or("--server <portal-server binary> is required")?,
        );
        if binary.exists() {
            Ok(binary)
        } else {
            Err(format!(
                "{} does not exist: build it first",
                binary.display()
            ))
        }
    }
}

pub fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| format!("no free port: {error}"))
}

/// The server process; killed (SIGKILL) when dropped.
pub struct Server {
    pub url: String,
    child: Child,
}

impl Server {
    /// Starts `binary` in dev mode on 127.0.0.1:`port` over `database`, with `extra` flags,
    /// and waits until /readyz answers.
    pub async fn start(binary: &Path, port: u16, database: &Path, extra: &[&str]) -> Result<Self> {
        let child = Command::new(binary)
            .args(["--dev", "--addr", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(database)
            .args(["--shutdown-after-secs", "3600"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let mut server = Self {
            url: format!("http://127.0.0.1:{port}"),
            child,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&mut self) -> Result {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_mins(1);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited with {status}"));
            }
            if let Ok(response) = client.get(format!("{}/readyz", self.url)).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("the server did not get ready within 60 s".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`: no shutdown, no flush, nothing.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Resident memory (`VmRSS`) in KiB.
    pub fn resident_kib(&self) -> Option<u64> {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .ok()?
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.url)
    }

    /// A client with a session for `email`, signed in through the dev outbox.
    pub async fn signed_in(&self, email: &str) -> Result<reqwest::Client> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|error| error.to_string())?;
        let newest = self.newest_link_id(&client, email).await?;
        client
            .post(self.api("/auth/sign-in-link"))
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await
            .map_err(|error| error.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let token = loop {
            if let Some((id, link)) = self.newest_link(&client, email).await?
                && Some(id) != newest
            {
                break link
                    .split_once("#token=")
                    .map(|(_, token)| token.to_owned())
                    .ok_or("a link without a token")?;
            }
            if Instant::now() > deadline {
                return Err(format!("no sign-in link for {email}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let response = client
            .post(self.api("/auth/session"))
            .json(&serde_json::json!({ "token": token }))
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if response.status().is_success() {
            Ok(client)
        } else {
            Err(format!("signing in as {email}: {}", response.status()))
        }
    }

    async fn newest_link(
        &self,
        client: &reqwest::Client,
        email: &str,
    ) -> Result<Option<(i64, String)>> {
        let outbox: Vec<serde_json::Value> = client
            .get(format!("{}/api/dev/outbox.json", self.url))
            .send()
            .await
            .map_err(|error| error.to_string())?
            .json()
            .await
            .map_err(|error| error.to_string())?;
        Ok(outbox.into_iter().find_map(|mail| {
            (mail["to"] == email)
                .then(|| Some((mail["id"].as_i64()?, mail["link"].as_str()?.to_owned())))
                .flatten()
        }))
    }

    async fn newest_link_id(&self, client: &reqwest::Client, email: &str) -> Result<Option<i64>> {
        Ok(self.newest_link(client, email).await?.map(|(id, _)| id))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
