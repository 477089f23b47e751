//! The manager digest (issue 17) end to end, on SQLite and PostgreSQL: evaluated with the
//! Friday evaluation (`goald reminders run`, two processes racing), queued once per
//! (manager, period), delivered through a real SMTP server (aiosmtpd) by `goald deliver`,
//! escalation week by week, and the one-click unsubscribe over a real socket.

use std::collections::BTreeMap;
use std::process::Command;

use crate::common::daemon::Daemon;
use crate::common::http::request;
use crate::common::smtp::SmtpServer;
use crate::common::{goald_json, import_json, test_dbs, TestDb};
use serde_json::{json, Value};

/// Fridays at 17:00 in Paris, W45 to W49 of 2026.
const FRIDAYS: [&str; 5] = [
    "2026-11-06T16:00:00Z",
    "2026-11-13T16:00:00Z",
    "2026-11-20T16:00:00Z",
    "2026-11-27T16:00:00Z",
    "2026-12-04T16:00:00Z",
];
const WEEKS: [&str; 5] = ["2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"];
const AFTER_ALL: &str = "2026-12-31T12:00:00Z";

fn member(id: &str, role: &str, manager: Option<&str>, locale: &str) -> Value {
    json!({"id": id, "name": id.to_uppercase(), "email": format!("{id}@acme.test"), "role": role,
           "manager": manager, "active": true, "locale": locale})
}

fn goal(id: &str, owner: &str, progress: u32, last_update: &str, end: &str) -> Value {
    json!({"id": id, "title": format!("Goal {id}"), "type": "personal", "state": "published",
           "creator": owner, "owner": owner, "contributors": {"members": [], "teams": []},
           "visibility": "public", "start_date": "2026-01-01", "end_date": end, "parent": null,
           "tracking": "basic", "progress": progress, "measurements": [],
           "created_at": "2026-01-02T10:00:00Z", "published_at": "2026-01-02T10:00:00Z",
           "updates": [{"at": last_update, "by": owner, "progress": progress}]})
}

/// ceo (executive) > eve (executive) > max > mia > emp. emp's goal is stale from the
/// first Friday on; mia's is on track but stale too (she gets her own weekly reminders);
/// max's ended in October (reminded every week for that).
fn org(policy: Value) -> Value {
    json!({
        "org": {"id": "acme", "name": "Acme", "timezone": "Europe/Paris", "locale": "en", "policy": policy},
        "members": [
            member("ceo", "executive", None, "en"),
            member("eve", "executive", Some("ceo"), "en"),
            member("max", "manager", Some("eve"), "fr"),
            member("mia", "manager", Some("max"), "en"),
            member("emp", "employee", Some("mia"), "en"),
        ],
        "teams": [],
        "goals": [
            goal("g-stale", "emp", 5, "2026-09-01T10:00:00Z", "2026-12-31"),
            goal("g-fine", "mia", 95, "2026-09-15T10:00:00Z", "2026-12-31"),
            goal("g-late", "max", 50, "2026-11-02T10:00:00Z", "2026-10-31"),
        ],
    })
}

fn evaluate(db: &TestDb, at: &str) -> Value {
    goald_json(db, &["reminders", "run", "--org", "acme", "--at", at, "--json"])
}

/// Two `goald reminders run` processes at once, as two replicas' Friday evaluations.
fn evaluate_racing(db: &TestDb, at: &str) {
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_goald"))
            .env("GOALD_LOG", "warn")
            .args(["--database-url", &db.url, "reminders", "run", "--org", "acme", "--at", at, "--json"])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    for output in [a, b] {
        assert!(output.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&output.stderr));
    }
}

fn outbox(db: &TestDb) -> Vec<Value> {
    goald_json(db, &["reports", "outbox", "--org", "acme", "--json"])["digests"].as_array().unwrap().clone()
}

fn deliver(db: &TestDb, until: &str, smtp: &SmtpServer) {
    let output = Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_LOG", "warn")
        .args(["--database-url", &db.url, "deliver", "--until", until, "--mail-url", &smtp.url])
        .output()
        .unwrap();
    assert!(output.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&output.stderr));
}

