//! `goald serve` as ops run it: health answers, the catch-up evaluation at start, the
//! delivery worker writing digests to files, the unsubscribe link over a real socket,
//! and a clean stop on SIGTERM.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::daemon::Daemon;
use crate::common::http::{get, request};
use crate::common::{fixture, goald_json, read_json, test_dbs};
use goald::reminders::schedule::EvaluationTime;
use serde_json::json;

fn wait_for_files(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "eml"));
        if files.len() >= count {
            files.sort();
            return files;
        }
        assert!(Instant::now() < deadline, "only {} of {count} digests written to {}", files.len(), dir.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sunday 29 November 2026, noon in Toronto: the week of Friday the 27th is evaluated and
/// waits for Monday, so only the week evaluated by hand below is due (the daemon's clock
/// is fixed with GOALD_NOW; tests/serve_clock.rs runs the other instants).
const SUNDAY: &str = "2026-11-29T17:00:00Z";
/// The Friday 17:00 (Toronto) before SUNDAY.
const LATEST_FRIDAY_EVALUATION: &str = "2026-11-27T22:00:00Z";

#[tokio::test]
async fn the_daemon_catches_up_delivers_due_digests_to_files_honours_unsubscribe_and_stops_cleanly() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().unwrap();
        let org = fixture("example-org.json");
        goald_json(&db, &["import", org.to_str().unwrap(), "--json"]);
        // Friday 13 November, evaluated by hand: its Monday has passed, so its digests are
        // due. Dee's and Fay's go out; Eli's goal was updated on the 20th, after the
        // evaluation, so her digest is left empty and skipped.
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);

        let mut daemon = Daemon::start_with(&db, data.path(), &[], &[("GOALD_NOW", SUNDAY)]);
        assert_eq!(get(&daemon.addr, "/healthz").0, 200);
        assert_eq!(get(&daemon.addr, "/readyz").0, 200);
        let files = wait_for_files(&data.path().join("mail"), 2);
        let names: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["northwind_dee_2026-W46.eml", "northwind_fay_2026-W46.eml"], "[{}]", db.backend);
        let outbox = goald_json(&db, &["outbox", "--json", "--limit", "1000"]);
        let eli = outbox["digests"].as_array().unwrap().iter().find(|d| d["owner"] == "eli" && d["week"] == "2026-W46");
        assert_eq!(eli.unwrap()["state"], "skipped", "[{}]", db.backend);

        // The catch-up evaluated the latest Friday 17:00 (Toronto) on its own.
        let toronto = read_json(&org)["org"]["timezone"].as_str().unwrap().parse().unwrap();
        let sunday = chrono::DateTime::parse_from_rfc3339(SUNDAY).unwrap().with_timezone(&chrono::Utc);
        let (_, due_at) = EvaluationTime::default().due(sunday, toronto);
        assert_eq!(due_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), LATEST_FRIDAY_EVALUATION);
        let rerun =
            goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", LATEST_FRIDAY_EVALUATION, "--json"]);
        assert_eq!(rerun["result"], json!({"outcome": "already_evaluated"}), "[{}]", db.backend);

        // Dee follows her digest's one-click unsubscribe link.
        let dee = files.iter().find(|f| f.to_string_lossy().contains("_dee_")).expect("dee's digest");
        let raw = std::fs::read_to_string(dee).unwrap();
        let link = raw
            .lines()
            .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
            .and_then(|l| l.strip_suffix('>'))
            .expect("List-Unsubscribe header")
            .to_owned();
        let path = link.strip_prefix(&format!("http://{}", daemon.addr)).expect("link to this daemon");
        let (status, page) = get(&daemon.addr, path);
        assert_eq!(status, 200, "GET shows a confirmation");
        assert!(page.contains("<form method=\"post\""), "{page}");
        let form = "application/x-www-form-urlencoded";
        let (status, _) = request(&daemon.addr, "POST", path, form, b"List-Unsubscribe=One-Click");
        assert_eq!(status, 200, "[{}]", db.backend);
        let (status, _) = request(&daemon.addr, "POST", "/v1/unsubscribe/0123456789abcdef0123456789abcdef", form, b"");
        assert_eq!(status, 404, "an unknown token");

        let preview =
            goald_json(&db, &["reminders", "preview", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);
        let owners: Vec<&str> =
            preview["digests"].as_array().unwrap().iter().map(|d| d["owner"].as_str().unwrap()).collect();
        assert!(!owners.contains(&"dee"), "[{}] dee opted out: {owners:?}", db.backend);
        assert!(owners.contains(&"fay"), "[{}] {owners:?}", db.backend);

        // Prometheus text: what this process did, and its requests by route template.
        let (status, metrics) = get(&daemon.addr, "/metrics");
        assert_eq!(status, 200);
        assert!(metrics.contains("goald_digests_total{outcome=\"sent\"} 2"), "[{}] {metrics}", db.backend);
        assert!(metrics.contains("goald_digests_total{outcome=\"skipped\"} 1"), "{metrics}");
        assert!(metrics.contains("goald_evaluation_duration_seconds_count 1"), "the catch-up: {metrics}");
        assert!(metrics.contains("goald_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"));
        assert!(metrics.contains("route=\"/v1/unsubscribe/{token}\",status=\"404\"} 1"), "{metrics}");

        assert!(daemon.stop().success(), "[{}] goald serve exits 0 on SIGTERM", db.backend);
    }
}
