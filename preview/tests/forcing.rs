//! Forced answers apply only where the real server could give them, for the requests their
//! scope names, and a "next request" one is used up once.

use portal_preview::backend::SESSION_COOKIE;
use portal_preview::fixtures::fixtures;
use portal_preview::force::{ForceKind, ForceScope, Forcing, SLOW_MS};
use portal_preview::{Answer, Backend, Host, Outcome, PreviewRequest};
use portal_rules::ErrorCode;
use portal_rules::api::{ContactInfoResponse, Problem};
use serde_json::json;

struct FixedHost;

impl Host for FixedHost {
    fn now_ms(&self) -> i64 {
        1_772_357_400_000
    }

    fn is_known_time_zone(&self, zone: &str) -> bool {
        zone.starts_with("Europe/")
    }
}

/// The backend on the fixtures, signed in as the administrator of Alpin Erlebnis (complete
/// for Sandbox, alert contacts missing for Production); returns it and the session cookie.
fn signed_in() -> (Backend, String) {
    let mut backend = Backend::new(fixtures(), Box::new(FixedHost));
    let lena = backend
        .state()
        .users
        .iter()
        .find(|user| user.email == "lena.berger@alpin-erlebnis.example")
        .map(|user| user.id)
        .expect("Lena");
    let token = backend.open_session(lena);
    (backend, format!("{SESSION_COOKIE}={token}"))
}

fn get(cookie: &str, path: &str) -> PreviewRequest {
    PreviewRequest::new("GET", &format!("/api/v1{path}")).with_header("cookie", cookie)
}

fn save(backend: &mut Backend, cookie: &str) -> PreviewRequest {
    let info: ContactInfoResponse = body(&backend.handle(&get(cookie, "/contact-info")));
    let mut contact = info.contact;
    contact.alert_contacts = vec!["lena.berger@alpin-erlebnis.example".into()];
    PreviewRequest::new("PUT", "/api/v1/contact-info")
        .with_header("cookie", cookie)
        .with_header("if-match", &format!("\"{}\"", info.version))
        .with_json(&json!({ "environment": "production", "contact": contact }).to_string())
}

fn status(outcome: &Outcome) -> u16 {
    outcome.response().map_or(0, |response| response.status)
}