/// The manager digests among the messages (the owners' weekly reminders go out too).
fn manager_messages(smtp: &SmtpServer) -> Vec<String> {
    smtp.messages()
        .into_iter()
        .filter(|m| header(m, "Message-ID").is_some_and(|id| id.contains("<manager-digest.")))
        .collect()
}

fn header(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
}

/// (period, manager) -> the ids of the goals escalated to them.
fn escalations(outbox: &[Value]) -> BTreeMap<(String, String), Vec<String>> {
    outbox
        .iter()
        .filter_map(|d| {
            let goals: Vec<String> = d["content"]["escalated"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["id"].as_str().unwrap().to_owned())
                .collect();
            let key = (d["period"].as_str().unwrap().to_owned(), d["manager"].as_str().unwrap().to_owned());
            (!goals.is_empty()).then_some((key, goals))
        })
        .collect()
}

#[tokio::test]
async fn two_racing_schedulers_queue_one_weekly_digest_per_manager_and_week_and_each_is_sent_once() {
    for db in test_dbs().await {
        import_json(&db, &org(json!({"manager_digest": "weekly"})));
        for friday in FRIDAYS {
            evaluate_racing(&db, friday);
        }
        let digests = outbox(&db);
        let mut keys: Vec<(String, String)> = digests
            .iter()
            .map(|d| (d["period"].as_str().unwrap().to_owned(), d["manager"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(keys.len(), 20, "[{}] 4 managers x 5 weeks: {keys:?}", db.backend);
        keys.dedup();
        assert_eq!(keys.len(), 20, "[{}] a (manager, week) twice", db.backend);
        let managers: Vec<&str> =
            digests.iter().filter(|d| d["period"] == WEEKS[0]).map(|d| d["manager"].as_str().unwrap()).collect();
        assert_eq!(managers, ["ceo", "eve", "max", "mia"], "[{}] emp has no report", db.backend);

        let smtp = SmtpServer::start(&[]);
        deliver(&db, AFTER_ALL, &smtp);
        deliver(&db, AFTER_ALL, &smtp);
        let messages = manager_messages(&smtp);
        assert_eq!(messages.len(), 20, "[{}] sent once each", db.backend);
        let mut ids: Vec<String> = messages.iter().map(|m| header(m, "Message-ID").unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 20, "[{}] {ids:?}", db.backend);
        assert!(ids.contains(&"<manager-digest.acme.mia.2026-W45@localhost>".to_owned()), "{ids:?}");
        assert!(outbox(&db).iter().all(|d| d["state"] == "sent"), "[{}]", db.backend);

        let mia = messages.iter().find(|m| m.contains("mia@acme.test") && m.contains("2026-W46")).unwrap();
        assert!(header(mia, "List-Unsubscribe").unwrap().contains("/v1/unsubscribe/manager/"), "{mia}");
        assert_eq!(header(mia, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
        let text = crate::common::mime::decoded_text(mia);
        assert!(text.contains("Weekly team digest"), "{text}");
        assert!(text.contains("Goal g-stale"), "the off-track goal of mia's line: {text}");
        assert!(text.contains("Off track: 1 (±0)"), "the change since W45: {text}");
        let max = messages.iter().find(|m| m.contains("max@acme.test")).unwrap();
        let french = crate::common::mime::decoded_text(max);
        assert!(french.contains("Récapitulatif hebdomadaire de l’équipe"), "{french}");
        assert!(french.contains("MAX\u{202F}: 1 objectif"), "his own late goal, as `report` counts it: {french}");
        let eve = messages.iter().find(|m| m.contains("eve@acme.test")).unwrap();
        let text = crate::common::mime::decoded_text(eve);
        assert!(text.contains("MAX: 1 goal"), "max's late goal is in eve's line: {text}");
    }
}

/// The digest's figures are those of `goald report progress|adoption --scope line` for
/// the manager at the evaluation instant (docs/reports.md).
#[tokio::test]
async fn the_digests_figures_are_the_line_reports_of_the_manager() {
    for db in test_dbs().await {
        import_json(&db, &org(json!({"manager_digest": "weekly"})));
        evaluate(&db, FRIDAYS[3]);
        let digests = outbox(&db);
        assert_eq!(digests.len(), 4, "[{}]", db.backend);
        for digest in &digests {
            let manager = digest["manager"].as_str().unwrap();
            let args = |kind| ["report", kind, "--org", "acme", "--member", manager, "--at", FRIDAYS[3], "--json"];
            let progress = goald_json(&db, &args("progress"));
            let adoption = goald_json(&db, &args("adoption"));
            let figures = &digest["content"]["figures"];
            let at = format!("[{}] {manager}", db.backend);
            for pace in ["on_track", "at_risk", "off_track"] {
                assert_eq!(figures[pace], progress["by_pace"][pace], "{at} {pace}");
            }
            assert_eq!(figures["active_members"], adoption["active_members"], "{at}");
            assert_eq!(figures["members_with_published_goal"], adoption["members_with_published_goal"], "{at}");
            assert_eq!(figures["adoption_percent"], adoption["members_with_published_goal_percent"], "{at}");
            let flagged = digest["content"]["flagged_total"].as_u64().unwrap();
            let by_pace = &progress["by_pace"];
            assert_eq!(flagged, by_pace["at_risk"].as_u64().unwrap() + by_pace["off_track"].as_u64().unwrap(), "{at}");
        }
    }
}

#[tokio::test]
async fn a_monthly_digest_is_written_on_the_last_friday_of_each_month_and_compares_with_the_previous() {
    for db in test_dbs().await {
        import_json(&db, &org(json!({"manager_digest": "monthly"})));
        let mut outcomes = Vec::new();
        for friday in ["2026-11-20T16:00:00Z", "2026-11-27T16:00:00Z", "2026-12-04T16:00:00Z", "2026-12-25T16:00:00Z"] {
            outcomes.push(evaluate(&db, friday)["manager_digests"]["outcome"].as_str().unwrap().to_owned());
        }
        assert_eq!(outcomes, ["not_due", "queued", "not_due", "queued"], "[{}]", db.backend);
        let digests = outbox(&db);
        let periods: Vec<&str> = digests.iter().map(|d| d["period"].as_str().unwrap()).collect();
        assert_eq!(periods, ["2026-11", "2026-11", "2026-11", "2026-11", "2026-12", "2026-12", "2026-12", "2026-12"]);
        let mia_december = digests.iter().find(|d| d["period"] == "2026-12" && d["manager"] == "mia").unwrap();
        assert_eq!(mia_december["content"]["previous"]["off_track"], 1, "[{}] {mia_december}", db.backend);
        assert_eq!(evaluate(&db, "2026-12-25T16:00:00Z")["manager_digests"]["outcome"], "already_evaluated");

        let smtp = SmtpServer::start(&[]);
        deliver(&db, AFTER_ALL, &smtp);
        let messages = manager_messages(&smtp);
        assert_eq!(messages.len(), 8, "[{}]", db.backend);
        let text = crate::common::mime::decoded_text(&messages[0]);
        assert!(text.contains("Monthly team digest"), "{text}");
    }
}

#[tokio::test]
async fn a_goal_left_without_update_climbs_one_level_per_week_and_stops_at_the_first_executive() {
    for db in test_dbs().await {
        import_json(&db, &org(json!({"manager_digest": "weekly", "escalate_after_weeks": 2})));
        let mut seen = Vec::new();
        for (friday, week) in FRIDAYS.iter().zip(WEEKS) {
            evaluate(&db, friday);
            let escalated = escalations(&outbox(&db));
            let this_week: Vec<&str> = escalated
                .iter()
                .filter(|((period, _), goals)| period == week && goals.contains(&"g-stale".to_owned()))
                .map(|((_, manager), _)| manager.as_str())
                .collect();
            seen.push(this_week.join(","));
        }
        // Reminded 1 week: nobody; 2 weeks: mia; then max; then eve; then eve again, never ceo.
        assert_eq!(seen, ["", "mia", "max", "eve", "eve"], "[{}]", db.backend);

        // An update stops it: the next week's evaluation escalates it to nobody.
        let mut updated = org(json!({"manager_digest": "weekly", "escalate_after_weeks": 2}));
        updated["goals"][0]["updates"]
            .as_array_mut()
            .unwrap()
            .push(json!({"at": "2026-12-05T10:00:00Z", "by": "emp", "progress": 6}));
        import_json(&db, &updated);
        evaluate(&db, "2026-12-11T16:00:00Z");
        let escalated = escalations(&outbox(&db));
        let stale_in_w50 =
            escalated.iter().any(|((period, _), goals)| period == "2026-W50" && goals.contains(&"g-stale".to_owned()));
        assert!(!stale_in_w50, "[{}] {escalated:?}", db.backend);
        // max's goal, past its end and reminded every week, sits with eve, never with ceo.
        let late: Vec<&str> = escalated
            .iter()
            .filter(|((period, _), goals)| period == "2026-W50" && goals.contains(&"g-late".to_owned()))
            .map(|((_, manager), _)| manager.as_str())
            .collect();
        assert_eq!(late, ["eve"], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn one_click_unsubscribe_stops_that_managers_digests_and_nothing_else() {
    for db in test_dbs().await {
        import_json(&db, &org(json!({"manager_digest": "weekly"})));
        evaluate(&db, FRIDAYS[0]);
        evaluate(&db, FRIDAYS[1]);
        let smtp = SmtpServer::start(&[]);
        // W45's digests only (Monday 9 November); W46's wait for the 16th.
        deliver(&db, "2026-11-10T12:00:00Z", &smtp);
        let mia = manager_messages(&smtp).into_iter().find(|m| m.contains("mia@acme.test")).unwrap();
        let link = header(&mia, "List-Unsubscribe").unwrap();
        let path = &link[link.find("/v1/").unwrap()..link.len() - 1];

        let data = tempfile::tempdir().unwrap();
        let daemon = Daemon::start_with(&db, data.path(), &[], &[("GOALD_NOW", "2026-11-14T12:00:00Z")]);
        let page = request(&daemon.addr, "GET", path, "text/plain", b"");
        assert_eq!(page.0, 200, "[{}] {page:?}", db.backend);
        let form = "application/x-www-form-urlencoded";
        let (status, body) = request(&daemon.addr, "POST", path, form, b"List-Unsubscribe=One-Click");
        assert_eq!(status, 200, "[{}] {body}", db.backend);
        let bad = request(&daemon.addr, "POST", "/v1/unsubscribe/manager/0123456789abcdef0123456789abcdef", form, b"");
        assert_eq!(bad.0, 404);
        drop(daemon);

        deliver(&db, AFTER_ALL, &smtp);
        let digests = outbox(&db);
        let state = |manager: &str, week: &str| {
            digests.iter().find(|d| d["manager"] == manager && d["period"] == week).map(|d| d["state"].clone())
        };
        assert_eq!(
            state("mia", WEEKS[1]),
            Some(json!("skipped")),
            "[{}] queued before, skipped at delivery",
            db.backend
        );
        assert_eq!(state("max", WEEKS[1]), Some(json!("sent")), "[{}] the others still get theirs", db.backend);
        evaluate(&db, FRIDAYS[2]);
        let digests = outbox(&db);
        assert!(digests.iter().any(|d| d["manager"] == "max" && d["period"] == WEEKS[2]));
        assert!(!digests.iter().any(|d| d["manager"] == "mia" && d["period"] == WEEKS[2]), "[{}]", db.backend);
        // Her own weekly reminders are another list: not stopped.
        let owner = goald_json(&db, &["outbox", "--json", "--limit", "1000"]);
        let hers: Vec<&Value> = owner["digests"].as_array().unwrap().iter().filter(|d| d["owner"] == "mia").collect();
        assert_eq!(hers.len(), 3, "[{}] {hers:?}", db.backend);
        assert!(hers.iter().take(2).all(|d| d["state"] == "sent"), "[{}] {hers:?}", db.backend);
    }
}
