//! The development outbox: mail and the users one can sign in as, from the database; the
//! README's demo-user table names exactly the seeded users.

use crate::common::TestServer;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// The addresses in the README's demo-user table (the table under "Run it").
fn readme_demo_users() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let table = readme
        .split("| e-mail | role |")
        .nth(1)
        .expect("the demo-user table");
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .flat_map(|line| line.split('`').skip(1).step_by(2).map(str::to_owned))
        .filter(|word| word.contains('@'))
        .collect()
}

#[tokio::test]
async fn the_outbox_page_lists_the_seeded_users_and_the_readme_names_them_all() {
    let server = TestServer::start().await;
    let seeded: BTreeSet<String> = server
        .sql()
        .rows("SELECT email FROM users", &[])
        .iter()
        .map(|row| row[0].text())
        .collect();
    assert_eq!(readme_demo_users(), seeded, "README.md vs. the demo seed");

    let response = reqwest::get(format!("{}/api/dev/outbox", server.url))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'sha256-"),
        "{policy}"
    );
    let page = response.text().await.unwrap();
    for email in &seeded {
        assert!(page.contains(email.as_str()), "{email} on the outbox page");
    }
    assert!(page.contains("Demo Partner GmbH"));
}

#[tokio::test]
async fn the_outbox_refuses_requests_a_proxy_forwarded_or_for_another_host() {
    let server = TestServer::start().await;
    let client = TestServer::client();
    for path in ["/api/dev/outbox", "/api/dev/outbox.json"] {
        let url = format!("{}{path}", server.url);
        for (name, value) in [
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9;proto=https"),
            ("x-real-ip", "203.0.113.9"),
            ("host", "portal.example"),
            ("x-forwarded-host", "portal.example"),
        ] {
            let response = client.get(&url).header(name, value).send().await.unwrap();
            crate::common::expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        // What `trunk serve` forwards is local.
        let response = client
            .get(&url)
            .header("host", "127.0.0.1")
            .header("x-forwarded-host", "127.0.0.1:8080")
            .header("x-forwarded-proto", "http")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}
