//! The OpenAPI document at `/api/v1/openapi.json`: it covers every API route (and only
//! routes that exist), and real answers conform to the schemas it gives for them.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

pub async fn document(server: &TestServer) -> Value {
    get_json(&TestServer::client(), server.api("/openapi.json")).await
}

/// A concrete path for a documented one: each `{parameter}` filled with a sample value.
fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{reference}", "CASE-2026-000001")
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_no_other_method_is() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 10, "{paths:?}");
    let client = reqwest::Client::new();
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        assert!(
            !path.contains('{') || concrete(path) != *path,
            "{path}: no sample value for its parameter"
        );
        let url = format!("{}{}", server.url, concrete(path));
        for method in METHODS {
            let documented = item.get(method).is_some();
            // No session, no body: the route's own extractors answer (401, 415, 204…),
            // never the API's fallbacks.
            let response = client
                .request(
                    Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                    &url,
                )
                .send()
                .await
                .unwrap();
            let status = response.status();
            if documented {
                assert!(
                    status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but answers {status}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is routed but not documented"
                );
            }
        }
    }
}

/// The routes outside the document: each is named here with why. Any other plain
/// `.route(` (or `route_service`/`nest_service`) in the HTTP layer fails this test: API
/// routes are added with utoipa-axum's `routes!`, which documents them.
const UNDOCUMENTED_ROUTES: [&str; 7] = [
    // `--dev` only: the outbox page and its JSON (for the test harness), not the contract.
    "/dev/outbox",
    "/dev/outbox.json",
    // `/api/` itself: a 404 problem instead of the SPA.
    "/api/",
    // Operator endpoints outside /api (README "Deploy").
    "/healthz",
    "/readyz",
    "/metrics",
    // The SPA's page (spa.rs).
    "/index.html",
];

#[test]
fn no_route_bypasses_the_document() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests may route what they like; comments may name calls.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for call in [".route(", ".route_service(", ".nest_service("] {
            for (at, _) in code.match_indices(call) {
                let rest = code[at + call.len()..].trim_start();
                let literal = rest
                    .strip_prefix('"')
                    .and_then(|rest| rest.split_once('"'))
                    .map(|(literal, _)| literal.to_owned());
                found.push((
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    literal,
                ));
            }
        }
    }
    assert!(!found.is_empty(), "the scan found no route at all");
    for (file, literal) in found {
        let Some(literal) = literal else {
            panic!(
                "{file}: a route whose path is not a string literal; add API routes with `routes!`"
            );
        };
        assert!(
            literal == "/" || UNDOCUMENTED_ROUTES.contains(&literal.as_str()),
            "{file}: route {literal:?} is not in the OpenAPI document; add it with `routes!` \
             and `#[utoipa::path]` (or name it in UNDOCUMENTED_ROUTES with why)"
        );
    }
}

