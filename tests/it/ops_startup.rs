//! How goald starts where ops run it (issue 16), through the CLI: the configuration file
//! is optional unless named, a SQLite path is created only by `migrate`, `import` and
//! `serve`, and a database that cannot be reached is named by its real cause, once for a
//! command and retried by `serve` until SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::http::free_addr;

/// goald in an empty working directory, with no settings from this process's environment.
fn goald_in(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_goald"));
    command
        .current_dir(dir)
        .env_remove("GOALD_DATABASE_URL")
        .env_remove("GOALD_CONFIG")
        .env_remove("CONFIGURATION_DIRECTORY")
        .env("GOALD_LOG", "warn");
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_service_starts_without_a_configuration_file_but_reads_one_in_its_configuration_directory() {
    let work = tempfile::tempdir().unwrap();
    let etc = tempfile::tempdir().unwrap();
    let missing = etc.path().join("goald");
    let output =
        goald_in(work.path()).env("CONFIGURATION_DIRECTORY", &missing).args(["config", "check"]).output().unwrap();
    assert!(output.status.success(), "no file in the configuration directory: {}", stderr(&output));

    // The file there is read: a key that is not a setting is named.
    std::fs::create_dir(&missing).unwrap();
    std::fs::write(missing.join("goald.toml"), "http_adress = \"127.0.0.1:1\"\n").unwrap();
    let output =
        goald_in(work.path()).env("CONFIGURATION_DIRECTORY", &missing).args(["config", "check"]).output().unwrap();
    assert!(!output.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(said.contains("http_adress: not a setting"), "{said}");

    // A file named explicitly must exist: a typo there is an error naming it.
    let typo = etc.path().join("goald.tolm");
    let output = goald_in(work.path()).arg("--config").arg(&typo).args(["config", "check"]).output().unwrap();
    assert!(!output.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(said.contains(&typo.display().to_string()), "{said}");
}

#[test]
fn a_typod_sqlite_path_is_an_error_naming_it_and_creates_nothing_while_migrate_creates_it() {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("goals.db");
    let url = format!("sqlite://{}", path.display());
    for args in
        [&["visibility", "--org", "acme", "--member", "m1"][..], &["outbox"], &["api-key", "list", "--org", "acme"]]
    {
        let output = goald_in(work.path()).args(["--database-url", &url]).args(args).output().unwrap();
        assert!(!output.status.success(), "{args:?} succeeded on a missing database");
        let said = stderr(&output);
        assert!(said.contains(&format!("{} does not exist", path.display())), "{args:?}: {said}");
        assert!(!path.exists(), "{args:?} created {}", path.display());
    }
    let output = goald_in(work.path()).args(["--database-url", &url, "migrate"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(path.exists());
    let output = goald_in(work.path()).args(["--database-url", &url, "outbox"]).output().unwrap();
    assert!(output.status.success(), "once migrated it opens: {}", stderr(&output));
}

/// Nothing listens on 127.0.0.1:1.
const REFUSED: &str = "postgres://postgres@127.0.0.1:1/goald";

#[test]
fn an_unreachable_database_is_named_by_its_cause_not_a_pool_timeout() {
    let work = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = goald_in(work.path()).args(["--database-url", REFUSED, "migrate"]).output().unwrap();
    assert!(!output.status.success());
    let said = stderr(&output).to_lowercase();
    assert!(said.contains("connection refused"), "{said}");
    assert!(!said.contains("pool timed out"), "{said}");
    // A command fails at once; only serve waits.
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
}

#[test]
fn serve_retries_an_unreachable_database_naming_the_cause_listens_nowhere_meanwhile_and_stops_on_sigterm() {
    let work = tempfile::tempdir().unwrap();
    let addr = free_addr();
    let mut child = goald_in(work.path())
        .env("GOALD_LOG", "info")
        .args(["--database-url", REFUSED, "serve", "--http-addr", &addr])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (sender, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(|line| drop(sender.send(line))));
    // The first two attempts (1 s apart), each naming the cause.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut retries = 0;
    while retries < 2 {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = received.recv_timeout(left).expect("two retries logged within 20 s");
        if line.contains("retrying") {
            assert!(line.to_lowercase().contains("connection refused"), "{line}");
            retries += 1;
        }
    }
    assert!(child.try_wait().unwrap().is_none(), "serve gave up instead of waiting");
    assert!(std::net::TcpStream::connect(&addr).is_err(), "something listens on {addr} before the database is up");

    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGTERM while waiting");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}
