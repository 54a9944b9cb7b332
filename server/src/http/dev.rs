//! Development-only outbox: where sign-in links "arrive" in the embedded default.

use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::outbox::{self, SentMail};
use axum::Json;
use axum::extract::State;
use axum::response::Html;
use std::fmt::Write as _;

/// The dev pages show at most this many mails.
const NEWEST: u32 = 200;

async fn newest_mails(state: &AppState) -> ApiResult<Vec<SentMail>> {
    Ok(state.store.run(|tx| outbox::newest(tx, NEWEST)).await?)
}

pub async fn outbox_json(State(state): State<AppState>) -> ApiResult<Json<Vec<SentMail>>> {
    Ok(Json(newest_mails(&state).await?))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn outbox_page(State(state): State<AppState>) -> ApiResult<Html<String>> {
    let mails = newest_mails(&state).await?;
    let rows = mails.iter().fold(String::new(), |mut rows, mail| {
        let link = mail
            .link
            .as_deref()
            .map(|link| format!("<a href=\"{0}\">{0}</a>", escape(link)))
            .unwrap_or_default();
        // Writing to a String cannot fail.
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{link}</td></tr>",
            escape(&mail.created_at),
            escape(&mail.to),
            escape(&mail.subject)
        );
        rows
    });
    let empty = if mails.is_empty() {
        "<p>No mail yet. Request a sign-in link first.</p>"
    } else {
        ""
    };
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Outbox · Partner Portal (dev)</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}}table{{border-collapse:collapse}}\
         th,td{{text-align:left;padding:.4rem .8rem;border-bottom:1px solid #d1d5db}}a{{color:#1a56db}}</style></head>\
         <body><main><h1>Outbox</h1><p>Mail the server would send, newest first (development mode only).</p>{empty}\
         <table><caption>Sent mail</caption><thead><tr><th scope=\"col\">Sent</th><th scope=\"col\">To</th>\
         <th scope=\"col\">Subject</th><th scope=\"col\">Link</th></tr></thead>\
         <tbody>{rows}</tbody></table></main></body></html>"
    )))
}
