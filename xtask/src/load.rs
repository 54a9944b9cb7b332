//! API load for `cargo xtask bench`: signed-in reads and conditional writes of the contact
//! information against a running server, on loopback, bounded in time and count.
//!
//! The load generator is `wrk` from Debian, not `oha` from crates.io: the conditional PUT
//! needs each request to carry the ETag the previous answer returned, which wrk's Lua
//! scripting does (`benches/api/contact_info.lua`) and oha cannot (its requests are fixed);
//! wrk is also a small C program from apt, where oha would be a long `cargo install` on a
//! two-core machine. Only `cargo xtask bench` installs it; CI never needs it.

use crate::cpu;
use crate::process::{Result, command, root};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

const WRK: &str = "/usr/bin/wrk";
const SCRIPT: &str = "benches/api/contact_info.lua";
const PUT_BODY: &str = "benches/api/contact-info.json";
const PATH: &str = "/api/v1/contact-info";
/// How long each scenario runs, and wrk's timeout per request (a timed-out request is an
/// error, not a sample).
const DURATION: &str = "10s";
const TIMEOUT: &str = "2s";
/// Concurrent connections of the read scenario (split over the replicas).
const GET_CONNECTIONS: usize = 16;
/// The writes stop after this many even within `DURATION`: each is a committed transaction.
/// Far above what sequential durable writes reach in `DURATION`; if it is reached, wrk still
/// divides by the whole duration, so the throughput shown is a lower bound (and says so).
const MAX_PUTS: u64 = 100_000;

/// One scenario's figures.
pub struct Load {
    pub name: String,
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Non-2xx answers and socket errors (connect, read, write, timeout).
    pub errors: u64,
    /// CPU time per request by process (see `cpu`), or why it is unknown.
    pub cpu: Result<String>,
    /// What the issue asks of it, and whether this run met it.
    pub target: &'static str,
    pub met: bool,
}

/// Installs wrk from Debian on first use (`apt-get`, as `cargo xtask setup` does for its
/// packages).
pub fn ensure_wrk() -> Result {
    if Path::new(WRK).exists() {
        return Ok(());
    }
    let is_root = crate::process::output("id", &["-u"]).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut apt = if is_root {
            command("apt-get", args)
        } else {
            command("sudo", &[&["apt-get"], args].concat())
        };
        apt.env("DEBIAN_FRONTEND", "noninteractive");
        crate::process::run(apt)
    };
    apt(&["update"])?;
    apt(&["install", "-y", "--no-install-recommends", "wrk"])
}

/// The read and write scenarios against one backend: `base_urls` are its replicas (one
/// server on SQLite; one or two on PostgreSQL), all serving the account whose session is
/// `cookie` (`name=value`) to a user who may edit its contact information. Reads spread
/// their connections over the replicas and merge the latency histograms; the sequential
/// writes go to the first replica. `servers` are the replicas' process ids, for the CPU
/// time per request.
pub fn contact_info(
    backend: &str,
    base_urls: &[String],
    servers: &[u32],
    cookie: &str,
) -> Result<Vec<Load>> {
    let first = base_urls
        .first()
        .ok_or("contact_info load: no base URL given")?;
    let cookie_header = format!("Cookie: {cookie}");
    let connections = (GET_CONNECTIONS / base_urls.len()).max(1);

    let before = cpu::sample();
    let reads: Vec<std::process::Child> = base_urls
        .iter()
        .map(|base| {
            let threads = connections.min(2).to_string();
            spawn_wrk(
                &threads,
                &connections.to_string(),
                &[&cookie_header],
                &format!("{base}{PATH}"),
                &[],
            )
        })
        .collect::<Result<_>>()?;
    let mut get = Run::default();
    for child in reads {
        get.merge(finish_wrk(child)?);
    }
    let get_cpu = cpu_per_request(before, servers, get.requests);

    let (status, etag) = current_etag(first, cookie)?;
    if status != 200 {
        return Err(format!("GET {first}{PATH} answered {status}, not 200"));
    }
    let etag = etag.ok_or_else(|| format!("GET {first}{PATH} sent no ETag"))?;
    let body = root().join(PUT_BODY);
    let url = format!("{first}{PATH}");
    let before = cpu::sample();
    let put = finish_wrk(spawn_wrk(
        "1",
        "1",
        &[&cookie_header, "Content-Type: application/json"],
        &url,
        &[
            ("BENCH_PUT_BODY", &body.to_string_lossy()),
            ("BENCH_ETAG", &etag),
            ("BENCH_MAX_REQUESTS", &MAX_PUTS.to_string()),
        ],
    )?)?;
    let put_cpu = cpu_per_request(before, servers, put.requests);

    let get = get.figures(
        format!("{backend}: GET contact info, {GET_CONNECTIONS} connections"),
        "≥ 10 000/s, p99 < 5 ms",
        |per_second, _, p99| per_second >= 10_000.0 && p99 < 5.0,
        get_cpu,
    );
    let capped = if put.requests >= MAX_PUTS {
        " (count cap reached: throughput is a lower bound)"
    } else {
        ""
    };
    let put = put.figures(
        format!("{backend}: PUT contact info, sequential, If-Match{capped}"),
        "p99 < 20 ms",
        |_, _, p99| p99 < 20.0,
        put_cpu,
    );
    Ok(vec![get, put])
}

