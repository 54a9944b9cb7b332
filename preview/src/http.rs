//! A request and its answer as plain data (what a `fetch` sends and gets), and the cookie
//! jar a browser would keep for them.

use portal_rules::api::{PROBLEM_CONTENT_TYPE, Problem};
use serde::{Deserialize, Serialize};

/// One HTTP request of the SPA: `path_and_query` as fetched (`/api/v1/users?…`); header
/// names in any case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviewRequest {
    pub method: String,
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl PreviewRequest {
    pub fn new(method: &str, path_and_query: &str) -> Self {
        Self {
            method: method.to_owned(),
            path_and_query: path_and_query.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A JSON body, with its `Content-Type` (as the SPA's client sends it).
    #[must_use]
    pub fn with_json(self, body: &str) -> Self {
        let mut request = self.with_header("content-type", "application/json");
        request.body = Some(body.to_owned());
        request
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// True for the methods that change something.
    pub fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS")
    }

    pub fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(path, _)| path)
    }

    pub fn query(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or("", |(_, query)| query)
    }
}

/// One answer. Header names are lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PreviewResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl PreviewResponse {
    /// A JSON answer; `Cache-Control: no-store` as on every server answer under /api.
    pub fn json<T: Serialize>(status: u16, value: &T) -> Self {
        // Serializing the DTOs (plain structs, string keys) cannot fail.
        let body = serde_json::to_string(value).unwrap_or_default();
        Self::with_body(status, "application/json", body)
    }

    /// An answer whose JSON body is already written (a replayed idempotent answer).
    pub fn raw_json(status: u16, body: String) -> Self {
        Self::with_body(status, "application/json", body)
    }

    pub fn problem(problem: &Problem) -> Self {
        let body = serde_json::to_string(problem).unwrap_or_default();
        Self::with_body(problem.status, PROBLEM_CONTENT_TYPE, body)
    }

    fn with_body(status: u16, content_type: &str, body: String) -> Self {
        Self {
            status,
            headers: vec![
                ("content-type".into(), content_type.into()),
                ("cache-control".into(), "no-store".into()),
            ],
            body: Some(body),
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: vec![("cache-control".into(), "no-store".into())],
            body: None,
        }
    }

    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// The cookies a browser would keep for the preview's origin: set by `Set-Cookie`, removed
/// by `Max-Age=0`, sent back in `Cookie`. Paths, expiry and flags are not modelled: every
/// cookie of the API is `Path=/`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CookieJar {
    cookies: Vec<(String, String)>,
}

impl CookieJar {
    /// Takes the `Set-Cookie` headers of `response`.
    pub fn store(&mut self, response: &PreviewResponse) {
        for (name, value) in &response.headers {
            if name == "set-cookie" {
                self.set(value);
            }
        }
    }

    fn set(&mut self, header: &str) {
        let mut parts = header.split(';');
        let Some((name, value)) = parts.next().and_then(|pair| pair.trim().split_once('=')) else {
            return;
        };
        let removed = value.is_empty()
            || parts.any(|attribute| attribute.trim().eq_ignore_ascii_case("max-age=0"));
        self.cookies.retain(|(existing, _)| existing != name);
        if !removed {
            self.cookies.push((name.to_owned(), value.to_owned()));
        }
    }

    /// Sets a cookie directly (the toolbar signing in as someone).
    pub fn put(&mut self, name: &str, value: &str) {
        self.set(&format!("{name}={value}"));
    }

    pub fn clear(&mut self) {
        self.cookies.clear();
    }

    /// The `Cookie` header to send, if any cookie is kept.
    pub fn header(&self) -> Option<String> {
        (!self.cookies.is_empty()).then(|| {
            self.cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_keeps_sets_and_forgets_cookies() {
        let mut jar = CookieJar::default();
        jar.store(&PreviewResponse::empty(200).with_header(
            "Set-Cookie",
            "portal_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=100",
        ));
        assert_eq!(jar.header().as_deref(), Some("portal_session=abc"));
        jar.store(&PreviewResponse::empty(204).with_header(
            "set-cookie",
            "portal_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0",
        ));
        assert_eq!(jar.header(), None);
    }

    #[test]
    fn requests_split_path_and_query() {
        let request = PreviewRequest::new("GET", "/api/v1/support-cases?page=2");
        assert_eq!(request.path(), "/api/v1/support-cases");
        assert_eq!(request.query(), "page=2");
        assert!(!request.is_write());
        assert!(PreviewRequest::new("DELETE", "/x").is_write());
    }
}
