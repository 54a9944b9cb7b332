//! The HTTP layer: the router, middleware and one module per resource. Everything under
//! /api answers JSON (problem+json on errors); other paths serve the built SPA when a
//! static directory is configured. Handlers reach data only through `crate::store`.

mod accounts;
mod contact_info;
mod dev;
mod events;
mod extract;
mod flood_guard;
mod history;
mod idempotency;
pub mod openapi;
mod security;
mod session;
mod spa;
mod support;
mod users;
mod verification;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use rand::RngCore;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tracing::Instrument;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const MAX_BODY_BYTES: usize = 64 * 1024;
/// A request that takes longer is answered 503. Its handler is dropped; a database
/// transaction it started keeps running on its database thread (it cannot be interrupted)
/// but then rolls back instead of committing (see `Store::run`).
const REQUEST_DEADLINE: Duration = Duration::from_secs(30);
/// A request body must arrive within this time (slow uploads hold no worker for ever).
const BODY_DEADLINE: Duration = Duration::from_secs(10);
/// Requests handled at once; more wait (within their deadline).
const MAX_IN_FLIGHT: usize = 256;

async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Liveness: the process answers.
async fn healthz() -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "status": "ok" })),
    )
        .into_response()
}

/// Readiness: the database answers and the server is not shutting down.
async fn readyz(State(state): State<AppState>) -> Response {
    let ready = state.is_accepting()
        && matches!(
            tokio::time::timeout(Duration::from_secs(2), state.store.ping()).await,
            Ok(Ok(()))
        );
    let (status, text) = if ready {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "status": text })),
    )
        .into_response()
}

/// `GET /metrics`: Prometheus text format, for whoever presents the `--metrics-token` as a
/// Bearer token; without a configured token it does not exist (404). The mail-queue
/// gauges are counted in the database at each scrape (one grouped count over an index),
/// so every replica reports the same shared queue; if that fails, the scrape still
/// answers without them.
async fn metrics(State(state): State<AppState>, headers: header::HeaderMap) -> Response {
    let Some(token) = &state.config.metrics_token else {
        return ([(header::CACHE_CONTROL, "no-store")], ApiError::NotFound).into_response();
    };
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !offered.is_some_and(|offered| token.matches(offered.trim())) {
        return (
            [
                (header::CACHE_CONTROL, "no-store"),
                (header::WWW_AUTHENTICATE, "Bearer"),
            ],
            ApiError::Unauthenticated,
        )
            .into_response();
    }
    let depth = tokio::time::timeout(
        Duration::from_secs(2),
        state.store.run(crate::store::mail_queue::depth),
    )
    .await;
    let (mail_pending, mail_failed) = match depth {
        Ok(Ok((pending, failed))) => (Some(pending), Some(failed)),
        Ok(Err(error)) => {
            tracing::warn!("metrics: cannot count the mail queue: {error}");
            (None, None)
        }
        Err(_) => {
            tracing::warn!("metrics: counting the mail queue took too long");
            (None, None)
        }
    };
    let text = state.metrics.render(crate::metrics::Snapshot {
        mail_pending,
        mail_failed,
        pool: state.store.pool_usage(),
    });
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// The API under `/api/v1`: every route together with its documented operation, from
/// one list (utoipa-axum's `routes!`), so none can exist undocumented. Add routes here
/// only with `routes!`: `openapi::tests` fails on a plain `.route(` under /api.
/// `guard` wraps the sign-in routes and, apart, the verification link's (the flood guard; nothing when only the document is
/// wanted).
fn v1_routes(guard: impl Fn(Router<AppState>) -> Router<AppState>) -> OpenApiRouter<AppState> {
    let (auth, auth_doc) = OpenApiRouter::new()
        .routes(routes!(session::request_sign_in_link))
        .routes(routes!(session::preview_sign_in_link))
        .routes(routes!(session::sign_in, session::sign_out))
        .split_for_parts();
    let auth = OpenApiRouter::with_openapi(auth_doc).merge(OpenApiRouter::from(guard(auth)));
    // Verification links have a flood guard of their own, so opening them never uses up a
    // source's sign-in allowance (nor the other way round).
    let (verify, verify_doc) = OpenApiRouter::new()
        .routes(routes!(verification::redeem_verification))
        .split_for_parts();
    let verify = OpenApiRouter::with_openapi(verify_doc).merge(OpenApiRouter::from(guard(verify)));
    OpenApiRouter::new()
        .routes(routes!(openapi::health))
        .routes(routes!(openapi::openapi_json))
        .merge(auth)
        .merge(verify)
        .routes(routes!(session::current_session))
        .routes(routes!(accounts::list_accounts))
        .routes(routes!(accounts::switch_account))
        .routes(routes!(
            contact_info::get_contact_info,
            contact_info::put_contact_info
        ))
        .routes(routes!(contact_info::confirm_contact_info))
        .routes(routes!(verification::resend_verification))
        .routes(routes!(history::list_history))
        .routes(routes!(events::stream_events))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::change_role, users::delete_user))
        .routes(routes!(support::list_cases, support::create_case))
        .routes(routes!(support::get_case))
}

