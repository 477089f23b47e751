//! The depth bounds (docs/depth-limits.md) at every door, on both backends: a goal chain
//! deeper than 100 levels and a manager chain deeper than 64 are refused by `goald import`
//! (naming the entity) and by the API's parent link; an HRIS manager change that would
//! make a chain too deep waits, with why, until a change of the lines makes room. Nothing
//! is half-applied.

use crate::common::api::{create_key, org_file, personal, with, Api, ORG};
use crate::common::test_dbs;
use crate::common::{fixture, goald, goald_json, hris_apply, import_json, read_json, TestDb};
use serde_json::{json, Value};

/// `n` goals, each under the one before, the first under nothing.
fn goal_chain(template: &Value, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let parent = i.checked_sub(1).map(|p| format!("c{p:03}"));
            with(template.clone(), json!({"id": format!("c{i:03}"), "title": format!("Level {i}"), "parent": parent}))
        })
        .collect()
}

/// `n` members, each under the one before, the first under `top`.
fn member_chain(top: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let manager = i.checked_sub(1).map_or(top.to_owned(), |p| format!("m{p:02}"));
            json!({"id": format!("m{i:02}"), "name": format!("M {i}"), "email": null, "role": "manager",
                   "manager": manager, "active": true})
        })
        .collect()
}

fn example_with(members: Vec<Value>, goals: Vec<Value>) -> Value {
    let mut file = read_json(&fixture("example-org.json"));
    file["members"].as_array_mut().unwrap().extend(members);
    file["goals"].as_array_mut().unwrap().extend(goals);
    file
}

fn refused_import(db: &TestDb, file: &Value) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    std::fs::write(&path, serde_json::to_vec(file).unwrap()).unwrap();
    let out = goald(db, &["import", path.to_str().unwrap()]);
    assert!(!out.status.success(), "[{}] the import passed", db.backend);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sees(db: &TestDb, member: &str) -> Value {
    goald_json(db, &["visibility", "--org", "northwind", "--member", member, "--json"])["goals"].clone()
}

#[tokio::test]
async fn an_import_with_a_chain_past_a_bound_is_refused_naming_the_entity_and_stores_nothing() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        let before = sees(&db, "ada");
        let template = read_json(&fixture("example-org.json"))["goals"][0].clone();
        let template = with(template, json!({"updates": []}));

        // At the bounds: 64 managers above m63, 100 parents above c100.
        let at_bounds = example_with(member_chain("ada", 63), goal_chain(&template, 101));
        let ok = tempfile::tempdir().unwrap();
        let ok_path = ok.path().join("org.json");
        std::fs::write(&ok_path, serde_json::to_vec(&at_bounds).unwrap()).unwrap();
        let out = goald(&db, &["import", ok_path.to_str().unwrap()]);
        assert!(out.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&out.stderr));
        let at_bound = sees(&db, "ada");

        let stderr = refused_import(&db, &example_with(member_chain("ada", 65), vec![]));
        assert!(stderr.contains("member") && stderr.contains("m64") && stderr.contains("limit of 64"), "{stderr}");
        let stderr = refused_import(&db, &example_with(vec![], goal_chain(&template, 102)));
        assert!(stderr.contains("goal") && stderr.contains("c101") && stderr.contains("limit of 100"), "{stderr}");
        assert_eq!(sees(&db, "ada"), at_bound, "[{}] a refused import changed nothing", db.backend);
        assert_ne!(before, at_bound, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_api_parent_link_past_the_goal_depth_bound_is_refused_and_nothing_is_created() {
    for db in test_dbs().await {
        let mut file = org_file(ORG);
        let template = with(file["goals"][4].clone(), json!({"updates": [], "visibility": "public"}));
        file["goals"].as_array_mut().unwrap().extend(goal_chain(&template, 101));
        import_json(&db, &file);
        let key = create_key(&db, ORG)["key"].as_str().unwrap().to_owned();
        let api = Api::serve(&db, ORG, &key);
        let cy = api.member("cy");
        let total = cy.explore("/goals?limit=1")["total"].clone();
        // c099 has 99 parents above it: a goal under it is at the bound, one under c100 past it.
        let reply = cy.post("/goals", with(personal("Past the bound"), json!({"parent": "c100"})));
        let error = reply.expect_error(422, "rule_broken");
        assert!(error["message"].as_str().unwrap().contains("limit of 100"), "[{}] {error}", db.backend);
        assert_eq!(error["field"], "parent", "[{}] {error}", db.backend);
        assert_eq!(cy.explore("/goals?limit=1")["total"], total, "[{}] nothing was created", db.backend);
        cy.create(with(personal("At the bound"), json!({"parent": "c099"})));
        assert_ne!(cy.explore("/goals?limit=1")["total"], total, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_manager_change_past_the_chain_bound_waits_until_the_lines_make_room() {
    for db in test_dbs().await {
        // m63 has 64 managers above: the deepest allowed.
        import_json(&db, &example_with(member_chain("ada", 64), vec![]));
        let before = sees(&db, "m63");
        let event = |id: &str, kind: &str, data: Value| json!({"id": id, "type": kind, "occurred_at": "2026-11-23T14:00:00Z", "data": data});
        let events = [
            event("e1", "member.manager_changed", json!({"member": "dee", "manager": "m63"})),
            event(
                "e2",
                "member.upserted",
                json!({"id": "zoe", "name": "Zoe", "email": null, "role": "employee",
                                                  "manager": "m63", "active": true}),
            ),
        ];
        let out = hris_apply(&db, "northwind", &events);
        assert_eq!(out["applied"], json!({"applied": 0, "stale": 0, "waiting": 2}), "[{}] {out}", db.backend);
        let status = goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]);
        for waiting in status["waiting"].as_array().unwrap() {
            let reason = waiting["reason"].as_str().unwrap();
            assert!(reason.contains("65 levels") && reason.contains("limit of 64"), "[{}] {status}", db.backend);
        }
        assert_eq!(sees(&db, "m63"), before, "[{}] dee did not move", db.backend);

        // m10 moves up under ada: the chain below it is 10 levels shorter, and both apply.
        let lift = event("e3", "member.manager_changed", json!({"member": "m10", "manager": "ada"}));
        let out = hris_apply(&db, "northwind", &[lift]);
        assert_eq!(out["applied"], json!({"applied": 3, "stale": 0, "waiting": 0}), "[{}] {out}", db.backend);
        let status = goald_json(&db, &["hris", "status", "--org", "northwind", "--json"]);
        assert_eq!(status["counts"], json!({"applied": 3}), "[{}] {status}", db.backend);
    }
}
