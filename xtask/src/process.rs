//! Running commands with the project's tools on PATH.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn cargo_home_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// PATH with cargo-installed tools and the npm-installed ones (wasm-opt) first.
pub fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![root().join("node_modules").join(".bin"), cargo_home_bin()];
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).unwrap_or_default()
}

pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root())
        .env("PATH", tool_path());
    command
}

/// Runs to completion; fails unless it exits 0.
/// The command as the log shows it, with the values of secret-looking variables (a
/// session, a token, a password) hidden: the log of a run must not hold them.
fn shown(command: &Command) -> String {
    let mut shown = format!("{command:?}");
    for (key, value) in command.get_envs() {
        let key = key.to_string_lossy();
        let secret = ["SESSION", "TOKEN", "PASSWORD", "SECRET"]
            .iter()
            .any(|word| key.to_ascii_uppercase().contains(word));
        if let (true, Some(value)) = (secret, value) {
            shown = shown.replace(
                &format!("{key}={:?}", value.to_string_lossy()),
                &format!("{key}=\"(hidden)\""),
            );
        }
    }
    shown
}

pub fn run(mut command: Command) -> Result {
    let shown = shown(&command);
    println!("\n▶ {shown}");
    let status = command
        .status()
        .map_err(|error| format!("cannot start {shown}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

pub fn run_cmd(program: &str, args: &[&str]) -> Result {
    run(command(program, args))
}

/// Captures stdout (trimmed), or None when the program is missing or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// A child process that is killed when dropped, so servers never outlive the task.
pub struct Background {
    name: String,
    child: Child,
}

impl Background {
    pub fn spawn(name: &str, mut command: Command) -> Result<Self> {
        println!("\n▶ (background) {}", shown(&command));
        let child = command
            .spawn()
            .map_err(|error| format!("cannot start {name}: {error}"))?;
        Ok(Self {
            name: name.to_owned(),
            child,
        })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails if the process has already exited.
    pub fn ensure_running(&mut self) -> Result {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!("{} exited early with {status}", self.name)),
            Err(error) => Err(format!("{}: {error}", self.name)),
        }
    }

    pub fn wait(&mut self) -> Result {
        let status = self
            .child
            .wait()
            .map_err(|error| format!("{}: {error}", self.name))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} exited with {status}", self.name))
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_variables_are_hidden_in_the_shown_command() {
        let mut command = Command::new("schemathesis");
        command
            .env("PORTAL_SESSION", "n0g4dEi8X98")
            .env("RUST_LOG", "warn");
        let shown = shown(&command);
        assert!(!shown.contains("n0g4dEi8X98"), "{shown}");
        assert!(shown.contains("PORTAL_SESSION=\"(hidden)\""), "{shown}");
        assert!(shown.contains("RUST_LOG=\"warn\""), "{shown}");
    }
}
