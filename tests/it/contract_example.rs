//! The contract's example org, imported through the CLI on both backends: every
//! answer of example-expected.json (visibility, goal show, permissions).

use crate::common::{fixture, goald, goald_json, read_json, test_dbs, TestDb};
use serde_json::json;

const AT: &str = "2026-11-27T22:00:00Z";

fn import_example(db: &TestDb) {
    let path = fixture("example-org.json");
    let out = goald_json(db, &["import", path.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(out["goals"], 7, "[{}] {out}", db.backend);
}

#[tokio::test]
async fn the_example_org_answers_every_visibility_of_the_contract() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        for (member, goals) in expected["visibility"].as_object().expect("visibility map") {
            let out = goald_json(&db, &["visibility", "--org", "northwind", "--member", member, "--json"]);
            assert_eq!(out, json!({"member": member, "goals": goals}), "[{}] visibility of {member}", db.backend);
        }
    }
}

#[tokio::test]
async fn the_example_org_shows_progress_and_pace_of_every_goal() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        for (goal, want) in expected["goal_show"].as_object().expect("goal_show map") {
            let out = goald_json(&db, &["goal", "show", "--org", "northwind", "--goal", goal, "--at", AT, "--json"]);
            assert_eq!(out["id"], json!(goal), "[{}]", db.backend);
            assert_eq!(out["progress"], want["progress"], "[{}] progress of {goal}", db.backend);
            assert_eq!(out["pace_status"], want["pace_status"], "[{}] pace of {goal}", db.backend);
        }
    }
}

#[tokio::test]
async fn the_example_org_grants_exactly_the_actions_of_the_contract() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        for (pair, actions) in expected["permissions"].as_object().expect("permissions map") {
            let (member, goal) = pair.split_once(' ').expect("'member goal' key");
            let out =
                goald_json(&db, &["permissions", "--org", "northwind", "--member", member, "--goal", goal, "--json"]);
            assert_eq!(out, json!({"member": member, "goal": goal, "actions": actions}), "[{}] {pair}", db.backend);
        }
    }
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_no_answer() {
    let expected = read_json(&fixture("example-expected.json"));
    for db in test_dbs().await {
        import_example(&db);
        import_example(&db);
        let out = goald_json(&db, &["visibility", "--org", "northwind", "--member", "cy", "--json"]);
        assert_eq!(out["goals"], expected["visibility"]["cy"], "[{}]", db.backend);
        let show = goald_json(&db, &["goal", "show", "--org", "northwind", "--goal", "g-arr", "--at", AT, "--json"]);
        assert_eq!(show["progress"], json!(58.0), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_unknown_member_or_goal_is_an_error_that_names_it() {
    for db in test_dbs().await {
        import_example(&db);
        let out = goald(&db, &["visibility", "--org", "northwind", "--member", "zed", "--json"]);
        assert!(!out.status.success(), "[{}]", db.backend);
        assert!(out.stdout.is_empty(), "[{}] stdout must stay clean", db.backend);
        assert!(String::from_utf8_lossy(&out.stderr).contains("\"zed\""), "[{}]", db.backend);
        let out = goald(&db, &["goal", "show", "--org", "northwind", "--goal", "g-nope", "--json"]);
        assert!(!out.status.success(), "[{}]", db.backend);
        assert!(String::from_utf8_lossy(&out.stderr).contains("\"g-nope\""), "[{}]", db.backend);
    }
}
