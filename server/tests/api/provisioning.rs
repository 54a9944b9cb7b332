//! Provisioning a real deployment with the binary's admin commands: accounts and a first
//! administrator on an empty database, whose invitation a server started on that database
//! mails over SMTP, so they can sign in. Plain `portal-server [flags]` still serves.

use crate::common::{TestServer, database_arg, fresh_database};
use crate::mailserver::MailServer;
use portal_rules::api::SessionInfo;
use portal_rules::model::{Role, UserStatus};
use portal_server::Database;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_portal-server");

/// Runs `portal-server args…` on `database` (given through `PORTAL_DATABASE`, as a
/// deployment's environment would).
fn portal_server(database: &Database, args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env("PORTAL_DATABASE", database_arg(database))
        .env_remove("PORTAL_PUBLIC_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("run portal-server")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn succeeded(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// A refusal: exit code 1, nothing on stdout, one line on stderr.
fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{}", stdout(output));
    assert_eq!(stdout(output), "");
    let text = stderr(output);
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    assert!(text.starts_with("error: "), "{text}");
    text
}

const INVITE: [&str; 14] = [
    "users",
    "add",
    "--partner-id",
    "acme-1",
    "--name",
    "Chiara Rossi",
    "--email",
    "chiara@acme.example",
    "--role",
    "administrator",
    "--locale",
    "it",
    "--public-url",
    "http://127.0.0.1:8080",
];

/// Adds the account `acme-1` and invites its first administrator; returns what inviting
/// printed.
fn provision(database: &Database) -> Output {
    let added = succeeded(portal_server(
        database,
        &[
            "accounts",
            "add",
            "--partner-id",
            "acme-1",
            "--name",
            "Acme Tours Srl",
            "--integration",
            "things_to_do",
        ],
    ));
    assert!(
        added.starts_with("Added account Acme Tours Srl (acme-1)"),
        "{added}"
    );
    let invited = portal_server(database, &INVITE);
    let invited_text = succeeded(invited.clone());
    assert!(
        invited_text.starts_with(
            "Invited Chiara Rossi <chiara@acme.example> (user 1) as administrator of Acme \
             Tours Srl (acme-1).\n"
        ),
        "{invited_text}"
    );
    invited
}

#[tokio::test]
async fn bad_input_exits_with_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    provision(&database);
    let again = refused(&portal_server(&database, &INVITE));
    assert!(
        again.contains("already a user of Acme Tours Srl"),
        "{again}"
    );
    let unknown = refused(&portal_server(
        &database,
        &[
            "accounts",
            "set-production",
            "--partner-id",
            "nope",
            "--enabled",
            "true",
        ],
    ));
    assert!(
        unknown.contains("no account has the partner ID"),
        "{unknown}"
    );
    let invalid = refused(&portal_server(
        &database,
        &[
            "accounts",
            "add",
            "--partner-id",
            "acme-1",
            "--name",
            "Acme again",
            "--integration",
            "ordering",
        ],
    ));
    assert!(
        invalid.contains("already exists (Acme Tours Srl)"),
        "{invalid}"
    );
    let listed = succeeded(portal_server(
        &database,
        &["users", "list", "--partner-id", "acme-1"],
    ));
    assert_eq!(
        listed.lines().count(),
        3,
        "a title, a header and one user: {listed}"
    );
}

#[tokio::test]
async fn a_provisioned_administrator_signs_in_through_the_invitation_mail() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let invited = provision(&database);

    // A production-like server on that database mails the invitation over SMTP.
    let smtp = MailServer::start();
    let server = TestServer::start_on_with_smtp_and(database.clone(), &smtp, |config| {
        config.seed_demo = Some(false);
    })
    .await;
    let mails = smtp.wait_for(1, 20).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.rcpt_to, "chiara@acme.example");
    assert_eq!(
        mail.header("subject"),
        "Invito al Portale partner: Acme Tours Srl"
    );
    assert!(
        mail.body
            .contains("Il team del Portale partner ti ha concesso l'accesso"),
        "{}",
        mail.body
    );
    let token = mail.token();
    for output in [&invited.stdout, &invited.stderr] {
        let text = String::from_utf8_lossy(output);
        assert!(!text.contains(&token), "no token printed: {text}");
    }

    let client = server.redeem(&token).await;
    let session: SessionInfo = crate::common::get_json(&client, server.api("/session")).await;
    assert_eq!(session.user.email, "chiara@acme.example");
    assert_eq!(
        (session.user.role, session.user.status),
        (Role::Administrator, UserStatus::Active)
    );
    assert_eq!(session.account.partner_id, "acme-1");
    assert!(!session.account.production_enabled);
    assert!(session.account.uses_merchant_contact);

    // Production switched on by the command shows in the running server's next answer.
    succeeded(portal_server(
        &database,
        &[
            "accounts",
            "set-production",
            "--partner-id",
            "acme-1",
            "--enabled",
            "true",
        ],
    ));
    let session: SessionInfo = crate::common::get_json(&client, server.api("/session")).await;
    assert!(session.account.production_enabled);
    let accounts = succeeded(portal_server(&database, &["accounts", "list"]));
    assert_eq!(
        accounts.lines().count(),
        2,
        "only the provisioned account: {accounts}"
    );
    server.stop().await;
}

#[tokio::test]
async fn plain_flags_still_start_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let mut child = Command::new(BINARY)
        .args(["--dev", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database_arg(&fresh_database(dir.path()).await))
        .args(["--shutdown-after-secs", "60"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/readyz");
    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = loop {
        if let Ok(response) = reqwest::get(&url).await
            && response.status().is_success()
        {
            break true;
        }
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            break false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "portal-server --dev … served /readyz");
}
