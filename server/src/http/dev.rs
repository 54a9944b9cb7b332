//! Development-only outbox: where mail "arrives" in the embedded default, and who can sign
//! in (the users in the database, so nothing else has to list the demo users).

use super::security::{self, ContentSecurityPolicy};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::mail_queue::{self, OutboxMail};
use crate::store::users::{self, Directory};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write as _;
use std::net::IpAddr;

/// Headers a reverse proxy adds: a request carrying one came through a proxy, so possibly
/// from anywhere. (`trunk serve` sends only `X-Forwarded-Host` and `-Proto`.)
const FORWARDING_HEADERS: [&str; 3] = ["forwarded", "x-forwarded-for", "x-real-ip"];

/// Whether a `Host` (or `X-Forwarded-Host`) value names this machine: a loopback address
/// or `localhost`, with or without a port.
fn is_loopback_host(value: &str) -> bool {
    let is_port = |port: &str| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit());
    let host = value.trim();
    let name = if let Some(bracketed) = host.strip_prefix('[') {
        let Some((name, rest)) = bracketed.split_once(']') else {
            return false;
        };
        if !(rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port)) {
            return false;
        }
        name
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request to the dev pages is one a developer on this machine sent: no proxy
/// forwarded it, and it names this machine as its host.
fn is_local(headers: &HeaderMap) -> bool {
    let host_is_local = |name| {
        headers
            .get_all(name)
            .iter()
            .all(|value| value.to_str().is_ok_and(is_loopback_host))
    };
    FORWARDING_HEADERS
        .iter()
        .all(|name| !headers.contains_key(*name))
        && headers.contains_key(header::HOST)
        && host_is_local(header::HOST)
        && host_is_local(header::HeaderName::from_static("x-forwarded-host"))
}

/// Refuses (403) dev-page requests that came through a reverse proxy or name another host:
/// --dev listens only on loopback addresses, but a proxy on the same machine would
/// otherwise show every tenant's mail (and live sign-in links) to anyone.
pub async fn local_only(request: Request, next: Next) -> Response {
    if is_local(request.headers()) {
        next.run(request).await
    } else {
        ApiError::Forbidden.into_response()
    }
}

/// The dev pages show at most this many mails and users.
const NEWEST: u32 = 200;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}\
    table{border-collapse:collapse;margin-bottom:2rem}\
    th,td{text-align:left;padding:.4rem .8rem;border-bottom:1px solid #d1d5db}a{color:#1a56db}";

async fn newest_mails(state: &AppState) -> ApiResult<Vec<OutboxMail>> {
    Ok(state.store.run(|tx| mail_queue::newest(tx, NEWEST)).await?)
}

pub async fn outbox_json(State(state): State<AppState>) -> ApiResult<Json<Vec<OutboxMail>>> {
    Ok(Json(newest_mails(&state).await?))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn mail_rows(mails: &[OutboxMail]) -> String {
    mails.iter().fold(String::new(), |mut rows, mail| {
        let link = mail
            .link
            .as_deref()
            .map(|link| format!("<a href=\"{0}\">{0}</a>", escape(link)))
            .unwrap_or_default();
        // Writing to a String cannot fail.
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{link}</td></tr>",
            escape(&mail.created_at),
            escape(&mail.to),
            escape(&mail.subject),
            escape(&mail.status)
        );
        rows
    })
}

fn user_rows(directory: &[Directory]) -> String {
    directory.iter().fold(String::new(), |mut rows, user| {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&user.email),
            escape(&user.name),
            user.role.as_str(),
            user.status.as_str(),
            escape(&user.account)
        );
        rows
    })
}

pub async fn outbox_page(State(state): State<AppState>) -> ApiResult<Response> {
    let mails = newest_mails(&state).await?;
    let directory = state.store.run(|tx| users::directory(tx, NEWEST)).await?;
    let empty = if mails.is_empty() {
        "<p>No mail yet. Request a sign-in link first.</p>"
    } else {
        ""
    };
    let (mail_rows, user_rows) = (mail_rows(&mails), user_rows(&directory));
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Outbox · Partner Portal (dev)</title>\
         <style>{STYLE}</style></head>\
         <body><main><h1>Outbox</h1><p>Mail the server sent or would send, newest first (development mode only). \
         Sign-in links sign in; confirmation links (<code>/verify#token=…</code>, mailed when a \
         contact address is saved) confirm that address.</p>{empty}\
         <table><caption>Mail</caption><thead><tr><th scope=\"col\">Queued</th><th scope=\"col\">To</th>\
         <th scope=\"col\">Subject</th><th scope=\"col\">Status</th><th scope=\"col\">Link</th></tr></thead>\
         <tbody>{mail_rows}</tbody></table>\
         <h2>Who can sign in</h2><p>Request a sign-in link for one of these addresses in the portal.</p>\
         <table><caption>Users</caption><thead><tr><th scope=\"col\">E-mail</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">Role</th><th scope=\"col\">Status</th><th scope=\"col\">Account</th></tr></thead>\
         <tbody>{user_rows}</tbody></table></main></body></html>"
    );
    let policy = ContentSecurityPolicy::for_static_page(STYLE);
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            security::header_value(&policy.to_string())?,
        )],
        Html(page),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn only_unforwarded_requests_to_a_loopback_host_are_local() {
        for host in [
            "127.0.0.1:3000",
            "127.0.0.1",
            "localhost:3000",
            "LOCALHOST",
            "[::1]:3000",
            "[::1]",
            "127.8.9.10:80",
        ] {
            assert!(is_local(&headers(&[("host", host)])), "{host}");
        }
        // What `trunk serve` sends to its backend.
        assert!(is_local(&headers(&[
            ("host", "127.0.0.1"),
            ("x-forwarded-host", "127.0.0.1:8080"),
            ("x-forwarded-proto", "http"),
        ])));
        for refused in [
            headers(&[]),
            headers(&[("host", "portal.example")]),
            headers(&[("host", "portal.example:3000")]),
            headers(&[("host", "10.0.0.1:3000")]),
            headers(&[("host", "127.0.0.1.nip.io")]),
            headers(&[("host", "[::1")]),
            headers(&[("host", "127.0.0.1"), ("x-forwarded-for", "203.0.113.9")]),
            headers(&[("host", "127.0.0.1"), ("forwarded", "for=203.0.113.9")]),
            headers(&[("host", "127.0.0.1"), ("x-real-ip", "203.0.113.9")]),
            headers(&[
                ("host", "127.0.0.1"),
                ("x-forwarded-host", "portal.example"),
            ]),
        ] {
            assert!(!is_local(&refused), "{refused:?}");
        }
    }
}
