//! One address in several partner accounts (an agency): one sign-in link, then the person
//! picks the account; the list shows only the address's own accounts; switching rotates
//! the session and makes it act as the address's user there (role, contact information,
//! users); a foreign account and a nonexistent one are refused alike; behind an
//! authenticating proxy a cookie remembers the choice.

use crate::common::{MAIL_FROM, TestServer, expect_problem, get_json, set_session_cookie};
use portal_rules::api::{
    AccountsResponse, ContactInfoResponse, CurrentSession, SessionInfo, SignInLinkPreview,
    UsersResponse,
};
use portal_rules::model::{Role, UserStatus};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, Response, StatusCode};
use serde_json::json;

/// The demo agency: Editor of Trattoria Da Luigi (contact information incomplete) and
/// Administrator of Agriturismo Collina Verde (complete).
const AGENCY: &str = "agency@studio.example";
const LUIGI: &str = "Trattoria Da Luigi";
const COLLINA: &str = "Agriturismo Collina Verde";

async fn accounts(server: &TestServer, client: &Client) -> AccountsResponse {
    get_json(client, server.api("/accounts")).await
}

async fn session(server: &TestServer, client: &Client) -> SessionInfo {
    get_json(client, server.api("/session")).await
}

/// The id of the agency's account named `name`.
async fn account_id(server: &TestServer, client: &Client, name: &str) -> i64 {
    accounts(server, client)
        .await
        .accounts
        .into_iter()
        .find(|account| account.name == name)
        .unwrap_or_else(|| panic!("no account {name}"))
        .account_id
}

async fn switch(server: &TestServer, client: &Client, account_id: i64) -> Response {
    client
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": account_id }))
        .send()
        .await
        .unwrap()
}