fn body<T: serde::de::DeserializeOwned>(outcome: &Outcome) -> T {
    let text = outcome
        .response()
        .and_then(|response| response.body.clone())
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

#[test]
fn a_conflict_is_someone_elses_save_and_only_for_versioned_writes() {
    let (mut backend, cookie) = signed_in();
    backend.set_forcing(Forcing::new(ForceKind::Conflict, ForceScope::Next));
    assert_eq!(status(&backend.handle(&get(&cookie, "/users"))), 200);
    assert!(backend.forcing().is_active(), "a read does not use it up");
    let request = save(&mut backend, &cookie);
    let outcome = backend.handle(&request);
    assert_eq!(status(&outcome), 412);
    let problem: Problem = body(&outcome);
    let current = problem.current.expect("the current data");
    assert_eq!(current.version, 2, "someone else saved version 2");
    assert_eq!(current.updated_by.as_deref(), Some("Jonas Huber"));
    assert!(
        current.contact.alert_contacts.len() > 1,
        "their save changed a field (every user an alert contact), so the form has something to compare"
    );
    assert!(!backend.forcing().is_active(), "used up");
    let again = save(&mut backend, &cookie);
    assert_eq!(status(&backend.handle(&again)), 200);
}

#[test]
fn a_refused_field_names_what_was_sent() {
    let (mut backend, cookie) = signed_in();
    backend.set_forcing(Forcing::invalid(
        "technical_emergency",
        ErrorCode::EmailDuplicate,
        ForceScope::Writes,
    ));
    let request = save(&mut backend, &cookie);
    let outcome = backend.handle(&request);
    assert_eq!(status(&outcome), 422);
    let problem: Problem = body(&outcome);
    assert_eq!(problem.errors.len(), 1);
    assert_eq!(problem.errors[0].field, "technical_emergency");
    assert_eq!(problem.errors[0].code, ErrorCode::EmailDuplicate);
    assert_eq!(
        problem.errors[0].value.as_deref(),
        Some("bereitschaft@alpin-erlebnis.example")
    );
    // Not for a form without that field, and "every save" stays.
    let case = PreviewRequest::new("POST", "/api/v1/support-cases")
        .with_header("cookie", &cookie)
        .with_header("idempotency-key", "k")
        .with_json(
            &json!({
                "category": "other",
                "subject": "Hi",
                "description": "There",
                "reply_to": "lena.berger@alpin-erlebnis.example"
            })
            .to_string(),
        );
    assert_eq!(status(&backend.handle(&case)), 201);
    assert!(backend.forcing().is_active());
}

#[test]
fn a_rate_limit_only_where_the_server_has_one_and_never_before_the_session() {
    let (mut backend, cookie) = signed_in();
    backend.set_forcing(Forcing::new(ForceKind::RateLimited, ForceScope::All));
    let request = save(&mut backend, &cookie);
    assert_eq!(
        status(&backend.handle(&request)),
        200,
        "saving contact information is not rate-limited"
    );
    let link = PreviewRequest::new("POST", "/api/v1/auth/sign-in-link")
        .with_json(&json!({ "email": "lena.berger@alpin-erlebnis.example" }).to_string());
    let outcome = backend.handle(&link);
    assert_eq!(status(&outcome), 429);
    assert_eq!(
        outcome
            .response()
            .and_then(|response| response.header("retry-after")),
        Some("600")
    );
    let anonymous = PreviewRequest::new("POST", "/api/v1/support-cases")
        .with_header("idempotency-key", "k")
        .with_json("{}");
    assert_eq!(
        status(&backend.handle(&anonymous)),
        401,
        "signed out: the session is checked first"
    );
}

#[test]
fn slow_stall_offline_and_500_follow_their_scope() {
    let (mut backend, cookie) = signed_in();
    backend.set_forcing(Forcing::new(ForceKind::Slow, ForceScope::All));
    let outcome = backend.handle(&get(&cookie, "/session"));
    assert_eq!((outcome.delay_ms, status(&outcome)), (SLOW_MS, 200));

    backend.set_forcing(Forcing::new(ForceKind::Network, ForceScope::Writes));
    assert_eq!(status(&backend.handle(&get(&cookie, "/session"))), 200);
    let request = save(&mut backend, &cookie);
    assert_eq!(backend.handle(&request).answer, Answer::NetworkFailure);

    backend.set_forcing(Forcing::new(ForceKind::Stall, ForceScope::Next));
    assert_eq!(
        backend.handle(&get(&cookie, "/users")).answer,
        Answer::Never
    );
    assert_eq!(status(&backend.handle(&get(&cookie, "/users"))), 200);

    backend.set_forcing(Forcing::new(ForceKind::ServerError, ForceScope::All));
    let outcome = backend.handle(&get(&cookie, "/contact-info"));
    assert_eq!(status(&outcome), 500);
    assert_eq!(body::<Problem>(&outcome).code, ErrorCode::Internal);
}

#[test]
fn the_last_administrator_refusal_only_for_role_changes_and_removals() {
    let (mut backend, cookie) = signed_in();
    backend.set_forcing(Forcing::new(
        ForceKind::LastAdministrator,
        ForceScope::Writes,
    ));
    let jonas = backend
        .state()
        .users
        .iter()
        .find(|user| user.name == "Jonas Huber")
        .map(|user| user.id)
        .expect("Jonas");
    let remove = PreviewRequest::new("DELETE", &format!("/api/v1/users/{jonas}"))
        .with_header("cookie", &cookie);
    let outcome = backend.handle(&remove);
    assert_eq!(status(&outcome), 409);
    assert_eq!(body::<Problem>(&outcome).code, ErrorCode::LastAdministrator);
    let request = save(&mut backend, &cookie);
    assert_eq!(status(&backend.handle(&request)), 200);
}
