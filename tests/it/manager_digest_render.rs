//! `goald reports render` (issue 17) and the rendered manager digest in a real browser
//! (headless Chromium through tests/support/digest_browser.py): a phone's 375 px and a
//! desktop's 800 px, light and dark.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::common::{goald, goald_json, import_json, sqlite_db, test_dbs, TestDb};

const FRIDAY: &str = "2026-11-13T16:00:00Z";

fn member(id: &str, role: &str, manager: Option<&str>, locale: &str) -> Value {
    json!({"id": id, "name": format!("{} Durand", id.to_uppercase()), "email": format!("{id}@acme.test"),
           "role": role, "manager": manager, "active": true, "locale": locale})
}

fn goal(id: &str, title: &str, owner: &str, (progress, updated): (u32, &str), end: &str) -> Value {
    json!({"id": id, "title": title, "type": "personal", "state": "published", "creator": owner, "owner": owner,
           "contributors": {"members": [], "teams": []}, "visibility": "public", "start_date": "2026-01-01",
           "end_date": end, "parent": null, "tracking": "basic", "progress": progress, "measurements": [],
           "created_at": "2026-01-02T10:00:00Z", "published_at": "2026-01-02T10:00:00Z",
           "updates": [{"at": updated, "by": owner, "progress": progress}]})
}

const LONG_TITLE: &str = "Supercalifragilisticexpialidociousmentextraordinairementlongetsansespaces";

/// mia manages emp and ann; emp's goals are off track (g-1, stale) or at risk (a long
/// unbroken title and an id a URL must escape, updated lately); ann's ended in October.
/// Reminded two weeks in a row, g-1 and g-3 are escalated to mia. The digest itself is off.
fn org(locale: &str) -> Value {
    json!({
        "org": {"id": "acme", "name": "Acme", "timezone": "Europe/Paris", "locale": "en",
                "policy": {"escalate_after_weeks": 2}},
        "members": [member("mia", "manager", None, locale), member("emp", "employee", Some("mia"), "en"),
                    member("ann", "employee", Some("mia"), "en")],
        "teams": [],
        "goals": [
            goal("g-1", "Ship the v2", "emp", (10, "2026-09-01T10:00:00Z"), "2026-12-31"),
            goal("q4#arr", LONG_TITLE, "emp", (60, "2026-11-10T10:00:00Z"), "2026-12-31"),
            goal("g-3", "Hire two engineers", "ann", (100, "2026-09-01T10:00:00Z"), "2026-10-31"),
        ],
    })
}

const LINKS: [&str; 3] = [
    "http://127.0.0.1:8080/orgs/acme/goals/g-1",
    "http://127.0.0.1:8080/orgs/acme/goals/g-3",
    "http://127.0.0.1:8080/orgs/acme/goals/q4%23arr",
];

fn render(db: &TestDb, member: &str, out: &Path) -> Value {
    let out = out.to_str().unwrap();
    goald_json(db, &["reports", "render", "--org", "acme", "--member", member, "--at", FRIDAY, "--out", out, "--json"])
}

