//! Mail through a real SMTP server (aiosmtpd): sign-in links and invitations arrive with
//! the right headers and text in each language, nothing secret stays at rest or reaches a
//! log, a queue survives an SMTP outage and a restart, 4xx answers are retried and 5xx
//! answers fail the mail, and support acknowledgements go only to the signed-in user.

use crate::common::{MAIL_FROM, TestServer, expect_problem};
use crate::mailserver::{MailServer, Received};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Everything the server logs, at every level, from the first call on (one subscriber per
/// test binary: other modules read it through [`log_text`]).
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        #[derive(Clone)]
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(logs.clone());
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .try_init();
        logs
    })
    .clone()
}

pub fn log_text() -> String {
    String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned()
}

async fn request_link(server: &TestServer, email: &str, locale: &str) {
    let started = Instant::now();
    server.request_link(email, Some(locale)).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered at once, not after sending"
    );
}

fn assert_headers(mail: &Received, to: &str, subject: &str, language: &str) {
    assert_eq!(mail.header("from"), MAIL_FROM);
    assert_eq!(mail.header("to"), to);
    assert_eq!(mail.rcpt_to, to);
    assert_eq!(mail.header("subject"), subject);
    assert_eq!(mail.header("content-language"), language);
    assert_eq!(mail.header("auto-submitted"), "auto-generated");
    assert!(!mail.header("date").is_empty(), "{}", mail.raw_headers);
    let id = mail.header("message-id");
    assert!(
        id.starts_with('<') && id.ends_with("@portal.example>"),
        "{id}"
    );
    assert!(
        mail.raw_headers
            .contains("Content-Type: text/plain; charset=utf-8"),
        "{}",
        mail.raw_headers
    );
}