#[tokio::test]
async fn the_document_names_the_contract_parts() {
    let server = TestServer::start().await;
    let response = TestServer::client()
        .get(server.api("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");
    // The session cookie, under the name this (dev) server uses.
    assert_eq!(
        doc["components"]["securitySchemes"]["session"],
        json!({
            "type": "apiKey",
            "in": "cookie",
            "name": "portal_session",
            "description": doc["components"]["securitySchemes"]["session"]["description"],
        })
    );
    // Every error code, as an enum.
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("ErrorCode enum");
    for code in portal_rules::ErrorCode::ALL {
        assert!(codes.contains(&json!(code.as_str())), "{code}");
    }
    let op = |method: &str, path: &str| doc["paths"][path][method].clone();
    let header_names = |op: &Value| -> Vec<String> {
        op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "header")
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let put = op("put", "/api/v1/contact-info");
    assert_eq!(header_names(&put), ["If-Match"]);
    assert!(put["parameters"][0]["required"].as_bool().unwrap());
    for status in ["200", "401", "403", "412", "422", "428", "503"] {
        assert!(
            put["responses"].get(status).is_some(),
            "PUT contact-info {status}"
        );
    }
    assert!(put["responses"]["200"]["headers"].get("ETag").is_some());
    assert!(
        put["responses"]["412"]["content"]
            .get("application/problem+json")
            .is_some()
    );
    assert!(
        op("get", "/api/v1/contact-info")["responses"]["200"]["headers"]
            .get("ETag")
            .is_some()
    );
    assert_eq!(
        header_names(&op("patch", "/api/v1/users/{id}")),
        ["If-Match"]
    );
    for path in ["/api/v1/users", "/api/v1/support-cases"] {
        let post = op("post", path);
        assert_eq!(header_names(&post), ["Idempotency-Key"], "{path}");
        assert!(
            post["responses"]["429"]["headers"]
                .get("Retry-After")
                .is_some()
        );
    }
    assert!(
        op("post", "/api/v1/auth/sign-in-link")["responses"]["429"]["headers"]
            .get("Retry-After")
            .is_some()
    );
    // Signed-in operations need the cookie; the session probe takes it or nothing.
    assert_eq!(
        op("get", "/api/v1/users")["security"],
        json!([{ "session": [] }])
    );
    assert_eq!(
        op("get", "/api/v1/session")["security"],
        json!([{}, { "session": [] }])
    );
    assert!(op("post", "/api/v1/auth/session").get("security").is_none());
    // Links from what a create returns to the operations on it (for clients and for
    // schemathesis' stateful phase), spelt as OpenAPI spells them.
    assert_eq!(
        op("post", "/api/v1/support-cases")["responses"]["201"]["links"]["Read"],
        json!({ "operationId": "get_case", "parameters": { "reference": "$response.body#/reference" } })
    );
    assert_eq!(
        op("post", "/api/v1/users")["responses"]["201"]["links"]["Remove"]["operationId"],
        "delete_user"
    );
}

/// A validator for the schema of `method path`'s `status` answer in `doc` (its refs
/// resolved within the document).
pub fn response_validator(
    doc: &Value,
    method: &str,
    path: &str,
    status: u16,
) -> jsonschema::Validator {
    let content = &doc["paths"][path][method]["responses"][status.to_string()]["content"];
    let media = content
        .as_object()
        .and_then(|media| media.values().next())
        .unwrap_or_else(|| panic!("{method} {path} {status}: no documented body"));
    let mut schema = media["schema"].clone();
    schema["components"] = doc["components"].clone();
    jsonschema::draft202012::new(&schema).expect("a valid schema")
}

async fn conforms(doc: &Value, method: &str, path: &str, response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let validator = response_validator(doc, method, path, status);
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|error| format!("{} at {}", error, error.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status}: {errors:?}\n{body:#}"
    );
    body
}

/// Real answers — including the hand-written serde parts (the tagged session, wire enums,
/// error codes, optional problem fields) — validate against the documented schemas.
#[tokio::test]
async fn real_answers_conform_to_the_documented_schemas() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let anonymous = TestServer::client();
    let signed_out = anonymous.get(server.api("/session")).send().await.unwrap();
    conforms(&doc, "get", "/api/v1/session", signed_out).await;
    let unauthenticated = anonymous.get(server.api("/users")).send().await.unwrap();
    conforms(&doc, "get", "/api/v1/users", unauthenticated).await;
    let link = anonymous
        .post(server.api("/auth/sign-in-link"))
        .json(&json!({ "email": "admin@demo.example" }))
        .send()
        .await
        .unwrap();
    conforms(&doc, "post", "/api/v1/auth/sign-in-link", link).await;

    let client = server.signed_in("admin@demo.example").await;
    let session = client.get(server.api("/session")).send().await.unwrap();
    let session = conforms(&doc, "get", "/api/v1/session", session).await;
    assert_eq!(session["status"], "signed_in");
    let users = client.get(server.api("/users")).send().await.unwrap();
    conforms(&doc, "get", "/api/v1/users", users).await;
    let info = client
        .get(server.api("/contact-info"))
        .send()
        .await
        .unwrap();
    conforms(&doc, "get", "/api/v1/contact-info", info).await;
    save_complete_contact(&server, &client).await;
    let saved = client
        .get(server.api("/contact-info"))
        .send()
        .await
        .unwrap();
    conforms(&doc, "get", "/api/v1/contact-info", saved).await;
    // 412 with the current version in `current`; 422 with field errors.
    let stale = put_contact(
        &server,
        &client,
        Some("\"0\""),
        "production",
        complete_contact(),
    )
    .await;
    let stale = conforms(&doc, "put", "/api/v1/contact-info", stale).await;
    assert!(stale["current"].is_object());
    let invalid = put_contact(
        &server,
        &client,
        Some("\"1\""),
        "production",
        json!({ "technical_emergency": ["not an address"] }),
    )
    .await;
    let invalid = conforms(&doc, "put", "/api/v1/contact-info", invalid).await;
    assert_eq!(invalid["code"], "validation-failed");
    let created = client
        .post(server.api("/support-cases"))
        .header("idempotency-key", "openapi-1")
        .json(&new_case("Schema"))
        .send()
        .await
        .unwrap();
    let created = conforms(&doc, "post", "/api/v1/support-cases", created).await;
    let reference = created["reference"].as_str().unwrap();
    let page = client
        .get(server.api("/support-cases?page=1&per_page=5"))
        .send()
        .await
        .unwrap();
    conforms(&doc, "get", "/api/v1/support-cases", page).await;
    let one = client
        .get(server.api(&format!("/support-cases/{reference}")))
        .send()
        .await
        .unwrap();
    conforms(&doc, "get", "/api/v1/support-cases/{reference}", one).await;
    let invited = client
        .post(server.api("/users"))
        .header("idempotency-key", "openapi-2")
        .json(&json!({ "name": "Nina", "email": "nina@demo.example", "role": "editor" }))
        .send()
        .await
        .unwrap();
    let invited = conforms(&doc, "post", "/api/v1/users", invited).await;
    let id = invited["id"].as_i64().unwrap();
    let changed = client
        .patch(server.api(&format!("/users/{id}")))
        .header("if-match", format!("\"{}\"", invited["version"]))
        .json(&json!({ "role": "read_only" }))
        .send()
        .await
        .unwrap();
    conforms(&doc, "patch", "/api/v1/users/{id}", changed).await;
    // Nina's first sign-in: an accepted invitation in the history.
    server.signed_in("nina@demo.example").await;
    history_conforms(&doc, &server, &client).await;
    let missing = client
        .delete(server.api("/users/999999"))
        .send()
        .await
        .unwrap();
    conforms(&doc, "delete", "/api/v1/users/{id}", missing).await;
}

