//! Prometheus metrics for operators: requests by route template and status, the mail
//! queue, sending failures, the purge of expired rows and the database pool. Each server
//! has its own recorder (not the `metrics` crate's global one), so servers started side by
//! side in one process (the tests, the replica tests) count apart. Rendered by our own
//! route (`GET /metrics`); the exporter's HTTP listener is not compiled in.
//!
//! Labels hold only bounded values: the route *template* (`/api/v1/users/{id}`, never an
//! id or a token), the method (unknown methods as `OTHER`) and the status code.

pub use crate::store::PoolUsage;
use metrics::{Key, Label, Metadata, Recorder as _};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

const REQUESTS: &str = "portal_http_requests_total";
const DURATION: &str = "portal_http_request_duration_seconds";
const SEND_FAILURES: &str = "portal_mail_send_failures_total";
const PURGED_ROWS: &str = "portal_purged_rows_total";
/// When the purge last went through every table: an alert on its age catches a purge that
/// keeps failing (the tables then grow without bound).
const PURGE_LAST_SUCCESS: &str = "portal_purge_last_success_timestamp_seconds";
/// Latency buckets in seconds: from a cached GET to the 30 s request deadline.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static METADATA: Metadata<'static> =
    Metadata::new(module_path!(), metrics::Level::INFO, Some(module_path!()));

/// What a scrape reads from the database and the pool at that moment.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// Mails waiting to be sent (including those being retried).
    pub mail_pending: Option<i64>,
    /// Mails given up on and still kept.
    pub mail_failed: Option<i64>,
    /// PostgreSQL only: the pool's connections.
    pub pool: Option<PoolUsage>,
}

/// The server's metrics. Cloning shares them.
#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        recorder.describe_counter(
            REQUESTS.into(),
            None,
            "HTTP requests answered, by method, route template and status".into(),
        );
        recorder.describe_histogram(
            DURATION.into(),
            Some(metrics::Unit::Seconds),
            "Time to answer an HTTP request, by method, route template and status".into(),
        );
        recorder.describe_counter(
            SEND_FAILURES.into(),
            None,
            "Mails the SMTP server did not take (each failed attempt; retried or given up)".into(),
        );
        recorder.describe_counter(
            PURGED_ROWS.into(),
            None,
            "Expired rows deleted by the periodic purge".into(),
        );
        recorder.describe_gauge(
            PURGE_LAST_SUCCESS.into(),
            Some(metrics::Unit::Seconds),
            "Unix time the last complete purge of expired rows ended".into(),
        );
        Self {
            recorder: Arc::new(recorder),
        }
    }

    /// One answered request.
    pub fn request(&self, method: &axum::http::Method, route: &str, status: u16, took: Duration) {
        let method: &'static str = match method.as_str() {
            "GET" => "GET",
            "HEAD" => "HEAD",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            "OPTIONS" => "OPTIONS",
            _ => "OTHER",
        };
        let labels = vec![
            Label::new("method", method),
            Label::new("route", route.to_owned()),
            Label::new("status", status.to_string()),
        ];
        self.recorder
            .register_counter(&Key::from_parts(REQUESTS, labels.clone()), &METADATA)
            .increment(1);
        self.recorder
            .register_histogram(&Key::from_parts(DURATION, labels), &METADATA)
            .record(took.as_secs_f64());
    }

    /// One attempt to hand a mail to the SMTP server failed.
    pub fn mail_send_failed(&self, permanent: bool) {
        let labels = vec![Label::new(
            "kind",
            if permanent { "permanent" } else { "temporary" },
        )];
        self.recorder
            .register_counter(&Key::from_parts(SEND_FAILURES, labels), &METADATA)
            .increment(1);
    }

    /// A purge went through every table, deleting `rows`, and ended at `now_unix`.
    pub fn purged(&self, rows: usize, now_unix: i64) {
        let key = |name: &'static str| Key::from_parts(name, Vec::<Label>::new());
        self.recorder
            .register_counter(&key(PURGED_ROWS), &METADATA)
            .increment(u64::try_from(rows).unwrap_or(u64::MAX));
        #[allow(
            clippy::cast_precision_loss,
            reason = "Unix seconds are far below 2^52"
        )]
        self.recorder
            .register_gauge(&key(PURGE_LAST_SUCCESS), &METADATA)
            .set(now_unix as f64);
    }

    /// The text exposition format: the counters and histograms, then the gauges read at
    /// this scrape.
    pub fn render(&self, snapshot: Snapshot) -> String {
        let handle = self.recorder.handle();
        handle.run_upkeep();
        let mut text = handle.render();
        let mut gauge = |name: &str, help: &str, samples: &[(&str, Option<i64>)]| {
            let samples: Vec<_> = samples
                .iter()
                .filter_map(|(labels, value)| value.map(|value| (labels, value)))
                .collect();
            if samples.is_empty() {
                return;
            }
            let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} gauge");
            for (labels, value) in samples {
                let _ = writeln!(text, "{name}{labels} {value}");
            }
        };
        gauge(
            "portal_mail_queue",
            "Mails in the queue by status (read from the database at scrape time)",
            &[
                ("{status=\"pending\"}", snapshot.mail_pending),
                ("{status=\"failed\"}", snapshot.mail_failed),
            ],
        );
        if let Some(pool) = snapshot.pool {
            let count = |value: usize| Some(i64::try_from(value).unwrap_or(i64::MAX));
            gauge(
                "portal_db_pool_max_connections",
                "PostgreSQL connections this process keeps at most",
                &[("", count(pool.max_size))],
            );
            gauge(
                "portal_db_pool_connections",
                "PostgreSQL connections open, by state",
                &[
                    ("{state=\"idle\"}", count(pool.available)),
                    (
                        "{state=\"in_use\"}",
                        count(pool.size.saturating_sub(pool.available)),
                    ),
                ],
            );
            gauge(
                "portal_db_pool_waiting",
                "Transactions waiting for a PostgreSQL connection",
                &[("", count(pool.waiting))],
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_template_and_status_and_gauges_follow() {
        let metrics = Metrics::new();
        let get = axum::http::Method::GET;
        metrics.request(&get, "/api/v1/users/{id}", 404, Duration::from_millis(3));
        metrics.request(&get, "/api/v1/users/{id}", 404, Duration::from_millis(3));
        metrics.request(
            &axum::http::Method::from_bytes(b"BREW").expect("a method"),
            "/api/*",
            405,
            Duration::from_millis(1),
        );
        metrics.mail_send_failed(false);
        metrics.purged(3, 1_800_000_000);
        metrics.purged(0, 1_800_000_600);
        let text = metrics.render(Snapshot {
            mail_pending: Some(2),
            mail_failed: Some(0),
            pool: Some(PoolUsage {
                max_size: 10,
                size: 3,
                available: 1,
                waiting: 0,
            }),
        });
        assert!(
            text.contains(
                "portal_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"404\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("method=\"OTHER\""), "{text}");
        assert!(
            text.contains("portal_http_request_duration_seconds_bucket{"),
            "{text}"
        );
        assert!(text.contains("portal_mail_send_failures_total{kind=\"temporary\"} 1"));
        assert!(text.contains("portal_purged_rows_total 3"), "{text}");
        assert!(
            text.contains("portal_purge_last_success_timestamp_seconds 1800000600"),
            "{text}"
        );
        assert!(
            text.contains("portal_mail_queue{status=\"pending\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("portal_db_pool_connections{state=\"in_use\"} 2"),
            "{text}"
        );
        assert!(text.contains("portal_db_pool_max_connections 10"), "{text}");
    }
}