#[tokio::test]
async fn reports_render_writes_the_manager_digest_a_manager_would_get_and_queues_nothing() {
    for (locale, subject, words) in [
        (
            "en",
            "Your team's goals: 4 need your attention",
            ["Off track and at risk", "ANN Durand: 1 goal", "Escalated to you"],
        ),
        (
            "fr",
            "Les objectifs de votre équipe\u{202F}: 4 demandent votre attention",
            ["En retard et à risque", "ANN Durand\u{202F}: 1 objectif", "Remontés jusqu’à vous"],
        ),
    ] {
        for db in test_dbs().await {
            import_json(&db, &org(locale));
            // Two weeks of reminders: g-1 is then escalated to mia (2 weeks in a row).
            goald_json(&db, &["reminders", "run", "--org", "acme", "--at", "2026-11-06T16:00:00Z", "--json"]);
            goald_json(&db, &["reminders", "run", "--org", "acme", "--at", FRIDAY, "--json"]);
            let out = tempfile::tempdir().unwrap();

            let report = render(&db, "mia", out.path());

            assert_eq!(report["subject"], subject, "[{} {locale}] {report}", db.backend);
            assert_eq!(report["period"], "2026-W46");
            assert_eq!(report["message_id"], "manager-digest.acme.mia.2026-W46@localhost");
            let text = std::fs::read_to_string(out.path().join("manager.txt")).unwrap();
            let html = std::fs::read_to_string(out.path().join("manager.html")).unwrap();
            assert_eq!(std::fs::read_to_string(out.path().join("subject.txt")).unwrap(), subject);
            for part in [&text, &html] {
                for word in words.iter().chain(&["Acme", "Ship the v2"]) {
                    assert!(part.contains(word), "[{} {locale}] {word} missing: {part}", db.backend);
                }
                for link in LINKS {
                    assert!(part.contains(link), "[{} {locale}] {link} missing: {part}", db.backend);
                }
            }
            assert!(!text.contains('<') || text.contains("<http"), "the text part holds no HTML");
            let queued = goald_json(&db, &["reports", "outbox", "--json"]);
            assert_eq!(queued["digests"], json!([]), "[{}] render queued something", db.backend);
        }
    }
}

#[tokio::test]
async fn render_names_a_member_who_gets_no_manager_digest() {
    let db = sqlite_db();
    import_json(&db, &org("en"));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    for (member, expected) in [("emp", "--member: emp gets no manager digest"), ("zed", "--member: zed")] {
        let output = goald(&db, &["reports", "render", "--org", "acme", "--member", member, "--out", dir]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    assert!(!out.path().join("manager.html").exists());
}

fn in_browser(html: &Path, widths: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/digest_browser.py");
    let output = Command::new("python3").arg(script).arg(html).args(widths).output().expect("run python3");
    assert!(
        output.status.success(),
        "the browser check failed (apt-get install chromium chromium-driver): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the browser check prints JSON")
}

#[tokio::test]
async fn the_manager_digest_reads_at_375_and_800_px_light_and_dark_in_a_real_browser() {
    let db = sqlite_db();
    import_json(&db, &org("fr"));
    goald_json(&db, &["reminders", "run", "--org", "acme", "--at", "2026-11-06T16:00:00Z", "--json"]);
    goald_json(&db, &["reminders", "run", "--org", "acme", "--at", FRIDAY, "--json"]);
    let out = tempfile::tempdir().unwrap();
    render(&db, "mia", out.path());

    let seen = in_browser(&out.path().join("manager.html"), &["375", "800"]);

    for width in ["375", "800"] {
        for scheme in ["light", "dark"] {
            let view = &seen[width][scheme];
            let at = format!("{width} px {scheme}");
            let viewport = view["viewport_width"].as_f64().unwrap();
            assert!(view["scroll_width"].as_f64() <= Some(viewport), "{at}: overflows: {view}");
            assert!(view["body_scroll_width"].as_f64() <= Some(viewport), "{at}: overflows: {view}");
            let buttons = view["buttons"].as_array().unwrap();
            let mut hrefs: Vec<&str> = buttons.iter().filter_map(|b| b["href"].as_str()).collect();
            hrefs.sort_unstable();
            hrefs.dedup();
            assert_eq!(hrefs, LINKS, "{at}: each listed goal's button links to the goal");
            // The two flagged goals, then g-1 and g-3 as escalated.
            assert_eq!(buttons.len(), 4, "{at}: {buttons:?}");
            for button in buttons {
                assert_eq!(button["visible"], true, "{at}: a button is hidden or cut: {button}");
                assert_eq!(button["text"], "Ouvrir l’objectif", "{at}");
            }
            let contrasts = view["title_contrast"].as_array().unwrap();
            assert_eq!(contrasts.len(), 4, "{at}: {view}");
            assert!(contrasts.iter().all(|c| c.as_f64() >= Some(4.5)), "{at}: titles hard to read: {contrasts:?}");
        }
    }
}
