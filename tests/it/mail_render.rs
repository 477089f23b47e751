//! `goald reminders render` and the rendered digest in a real browser: the HTML a mail
//! client shows, at a phone's 375 px and a desktop's 800 px, light and dark.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{fixture, goald_json, import_json, read_json, sqlite_db, test_dbs, TestDb};

const AT: &str = "2026-11-27T22:00:00Z";

/// The example org with five more goals of Eli's: two titled "Revue T4" under parents she
/// sees (ids a URL must escape), two titled "Budget" under private goals of others (whose
/// titles the digest must not show), and one with a long unbroken title.
fn org(locale: &str) -> Value {
    let mut org = read_json(&fixture("example-org.json"));
    let eli = org["members"].as_array_mut().expect("members").iter_mut().find(|m| m["id"] == "eli").expect("eli");
    eli["locale"] = Value::from(locale);
    let goals = org["goals"].as_array_mut().expect("goals");
    let hers = goals.iter().find(|g| g["id"] == "g-eli").expect("g-eli").clone();
    for (id, title, parent) in [
        ("q4#arr", "Revue T4", "g-arr"),
        ("q4?be", "Revue T4", "g-eli"),
        ("budget-a", "Budget", "g-sales"),
        ("budget-b", "Budget", "g-ops"),
        ("long", "Supercalifragilisticexpialidociousmentextraordinairementlongetsansespaces", "g-sales"),
    ] {
        let mut goal = hers.clone();
        goal["id"] = Value::from(id);
        goal["title"] = Value::from(title);
        goal["parent"] = Value::from(parent);
        goal["end_date"] = Value::from("2026-12-31");
        goal["updates"] = Value::Array(vec![]);
        goal["progress"] = Value::from(20);
        goals.push(goal);
    }
    org
}

const LINKS: [&str; 6] = [
    "http://127.0.0.1:8080/orgs/northwind/goals/budget-a",
    "http://127.0.0.1:8080/orgs/northwind/goals/budget-b",
    "http://127.0.0.1:8080/orgs/northwind/goals/g-eli",
    "http://127.0.0.1:8080/orgs/northwind/goals/long",
    "http://127.0.0.1:8080/orgs/northwind/goals/q4%23arr",
    "http://127.0.0.1:8080/orgs/northwind/goals/q4%3Fbe",
];

fn render(db: &TestDb, out: &Path) -> Value {
    let out = out.to_str().expect("utf-8 path");
    goald_json(db, &["reminders", "render", "--org", "northwind", "--owner", "eli", "--at", AT, "--out", out, "--json"])
}

#[tokio::test]
async fn reminders_render_writes_the_digest_an_owner_would_get_and_queues_nothing() {
    for (locale, subject, contexts) in [
        (
            "en",
            "6 goals need your update",
            ["under “Grow ARR to $10M”", "under “Ouvrir le marché belge”", "personal goal"],
        ),
        (
            "fr",
            "6 objectifs attendent votre mise à jour",
            [
                "sous «\u{202F}Grow ARR to $10M\u{202F}»",
                "sous «\u{202F}Ouvrir le marché belge\u{202F}»",
                "objectif personnel",
            ],
        ),
    ] {
        for db in test_dbs().await {
            import_json(&db, &org(locale));
            let out = tempfile::tempdir().expect("temporary directory");

            let report = render(&db, out.path());

            assert_eq!((report["goals"].as_u64(), report["subject"].as_str()), (Some(6), Some(subject)), "{report}");
            let text = std::fs::read_to_string(out.path().join("digest.txt")).expect("the text part");
            let html = std::fs::read_to_string(out.path().join("digest.html")).expect("the HTML part");
            assert_eq!(std::fs::read_to_string(out.path().join("subject.txt")).expect("the subject"), subject);
            for part in [&text, &html] {
                assert!(part.contains("Northwind Traders"), "[{} {locale}] {part}", db.backend);
                for context in contexts {
                    assert!(part.contains(context), "[{} {locale}] {context} missing: {part}", db.backend);
                }
                for private in ["Close $6M", "Cut onboarding"] {
                    assert!(!part.contains(private), "[{} {locale}] a private parent's title: {part}", db.backend);
                }
                for link in LINKS {
                    assert!(part.contains(link), "[{} {locale}] {link} missing: {part}", db.backend);
                }
            }
            let outbox = goald_json(&db, &["outbox", "--json"]);
            assert_eq!(outbox["digests"], Value::Array(vec![]), "[{}] render queued something", db.backend);
        }
    }
}

#[tokio::test]
async fn render_names_an_owner_who_is_not_a_member() {
    let db = sqlite_db();
    import_json(&db, &org("en"));
    let out = tempfile::tempdir().expect("temporary directory");
    let output = crate::common::goald(
        &db,
        &["reminders", "render", "--org", "northwind", "--owner", "zed", "--out", out.path().to_str().expect("utf-8")],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--owner: zed"), "{output:?}");
    assert!(!out.path().join("digest.html").exists());
}

/// Debian's chromium through chromedriver (tests/support/digest_browser.py), installed by
/// .ci/run: a missing browser fails the test rather than skipping it.
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
async fn the_digest_reads_at_375_and_800_px_light_and_dark_in_a_real_browser() {
    let db = sqlite_db();
    import_json(&db, &org("fr"));
    let out = tempfile::tempdir().expect("temporary directory");
    render(&db, out.path());

    let seen = in_browser(&out.path().join("digest.html"), &["375", "800"]);

    for width in ["375", "800"] {
        for scheme in ["light", "dark"] {
            let view = &seen[width][scheme];
            let at = format!("{width} px {scheme}");
            let viewport = view["viewport_width"].as_f64().expect("a width");
            assert!(view["scroll_width"].as_f64() <= Some(viewport), "{at}: overflows: {view}");
            assert!(view["body_scroll_width"].as_f64() <= Some(viewport), "{at}: overflows: {view}");
            let buttons = view["buttons"].as_array().expect("buttons");
            let hrefs: Vec<&str> = buttons.iter().filter_map(|b| b["href"].as_str()).collect();
            let mut expected = LINKS.to_vec();
            expected.sort_unstable();
            let mut found = hrefs.clone();
            found.sort_unstable();
            assert_eq!(found, expected, "{at}: each goal's button links to the goal");
            for button in buttons {
                assert_eq!(button["visible"], true, "{at}: a button is hidden or cut: {button}");
                assert_eq!(button["text"], "Mettre à jour la progression", "{at}");
            }
            let contrasts = view["title_contrast"].as_array().expect("contrasts");
            assert_eq!(contrasts.len(), 6, "{at}: {view}");
            assert!(contrasts.iter().all(|c| c.as_f64() >= Some(4.5)), "{at}: titles hard to read: {contrasts:?}");
        }
    }
}