/// The CPU time per request since `before`, described (see `cpu::PerRequest`).
fn cpu_per_request(before: Result<cpu::Sample>, servers: &[u32], requests: u64) -> Result<String> {
    let after = cpu::sample()?;
    Ok(cpu::per_request(&before?, &after, servers, requests)?.describe())
}

/// One wrk run of the scenario script against `url`: `threads` and `connections`, each
/// header of `headers`, bounded by DURATION and TIMEOUT.
fn spawn_wrk(
    threads: &str,
    connections: &str,
    headers: &[&str],
    url: &str,
    env: &[(&str, &str)],
) -> Result<std::process::Child> {
    let mut args = vec![
        "-t",
        threads,
        "-c",
        connections,
        "-d",
        DURATION,
        "--timeout",
        TIMEOUT,
        "-s",
        SCRIPT,
    ];
    for header in headers {
        args.extend(["-H", header]);
    }
    args.push(url);
    let mut wrk = command(WRK, &args);
    wrk.envs(env.iter().copied())
        .stdout(std::process::Stdio::piped());
    println!("\n▶ {wrk:?}");
    wrk.spawn()
        .map_err(|error| format!("cannot start wrk: {error}"))
}

fn finish_wrk(child: std::process::Child) -> Result<Run> {
    let output = child
        .wait_with_output()
        .map_err(|error| format!("wrk: {error}"))?;
    if !output.status.success() {
        return Err(format!("wrk failed with {}", output.status));
    }
    Run::parse(&String::from_utf8_lossy(&output.stdout))
}

/// What one or more wrk runs report (see the script's `done`).
#[derive(Debug, Default, PartialEq)]
struct Run {
    requests: u64,
    duration_us: u64,
    errors: u64,
    /// (latency in µs, how many requests took it), ascending.
    latency: Vec<(u64, u64)>,
}

