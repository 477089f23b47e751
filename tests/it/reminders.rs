//! The weekly evaluation (CONTRACT §5, `reminders preview` and `reminders run` of §7)
//! through the CLI and the store, on SQLite and PostgreSQL.

use std::sync::Arc;

use crate::common::{fixture, goald, goald_json, import_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

const AT: &str = "2026-11-27T22:00:00Z";

fn example_org() -> Value {
    read_json(&fixture("example-org.json"))
}

fn preview(db: &TestDb, org: &str, at: &str) -> Value {
    goald_json(db, &["reminders", "preview", "--org", org, "--at", at, "--json"])
}

/// The due goals of a preview as (owner, goal, reasons) triples.
fn due(preview: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for digest in preview["digests"].as_array().expect("digests") {
        for goal in digest["goals"].as_array().expect("goals") {
            let reasons = goal["reasons"].as_array().expect("reasons").iter();
            out.push((
                digest["owner"].as_str().expect("owner").to_owned(),
                goal["id"].as_str().expect("id").to_owned(),
                reasons.map(|r| r.as_str().expect("reason").to_owned()).collect(),
            ));
        }
    }
    out
}

#[tokio::test]
async fn the_example_org_previews_exactly_the_contracts_digests() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_json(&db, &example_org());
        assert_eq!(preview(&db, "northwind", AT), expected["reminders_preview"], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn running_the_same_week_twice_queues_each_digest_once() {
    for db in test_dbs().await {
        import_json(&db, &example_org());
        let first = goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
        assert_eq!(first["week"], "2026-W48", "[{}]", db.backend);
        assert_eq!(first["result"], json!({"outcome": "queued", "digests": 3, "goals": 3}), "[{}]", db.backend);
        // Saturday morning in Toronto is the same week: nothing new.
        let again =
            goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", "2026-11-28T14:00:00Z", "--json"]);
        assert_eq!(again["result"], json!({"outcome": "already_evaluated"}), "[{}]", db.backend);
        let outbox = goald_json(&db, &["outbox", "--json"]);
        assert_eq!(outbox["counts"], json!({"queued": 3}), "[{}]", db.backend);
        let owners: Vec<&str> =
            outbox["digests"].as_array().unwrap().iter().map(|d| d["owner"].as_str().unwrap()).collect();
        // Soonest first: Paris' Monday 09:00 comes before Toronto's.
        assert_eq!(owners, ["eli", "dee", "fay"], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_unknown_org_is_named_and_nothing_is_queued() {
    for db in test_dbs().await {
        import_json(&db, &example_org());
        let out = goald(&db, &["reminders", "run", "--org", "nowhere", "--at", AT]);
        assert!(!out.status.success(), "[{}]", db.backend);
        assert!(String::from_utf8_lossy(&out.stderr).contains("\"nowhere\""), "[{}]", db.backend);
        let out = goald(&db, &["reminders", "preview", "--org", "northwind", "--at", "last friday"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("--at"), "[{}]", db.backend);
        assert_eq!(goald_json(&db, &["outbox", "--json"])["counts"], json!({}), "[{}]", db.backend);
    }
}

/// A goal of the example org's shape, owned by `owner`, last touched at `published_at`.
fn goal(id: &str, owner: &str, state: &str, published_at: Option<&str>, end_date: &str) -> Value {
    json!({
        "id": id, "title": format!("Goal {id}"), "type": "personal", "state": state,
        "creator": owner, "owner": owner, "contributors": {"members": [], "teams": []},
        "visibility": "public", "start_date": "2026-01-01", "end_date": end_date,
        "parent": null, "weight": null, "tracking": "basic", "progress": 10, "status": null,
        "measurements": [], "created_at": "2026-01-01T00:00:00Z", "published_at": published_at,
        "updates": []
    })
}

/// Every boundary of §5 in one org whose time zone is Sydney, where 22:00 UTC on Friday
/// 27 is already Saturday 28.
fn boundary_org() -> Value {
    let mut org = example_org();
    org["org"]["timezone"] = json!("Australia/Sydney");
    let far = "2027-06-30";
    let stale = Some("2026-10-30T22:00:00Z"); // exactly 28 days before AT
    let fresh = Some("2026-10-30T22:00:01Z"); // one second short
    let mut with_contributor = goal("g-contrib", "ada", "published", fresh, far);
    with_contributor["contributors"]["members"] = json!(["dee"]);
    let mut updated = goal("g-updated", "gus", "published", Some("2026-01-10T00:00:00Z"), far);
    updated["updates"] = json!([{"at": "2026-11-20T00:00:00Z", "by": "gus", "progress": 20}]);
    org["goals"] = json!([
        goal("g-exact", "dee", "published", stale, far),
        goal("g-second-short", "dee", "published", fresh, far),
        // Ends on Friday 27: past in Sydney (Saturday 28 there), not yet in Toronto.
        goal("g-ends-friday", "dee", "published", fresh, "2026-11-27"),
        goal("g-draft", "cy", "draft", None, "2026-01-31"),
        goal("g-closed", "cy", "closed", stale, "2026-01-31"),
        goal("g-archived", "cy", "archived", stale, "2026-01-31"),
        goal("g-inactive", "hal", "published", stale, "2026-01-31"),
        goal("g-paris", "eli", "published", stale, "2026-01-31"),
        with_contributor,
        updated,
    ]);
    org
}

#[tokio::test]
async fn every_rule_of_section_5_holds_at_its_boundary() {
    for db in test_dbs().await {
        import_json(&db, &boundary_org());
        let preview = preview(&db, "northwind", AT);
        let reasons = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            due(&preview),
            vec![
                ("dee".into(), "g-ends-friday".into(), reasons(&["past_end_date"])),
                ("dee".into(), "g-exact".into(), reasons(&["not_updated_28_days"])),
                ("eli".into(), "g-paris".into(), reasons(&["not_updated_28_days", "past_end_date"])),
            ],
            "[{}]",
            db.backend
        );
        let digests = preview["digests"].as_array().unwrap();
        // One digest for dee's two goals; eli's in French at 09:00 Paris time.
        assert_eq!(digests.len(), 2, "[{}]", db.backend);
        assert_eq!(digests[1]["locale"], "fr");
        assert_eq!(digests[1]["deliver_at"], "2026-11-30T08:00:00Z");
        // Dee has no time zone of her own: the org's, Sydney, where Monday 09:00 is Sunday 22:00 UTC.
        assert_eq!(digests[0]["deliver_at"], "2026-11-29T22:00:00Z");
    }
}

#[tokio::test]
async fn in_toronto_a_goal_ending_on_the_evaluation_friday_is_not_yet_past() {
    let mut org = boundary_org();
    org["org"]["timezone"] = json!("America/Toronto");
    for db in test_dbs().await {
        import_json(&db, &org);
        let goals: Vec<String> = due(&preview(&db, "northwind", AT)).into_iter().map(|(_, g, _)| g).collect();
        assert_eq!(goals, ["g-exact", "g-paris"], "[{}]", db.backend);
    }
}

/// Three evaluations of one week started at once, each on its own connection pool as
/// three replicas would be: one of them queues, the others find the week taken.
#[tokio::test]
async fn three_concurrent_evaluations_of_one_week_queue_one_set_of_digests() {
    let at = chrono::DateTime::parse_from_rfc3339(AT).unwrap().with_timezone(&chrono::Utc);
    for db in test_dbs().await {
        import_json(&db, &example_org());
        let mut stores = Vec::new();
        for _ in 0..3 {
            stores.push(goald::store::open(&db.url, 2).await.expect("open store"));
        }
        let org_id = goald::core::ids::OrgId::parse("northwind").unwrap();
        let org = Arc::new(stores[0].org(&org_id).await.unwrap().expect("org"));
        let week: goald::reminders::Week = "2026-W48".parse().unwrap();
        let runs = stores.into_iter().map(|store| {
            let org = org.clone();
            tokio::spawn(async move { store.evaluate_week(&org, week, at, chrono::Utc::now()).await })
        });
        let outcomes: Vec<_> =
            futures_util::future::join_all(runs).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
        let queued =
            outcomes.iter().filter(|o| matches!(o, goald::reminders::types::EvaluationOutcome::Queued { .. })).count();
        assert_eq!(queued, 1, "[{}] {outcomes:?}", db.backend);
        let outbox = goald_json(&db, &["outbox", "--json"]);
        assert_eq!(outbox["counts"], json!({"queued": 3}), "[{}]", db.backend);
    }
}

/// The SQL evaluation equals the pure rule, goal by goal, on a generated org with every
/// state, several time zones and both locales, at instants around the data's "now".
#[tokio::test]
async fn the_sql_evaluation_equals_the_pure_rule_on_a_generated_org() {
    use goald::reminders::{delivery_instant, reasons_for, GoalFacts};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.json");
    let demo = std::process::Command::new(env!("CARGO_BIN_EXE_goald"))
        .args(["demo", "generate", "--members", "300", "--goals", "3000", "--seed", "11", "--org", "gen"])
        .args(["--now", "2026-11-27T22:00:00Z"])
        .output()
        .unwrap();
    assert!(demo.status.success());
    std::fs::write(&path, &demo.stdout).unwrap();
    for db in test_dbs().await {
        goald_json(&db, &["import", path.to_str().unwrap(), "--json"]);
        let store = goald::store::open(&db.url, 2).await.unwrap();
        let snapshot = store.snapshot(&goald::core::ids::OrgId::parse("gen").unwrap()).await.unwrap().unwrap();
        let members: std::collections::HashMap<_, _> = snapshot.members.iter().map(|m| (m.id.clone(), m)).collect();
        for at in ["2026-11-27T22:00:00Z", "2026-12-04T22:00:00Z", "2026-10-02T21:00:00Z", "2027-03-05T22:00:00Z"] {
            let at = chrono::DateTime::parse_from_rfc3339(at).unwrap().with_timezone(&chrono::Utc);
            let mut expected = Vec::new();
            for goal in &snapshot.goals {
                let owner = members[&goal.owner];
                let facts = GoalFacts {
                    state: goal.state,
                    owner_active: owner.active,
                    owner_has_email: owner.email.as_deref().is_some_and(|e| !e.trim().is_empty()),
                    owner_opted_out: false,
                    last_activity_at: goal.last_activity_at(),
                    end_date: goal.end_date,
                };
                let reasons = reasons_for(&facts, at, snapshot.org.timezone);
                if !reasons.is_empty() {
                    expected.push((goal.owner.clone(), goal.id.clone(), reasons, delivery_instant(at, owner.timezone)));
                }
            }
            expected.sort();
            let mut actual = Vec::new();
            for digest in store.plan_reminders(&snapshot.org, at).await.unwrap() {
                for goal in digest.goals {
                    actual.push((digest.owner.clone(), goal.id, goal.reasons, digest.deliver_at));
                }
            }
            assert!(!expected.is_empty(), "a generated org has due goals at {at}");
            assert_eq!(actual, expected, "[{}] at {at}", db.backend);
        }
    }
}

/// The daemon's scheduler run over three years of ticks (every 6 hours, plus the
/// Friday-evening hours in UTC) for orgs in four time zones sharing one database: each
/// org is evaluated once per week, at Friday 17:00 in its time zone, across every DST
/// change; and a second scheduler on the same database never evaluates a week twice.
#[tokio::test]
async fn three_years_of_simulated_fridays_evaluate_each_org_once_a_week_at_17_local() {
    use chrono::{Datelike, Duration, Timelike, Utc};
    use goald::jobs::scheduler::run_due_evaluations;
    use goald::reminders::schedule::EvaluationTime;
    let zones = ["America/Toronto", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata"];
    for db in test_dbs().await {
        for (i, zone) in zones.iter().enumerate() {
            let mut org = example_org();
            org["org"]["id"] = json!(format!("org{i}"));
            org["org"]["timezone"] = json!(zone);
            import_json(&db, &org);
        }
        let first = goald::store::open(&db.url, 2).await.unwrap();
        let second = goald::store::open(&db.url, 2).await.unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2027-01-06T00:00:00Z").unwrap().with_timezone(&Utc);
        let end = start + Duration::days(3 * 364);
        let mut now = start;
        let mut queued = 0;
        while now < end {
            for store in [&first, &second] {
                let report = run_due_evaluations(store.as_ref(), EvaluationTime::default(), now).await.unwrap();
                queued += report.evaluated.len();
            }
            // Every 6 hours, and hourly around the Friday evenings of the four zones.
            let friday_evening = now.weekday() == chrono::Weekday::Fri;
            now += Duration::hours(if friday_evening { 1 } else { 6 });
        }
        for (i, zone) in zones.iter().enumerate() {
            let timezone: chrono_tz::Tz = zone.parse().unwrap();
            let history = first.evaluations(&goald::core::ids::OrgId::parse(format!("org{i}")).unwrap()).await.unwrap();
            // The first tick catches up the Friday before the start: 156 weeks plus that one.
            assert_eq!(history.len(), 157, "[{}] {zone}", db.backend);
            let mut weeks = std::collections::BTreeSet::new();
            for evaluation in &history {
                let local = evaluation.evaluated_at.with_timezone(&timezone);
                assert_eq!((local.weekday(), local.hour(), local.minute()), (chrono::Weekday::Fri, 17, 0), "{zone}");
                assert!(weeks.insert(evaluation.week.clone()), "[{}] {zone}: {} twice", db.backend, evaluation.week);
            }
        }
        assert_eq!(queued, 4 * 157, "[{}] no evaluation ran twice", db.backend);
    }
}
