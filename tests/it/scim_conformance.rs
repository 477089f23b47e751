//! The third-party SCIM conformance suites from PyPI, against a running `goald serve` on
//! each backend: `scim-sanity probe` (strict, and its Entra profile) and scim2-tester
//! through `scim2 test`. Every check they report must pass (.ci/run installs them).

use std::process::Command;

use crate::common::daemon::Daemon;
use crate::common::{fixture, goald_json, test_dbs};
use crate::scim::token;

fn run(what: &str, command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| {
        panic!("{what} could not start ({e}); install it: python3 -m pip install scim-sanity scim2-cli scim2-tester")
    });
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{what} failed:\n{out}\n{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn scim_sanity_and_scim2_tester_pass_every_check() {
    for db in test_dbs().await {
        let org = fixture("example-org.json");
        goald_json(&db, &["import", org.to_str().expect("path"), "--json"]);
        let token = token(&db, "northwind");
        let data = tempfile::tempdir().expect("dir");
        let daemon = Daemon::start(&db, data.path());
        let url = format!("http://{}/scim/v2/orgs/northwind", daemon.addr);
        let b = db.backend;
        run(
            &format!("[{b}] scim-sanity probe"),
            Command::new("scim-sanity").args(["probe", &url, "--token", &token, "--i-accept-side-effects"]),
        );
        run(
            &format!("[{b}] scim-sanity probe --profile entra"),
            Command::new("scim-sanity").args([
                "probe",
                &url,
                "--token",
                &token,
                "--i-accept-side-effects",
                "--profile",
                "entra",
            ]),
        );
        run(
            &format!("[{b}] scim2 test"),
            Command::new("scim2")
                .env("SCIM_CLI_HEADERS", format!("Authorization: Bearer {token}"))
                .args(["--url", &url, "test"]),
        );
    }
}
