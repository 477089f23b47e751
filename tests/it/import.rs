//! `goald import` refuses a bad file whole, names what is wrong, and changes nothing.

use crate::common::{fixture, goald, goald_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

fn example() -> Value {
    read_json(&fixture("example-org.json"))
}

fn goal_mut<'a>(file: &'a mut Value, id: &str) -> &'a mut Value {
    file["goals"].as_array_mut().expect("goals").iter_mut().find(|g| g["id"] == id).expect("goal in example")
}

/// A valid new goal, so a file that is refused can be seen to have added nothing.
fn with_new_goal(mut file: Value) -> Value {
    let mut goal = goal_mut(&mut file, "g-dee").clone();
    goal["id"] = json!("g-new");
    file["goals"].as_array_mut().expect("goals").push(goal);
    file
}

fn import_value(db: &TestDb, file: &Value) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("org.json");
    std::fs::write(&path, serde_json::to_vec(file).expect("json")).expect("write");
    goald(db, &["import", path.to_str().expect("utf-8")])
}

fn ada_sees(db: &TestDb) -> Value {
    goald_json(db, &["visibility", "--org", "northwind", "--member", "ada", "--json"])["goals"].clone()
}

/// Imports the example, then `broken`; asserts the refusal names `words` and changed nothing.
async fn assert_refused(broken: impl Fn(&mut Value), words: &[&str]) {
    for db in test_dbs().await {
        assert!(import_value(&db, &example()).status.success(), "[{}] example import", db.backend);
        let before = ada_sees(&db);
        let mut file = with_new_goal(example());
        broken(&mut file);
        let out = import_value(&db, &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "[{}] a bad file was accepted", db.backend);
        for word in words {
            assert!(stderr.contains(word), "[{}] error {stderr:?} should name {word:?}", db.backend);
        }
        assert_eq!(ada_sees(&db), before, "[{}] a refused file changed the database", db.backend);
    }
}

#[tokio::test]
async fn a_file_with_only_valid_changes_adds_its_new_goal() {
    for db in test_dbs().await {
        assert!(import_value(&db, &with_new_goal(example())).status.success(), "[{}]", db.backend);
        assert!(ada_sees(&db).as_array().expect("list").contains(&json!("g-new")), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_unknown_owner_is_refused_naming_the_goal_and_the_owner() {
    assert_refused(|f| goal_mut(f, "g-ops")["owner"] = json!("nobody"), &["goal \"g-ops\"", "\"nobody\""]).await;
}

#[tokio::test]
async fn a_parent_cycle_is_refused_naming_its_goals() {
    assert_refused(|f| goal_mut(f, "g-arr")["parent"] = json!("g-eli"), &["cycle", "g-arr", "g-eli", "g-sales"]).await;
}

#[tokio::test]
async fn a_bad_enum_is_refused_naming_the_value_and_the_choices() {
    assert_refused(|f| goal_mut(f, "g-dee")["state"] = json!("done"), &["goal \"g-dee\"", "\"done\"", "published"])
        .await;
}

#[tokio::test]
async fn a_description_over_2048_characters_is_refused() {
    let long = "é".repeat(2049);
    assert_refused(move |f| goal_mut(f, "g-eli")["description"] = json!(long), &["goal \"g-eli\"", "2049"]).await;
}

#[tokio::test]
async fn measurement_weights_over_100_are_refused() {
    assert_refused(|f| goal_mut(f, "g-sales")["measurements"][0]["weight"] = json!(60), &["goal \"g-sales\"", "110"])
        .await;
}

#[tokio::test]
async fn sub_goal_weights_that_all_set_but_do_not_total_100_are_refused() {
    assert_refused(|f| goal_mut(f, "g-ops")["weight"] = json!(30), &["goal \"g-arr\"", "90"]).await;
}

#[tokio::test]
async fn an_unknown_contributor_team_is_refused() {
    assert_refused(|f| goal_mut(f, "g-sales")["contributors"]["teams"] = json!(["marketing"]), &["\"marketing\""])
        .await;
}

#[tokio::test]
async fn an_unknown_manager_is_refused_naming_the_member() {
    assert_refused(|f| f["members"][3]["manager"] = json!("ghost"), &["member \"dee\"", "\"ghost\""]).await;
}

#[tokio::test]
async fn a_manager_cycle_is_refused() {
    assert_refused(|f| f["members"][0]["manager"] = json!("dee"), &["cycle", "ada", "cy", "dee"]).await;
}

#[tokio::test]
async fn an_unknown_time_zone_is_refused_naming_the_member() {
    assert_refused(|f| f["members"][4]["timezone"] = json!("Mars/Olympus"), &["member \"eli\"", "Mars/Olympus"]).await;
}

#[tokio::test]
async fn malformed_json_is_refused_and_changes_nothing() {
    for db in test_dbs().await {
        assert!(import_value(&db, &example()).status.success());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("org.json");
        std::fs::write(&path, b"{\"org\": {\"id\": \"northwind\"").expect("write");
        let out = goald(&db, &["import", path.to_str().expect("utf-8")]);
        assert!(!out.status.success(), "[{}]", db.backend);
        assert!(String::from_utf8_lossy(&out.stderr).contains("not valid JSON"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_later_file_may_reference_what_is_stored_and_moves_the_stored_roll_up() {
    for db in test_dbs().await {
        assert!(import_value(&db, &example()).status.success(), "[{}]", db.backend);
        let mut child = goal_mut(&mut example(), "g-ops").clone();
        child["id"] = json!("g-new");
        child["progress"] = json!(100);
        child["updates"] = json!([]);
        let file = json!({"org": example()["org"], "members": [], "teams": [], "goals": [child]});
        let out = import_value(&db, &file);
        assert!(out.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&out.stderr));
        // g-sales keeps 60; g-ops and g-new share the other 40: 0.6*70 + 0.2*40 + 0.2*100.
        let args = ["goal", "show", "--org", "northwind", "--goal", "g-arr", "--at", "2026-11-27T22:00:00Z", "--json"];
        assert_eq!(goald_json(&db, &args)["progress"], json!(70.0), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn orgs_sharing_a_database_never_see_each_others_goals() {
    for db in test_dbs().await {
        let mut other = example();
        other["org"]["id"] = json!("southwind");
        assert!(import_value(&db, &example()).status.success(), "[{}]", db.backend);
        assert!(import_value(&db, &other).status.success(), "[{}]", db.backend);
        goal_mut(&mut other, "g-dee")["id"] = json!("g-south");
        let mut extra = other.clone();
        extra["goals"] = json!([goal_mut(&mut other, "g-south").clone()]);
        assert!(import_value(&db, &extra).status.success(), "[{}]", db.backend);
        let seen = ada_sees(&db);
        assert!(!seen.as_array().expect("list").contains(&json!("g-south")), "[{}] {seen}", db.backend);
    }
}