#[tokio::test]
async fn sign_in_links_and_invitations_arrive_by_smtp_in_each_language() {
    let logs_before = log_text().len();
    let smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    request_link(&server, "admin@demo.example", "de-CH").await;
    request_link(&server, "viewer@demo.example", "it").await;
    request_link(&server, "editor@demo.example", "en-GB").await;
    let mut received = smtp.wait_for(3, 20).await;
    received.sort_by_key(|mail| mail.header("to").to_owned());
    let [admin, editor, viewer] = &received[..] else {
        panic!("three mails: {received:?}")
    };
    assert_headers(
        admin,
        "admin@demo.example",
        "Anmeldung im Partner-Portal",
        "de",
    );
    assert!(admin.body.contains("Hallo Anna Admin"), "{}", admin.body);
    assert_headers(
        viewer,
        "viewer@demo.example",
        "Accesso al Portale partner",
        "it",
    );
    assert!(viewer.body.contains("Ciao Rita Reader"));
    assert_headers(
        editor,
        "editor@demo.example",
        "Sign in to the Partner Portal",
        "en",
    );
    assert!(
        editor
            .body
            .contains("http://127.0.0.1:8080/sign-in/callback#token="),
        "{}",
        editor.body
    );

    // The mailed link signs in; the cookie is the hardened one.
    let token = admin.token();
    let client = TestServer::client();
    let response = client
        .post(server.api("/auth/session"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("__Host-portal_session=")
            && cookie.contains("; Secure")
            && cookie.contains("Path=/")
            && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert_known_device_cookie(&response);
    // The client's cookie store does not send Secure cookies over http; pass it by hand.
    let session_cookie = cookie.split(';').next().unwrap().to_owned();

    // An invitation in each language, from the admin's session.
    for (index, (locale, subject)) in [
        ("de", "Einladung zum Partner-Portal: Demo Partner GmbH"),
        ("it", "Invito al Portale partner: Demo Partner GmbH"),
        ("en", "Invitation to the Partner Portal: Demo Partner GmbH"),
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("colleague{index}@partner.example");
        let response = client
            .post(server.api("/users"))
            .header("cookie", &session_cookie)
            .header("Idempotency-Key", format!("invite-{index}"))
            .json(&json!({ "name": "Cora Colleague", "email": email, "role": "editor", "locale": locale }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let received = smtp.wait_for(4 + index, 20).await;
        let invitation = received
            .iter()
            .find(|mail| mail.header("to") == email)
            .expect("the invitation");
        assert_headers(invitation, &email, subject, locale);
        assert!(invitation.body.contains("Anna Admin"));
        if index == 2 {
            let response = TestServer::client()
                .post(server.api("/auth/session"))
                .json(&json!({ "token": invitation.token() }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "the invitee signs in");
        }
    }

    assert_no_secrets_at_rest_or_in_logs(&server, &smtp, logs_before).await;
}

/// Signing in also marks the browser as one that signed in as the address: a hardened,
/// long-lived cookie no script can read and no other site can make the browser send.
fn assert_known_device_cookie(response: &reqwest::Response) {
    let device = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("__Host-portal_device="))
        .expect("the known-device cookie");
    assert!(
        device.contains("; Secure")
            && device.contains("HttpOnly")
            && device.contains("SameSite=Strict")
            && device.contains("Path=/")
            && !device.contains("Domain"),
        "{device}"
    );
}

/// Tokens only as hashes, sent links scrubbed from the queue; no token or link in the log,
/// addresses only at DEBUG and below.
async fn assert_no_secrets_at_rest_or_in_logs(
    server: &TestServer,
    smtp: &MailServer,
    logs_before: usize,
) {
    // Nothing secret at rest: tokens only as hashes, sent links scrubbed from the queue.
    server.settle().await;
    let database = server.sql();
    for mail in smtp.received() {
        let token = mail.token();
        // (`_` in a token matches any character here: stricter, not looser.)
        let found = database.int(
            "SELECT (SELECT count(*) FROM mail_queue \
             WHERE body LIKE '%' || ?1 || '%' OR coalesce(link, '') LIKE '%' || ?1 || '%') \
             + (SELECT count(*) FROM sign_in_tokens WHERE token_hash = ?1)",
            &[(&token).into()],
        );
        assert_eq!(found, 0, "token at rest");
    }
    // ...and nothing secret in the log, at any level; addresses only at DEBUG and below.
    let logs = log_text()[logs_before..].to_owned();
    for mail in smtp.received() {
        assert!(!logs.contains(&mail.token()), "a token was logged");
    }
    assert!(!logs.contains("#token="), "a link was logged");
    for line in logs.lines().filter(|line| {
        line.contains(" INFO ") || line.contains(" WARN ") || line.contains(" ERROR ")
    }) {
        assert!(
            !line.contains("@demo.example") && !line.contains("@partner.example"),
            "an address above DEBUG: {line}"
        );
    }
    assert!(
        logs.contains("mail sent"),
        "the worker logs what it sent (without the recipient)"
    );
    assert!(
        logs.contains(" access: ") && logs.contains("route=\"/api/v1/auth/sign-in-link\""),
        "an access line per request"
    );
    assert!(
        logs.contains(" audit: ") && logs.contains("action=\"sign-in\""),
        "an audit event per sign-in"
    );
}

#[tokio::test]
async fn mail_asked_for_while_smtp_is_down_arrives_when_it_is_back() {
    let mut smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    smtp.stop();
    request_link(&server, "viewer@demo.example", "en").await;
    // The worker tries, fails and keeps the mail.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let attempts = server.sql().int(
            "SELECT coalesce(max(attempts), 0) FROM mail_queue WHERE status = 'pending'",
            &[],
        );
        if attempts >= 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no attempt was made");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    smtp.resume();
    let received = smtp.wait_for(1, 20).await;
    assert_eq!(received[0].header("to"), "viewer@demo.example");
    // Marked sent right after the SMTP server took it.
    server.settle().await;
    let status = server
        .sql()
        .row("SELECT status FROM mail_queue", &[])
        .expect("a mail")[0]
        .text();
    assert_eq!(status, "sent");
}

#[tokio::test]
async fn a_restart_resumes_the_queue() {
    let mut smtp = MailServer::start();
    smtp.stop();
    let server = TestServer::start_with_smtp(&smtp).await;
    request_link(&server, "editor@demo.example", "it").await;
    let database = server.database.clone();
    // Wait until the link request became a queued mail, then stop the portal.
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.sql().int("SELECT count(*) FROM mail_queue", &[]) == 0 {
        assert!(Instant::now() < deadline, "no mail was queued");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let dir = server.stop().await;
    smtp.resume();
    let restarted = TestServer::start_on_with_smtp(database, &smtp).await;
    let received = smtp.wait_for(1, 20).await;
    assert_eq!(received[0].header("subject"), "Accesso al Portale partner");
    restarted.stop().await;
    drop(dir);
}

#[tokio::test]
async fn a_4xx_answer_is_retried_and_a_5xx_answer_fails_the_mail() {
    let smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    smtp.refuse_with("451 4.3.0 Try again later");
    request_link(&server, "admin@luigi.example", "it").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while server
        .sql()
        .int("SELECT coalesce(max(attempts), 0) FROM mail_queue", &[])
        < 2
    {
        assert!(Instant::now() < deadline, "not retried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(smtp.received().is_empty());
    smtp.accept();
    assert_eq!(
        smtp.wait_for(1, 20).await[0].header("to"),
        "admin@luigi.example"
    );

    smtp.refuse_with("550 5.1.1 Mailbox unavailable");
    request_link(&server, "viewer@luigi.example", "it").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let failed = server
            .sql()
            .row(
                "SELECT attempts, last_error, link FROM mail_queue WHERE status = 'failed'",
                &[],
            )
            .map(|row| (row[0].int(), row[1].text(), row[2].optional_text()));
        if let Some((attempts, error, link)) = failed {
            assert_eq!(attempts, 1, "a permanent refusal is not retried");
            assert!(error.contains("550"), "{error}");
            assert_eq!(link, None, "a failed mail's link is scrubbed too");
            break;
        }
        assert!(Instant::now() < deadline, "the mail did not fail");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn the_support_acknowledgement_goes_to_the_signed_in_user_in_their_language() {
    let smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    request_link(&server, "viewer@demo.example", "it-IT").await;
    let token = smtp.wait_for(1, 20).await[0].token();
    let cookie = server.session_cookie(&token).await;
    let response = TestServer::client()
        .post(server.api("/support-cases"))
        .header("cookie", &cookie)
        .header("Idempotency-Key", "case-1")
        .json(&json!({
            "category": "other",
            "subject": "Invoice overdue",
            "description": "Pay at https://evil.example",
            "reply_to": "victim@elsewhere.example"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let case: serde_json::Value = response.json().await.unwrap();
    let reference = case["reference"].as_str().unwrap();
    let received = smtp.wait_for(2, 20).await;
    let acknowledgement = &received[1];
    assert_headers(
        acknowledgement,
        "viewer@demo.example",
        &format!("Richiesta di assistenza {reference} ricevuta"),
        "it",
    );
    assert!(acknowledgement.body.contains("victim@elsewhere.example"));
    assert!(
        !acknowledgement.body.contains("evil.example/") && !acknowledgement.body.contains("Pay at"),
        "the description is not repeated: {}",
        acknowledgement.body
    );
    server.settle().await;
    assert!(
        smtp.received()
            .iter()
            .all(|mail| !mail.rcpt_to.contains("victim")),
        "nothing is mailed to the reply-to address"
    );

    // Outside dev mode there is no outbox.
    expect_problem(
        TestServer::client()
            .get(format!("{}/api/dev/outbox.json", server.url))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
}
