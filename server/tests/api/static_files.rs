//! Serving the built SPA: files, index.html for client-side routes, and /api never
//! falling back to the SPA.

use crate::common::{TestServer, expect_problem};
use reqwest::StatusCode;

#[tokio::test]
async fn the_spa_is_served_and_client_routes_get_index_html() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!DOCTYPE html><title>Partner Portal SPA</title>",
    )
    .unwrap();
    std::fs::write(site.path().join("app-1234.js"), "console.log(1);").unwrap();
    let dir = site.path().to_owned();
    let server = TestServer::start_with(|config| config.static_dir = Some(dir)).await;

    for path in ["/", "/configuration/users", "/sign-in/callback?token=abc"] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Partner Portal SPA"), "{path}: {body}");
    }

    let script = reqwest::get(format!("{}/app-1234.js", server.url))
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(script.text().await.unwrap(), "console.log(1);");

    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/no-such-thing",
        "/api/v2/contact-info",
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        expect_problem(response, StatusCode::NOT_FOUND, "not-found").await;
    }
    let health = reqwest::get(server.api("/health")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.headers()["cache-control"], "no-store");
    assert_eq!(health.headers()["referrer-policy"], "same-origin");
}
