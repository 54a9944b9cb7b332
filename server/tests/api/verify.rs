//! Verified contact addresses: a link mailed per new address in the saving user's
//! language, single-use and expiring links with one answer for every bad token, resends
//! (editors only, rate limited per address), bounces, and statuses kept per account.

use crate::common::{
    TestServer, complete_contact, expect_problem, get_json, put_contact, save_complete_contact,
    token_of,
};
use crate::mailserver::MailServer;
use portal_rules::api::ContactInfoResponse;
use portal_rules::history::{ChangeKind, HistoryPage};
use portal_rules::verification::{AddressVerification, VerificationStatus};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn contact_info(server: &TestServer, client: &Client) -> ContactInfoResponse {
    get_json(client, server.api("/contact-info")).await
}

fn status_of(info: &ContactInfoResponse, address: &str) -> VerificationStatus {
    info.verifications
        .iter()
        .find(|entry| entry.address == address)
        .unwrap_or_else(|| panic!("{address} in {:?}", info.verifications))
        .status
}

/// Signs in through a link asked for in `locale`, which becomes the user's mail language.
async fn signed_in_speaking(server: &TestServer, email: &str, locale: &str) -> Client {
    server.request_link(email, Some(locale)).await;
    let token = token_of(&server.newest_mail_to(email).await);
    server.redeem(&token).await
}

