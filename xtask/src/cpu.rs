//! Where a load run's CPU time went, from Linux's `/proc`: the server processes, PostgreSQL
//! (every process named `postgres`: the backends and the cluster's helpers) and the rest
//! of the machine (wrk, the kernel's own work, anything else running), as CPU time per
//! request. On two cores shared by all three, this says what bounds the throughput where
//! a rate alone cannot.

use crate::process::{Result, output};
use std::collections::HashMap;

/// CPU ticks (utime + stime, in `USER_HZ`) of every process, and of the whole machine.
pub struct Sample {
    processes: HashMap<u32, (String, u64)>,
    machine_busy: u64,
}

/// CPU time per request, in µs.
#[derive(Debug, PartialEq)]
pub struct PerRequest {
    pub server: f64,
    pub postgres: f64,
    pub rest: f64,
}

impl PerRequest {
    /// `server 204 µs, PostgreSQL 145 µs, rest 22 µs` (PostgreSQL only when it ran).
    pub fn describe(&self) -> String {
        let postgres = if self.postgres > 0.0 {
            format!(", PostgreSQL {:.0} µs", self.postgres)
        } else {
            String::new()
        };
        format!(
            "server {:.0} µs{postgres}, rest {:.0} µs",
            self.server, self.rest
        )
    }
}

/// Reads `/proc` now.
pub fn sample() -> Result<Sample> {
    let stat =
        std::fs::read_to_string("/proc/stat").map_err(|error| format!("/proc/stat: {error}"))?;
    let machine_busy = machine_busy(&stat).ok_or("/proc/stat: no readable `cpu` line")?;
    let mut processes = HashMap::new();
    let entries = std::fs::read_dir("/proc").map_err(|error| format!("/proc: {error}"))?;
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        // A process may end between the listing and the read: it is simply not counted.
        if let Some(process) = std::fs::read_to_string(entry.path().join("stat"))
            .ok()
            .as_deref()
            .and_then(process_ticks)
        {
            processes.insert(pid, process);
        }
    }
    Ok(Sample {
        processes,
        machine_busy,
    })
}

/// The CPU time between two samples per request: `servers` are the server processes' pids.
pub fn per_request(
    before: &Sample,
    after: &Sample,
    servers: &[u32],
    requests: u64,
) -> Result<PerRequest> {
    if requests == 0 {
        return Err("no requests to divide the CPU time by".into());
    }
    let ticks_per_second = ticks_per_second()?;
    let used = |pid: &u32, name: &str, ticks: u64| -> u64 {
        // A process that started during the run used all its ticks in it (a pid reused by
        // another program counts as new).
        match before.processes.get(pid) {
            Some((old_name, old_ticks)) if old_name == name => ticks.saturating_sub(*old_ticks),
            _ => ticks,
        }
    };
    let (mut server, mut postgres) = (0, 0);
    for (pid, (name, ticks)) in &after.processes {
        if servers.contains(pid) {
            server += used(pid, name, *ticks);
        } else if name == "postgres" {
            postgres += used(pid, name, *ticks);
        }
    }
    let busy = after.machine_busy.saturating_sub(before.machine_busy);
    let rest = busy.saturating_sub(server + postgres);
    #[allow(
        clippy::cast_precision_loss,
        reason = "tick and request counts far below 2^52"
    )]
    let micros = |ticks: u64| ticks as f64 / ticks_per_second * 1e6 / requests as f64;
    Ok(PerRequest {
        server: micros(server),
        postgres: micros(postgres),
        rest: micros(rest),
    })
}

/// How many ticks `/proc` counts per second (`USER_HZ`).
fn ticks_per_second() -> Result<f64> {
    output("getconf", &["CLK_TCK"])
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| "getconf CLK_TCK: no answer".into())
}

/// The machine's busy ticks from `/proc/stat`'s `cpu` line: all but idle and iowait (guest
/// time is already in user time).
fn machine_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|line| line.starts_with("cpu "))?;
    let fields: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    // user nice system idle iowait irq softirq steal [guest guest_nice]
    let [user, nice, system, _idle, _iowait, irq, softirq, steal, ..] = fields[..] else {
        return None;
    };
    Some(user + nice + system + irq + softirq + steal)
}

/// A process's name and utime + stime from its `/proc/<pid>/stat`. The name is in
/// parentheses and may itself hold spaces and parentheses, so the fields are counted from
/// the last `)`.
fn process_ticks(stat: &str) -> Option<(String, u64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_owned();
    let fields: Vec<&str> = stat.get(close + 2..)?.split_whitespace().collect();
    // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((name, utime + stime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_line_is_read_after_its_name_whatever_the_name_holds() {
        let stat = "4242 (tokio (x) 1) S 1 4242 4242 0 -1 4194560 900 0 0 0 \
                    250 120 0 0 20 0 3 0 100 1000 50 18446744073709551615";
        assert_eq!(process_ticks(stat), Some(("tokio (x) 1".into(), 370)));
        assert_eq!(process_ticks("4242 (cut"), None);
    }

    #[test]
    fn the_machine_is_busy_for_all_but_idle_and_iowait() {
        let stat = "cpu  100 5 40 9000 30 2 3 1 0 0\ncpu0 50 2 20 4500 15 1 1 0 0 0\n";
        assert_eq!(machine_busy(stat), Some(151));
        assert_eq!(machine_busy("cpu  1 2\n"), None);
    }

    #[test]
    fn cpu_time_is_split_between_the_servers_postgresql_and_the_rest() {
        let sample = |processes: &[(u32, &str, u64)], machine_busy| Sample {
            processes: processes
                .iter()
                .map(|(pid, name, ticks)| (*pid, ((*name).to_owned(), *ticks)))
                .collect(),
            machine_busy,
        };
        let before = sample(
            &[
                (10, "portal-server", 500),
                (20, "postgres", 40),
                (30, "bash", 7),
            ],
            1_000,
        );
        // The server used 100 ticks, a backend 30 and a new one 20; the pid 30 is now
        // another program, which is the rest's anyway.
        let after = sample(
            &[
                (10, "portal-server", 600),
                (20, "postgres", 70),
                (21, "postgres", 20),
                (30, "wrk", 9),
            ],
            1_200,
        );
        let ticks = ticks_per_second().expect("getconf CLK_TCK");
        let split = per_request(&before, &after, &[10], 1_000).expect("split");
        let micros = |ticks_used: f64| ticks_used / ticks * 1e6 / 1_000.0;
        assert_eq!(
            split,
            PerRequest {
                server: micros(100.0),
                postgres: micros(50.0),
                rest: micros(50.0),
            }
        );
        assert!(per_request(&before, &after, &[10], 0).is_err());
    }
}
