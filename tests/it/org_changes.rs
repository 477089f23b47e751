//! The seed's org-change rules (issue 4), each through `goald hris apply` and the
//! commands that show visibility, permissions and progress, on both backends.

use crate::common::{fixture, goald_json, hris_apply, import_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

fn apply(db: &TestDb, events: &[Value]) {
    let out = hris_apply(db, "northwind", events);
    assert_eq!(out["applied"]["waiting"], 0, "[{}] {out}", db.backend);
}

fn event(id: &str, kind: &str, data: Value) -> Value {
    json!({"id": id, "type": kind, "occurred_at": "2026-11-23T14:00:00Z", "data": data})
}

fn sees(db: &TestDb, member: &str, goal: &str) -> bool {
    let out = goald_json(db, &["visibility", "--org", "northwind", "--member", member, "--json"]);
    out["goals"].as_array().unwrap().contains(&json!(goal))
}

fn actions(db: &TestDb, member: &str, goal: &str) -> Vec<String> {
    let out = goald_json(db, &["permissions", "--org", "northwind", "--member", member, "--goal", goal, "--json"]);
    out["actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect()
}

fn example() -> Value {
    read_json(&fixture("example-org.json"))
}

fn member(id: &str, role: &str, manager: &str) -> Value {
    json!({"id": id, "name": id, "email": format!("{id}@northwind.test"), "role": role, "manager": manager, "active": true})
}

#[tokio::test]
async fn the_new_manager_gains_sight_of_the_employees_goals_and_the_previous_one_loses_it() {
    for db in test_dbs().await {
        import_json(&db, &example());
        assert!(sees(&db, "cy", "g-dee") && !sees(&db, "fay", "g-dee"), "[{}]", db.backend);
        apply(&db, &[event("e1", "member.manager_changed", json!({"member": "dee", "manager": "fay"}))]);
        assert!(sees(&db, "fay", "g-dee") && !sees(&db, "cy", "g-dee"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_manager_moved_sideways_takes_their_line_along_and_the_old_upper_line_loses_sight() {
    let mut org = example();
    org["members"].as_array_mut().unwrap().push(member("vp", "manager", "ada"));
    for m in org["members"].as_array_mut().unwrap() {
        if m["id"] == "cy" {
            m["manager"] = json!("vp");
        }
    }
    for db in test_dbs().await {
        import_json(&db, &org);
        assert!(sees(&db, "vp", "g-dee") && !sees(&db, "fay", "g-dee"), "[{}]", db.backend);
        apply(&db, &[event("e1", "member.manager_changed", json!({"member": "cy", "manager": "fay"}))]);
        // Cy's reports came along: Fay is now above Dee, the VP no longer is.
        assert!(sees(&db, "fay", "g-dee") && sees(&db, "cy", "g-dee"), "[{}]", db.backend);
        assert!(!sees(&db, "vp", "g-dee"), "[{}] the old upper line lost sight", db.backend);
    }
}

#[tokio::test]
async fn a_deactivated_owner_changes_no_visibility_and_executives_collaborators_and_an_active_creator_keep_their_rights(
) {
    let mut org = example();
    let mut for_dee = org["goals"][3].clone(); // g-dee's shape
    for_dee["id"] = json!("g-for-dee");
    for_dee["creator"] = json!("cy");
    org["goals"].as_array_mut().unwrap().push(for_dee);
    for db in test_dbs().await {
        import_json(&db, &org);
        let before: Vec<bool> = ["ada", "bo", "cy", "eli", "fay"].iter().map(|m| sees(&db, m, "g-for-dee")).collect();
        apply(&db, &[event("e1", "member.deactivated", json!({"member": "dee"}))]);
        let after: Vec<bool> = ["ada", "bo", "cy", "eli", "fay"].iter().map(|m| sees(&db, m, "g-for-dee")).collect();
        assert_eq!(before, after, "[{}]", db.backend);
        for who in ["ada", "bo", "cy"] {
            let can = actions(&db, who, "g-for-dee");
            assert!(
                can.contains(&"edit".to_owned()) && can.contains(&"close".to_owned()),
                "[{}] {who}: {can:?}",
                db.backend
            );
        }
        assert!(actions(&db, "dee", "g-for-dee").is_empty(), "[{}] a deactivated member may do nothing", db.backend);
    }
}

#[tokio::test]
async fn a_contributor_removed_by_a_team_change_loses_access_and_their_linked_subgoal_keeps_counting() {
    let mut org = example();
    let goals = org["goals"].as_array_mut().unwrap();
    let mut team_goal = goals[2].clone(); // g-ops' shape: a team goal
    team_goal["id"] = json!("g-team");
    team_goal["tracking"] = json!("subgoals_automatic");
    team_goal["parent"] = Value::Null;
    team_goal["contributors"] = json!({"members": [], "teams": ["ops"]});
    team_goal["updates"] = json!([{"at": "2026-11-01T10:00:00Z", "by": "gus", "progress": 10, "comment": "started"}]);
    let mut part = goals[3].clone(); // a personal goal
    part["id"] = json!("g-gus-part");
    part["owner"] = json!("gus");
    part["creator"] = json!("gus");
    part["parent"] = json!("g-team");
    part["progress"] = json!(40);
    part["updates"] = json!([]);
    goals.push(team_goal);
    goals.push(part);
    for db in test_dbs().await {
        import_json(&db, &org);
        let progress = |db: &TestDb| {
            goald_json(db, &["goal", "show", "--org", "northwind", "--goal", "g-team", "--json"])["progress"].clone()
        };
        let before = progress(&db);
        assert!(sees(&db, "gus", "g-team"), "[{}]", db.backend);
        apply(&db, &[event("e1", "team.member_removed", json!({"team": "ops", "member": "gus"}))]);
        assert!(!sees(&db, "gus", "g-team"), "[{}] gus left the contributor team", db.backend);
        assert_eq!(progress(&db), before, "[{}] his sub-goal still counts", db.backend);
        let store = goald::store::open(&db.url, 1).await.unwrap();
        let org_id = goald::core::ids::OrgId::parse("northwind").unwrap();
        let (goal, children) = store
            .goal_with_children(&org_id, &goald::core::ids::GoalId::parse("g-team").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(children.iter().any(|c| c.id.as_str() == "g-gus-part"), "[{}] still linked", db.backend);
        let snapshot = store.snapshot(&org_id).await.unwrap().unwrap();
        let team = snapshot.goals.iter().find(|g| g.id == goal.id).unwrap();
        assert_eq!(team.updates[0].by.as_str(), "gus", "[{}] his past update keeps his name", db.backend);
    }
}

#[tokio::test]
async fn an_employee_promoted_to_manager_sees_the_new_reports_goals_and_may_make_organization_goals() {
    for db in test_dbs().await {
        import_json(&db, &example());
        assert!(!actions(&db, "gus", "g-gus").contains(&"make_organization".to_owned()), "[{}]", db.backend);
        apply(
            &db,
            &[
                event("e1", "member.role_changed", json!({"member": "gus", "role": "manager"})),
                event("e2", "member.manager_changed", json!({"member": "dee", "manager": "gus"})),
            ],
        );
        assert!(sees(&db, "gus", "g-dee"), "[{}] his new report's goal", db.backend);
        assert!(actions(&db, "gus", "g-gus").contains(&"make_organization".to_owned()), "[{}]", db.backend);
    }
}
