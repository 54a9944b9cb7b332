//! A real SMTP server for the mail tests: aiosmtpd (from the `.venv` that `cargo xtask
//! setup` creates) on a free 127.0.0.1 port, delivering into a Maildir in a temp dir. It
//! can be stopped and started again on the same port, and told to refuse mail (any SMTP
//! reply) for a while. It is killed when dropped.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A message as it arrived.
#[derive(Debug, Clone, Deserialize)]
pub struct Received {
    /// The header section as sent (encoded), one header per line.
    pub raw_headers: String,
    /// Decoded header values by lower-case name.
    pub headers: std::collections::HashMap<String, String>,
    /// The decoded text.
    pub body: String,
    /// The envelope recipients.
    pub rcpt_to: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }

    /// The sign-in link's token (from the `#token=` fragment).
    pub fn token(&self) -> String {
        let start = self.body.find("#token=").expect("a sign-in link") + "#token=".len();
        self.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

pub struct MailServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

fn python() -> PathBuf {
    let python = workspace().join(".venv").join("bin").join("python");
    assert!(
        python.exists(),
        "{} is missing: run `cargo xtask setup` first (it creates .venv with aiosmtpd, the SMTP \
         server the mail tests deliver to)",
        python.display()
    );
    python
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

impl MailServer {
    pub fn start() -> Self {
        let mut server = Self {
            port: free_port(),
            dir: tempfile::tempdir().expect("temp dir"),
            child: None,
        };
        server.resume();
        server
    }

    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("maildir")
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and Maildir.
    pub fn resume(&mut self) {
        let handlers = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join("smtp");
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "controlled.Controlled"])
            .arg(self.maildir())
            .env("PYTHONPATH", handlers)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server: connections are refused until [`MailServer::resume`].
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Answers every message with `reply` (e.g. `451 4.3.0 Try again later`) until
    /// [`MailServer::accept`].
    pub fn refuse_with(&self, reply: &str) {
        std::fs::write(self.dir.path().join("reply"), reply).expect("write reply");
    }

    pub fn accept(&self) {
        let _ = std::fs::remove_file(self.dir.path().join("reply"));
    }

    /// Every message received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        if !self.maildir().join("new").exists() {
            return Vec::new();
        }
        let output = Command::new(python())
            .arg(workspace().join("server/tests/smtp/read_maildir.py"))
            .arg(self.maildir())
            .output()
            .expect("read the Maildir");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("messages as JSON")
    }

    /// Waits (up to `seconds`) until `count` messages arrived; returns them.
    pub async fn wait_for(&self, count: usize, seconds: u64) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "{count} messages expected within {seconds} s, {} arrived",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        self.stop();
    }
}
