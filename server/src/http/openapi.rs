//! The API contract: an OpenAPI 3.1 document generated from the handlers' `#[utoipa::path]`
//! annotations and `portal-rules`' schemas (its `openapi` feature), served at
//! `GET /api/v1/openapi.json`.
//!
//! Routes and operations come from one list (`http::v1_routes`, utoipa-axum's `routes!`),
//! so a route cannot exist without its operation. What the layers around the handlers
//! answer (401 without a session, 403 for a cross-site request, 400/413/415 for an
//! unreadable body, 429 from the flood guard, 503 when busy) is added here, once, from
//! what each operation is: see [`add_layer_responses`].
//!
//! Not in the document, deliberately: `/api/dev/*` (the outbox pages exist only with
//! `--dev`, HTML and an internal JSON for the test harness) and the operator endpoints
//! outside `/api` (`/healthz`, `/readyz`, `/metrics`; see README "Deploy").

use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use portal_rules::api::{PROBLEM_CONTENT_TYPE, Problem};
use serde::Serialize;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response as DocResponse, ResponseBuilder};

/// The name of the security scheme every signed-in operation requires.
pub const SESSION_SCHEME: &str = "session";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Partner Portal API",
        version = "1",
        description = "The API of the Partner Portal's contact-information onboarding: sign-in by \
            e-mailed link, the account's contact information (versioned: `ETag`/`If-Match`), \
            its change history, its users and support cases (idempotent creation: `Idempotency-Key`). Errors are \
            RFC 9457 `application/problem+json` documents (`Problem`) whose `code` clients \
            act on. Unsafe requests from a browser must come from the portal's own origin \
            (`Origin` or `Sec-Fetch-Site`), else 403. Request bodies refuse unknown fields.",
    ),
    tags(
        (name = "sign-in", description = "Sign-in by e-mailed link, sign-out, the current session"),
        (name = "accounts", description = "The partner accounts of the signed-in address, and switching between them"),
        (name = "contact information", description = "The account's contact information"),
        (name = "history", description = "Who changed the contact information, users and roles, when, and what"),
        (name = "users", description = "The account's users"),
        (name = "support", description = "Support cases"),
        (name = "meta", description = "The API itself"),
    ),
    components(schemas(Problem)),
)]
struct ApiDoc;

/// The document's base: info, tags, the problem schema and the session cookie's scheme.
/// `session_cookie` is the cookie's name as this server sets it (`__Host-portal_session`,
/// or `portal_session` in `--dev`).
pub fn base(session_cookie: &str) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    if let Some(components) = doc.components.as_mut() {
        components.add_security_scheme(
            SESSION_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                session_cookie,
                "The session cookie that `POST /api/v1/auth/session` sets (HttpOnly; ends \
                 after 8 idle hours, at most after 14 days)",
            ))),
        );
    }
    doc
}

/// The generated document, shared by every request for it.
#[derive(Clone)]
pub struct Document(pub Arc<str>);

impl Document {
    pub fn new(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut json = serde_json::to_value(doc).unwrap_or_default();
        fix_link_fields(&mut json);
        Self(Arc::from(json.to_string()))
    }
}

/// utoipa 5 writes a link's `operationId`/`operationRef` as `operation_id`/`operation_ref`
/// (its `Link` lacks serde's camelCase renaming), which OpenAPI tools reject.
fn fix_link_fields(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|paths| paths.as_object_mut()) else {
        return;
    };
    let links = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("responses")?.as_object_mut())
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links")?.as_object_mut())
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (from, to) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
        ] {
            if let Some(value) = link.remove(from) {
                link.insert(to.to_owned(), value);
            }
        }
    }
}

/// The contract (this document) as JSON.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses(
        (status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object),
    ),
)]
pub async fn openapi_json(Extension(document): Extension<Document>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        document.0.to_string(),
    )
        .into_response()
}

/// `GET /api/v1/health`: the API answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
}

#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses((status = 200, description = "The API answers", body = Health)),
)]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

fn problem(description: &str) -> DocResponse {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_CONTENT_TYPE,
            Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
        )
        .build()
}

fn retry_after(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::Integer)
                .minimum(Some(0)),
        )
        .description(Some(description))
        .build()
}

/// Adds the answers the layers give rather than the handler: per operation, only those
/// that apply to it, and never over one the handler documents itself. Problem bodies get
/// their media type, `application/problem+json`.
pub fn add_layer_responses(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in &mut doc.paths.paths {
        let flood_guarded = path.starts_with("/api/v1/auth/");
        let operations = [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Patch, item.patch.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else {
                continue;
            };
            add_to_operation(operation, &method, flood_guarded);
        }
    }
}

fn requires_session(operation: &Operation) -> bool {
    operation.security.as_ref().is_some_and(|requirements| {
        let json = serde_json::to_value(requirements).unwrap_or_default();
        // Required: no empty (anonymous) alternative among the requirements.
        json.as_array().is_some_and(|all| {
            !all.is_empty()
                && all
                    .iter()
                    .all(|one| one.as_object().is_some_and(|one| !one.is_empty()))
        })
    })
}

fn add_to_operation(operation: &mut Operation, method: &HttpMethod, flood_guarded: bool) {
    let unsafe_method = !matches!(method, HttpMethod::Get | HttpMethod::Head);
    let has_body = operation.request_body.is_some();
    let session = requires_session(operation);
    let responses = &mut operation.responses.responses;
    let mut add = |status: &str, response: DocResponse| {
        responses
            .entry(status.to_owned())
            .or_insert(RefOr::T(response));
    };
    if has_body {
        add(
            "400",
            problem("`bad-request`: the body is not JSON or lacks a field"),
        );
        add("413", problem("`payload-too-large`: more than 64 KiB"));
        add(
            "415",
            problem("`unsupported-media-type`: not `application/json`"),
        );
    }
    if session {
        add(
            "401",
            problem("`unauthenticated`: no session (or it ended)"),
        );
    }
    if unsafe_method {
        add(
            "403",
            problem("`forbidden`: a browser sent this from another site"),
        );
    }
    if flood_guarded {
        add(
            "429",
            problem("`rate-limited`: too many requests from this source"),
        );
    }
    add(
        "503",
        problem(
            "`internal`: the request took longer than 30 s, or no database connection was free (then with `Retry-After`)",
        ),
    );
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if status.starts_with('4') || status.starts_with('5') {
            // A handler's `body = Problem` is documented as application/json by default.
            if let Some(content) = response.content.shift_remove("application/json") {
                response
                    .content
                    .insert(PROBLEM_CONTENT_TYPE.to_owned(), content);
            }
        }
        match status.as_str() {
            "429" => {
                response.headers.insert(
                    "Retry-After".to_owned(),
                    retry_after("Seconds until a retry can succeed (always sent)"),
                );
            }
            "503" => {
                response.headers.insert(
                    "Retry-After".to_owned(),
                    retry_after("Seconds until a retry can succeed, when the database was busy"),
                );
            }
            _ => {}
        }
    }
}