/// A client without a cookie store that sends `cookie` on every request.
fn with_cookie(cookie: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("cookie", HeaderValue::from_str(cookie).unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

#[tokio::test]
async fn the_link_preview_says_the_address_has_several_accounts() {
    let server = TestServer::start().await;
    let token = server.sign_in_token(AGENCY).await;
    let response = TestServer::client()
        .post(server.api("/auth/sign-in-link/preview"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let preview: SignInLinkPreview = response.json().await.unwrap();
    assert_eq!(
        (preview.email.as_str(), preview.account_count),
        (AGENCY, 2),
        "{preview:?}"
    );
    assert!(
        [LUIGI, COLLINA].contains(&preview.account_name.as_str()),
        "{preview:?}"
    );
}

#[tokio::test]
async fn an_address_in_two_accounts_gets_one_link_and_then_picks_the_account() {
    let server = TestServer::start().await;
    let agency = server.signed_in(AGENCY).await;
    server.settle().await;
    assert_eq!(
        server.mails_to(AGENCY).await.len(),
        1,
        "one link, not one per account"
    );
    let info = session(&server, &agency).await;
    assert_eq!((info.account_count, info.account_chosen), (2, false));

    let list = accounts(&server, &agency).await.accounts;
    let summary: Vec<_> = list
        .iter()
        .map(|account| {
            (
                account.name.as_str(),
                account.role,
                account.status,
                account.contact_info_complete,
                account.current,
            )
        })
        .collect();
    let current_is_collina = info.account.name == COLLINA;
    assert_eq!(
        summary,
        [
            (
                COLLINA,
                Role::Administrator,
                UserStatus::Active,
                true,
                current_is_collina
            ),
            (
                LUIGI,
                Role::Editor,
                UserStatus::Active,
                false,
                !current_is_collina
            ),
        ],
        "by name, with the role in each; only the address's own accounts"
    );
    assert_eq!(list[0].partner_id, "demo-6006");

    // Someone in exactly one account has nothing to pick.
    let single = server.signed_in("admin@demo.example").await;
    let info = session(&server, &single).await;
    assert_eq!((info.account_count, info.account_chosen), (1, true));
    let own = accounts(&server, &single).await.accounts;
    assert_eq!(own.len(), 1);
    assert_eq!(
        (own[0].name.as_str(), own[0].current),
        ("Demo Partner GmbH", true)
    );
}

#[tokio::test]
async fn switching_rotates_the_session_and_acts_in_the_chosen_account() {
    let server = TestServer::start().await;
    let token = server.sign_in_token(AGENCY).await;
    let first = server.session_cookie(&token).await;
    let client = with_cookie(&first);
    let luigi = account_id(&server, &client, LUIGI).await;
    let collina = account_id(&server, &client, COLLINA).await;
    // Nobody signed in yet: the link is for the lowest id, Luigi's Editor.
    let info = session(&server, &client).await;
    assert_eq!((info.account.id, info.account_chosen), (luigi, false));

    let response = switch(&server, &client, collina).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = set_session_cookie(&response);
    assert_ne!(second, first, "a new session token");
    let info: SessionInfo = response.json().await.unwrap();
    assert_eq!(
        (
            info.account.name.as_str(),
            info.user.role,
            info.account_chosen
        ),
        (COLLINA, Role::Administrator, true)
    );
    // The old token is dead.
    let old: CurrentSession = get_json(&client, server.api("/session")).await;
    assert_eq!(old, CurrentSession::SignedOut);
    let refused = switch(&server, &client, luigi).await;
    expect_problem(refused, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Every account-scoped answer is now Collina Verde's, with the Administrator's rights.
    let client = with_cookie(&second);
    assert_eq!(session(&server, &client).await.account.id, collina);
    let contact: ContactInfoResponse = get_json(&client, server.api("/contact-info")).await;
    assert!(
        contact.completeness.sandbox.is_empty(),
        "Collina's is complete"
    );
    let users: UsersResponse = get_json(&client, server.api("/users")).await;
    assert!(
        users
            .users
            .iter()
            .any(|user| user.email == "admin@collina.example")
    );
    assert!(
        !users
            .users
            .iter()
            .any(|user| user.email == "admin@luigi.example")
    );

    // And to Luigi: an Editor there, who may not invite; its contact information is missing.
    let response = switch(&server, &client, luigi).await;
    assert_eq!(response.status(), StatusCode::OK);
    let third = set_session_cookie(&response);
    assert_ne!(third, second);
    let client = with_cookie(&third);
    let info = session(&server, &client).await;
    assert_eq!(
        (
            info.account.name.as_str(),
            info.user.role,
            info.account_chosen
        ),
        (LUIGI, Role::Editor, true)
    );
    let users: UsersResponse = get_json(&client, server.api("/users")).await;
    assert!(
        users
            .users
            .iter()
            .any(|user| user.email == "admin@luigi.example")
    );
    assert!(
        !users
            .users
            .iter()
            .any(|user| user.email == "admin@collina.example")
    );
    let contact: ContactInfoResponse = get_json(&client, server.api("/contact-info")).await;
    assert!(
        !contact.completeness.sandbox.is_empty(),
        "Luigi's is incomplete"
    );
    let invite = client
        .post(server.api("/users"))
        .header("Idempotency-Key", "agency-invite")
        .json(&json!({ "name": "N", "email": "n@luigi.example", "role": "read_only" }))
        .send()
        .await
        .unwrap();
    expect_problem(invite, StatusCode::FORBIDDEN, "forbidden").await;

    // Choosing the account the session acts in changes nothing hands: the token stays.
    let response = switch(&server, &client, luigi).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(set_session_cookie(&response), third);
    assert_eq!(session(&server, &client).await.account.id, luigi);
}

#[tokio::test]
async fn picking_the_account_the_link_opened_keeps_the_token_and_marks_it_chosen() {
    let server = TestServer::start().await;
    let token = server.sign_in_token(AGENCY).await;
    let cookie = server.session_cookie(&token).await;
    let client = with_cookie(&cookie);
    let current = session(&server, &client).await;
    assert!(!current.account_chosen);
    let response = switch(&server, &client, current.account.id).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(set_session_cookie(&response), cookie);
    let info = session(&server, &client).await;
    assert_eq!(
        (info.account.id, info.account_chosen),
        (current.account.id, true)
    );
}

#[tokio::test]
async fn a_foreign_account_is_refused_exactly_like_a_nonexistent_one() {
    let server = TestServer::start().await;
    let agency = server.signed_in(AGENCY).await;
    let before = session(&server, &agency).await;
    let demo = server.signed_in("admin@demo.example").await;
    let foreign = session(&server, &demo).await.account.id;

    let refused = expect_problem(
        switch(&server, &agency, foreign).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let unknown = expect_problem(
        switch(&server, &agency, 987_654).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    let without_instance = |mut problem: serde_json::Value| {
        problem.as_object_mut().map(|body| body.remove("instance"));
        problem
    };
    assert_eq!(without_instance(refused), without_instance(unknown));
    // Nothing changed: same session, same account.
    assert_eq!(session(&server, &agency).await, before);
    // A body that is no account id is a bad request.
    let bad = agency
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": "x" }))
        .send()
        .await
        .unwrap();
    expect_problem(bad, StatusCode::BAD_REQUEST, "bad-request").await;
    // Signed out: 401.
    let anonymous = switch(&server, &TestServer::client(), foreign).await;
    expect_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn an_invitation_adds_an_account_that_becomes_active_on_first_use_and_removal_drops_it() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@demo.example").await;
    let invited = admin
        .post(server.api("/users"))
        .header("Idempotency-Key", "agency")
        .json(&json!({ "name": "Sara Agenzia", "email": AGENCY, "role": "read_only" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), StatusCode::CREATED);

    let agency = server.signed_in(AGENCY).await;
    let list = accounts(&server, &agency).await.accounts;
    assert_eq!(list.len(), 3);
    let demo = list
        .iter()
        .find(|account| account.name == "Demo Partner GmbH")
        .expect("the invitation's account");
    assert_eq!(
        (demo.role, demo.status),
        (Role::ReadOnly, UserStatus::Invited)
    );
    let demo_id = demo.account_id;
    let response = switch(&server, &agency, demo_id).await;
    assert_eq!(response.status(), StatusCode::OK);
    let info: SessionInfo = response.json().await.unwrap();
    assert_eq!(
        (info.user.role, info.user.status, info.account_count),
        (Role::ReadOnly, UserStatus::Active, 3)
    );

    // Collina Verde's other administrator removes the agency there: the account leaves the
    // list (the session, in Demo Partner GmbH, goes on).
    let collina = server.signed_in("admin@collina.example").await;
    let users: UsersResponse = get_json(&collina, server.api("/users")).await;
    let membership = users
        .users
        .iter()
        .find(|user| user.email == AGENCY)
        .expect("the agency at Collina Verde");
    let removed = collina
        .delete(server.api(&format!("/users/{}", membership.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let names: Vec<String> = accounts(&server, &agency)
        .await
        .accounts
        .into_iter()
        .map(|account| account.name)
        .collect();
    assert_eq!(names, ["Demo Partner GmbH", LUIGI]);
    assert_eq!(session(&server, &agency).await.account_count, 2);
    let collina_id = session(&server, &collina).await.account.id;
    expect_problem(
        switch(&server, &agency, collina_id).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
}

const PROXY_HEADER: &str = "x-forwarded-email";

/// A client whose requests the (loopback) proxy names as the agency's, with the chosen
/// account's cookie if given.
fn proxied_with_account(account_id: Option<i64>) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(PROXY_HEADER, HeaderValue::from_static(AGENCY));
    if let Some(id) = account_id {
        let cookie = format!("__Host-portal_account={id}");
        headers.insert("cookie", HeaderValue::from_str(&cookie).unwrap());
    }
    Client::builder().default_headers(headers).build().unwrap()
}

#[tokio::test]
async fn behind_an_authenticating_proxy_the_person_picks_and_a_cookie_keeps_the_choice() {
    let server = TestServer::start_with(|config| {
        config.dev = false;
        config.seed_demo = Some(true);
        config.smtp_url = Some("smtp://127.0.0.1:9".into());
        config.mail_from = Some(MAIL_FROM.into());
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        config.auth_proxy_header = Some(HeaderName::from_static(PROXY_HEADER));
    })
    .await;
    let proxied = proxied_with_account(None);
    let info = session(&server, &proxied).await;
    assert_eq!((info.account_count, info.account_chosen), (2, false));
    let luigi = account_id(&server, &proxied, LUIGI).await;

    let response = switch(&server, &proxied, luigi).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with(&format!("__Host-portal_account={luigi};")) && cookie.contains("Secure"),
        "{cookie}"
    );
    let chosen = proxied_with_account(Some(luigi));
    let info = session(&server, &chosen).await;
    assert_eq!(
        (
            info.account.name.as_str(),
            info.user.role,
            info.account_chosen
        ),
        (LUIGI, Role::Editor, true)
    );
    // The cookie only picks among the address's own accounts.
    let demo = server.sql().int(
        "SELECT id FROM accounts WHERE partner_id = ?1",
        &["demo-1001".into()],
    );
    let forged = proxied_with_account(Some(demo));
    let info = session(&server, &forged).await;
    assert_ne!(info.account.partner_id, "demo-1001");
    assert!(!info.account_chosen);
}