async fn redeem(server: &TestServer, token: &str) -> Response {
    TestServer::client()
        .post(server.api("/contact-verifications"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap()
}

async fn resend(server: &TestServer, client: &Client, address: &str) -> Response {
    client
        .post(server.api("/contact-info/verifications/resend"))
        .json(&json!({ "address": address }))
        .send()
        .await
        .unwrap()
}

/// Waits (up to 20 s) until the mail queue has failed every listed address.
async fn until_every_address_failed(server: &TestServer, client: &Client) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = contact_info(server, client).await;
        if info
            .verifications
            .iter()
            .all(|entry| entry.status == VerificationStatus::Failed)
        {
            return;
        }
        assert!(Instant::now() < deadline, "{:?}", info.verifications);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_save_mails_each_new_address_a_link_in_the_users_language() {
    let server = TestServer::start().await;
    let admin = signed_in_speaking(&server, "admin@demo.example", "it").await;
    save_complete_contact(&server, &admin).await;
    let mail = server.newest_mail_to("oncall@partner.example").await;
    assert_eq!(mail["kind"], "contact-verification");
    assert_eq!(mail["subject"], "Conferma il tuo indirizzo email");
    assert!(
        mail["body"].as_str().unwrap().contains("Demo Partner GmbH"),
        "{mail}"
    );
    let link = mail["link"].as_str().unwrap();
    assert!(
        link.contains("/verify#token="),
        "token in the fragment: {link}"
    );
    let info = contact_info(&server, &admin).await;
    // Six addresses (the alert contact too), each pending, none verified.
    assert_eq!(info.verifications.len(), 6, "{:?}", info.verifications);
    assert!(
        info.verifications
            .iter()
            .all(|entry| entry.status == VerificationStatus::Pending && entry.verified_at.is_none())
    );
    // Only the hash of the token is stored.
    let token = token_of(&mail);
    assert_eq!(
        server.sql().int(
            "SELECT count(*) FROM contact_verifications WHERE token_hash = ?1",
            &[token.as_str().into()]
        ),
        0
    );

    // The next save: a new address gets a link, a removed one loses its status, the
    // others get no second mail.
    let mut contact = complete_contact();
    contact["technical_emergency"] = json!(["pager@partner.example"]);
    let response = put_contact(&server, &admin, Some("\"1\""), "production", contact).await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: ContactInfoResponse = response.json().await.unwrap();
    assert_eq!(
        status_of(&saved, "pager@partner.example"),
        VerificationStatus::Pending
    );
    assert!(
        saved
            .verifications
            .iter()
            .all(|entry| entry.address != "oncall@partner.example")
    );
    server.newest_mail_to("pager@partner.example").await;
    assert_eq!(server.mails_to("dev@partner.example").await.len(), 1);
    assert_eq!(
        server.sql().int(
            "SELECT count(*) FROM contact_verifications WHERE address = 'oncall@partner.example'",
            &[]
        ),
        0
    );
    // The old link of the removed address no longer works.
    expect_problem(
        redeem(&server, &token).await,
        StatusCode::BAD_REQUEST,
        "verification-link-invalid",
    )
    .await;
}

#[tokio::test]
async fn a_link_verifies_once_and_bad_links_all_get_the_same_answer() {
    let server = TestServer::start().await;
    let admin = signed_in_speaking(&server, "admin@demo.example", "de").await;
    save_complete_contact(&server, &admin).await;
    let mail = server.newest_mail_to("dev@partner.example").await;
    assert_eq!(mail["subject"], "Bitte bestätigen Sie Ihre E-Mail-Adresse");
    let token = token_of(&mail);

    let response = redeem(&server, &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let verified: Value = response.json().await.unwrap();
    assert_eq!(verified["address"], "dev@partner.example");
    let info = contact_info(&server, &admin).await;
    let entry = info
        .verifications
        .iter()
        .find(|entry| entry.address == "dev@partner.example")
        .unwrap();
    assert_eq!(entry.status, VerificationStatus::Verified);
    assert_eq!(
        entry.verified_at.as_deref(),
        verified["verified_at"].as_str()
    );
    let history: HistoryPage = get_json(&admin, server.api("/history")).await;
    assert_eq!(history.entries[0].kind, ChangeKind::AddressVerified);
    assert_eq!(
        history.entries[0].subject.as_ref().unwrap().email,
        "dev@partner.example"
    );

    // Expire another address's link.
    let expired = token_of(&server.newest_mail_to("ops@partner.example").await);
    server.sql().execute(
        "UPDATE contact_verifications SET expires_at = 0 WHERE address = 'ops@partner.example'",
        &[],
    );
    assert_eq!(
        status_of(&contact_info(&server, &admin).await, "ops@partner.example"),
        VerificationStatus::Failed,
        "an expired link leaves the address failed"
    );
    let mut answers = Vec::new();
    for bad in [token.as_str(), expired.as_str(), "no-such-token", ""] {
        let body = expect_problem(
            redeem(&server, bad).await,
            StatusCode::BAD_REQUEST,
            "verification-link-invalid",
        )
        .await;
        answers.push(body);
    }
    assert!(
        answers.windows(2).all(|pair| pair[0] == pair[1]),
        "reused, expired and unknown tokens are indistinguishable: {answers:?}"
    );
    assert_eq!(
        status_of(&contact_info(&server, &admin).await, "dev@partner.example"),
        VerificationStatus::Verified,
        "a reused link changes nothing"
    );
}

#[tokio::test]
async fn redemptions_are_rate_limited_per_source() {
    let server = TestServer::start().await;
    let mut last = StatusCode::OK;
    for _ in 0..61 {
        last = redeem(&server, "guess").await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn only_editors_resend_at_most_once_per_ten_minutes_per_address() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    let viewer = server.signed_in("viewer@demo.example").await;
    expect_problem(
        resend(&server, &viewer, "dev@partner.example").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let editor = server.signed_in("editor@demo.example").await;
    // The save's link went out just now.
    let limited = expect_problem(
        resend(&server, &editor, "DEV@partner.example").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
    )
    .await;
    assert!(limited["retry_after"].as_u64().unwrap() <= 600, "{limited}");
    let first = token_of(&server.newest_mail_to("dev@partner.example").await);
    server.sql().execute(
        "UPDATE contact_verifications SET sent_at = sent_at - 600 WHERE address = 'dev@partner.example'",
        &[],
    );
    let response = resend(&server, &editor, "dev@partner.example").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let answer: AddressVerification = response.json().await.unwrap();
    assert_eq!(answer.status, VerificationStatus::Pending);
    let mails = server.wait_for_mails_to("dev@partner.example", 2).await;
    // The new link works, the old one no longer does.
    expect_problem(
        redeem(&server, &first).await,
        StatusCode::BAD_REQUEST,
        "verification-link-invalid",
    )
    .await;
    assert_eq!(
        redeem(&server, &token_of(&mails[0])).await.status(),
        StatusCode::OK
    );
    // Right after, the address is limited again; verified ones need no link; others are
    // not in the lists.
    server.sql().execute(
        "UPDATE contact_verifications SET sent_at = sent_at - 600",
        &[],
    );
    expect_problem(
        resend(&server, &editor, "dev@partner.example").await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    expect_problem(
        resend(&server, &editor, "stranger@elsewhere.example").await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    assert_eq!(
        resend(&server, &admin, "ops@partner.example")
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    expect_problem(
        resend(&server, &admin, "ops@partner.example").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
    )
    .await;
}

/// Addresses saved before verification existed have no link yet: they say so, and the
/// first "send" mails one at once (no rate limit: nothing was sent).
#[tokio::test]
async fn an_address_saved_before_verification_is_unsent_until_its_first_link() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    // The save's link is out; then, as on a database from before the feature: the
    // addresses and no verification rows.
    let before = server
        .wait_for_mails_to("dev@partner.example", 1)
        .await
        .len();
    server
        .sql()
        .execute("DELETE FROM contact_verifications", &[]);
    let info = contact_info(&server, &admin).await;
    assert!(
        info.verifications
            .iter()
            .all(|entry| entry.status == VerificationStatus::Unsent && entry.verified_at.is_none()),
        "{:?}",
        info.verifications
    );
    let response = resend(&server, &admin, "dev@partner.example").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let answer: AddressVerification = response.json().await.unwrap();
    assert_eq!(answer.status, VerificationStatus::Pending);
    let mails = server
        .wait_for_mails_to("dev@partner.example", before + 1)
        .await;
    assert_eq!(
        status_of(&contact_info(&server, &admin).await, "dev@partner.example"),
        VerificationStatus::Pending
    );
    assert_eq!(
        redeem(&server, &token_of(&mails[0])).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        status_of(&contact_info(&server, &admin).await, "dev@partner.example"),
        VerificationStatus::Verified
    );
    assert_eq!(
        status_of(&contact_info(&server, &admin).await, "ops@partner.example"),
        VerificationStatus::Unsent,
        "the others still have no link"
    );
}

#[tokio::test]
async fn statuses_are_kept_per_account() {
    let server = TestServer::start().await;
    let demo = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &demo).await;
    let token = token_of(&server.newest_mail_to("support@partner.example").await);
    // Another account lists the same address.
    let salute = server.signed_in("admin@salute.example").await;
    let before = server.mails_to("support@partner.example").await.len();
    let response = put_contact(
        &server,
        &salute,
        Some("\"0\""),
        "sandbox",
        complete_contact(),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    server
        .wait_for_mails_to("support@partner.example", before + 1)
        .await;
    assert_eq!(redeem(&server, &token).await.status(), StatusCode::OK);
    assert_eq!(
        status_of(
            &contact_info(&server, &demo).await,
            "support@partner.example"
        ),
        VerificationStatus::Verified
    );
    assert_eq!(
        status_of(
            &contact_info(&server, &salute).await,
            "support@partner.example"
        ),
        VerificationStatus::Pending,
        "the other account's link is its own"
    );
    // An address of another account cannot be asked about or resent.
    expect_problem(
        resend(&server, &salute, "admin@demo.example").await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let history: HistoryPage = get_json(&salute, server.api("/history")).await;
    assert!(
        history
            .entries
            .iter()
            .all(|entry| entry.kind != ChangeKind::AddressVerified)
    );
}

#[tokio::test]
async fn a_permanently_refused_verification_mail_fails_the_address() {
    let smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    server.request_link("admin@demo.example", Some("en")).await;
    let token = smtp.wait_for(1, 20).await[0].token();
    let admin = server.redeem(&token).await;
    smtp.refuse_with("550 5.1.1 Mailbox unavailable");
    save_complete_contact(&server, &admin).await;
    until_every_address_failed(&server, &admin).await;
    assert_eq!(
        server.sql().int(
            "SELECT count(*) FROM mail_queue WHERE kind = 'contact-verification' AND status = 'failed'",
            &[]
        ),
        6
    );
}

#[tokio::test]
async fn the_dev_outbox_lists_confirmation_links_to_click() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &admin).await;
    let link = server.newest_mail_to("ops@partner.example").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = TestServer::client()
        .get(format!("{}/api/dev/outbox", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("<a href=\"{link}\">")), "{page}");
    assert!(page.contains("Please confirm your e-mail address"));
}

#[tokio::test]
async fn a_verification_mail_given_up_on_fails_the_address() {
    let mut smtp = MailServer::start();
    let server = TestServer::start_with_smtp(&smtp).await;
    server.request_link("admin@demo.example", Some("en")).await;
    let token = smtp.wait_for(1, 20).await[0].token();
    let admin = server.redeem(&token).await;
    // The relay is unreachable: the mails wait to be retried...
    smtp.stop();
    save_complete_contact(&server, &admin).await;
    // ...until their give-up time passes. Written off this thread: the server's tasks run
    // on it, and the worker, retrying, may hold these rows until its transaction, driven
    // from this thread, commits.
    let sql = server.sql();
    tokio::task::spawn_blocking(move || {
        sql.execute(
            "UPDATE mail_queue SET give_up_at = 1 WHERE kind = 'contact-verification'",
            &[],
        )
    })
    .await
    .expect("updated");
    until_every_address_failed(&server, &admin).await;
}
