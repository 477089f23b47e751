//! The command line and the API document as ops and tools read them (issue 16): help for
//! every argument, completions and the man page, secrets kept off the command line, and
//! an OpenAPI document with unique operation ids describing every route.

use std::io::Write;
use std::process::{Command, Stdio};

use clap::CommandFactory;
use goald::cli::args::Cli;

use crate::common::daemon::Daemon;
use crate::common::http::get;
use crate::common::{fixture, goald, goald_json, sqlite_db, test_dbs, TestDb};

/// Every argument of every command, as `command path: --flag` when it has no help.
fn without_help(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in command.get_arguments() {
        let builtin = matches!(arg.get_id().as_str(), "help" | "version");
        if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path}: {}", arg.get_id()));
        }
    }
    for sub in command.get_subcommands() {
        if sub.get_about().is_none() && sub.get_name() != "help" {
            missing.push(format!("{path} {}: (the command itself)", sub.get_name()));
        }
        without_help(sub, &format!("{path} {}", sub.get_name()), missing);
    }
}

#[test]
fn every_command_and_argument_has_help() {
    let mut missing = Vec::new();
    without_help(&Cli::command(), "goald", &mut missing);
    assert!(missing.is_empty(), "no help: {missing:#?}");
}

/// Runs goald with a configuration file that does not exist: completions and the man
/// page need none.
fn goald_without_config(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_CONFIG", "/nonexistent/goald.toml")
        .args(args)
        .output()
        .expect("run goald")
}

#[test]
fn completions_and_the_man_page_are_printed_without_a_configuration() {
    for (shell, marker) in [("bash", "_goald()"), ("zsh", "#compdef goald"), ("fish", "complete -c goald")] {
        let out = goald_without_config(&["completions", shell]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains(marker) && text.contains("serve"), "{shell}: {text}");
    }
    let man = goald_without_config(&["man"]);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(man.status.success() && page.contains(".TH goald"), "{page}");
    assert!(page.contains("serve") && page.contains("completions"), "{page}");
    assert!(!goald_without_config(&["completions", "tcsh"]).status.success(), "an unknown shell is refused");
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// `goald hris secret ARGS --json` with `stdin` on standard input.
fn secret(db: &TestDb, args: &[&str], stdin: &str) -> serde_json::Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_LOG", "warn")
        .args(["--database-url", &db.url, "--json", "hris", "secret"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run goald");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write the secret");
    let out = child.wait_with_output().expect("goald ran");
    assert!(out.status.success(), "[{}] {args:?}: {}", db.backend, String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[tokio::test]
async fn a_secret_is_read_from_standard_input_or_a_file_as_well_as_the_command_line() {
    for db in test_dbs().await {
        let b = db.backend;
        goald_json(&db, &["import", fixture("example-org.json").to_str().unwrap(), "--json"]);
        assert_eq!(secret(&db, &["add", "--org", "northwind"], &format!("{SECRET}\n"))["added"], true, "[{b}]");
        // The same secret again, three other ways: already there each time.
        assert_eq!(secret(&db, &["add", "--org", "northwind", "-"], SECRET)["added"], false, "[{b}]");
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), format!("{SECRET}\n")).unwrap();
        let path = file.path().to_str().unwrap();
        assert_eq!(secret(&db, &["add", "--org", "northwind", "--secret-file", path], "")["added"], false, "[{b}]");
        assert_eq!(secret(&db, &["add", "--org", "northwind", SECRET], "")["added"], false, "[{b}] CONTRACT §7");
        assert_eq!(secret(&db, &["remove", "--org", "northwind", "--secret-file", path], "")["removed"], true);

        let empty = goald(&db, &["hris", "secret", "add", "--org", "northwind", "--secret-file", "/dev/null"]);
        assert!(!empty.status.success(), "[{b}]");
        assert!(String::from_utf8_lossy(&empty.stderr).contains("no secret given"), "[{b}]");
        let both = goald(&db, &["hris", "secret", "add", "--org", "northwind", SECRET, "--secret-file", path]);
        assert!(!both.status.success(), "[{b}] a secret and a file at once is refused");
    }
}

#[tokio::test]
async fn the_openapi_document_names_every_operation_once_and_describes_every_route() {
    let db = sqlite_db();
    let data = tempfile::tempdir().unwrap();
    let daemon = Daemon::start(&db, data.path());
    let (status, body) = get(&daemon.addr, "/v1/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(doc["servers"].as_array().is_some_and(|s| !s.is_empty()), "servers: {}", doc["servers"]);
    let mut ids = Vec::new();
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path}: no summary");
            ids.push(id.to_owned());
            routes.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operationIds repeat: {ids:?}");
    for route in [
        "GET /healthz",
        "GET /readyz",
        "GET /metrics",
        "GET /v1/openapi.json",
        "POST /v1/orgs/{org}/hris/events",
        "GET /v1/unsubscribe/{token}",
        "POST /v1/unsubscribe/{token}",
        "GET /v1/preferences/{token}",
        "POST /v1/preferences/{token}",
    ] {
        assert!(routes.iter().any(|r| r == route), "{route} is not described: {routes:#?}");
    }
    let public = &doc["paths"]["/v1/orgs/{org}/hris/events"]["post"]["security"];
    assert_eq!(public, &serde_json::json!([]), "the webhook is signed, not keyed");
}
