//! Development-only outbox: where mail "arrives" in the embedded default, and who can sign
//! in (the users in the database, so nothing else has to list the demo users).

use super::security::{self, ContentSecurityPolicy};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::mail_queue::{self, OutboxMail};
use crate::store::users::{self, Directory};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write as _;

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
         <body><main><h1>Outbox</h1><p>Mail the server sent or would send, newest first (development mode only).</p>{empty}\
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