impl Run {
    fn parse(text: &str) -> Result<Self> {
        let mut run = Self::default();
        let mut seen_result = false;
        for line in text.lines() {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("result") => {
                    seen_result = true;
                    for pair in words {
                        let (key, value) = pair
                            .split_once('=')
                            .ok_or_else(|| format!("wrk: unreadable `{line}`"))?;
                        let value: u64 = value
                            .parse()
                            .map_err(|_| format!("wrk: unreadable `{line}`"))?;
                        match key {
                            "requests" => run.requests = value,
                            "duration_us" => run.duration_us = value,
                            "errors" | "socket_errors" => run.errors += value,
                            _ => {}
                        }
                    }
                }
                Some("latency") => {
                    let numbers: Vec<u64> = words.filter_map(|word| word.parse().ok()).collect();
                    if let [value, count] = numbers[..] {
                        run.latency.push((value, count));
                    }
                }
                _ => {}
            }
        }
        if !seen_result {
            return Err(format!("wrk printed no result:\n{text}"));
        }
        run.latency.sort_unstable();
        Ok(run)
    }

    /// Adds a concurrent run (against another replica): requests and histograms add up,
    /// the duration is the longer one.
    fn merge(&mut self, other: Self) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.duration_us = self.duration_us.max(other.duration_us);
        self.latency.extend(other.latency);
        self.latency.sort_unstable();
    }

    /// The latency (ms) under which `quantile` of the requests finished.
    fn percentile_ms(&self, quantile: f64) -> f64 {
        let total: u64 = self.latency.iter().map(|(_, count)| count).sum();
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "request counts far below 2^52"
        )]
        let rank = ((total as f64) * quantile).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (value, count) in &self.latency {
            seen += count;
            if seen >= rank {
                #[allow(clippy::cast_precision_loss, reason = "µs far below 2^52")]
                return *value as f64 / 1000.0;
            }
        }
        f64::NAN
    }

    fn figures(
        &self,
        name: String,
        target: &'static str,
        meets: impl Fn(f64, f64, f64) -> bool,
        cpu: Result<String>,
    ) -> Load {
        #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let per_second = self.requests as f64 / (self.duration_us.max(1) as f64 / 1e6);
        let (p50_ms, p99_ms) = (self.percentile_ms(0.5), self.percentile_ms(0.99));
        Load {
            name,
            requests: self.requests,
            per_second,
            p50_ms,
            p99_ms,
            errors: self.errors,
            cpu,
            target,
            met: self.errors == 0 && meets(per_second, p50_ms, p99_ms),
        }
    }
}

/// `GET <base>/api/v1/contact-info` with the cookie: the status and the ETag.
fn current_etag(base: &str, cookie: &str) -> Result<(u16, Option<String>)> {
    let host = base
        .strip_prefix("http://")
        .ok_or_else(|| format!("{base}: only http:// on loopback is benchmarked"))?
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(host).map_err(|error| format!("{host}: {error}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|error| error.to_string())?;
    let request = format!(
        "GET {PATH} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|error| format!("{host}: {error}"))?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|error| format!("{host}: {error}"))?;
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("{host}: no HTTP status in the answer"))?;
    let etag = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("etag")
            .then(|| value.trim().to_owned())
    });
    Ok((status, etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "Running 10s test @ http://127.0.0.1:1/api/v1/contact-info\n\
        result requests=1000 duration_us=2000000 errors=3 socket_errors=1\n\
        latency 900 500\nlatency 1000 490\nlatency 4000 10\n";

    #[test]
    fn wrk_results_give_throughput_percentiles_and_errors() {
        let run = Run::parse(OUTPUT).unwrap();
        assert_eq!(run.requests, 1000);
        assert_eq!(run.errors, 4);
        assert!((run.percentile_ms(0.5) - 0.9).abs() < 1e-9);
        assert!((run.percentile_ms(0.99) - 1.0).abs() < 1e-9);
        assert!((run.percentile_ms(0.995) - 4.0).abs() < 1e-9);
        let load = run.figures("x".into(), "t", |_, _, p99| p99 < 5.0, Ok(String::new()));
        assert!((load.per_second - 500.0).abs() < 1e-9);
        assert!(!load.met, "errors fail a scenario whatever its times");
        assert!(Run::parse("no result").is_err());
    }

    #[test]
    fn replicas_merge_exactly() {
        let mut run = Run::parse(OUTPUT).unwrap();
        let other = Run::parse(
            "result requests=1000 duration_us=2500000 errors=0 socket_errors=0\nlatency 4000 1000\n",
        )
        .unwrap();
        run.merge(other);
        assert_eq!(run.requests, 2000);
        assert_eq!(run.duration_us, 2_500_000);
        assert!((run.percentile_ms(0.5) - 4.0).abs() < 1e-9);
        assert!((run.percentile_ms(0.49) - 1.0).abs() < 1e-9);
    }
}