/// The history, once it holds each kind of change (contact lists and hours, an invitation,
/// a role change, an accepted invitation): a small page so `next_cursor` is there too, the next page, and a bad
/// cursor's 400.
async fn history_conforms(doc: &Value, server: &TestServer, client: &reqwest::Client) {
    let history = client
        .get(server.api("/history?limit=2"))
        .send()
        .await
        .unwrap();
    let history = conforms(doc, "get", "/api/v1/history", history).await;
    assert_eq!(history["entries"][0]["kind"], "invitation_accepted");
    let cursor = history["next_cursor"].as_str().unwrap();
    let older = client
        .get(server.api(&format!("/history?cursor={cursor}")))
        .send()
        .await
        .unwrap();
    let older = conforms(doc, "get", "/api/v1/history", older).await;
    assert!(
        older["entries"]
            .as_array()
            .is_some_and(|entries| !entries.is_empty())
    );
    let bad_cursor = client
        .get(server.api("/history?cursor=later"))
        .send()
        .await
        .unwrap();
    let bad_cursor = conforms(doc, "get", "/api/v1/history", bad_cursor).await;
    assert_eq!(bad_cursor["code"], "bad-request");
}

/// "Still correct": the 200 with the new version and the 412 on the version it replaced
/// conform, as does the 409 when nothing is stored yet.
#[tokio::test]
async fn confirmation_answers_conform_to_the_documented_schemas() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let client = server.signed_in("admin@demo.example").await;
    let nothing = client
        .post(server.api("/contact-info/confirmation"))
        .header("if-match", "\"0\"")
        .send()
        .await
        .unwrap();
    let nothing = conforms(&doc, "post", "/api/v1/contact-info/confirmation", nothing).await;
    assert_eq!(nothing["code"], "conflict");
    save_complete_contact(&server, &client).await;
    let confirmed = client
        .post(server.api("/contact-info/confirmation"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    let confirmed = conforms(&doc, "post", "/api/v1/contact-info/confirmation", confirmed).await;
    assert_eq!(confirmed["review_due"], false);
    assert!(confirmed["confirmed_at"].is_string());
    let stale_confirmation = client
        .post(server.api("/contact-info/confirmation"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    conforms(
        &doc,
        "post",
        "/api/v1/contact-info/confirmation",
        stale_confirmation,
    )
    .await;
}

/// Verified contacts: the addresses' statuses in the contact information, a resend's 202,
/// 404, 409 and 429, and the public redemption's 200 and 400.
#[tokio::test]
async fn verification_answers_conform_to_the_documented_schemas() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let client = server.signed_in("admin@demo.example").await;
    save_complete_contact(&server, &client).await;
    let info = conforms(
        &doc,
        "get",
        "/api/v1/contact-info",
        client
            .get(server.api("/contact-info"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(info["verifications"][0]["status"], "pending");
    let resend = |address: &'static str| {
        client
            .post(server.api("/contact-info/verifications/resend"))
            .json(&json!({ "address": address }))
            .send()
    };
    let path = "/api/v1/contact-info/verifications/resend";
    let limited = conforms(
        &doc,
        "post",
        path,
        resend("dev@partner.example").await.unwrap(),
    )
    .await;
    assert_eq!(limited["code"], "rate-limited");
    let unknown = conforms(
        &doc,
        "post",
        path,
        resend("x@nowhere.example").await.unwrap(),
    )
    .await;
    assert_eq!(unknown["code"], "not-found");
    server.sql().execute(
        "UPDATE contact_verifications SET sent_at = sent_at - 600",
        &[],
    );
    let sent = conforms(
        &doc,
        "post",
        path,
        resend("dev@partner.example").await.unwrap(),
    )
    .await;
    assert_eq!(sent["status"], "pending");
    let token = token_of(&server.newest_mail_to("dev@partner.example").await);
    let redeem = |token: String| {
        TestServer::client()
            .post(server.api("/contact-verifications"))
            .json(&json!({ "token": token }))
            .send()
    };
    let path = "/api/v1/contact-verifications";
    let verified = conforms(&doc, "post", path, redeem(token.clone()).await.unwrap()).await;
    assert_eq!(verified["address"], "dev@partner.example");
    let used = conforms(&doc, "post", path, redeem(token).await.unwrap()).await;
    assert_eq!(used["code"], "verification-link-invalid");
    server.sql().execute(
        "UPDATE contact_verifications SET sent_at = sent_at - 600",
        &[],
    );
    let done = conforms(
        &doc,
        "post",
        "/api/v1/contact-info/verifications/resend",
        resend("dev@partner.example").await.unwrap(),
    )
    .await;
    assert_eq!(done["code"], "conflict");
}

/// 429 with `Retry-After` (the contract run turns the limits off to reach the logic behind
/// them, so the limited answer is checked here).
#[tokio::test]
async fn a_rate_limited_answer_conforms_to_the_document() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let anonymous = TestServer::client();
    let limited = loop {
        let response = anonymous
            .post(server.api("/auth/sign-in-link"))
            .json(&json!({ "email": "nobody@demo.example" }))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            break response;
        }
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    };
    assert!(limited.headers().contains_key("retry-after"));
    conforms(&doc, "post", "/api/v1/auth/sign-in-link", limited).await;
}

#[tokio::test]
async fn account_answers_conform_to_the_documented_schemas() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let anonymous = TestServer::client();
    let unauthenticated = anonymous.get(server.api("/accounts")).send().await.unwrap();
    conforms(&doc, "get", "/api/v1/accounts", unauthenticated).await;

    // The link's preview says how many accounts the address has.
    let token = server.sign_in_token("agency@studio.example").await;
    let preview = anonymous
        .post(server.api("/auth/sign-in-link/preview"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    let preview = conforms(&doc, "post", "/api/v1/auth/sign-in-link/preview", preview).await;
    assert_eq!(preview["account_count"], 2);

    let agency = server.signed_in("agency@studio.example").await;
    let list = agency.get(server.api("/accounts")).send().await.unwrap();
    let list = conforms(&doc, "get", "/api/v1/accounts", list).await;
    let other = list["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|account| account["current"] == false)
        .expect("a second account")["account_id"]
        .clone();
    let unknown = agency
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": 987_654 }))
        .send()
        .await
        .unwrap();
    conforms(&doc, "post", "/api/v1/session/account", unknown).await;
    let bad = agency
        .post(server.api("/session/account"))
        .json(&json!({ "account": 1 }))
        .send()
        .await
        .unwrap();
    conforms(&doc, "post", "/api/v1/session/account", bad).await;
    let switched = agency
        .post(server.api("/session/account"))
        .json(&json!({ "account_id": other }))
        .send()
        .await
        .unwrap();
    let switched = conforms(&doc, "post", "/api/v1/session/account", switched).await;
    assert_eq!(switched["account_chosen"], true);
    let session = agency.get(server.api("/session")).send().await.unwrap();
    let session = conforms(&doc, "get", "/api/v1/session", session).await;
    assert_eq!(session["account_count"], 2);
}