/// `/v1` (for nesting under `/api`) and the OpenAPI document, whose paths are the full
/// ones (`/api/v1/…`), with the layers' answers (see `openapi`).
fn v1_api(
    session_cookie: &str,
    guard: impl Fn(Router<AppState>) -> Router<AppState>,
) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (v1, v1_doc) = OpenApiRouter::new()
        .nest("/v1", v1_routes(guard))
        .split_for_parts();
    let mut doc =
        openapi::base(session_cookie)
            .nest_with_path_composer("/api", v1_doc, |prefix, path| format!("{prefix}{path}"));
    openapi::add_layer_responses(&mut doc);
    (v1, doc)
}

pub fn router(state: AppState) -> Router {
    let session_cookie = extract::session_cookie_name(state.secure_cookies());
    let (v1, doc) = v1_api(session_cookie, |auth| flood_guard::guard(auth, &state));
    let v1 = v1.layer(axum::Extension(openapi::Document::new(&doc)));
    let mut api = v1;
    if state.config.dev {
        let pages = Router::new()
            .route("/dev/outbox", get(dev::outbox_page))
            .route("/dev/outbox.json", get(dev::outbox_json))
            .route_layer(middleware::from_fn(dev::local_only));
        api = api.merge(pages);
    }
    let api = api
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(BODY_DEADLINE))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::refuse_cross_site,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), nudge_live))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    // `nest` leaves "/api/" itself to the outer router; it must not fall back to the SPA.
    let mut app = Router::new().nest("/api", api).route(
        "/api/",
        any(|| async { ([(header::CACHE_CONTROL, "no-store")], ApiError::NotFound) }),
    );
    if let Some(dir) = &state.config.static_dir {
        app = spa::serve(app, dir, &state);
    }
    // The probes (and the metrics) answer even when every request slot is taken or
    // requests time out: a busy server is alive, and its readiness is for the probe to
    // judge.
    let probes = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics));
    with_common_layers(with_limits(app).merge(probes), &state).with_state(state)
}

/// After a successful write in this process, the live feed polls at once (its streams
/// learn of the change without waiting for the next tick); after a sign-out its streams
/// check their sessions (a user's removal reaches them as an event first).
async fn nudge_live(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let sign_out =
        method == axum::http::Method::DELETE && request.uri().path().ends_with("/auth/session");
    let response = next.run(request).await;
    if response.status().is_success() && !method.is_safe() {
        state.live.nudge();
        if sign_out {
            state.live.recheck_sessions();
        }
    }
    response
}

/// A handler panic becomes a 500 problem document instead of a dropped connection;
/// `log_errors`, outside this layer, logs its cause.
fn panic_problem(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-text panic payload");
    ApiError::internal(format!("handler panicked: {detail}")).into_response()
}

/// Logs the cause of every error answer where it leaves the server: internal ones as
/// errors (their details are never sent), the client's own mistakes at debug level.
async fn log_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    if let Some(error) = response.extensions().get::<Arc<ApiError>>() {
        if response.status().is_server_error() {
            tracing::error!(%method, "internal error: {error}");
        } else {
            tracing::debug!(%method, "refused: {error:?}");
        }
    }
    response
}

