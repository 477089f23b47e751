//! The email preferences page (issue 15, docs/notifications.md) in a real browser
//! (tests/support/preferences_browser.py, headless chromium): stop, resume and resubscribe,
//! the RFC 8058 one-click that still stops the digest with no page, and a GET that never
//! changes anything; `goald preferences show|set`. On SQLite and PostgreSQL.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::daemon::Daemon;
use crate::common::http::{get, request};
use crate::common::{fixture, goald, goald_json, import_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

const SUNDAY: &str = "2026-11-29T17:00:00Z";
const FORM: &str = "application/x-www-form-urlencoded";

fn wait_for_digest(dir: &Path, owner: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = std::fs::read_dir(dir).ok().and_then(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.to_string_lossy().contains(&format!("_{owner}_")))
        });
        if let Some(path) = found {
            return std::fs::read_to_string(path).expect("the digest");
        }
        assert!(Instant::now() < deadline, "no digest for {owner} in {}", dir.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn prefs(db: &TestDb, member: &str) -> Value {
    let mut shown = goald_json(db, &["preferences", "show", "--org", "northwind", "--member", member, "--json"]);
    let object = shown.as_object_mut().expect("an object");
    object.remove("org");
    object.remove("member");
    shown
}

fn in_browser(url: &str, clicks: &[&str]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/preferences_browser.py");
    let output = Command::new("python3").arg(script).arg(url).args(clicks).output().expect("run python3");
    assert!(
        output.status.success(),
        "the browser check failed (apt-get install chromium chromium-driver): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).expect("the browser check prints JSON");
    seen["steps"].as_array().expect("steps").clone()
}

fn states(step: &Value) -> (&str, &str, &str) {
    let s = &step["states"];
    (s["digest"].as_str().unwrap(), s["nudges"].as_str().unwrap(), s["cheers"].as_str().unwrap())
}

#[tokio::test]
async fn the_preferences_page_stops_resumes_and_resubscribes_in_a_browser_and_a_get_changes_nothing() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().unwrap();
        import_json(&db, &read_json(&fixture("example-org.json")));
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);
        let daemon = Daemon::start_with(&db, data.path(), &[], &[("GOALD_NOW", SUNDAY)]);
        let raw = wait_for_digest(&data.path().join("mail"), "dee");
        let link = raw.lines().find_map(|l| l.strip_prefix("List-Unsubscribe: <")).expect("List-Unsubscribe");
        let token = link.trim_end_matches('>').rsplit('/').next().unwrap().to_owned();
        assert!(raw.contains(&format!("/v1/preferences/{token}")), "the digest links its preferences page");
        let page = format!("/v1/preferences/{token}");
        let all_on = json!({"digest": true, "nudges": true, "cheers": true});

        // A GET, however often, changes nothing.
        for _ in 0..2 {
            let (status, html) = get(&daemon.addr, &page);
            assert_eq!(status, 200, "[{}] {html}", db.backend);
            assert!(html.contains("lang=\"en\"") && html.contains("<form method=\"post\""), "{html}");
        }
        assert_eq!(prefs(&db, "dee"), all_on, "[{}]", db.backend);

        // The one-click POST still stops the digest, with no page in between.
        let one_click =
            link.trim_end_matches('>').strip_prefix(&format!("http://{}", daemon.addr)).expect("this daemon");
        let (status, _) = request(&daemon.addr, "POST", one_click, FORM, b"List-Unsubscribe=One-Click");
        assert_eq!(status, 200, "[{}]", db.backend);
        assert_eq!(prefs(&db, "dee"), json!({"digest": false, "nudges": true, "cheers": true}), "[{}]", db.backend);
        assert_eq!(get(&daemon.addr, &page).0, 200);
        assert_eq!(prefs(&db, "dee")["digest"], false, "[{}] a GET resubscribed", db.backend);

        // In the browser: resubscribe, stop, resume, then nudges and cheers off.
        let url = format!("http://{}{page}", daemon.addr);
        let steps = in_browser(&url, &["digest", "digest", "digest", "nudges", "cheers"]);
        let seen: Vec<_> = steps.iter().map(states).collect();
        assert_eq!(
            seen,
            [
                ("off", "on", "on"),
                ("on", "on", "on"),
                ("off", "on", "on"),
                ("on", "on", "on"),
                ("on", "off", "on"),
                ("on", "off", "off")
            ],
            "[{}] {steps:?}",
            db.backend
        );
        assert_eq!(steps[0]["saved"], false);
        assert!(steps[1..].iter().all(|s| s["saved"] == true), "{steps:?}");
        assert_eq!(steps[0]["buttons"]["digest"], "Resume");
        assert_eq!(steps[0]["lang"], "en");
        assert_eq!(prefs(&db, "dee"), json!({"digest": true, "nudges": false, "cheers": false}), "[{}]", db.backend);
        let preview =
            goald_json(&db, &["reminders", "preview", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);
        assert!(preview["digests"].as_array().unwrap().iter().any(|d| d["owner"] == "dee"), "dee resubscribed");

        // Bad input names what is wrong and changes nothing; an unknown token is a 404.
        let (status, html) = request(&daemon.addr, "POST", &page, FORM, b"digest=maybe");
        assert_eq!(status, 400, "{html}");
        assert!(html.contains("digest must be on or off"), "{html}");
        assert_eq!(prefs(&db, "dee"), json!({"digest": true, "nudges": false, "cheers": false}));
        let unknown = "/v1/preferences/0123456789abcdef0123456789abcdef";
        assert_eq!(get(&daemon.addr, unknown).0, 404);
        assert_eq!(request(&daemon.addr, "POST", unknown, FORM, b"digest=off").0, 404);
        assert_eq!(get(&daemon.addr, "/v1/preferences/not-a-token").0, 404);
        // The token reaches only its own member.
        assert_eq!(prefs(&db, "fay"), all_on, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn preferences_set_turns_switches_on_and_off_and_refuses_what_it_cannot_do() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        let set = |args: &[&str]| {
            let mut all = vec!["preferences", "set", "--org", "northwind", "--member", "fay", "--json"];
            all.extend_from_slice(args);
            goald_json(&db, &all)
        };
        let off = set(&["--digest", "off", "--cheers", "off"]);
        assert_eq!((&off["digest"], &off["nudges"], &off["cheers"]), (&json!(false), &json!(true), &json!(false)));
        let on = set(&["--digest", "on"]);
        assert_eq!(on["digest"], true, "[{}] resubscribed", db.backend);
        assert_eq!(prefs(&db, "fay"), json!({"digest": true, "nudges": true, "cheers": false}));

        let nothing = goald(&db, &["preferences", "set", "--org", "northwind", "--member", "fay"]);
        assert!(!nothing.status.success());
        assert!(String::from_utf8_lossy(&nothing.stderr).contains("name at least one preference"), "{nothing:?}");
        let stranger = goald(&db, &["preferences", "show", "--org", "northwind", "--member", "zed"]);
        assert!(!stranger.status.success());
        assert!(String::from_utf8_lossy(&stranger.stderr).contains("zed"), "{stranger:?}");
        let typo = goald(&db, &["preferences", "set", "--org", "northwind", "--member", "fay", "--digest", "maybe"]);
        assert!(!typo.status.success());
        assert_eq!(prefs(&db, "fay"), json!({"digest": true, "nudges": true, "cheers": false}), "[{}]", db.backend);
    }
}
