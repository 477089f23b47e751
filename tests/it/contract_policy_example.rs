//! The contract's policy example (CONTRACT §10), imported through the CLI on both backends:
//! every answer of example-policy-expected.json, before and after its events, and the
//! import's checks of `org.policy` and the new goal fields.

use crate::common::{fixture, goald, goald_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

const AT: &str = "2026-11-27T22:00:00Z";
const ORG: &str = "lakeside";

fn import_file(db: &TestDb, path: &std::path::Path) -> std::process::Output {
    goald(db, &["import", path.to_str().expect("utf-8 path"), "--json"])
}

fn import_example(db: &TestDb) {
    let out = goald_json(db, &["import", fixture("example-policy-org.json").to_str().expect("utf-8"), "--json"]);
    assert_eq!(out["goals"], 10, "[{}] {out}", db.backend);
}

fn visibility_of(db: &TestDb, member: &str) -> Value {
    goald_json(db, &["visibility", "--org", ORG, "--member", member, "--json"])
}

fn assert_every_visibility(db: &TestDb, expected: &Value, when: &str) {
    for (member, goals) in expected.as_object().expect("visibility map") {
        assert_eq!(
            visibility_of(db, member),
            json!({"member": member, "goals": goals}),
            "[{}] {when}: {member}",
            db.backend
        );
    }
}

#[tokio::test]
async fn the_policy_example_answers_every_visibility_before_and_after_its_events() {
    let expected = read_json(&fixture("example-policy-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        assert_every_visibility(&db, &expected["visibility"], "before the events");
        let events = fixture("example-policy-events.jsonl");
        goald_json(&db, &["hris", "apply", "--org", ORG, events.to_str().expect("utf-8"), "--json"]);
        assert_every_visibility(&db, &expected["visibility_after_events"], "after the events");
    }
}

#[tokio::test]
async fn the_policy_example_shows_progress_and_pace_with_the_orgs_thresholds() {
    let expected = read_json(&fixture("example-policy-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        for (goal, want) in expected["goal_show"].as_object().expect("goal_show map") {
            let out = goald_json(&db, &["goal", "show", "--org", ORG, "--goal", goal, "--at", AT, "--json"]);
            assert_eq!(out["progress"], want["progress"], "[{}] progress of {goal}", db.backend);
            assert_eq!(out["pace_status"], want["pace_status"], "[{}] pace of {goal}", db.backend);
        }
    }
}

#[tokio::test]
async fn the_policy_example_grants_exactly_the_actions_of_the_contract() {
    let expected = read_json(&fixture("example-policy-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        for (pair, actions) in expected["permissions"].as_object().expect("permissions map") {
            let (member, goal) = pair.split_once(' ').expect("'member goal' key");
            let out = goald_json(&db, &["permissions", "--org", ORG, "--member", member, "--goal", goal, "--json"]);
            assert_eq!(out, json!({"member": member, "goal": goal, "actions": actions}), "[{}] {pair}", db.backend);
        }
    }
}

#[tokio::test]
async fn the_policy_example_previews_the_contracts_reminders() {
    let expected = read_json(&fixture("example-policy-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        let out = goald_json(&db, &["reminders", "preview", "--org", ORG, "--at", AT, "--json"]);
        assert_eq!(out, expected["reminders_preview"], "[{}]", db.backend);
    }
}

/// The example without `policy` and `manager_editor` on g-build, g-kim and g-ops.
fn stripped_example() -> Value {
    let mut file = read_json(&fixture("example-policy-org.json"));
    file["org"].as_object_mut().expect("org").remove("policy");
    for goal in file["goals"].as_array_mut().expect("goals") {
        goal.as_object_mut().expect("goal").remove("manager_editor");
    }
    file
}

#[tokio::test]
async fn a_reimport_without_policy_or_manager_editor_keeps_what_is_stored() {
    let expected = read_json(&fixture("example-policy-expected.json"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("stripped.json");
    std::fs::write(&path, stripped_example().to_string()).expect("write the file");
    for db in test_dbs().await {
        import_example(&db);
        let out = import_file(&db, &path);
        assert!(out.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&out.stderr));
        // hana keeps g-ops through its stored manager editor, jo keeps the global view.
        assert_every_visibility(&db, &expected["visibility"], "after the re-import");
        import_example(&db);
        assert_every_visibility(&db, &expected["visibility"], "after importing the same file again");
    }
}

#[tokio::test]
async fn a_first_import_without_manager_editor_takes_the_owners_manager() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("stripped.json");
    let mut file = stripped_example();
    file["org"]["policy"] = json!({"manager_editor": true});
    std::fs::write(&path, file.to_string()).expect("write the file");
    for db in test_dbs().await {
        assert!(import_file(&db, &path).status.success(), "[{}]", db.backend);
        // g-ops is fin's private goal: its manager editor is fin's manager, ana (an
        // executive anyway); g-kim is kim's: jo, kim's manager, now edits it.
        let out = goald_json(&db, &["permissions", "--org", ORG, "--member", "jo", "--goal", "g-kim", "--json"]);
        assert!(out["actions"].as_array().expect("actions").contains(&json!("edit")), "[{}] {out}", db.backend);
    }
}

fn refused(db: &TestDb, file: &Value) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bad.json");
    std::fs::write(&path, file.to_string()).expect("write the file");
    let out = import_file(db, &path);
    assert!(!out.status.success(), "[{}] the import must fail", db.backend);
    assert!(out.stdout.is_empty(), "[{}] stdout stays clean", db.backend);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test]
async fn a_bad_policy_or_goal_field_fails_the_import_naming_it_and_writes_nothing() {
    for db in test_dbs().await {
        let mut unknown = read_json(&fixture("example-policy-org.json"));
        unknown["org"]["policy"]["manager_editors"] = json!(true);
        assert!(refused(&db, &unknown).contains("manager_editors"), "[{}]", db.backend);
        let mut wrong_type = read_json(&fixture("example-policy-org.json"));
        wrong_type["org"]["policy"]["waterfall_editors"] = json!("yes");
        assert!(refused(&db, &wrong_type).contains("waterfall_editors"), "[{}]", db.backend);
        let mut thresholds = read_json(&fixture("example-policy-org.json"));
        thresholds["org"]["policy"]["pace_thresholds"] = json!({"on_track": 20, "at_risk": 40});
        assert!(refused(&db, &thresholds).contains("pace_thresholds"), "[{}]", db.backend);
        let mut public_participants = read_json(&fixture("example-policy-org.json"));
        public_participants["goals"][9]["participants"] = json!({"members": ["kim"], "teams": []});
        let error = refused(&db, &public_participants);
        assert!(error.contains("g-eva") && error.contains("participants"), "[{}] {error}", db.backend);
        let mut cross = read_json(&fixture("example-policy-org.json"));
        cross["org"]["policy"]["same_visibility_alignment"] = json!(true);
        let error = refused(&db, &cross);
        assert!(error.contains("same_visibility_alignment"), "[{}] {error}", db.backend);
        let mut unknown_editor = read_json(&fixture("example-policy-org.json"));
        unknown_editor["goals"][1]["editors"]["members"] = json!(["zed"]);
        assert!(refused(&db, &unknown_editor).contains("\"zed\""), "[{}]", db.backend);
        let out = goald(&db, &["visibility", "--org", ORG, "--member", "ana", "--json"]);
        assert!(!out.status.success(), "[{}] nothing was written", db.backend);
    }
}