/// Answers 503 when a request takes longer than [`REQUEST_DEADLINE`].
async fn deadline(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// One access-log line per request at INFO: method, route (the pattern, never the query or
/// ids), status, latency and a request id, which is also sent back as `X-Request-Id` and
/// tags every other line logged for the request. No headers, so no cookies. The same
/// method, route and status are counted in the metrics, with the latency.
async fn access_log(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut id = [0u8; 8];
    rand::rng().fill_bytes(&mut id);
    let id = id.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    });
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || {
            if request.uri().path().starts_with("/api/") {
                "/api/*".to_owned()
            } else {
                "(static)".to_owned()
            }
        },
        |path| path.as_str().to_owned(),
    );
    let started = Instant::now();
    let span = tracing::info_span!("request", id = %id);
    let mut response = next.run(request).instrument(span).await;
    let took = started.elapsed();
    state
        .metrics
        .request(&method, &route, response.status().as_u16(), took);
    let latency_ms = took.as_millis();
    tracing::info!(
        target: "access",
        request_id = %id,
        %method,
        route,
        status = response.status().as_u16(),
        latency_ms,
        // A message, so JSON lines have one like every other event.
        "answered",
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The concurrency limit and the request deadline: for everything but the probes.
fn with_limits(app: Router<AppState>) -> Router<AppState> {
    app.layer(GlobalConcurrencyLimitLayer::new(MAX_IN_FLIGHT))
        .layer(middleware::from_fn(deadline))
}

/// Client IP, security headers, access log and panic safety for every response.
fn with_common_layers(app: Router<AppState>, state: &AppState) -> Router<AppState> {
    app.layer(middleware::from_fn_with_state(
        state.clone(),
        extract::resolve_client_ip,
    ))
    // Inside the error log (which runs in the access log's span), so a panic's 500 is
    // logged with its cause and the request id like any other internal error.
    .layer(CatchPanicLayer::custom(panic_problem))
    .layer(middleware::from_fn(log_errors))
    .layer(middleware::from_fn_with_state(
        state.clone(),
        security::security_headers,
    ))
    .layer(middleware::from_fn_with_state(state.clone(), access_log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::store::{self, testing};
    use std::net::SocketAddr;

    /// The real router plus two routes that panic: in a handler, and inside a database
    /// transaction (holding the connection).
    async fn serve_with_panics() -> (String, testing::TestStore) {
        async fn boom() -> &'static str {
            panic!("boom")
        }
        async fn boom_in_store(State(state): State<AppState>) -> Result<(), ApiError> {
            state
                .store
                .run(|_| -> store::Result<()> { panic!("boom in a transaction") })
                .await?;
            Ok(())
        }
        let database = testing::store(true).await;
        let state = AppState::new(
            database.store.clone(),
            Config::for_tests(database.database.clone()),
            crate::metrics::Metrics::new(),
        );
        let panics = Router::new()
            .route("/boom", get(boom))
            .route("/boom-in-store", get(boom_in_store));
        let app = with_common_layers(with_limits(panics), &state)
            .with_state(state.clone())
            .merge(router(state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        (format!("http://{addr}"), database)
    }

    /// Everything logged in this test binary from the first call on (a global subscriber:
    /// one scoped to the test's thread can miss events while other tests run).
    fn captured_logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
        static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
            std::sync::OnceLock::new();
        LOGS.get_or_init(|| {
            #[derive(Clone)]
            struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
            impl std::io::Write for Sink {
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
            let logs = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let sink = Sink(logs.clone());
            let _ = tracing_subscriber::fmt()
                .with_ansi(false)
                .with_max_level(tracing::Level::INFO)
                .with_writer(move || sink.clone())
                .try_init();
            logs
        })
        .clone()
    }

    #[tokio::test]
    async fn a_handler_panic_is_logged_as_an_internal_error_with_its_request_id() {
        let logs = captured_logs();
        let (url, _dir) = serve_with_panics().await;
        let response = reqwest::get(format!("{url}/boom"))
            .await
            .expect("an answer");
        assert_eq!(
            response.status(),
            reqwest::StatusCode::INTERNAL_SERVER_ERROR
        );
        let id = response.headers()["x-request-id"]
            .to_str()
            .expect("text")
            .to_owned();
        let text = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
        assert!(
            text.lines().any(|line| line.contains("ERROR")
                && line.contains(&id)
                && line.contains("handler panicked: boom")),
            "{text}"
        );
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_500_problem_and_the_server_keeps_answering() {
        let (url, _dir) = serve_with_panics().await;
        for path in ["/boom", "/boom-in-store", "/boom", "/boom-in-store"] {
            let response = reqwest::get(format!("{url}{path}"))
                .await
                .expect("an answer, not a dropped connection");
            assert_eq!(
                response.status(),
                reqwest::StatusCode::INTERNAL_SERVER_ERROR
            );
            assert_eq!(
                response.headers()["content-type"],
                portal_rules::api::PROBLEM_CONTENT_TYPE
            );
            assert!(response.headers().contains_key("x-request-id"));
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(body["code"], "internal");
            assert!(
                !body.to_string().contains("boom"),
                "no detail leaks: {body}"
            );
        }
        // The database connection was not poisoned: requests that use it still work.
        let ready = reqwest::get(format!("{url}/readyz")).await.expect("ready");
        assert_eq!(ready.status(), reqwest::StatusCode::OK);
        let link = reqwest::Client::new()
            .post(format!("{url}/api/v1/auth/sign-in-link"))
            .json(&serde_json::json!({ "email": "admin@demo.example" }))
            .send()
            .await
            .expect("answer");
        assert_eq!(link.status(), reqwest::StatusCode::ACCEPTED);
    }
}
