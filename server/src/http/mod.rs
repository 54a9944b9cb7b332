//! The HTTP layer: the router, middleware and one module per resource. Everything under
//! /api answers JSON (problem+json on errors); other paths serve the built SPA when a
//! static directory is configured. Handlers reach data only through `crate::store`.

mod contact_info;
mod dev;
mod extract;
mod idempotency;
mod session;
mod support;
mod users;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, patch, post};
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;

const MAX_BODY_BYTES: usize = 64 * 1024;

async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

async fn health() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/health", get(health))
        .route("/auth/sign-in-link", post(session::request_sign_in_link))
        .route(
            "/auth/session",
            post(session::sign_in).delete(session::sign_out),
        )
        .route("/session", get(session::current_session))
        .route(
            "/contact-info",
            get(contact_info::get_contact_info).put(contact_info::put_contact_info),
        )
        .route("/users", get(users::list_users).post(users::create_user))
        .route(
            "/users/{id}",
            patch(users::change_role).delete(users::delete_user),
        )
        .route(
            "/support-cases",
            get(support::list_cases).post(support::create_case),
        )
        .route("/support-cases/{reference}", get(support::get_case));
    let mut api = Router::new().nest("/v1", v1);
    if state.config.dev {
        api = api
            .route("/dev/outbox", get(dev::outbox_page))
            .route("/dev/outbox.json", get(dev::outbox_json));
    }
    let api = api
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
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
        // Client-side routes (e.g. /configuration/users) get index.html on reload.
        // `no-cache` makes browsers revalidate, so a new deployment is picked up at once.
        let spa = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
        app = app.fallback_service(SetResponseHeader::if_not_present(
            spa,
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ));
    }
    with_common_layers(app).with_state(state)
}

/// A handler panic becomes a logged 500 problem document instead of a dropped connection.
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
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let response = next.run(request).await;
    if let Some(error) = response.extensions().get::<Arc<ApiError>>() {
        if response.status().is_server_error() {
            tracing::error!(%method, %uri, "internal error: {error}");
        } else {
            tracing::debug!(%method, %uri, "refused: {error}");
        }
    }
    response
}

/// Security headers, panic safety and request tracing for every response.
fn with_common_layers<S: Clone + Send + Sync + 'static>(app: Router<S>) -> Router<S> {
    app.layer(CatchPanicLayer::custom(panic_problem))
        .layer(middleware::from_fn(log_errors))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TraceLayer::new_for_http())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_handler_answers_a_500_problem() {
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let app = with_common_layers(Router::new().route("/boom", get(boom)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let response = reqwest::get(format!("http://{addr}/boom"))
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
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["code"], "internal");
        assert!(
            !body.to_string().contains("boom"),
            "no detail leaks: {body}"
        );
    }
}
