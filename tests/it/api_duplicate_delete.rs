//! The goals API, copying and removing a goal (docs/api.md duplicate, delete): what a copy
//! keeps, who may do either, and what a deleted goal leaves behind (CONTRACT §8, the seed).

use crate::common::api::{id_of, num, personal, team_goal, with, Api};
use crate::common::test_dbs;
use serde_json::{json, Value};

fn has_action(goal: &Value, action: &str) -> bool {
    goal["actions"].as_array().unwrap_or_else(|| panic!("no actions in {goal}")).contains(&json!(action))
}

fn by_name<'a>(goal: &'a Value, name: &str) -> &'a Value {
    let found = goal["measurements"].as_array().and_then(|list| list.iter().find(|m| m["name"] == name));
    found.unwrap_or_else(|| panic!("no measurement {name:?} in {goal}"))
}

#[tokio::test]
async fn a_duplicate_copies_exactly_what_the_seed_says() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        // Arrange: a published, updated, aligned goal with a sub-goal, then archived.
        let source = cy.create(with(
            team_goal("Open the Oslo office", "sales"),
            json!({
                "description": "Lease and hire.", "owner": "dee",
                "contributors": {"members": ["eli"], "teams": ["sales"]},
                "visibility": "owners_and_contributors", "start_date": "2026-02-01", "end_date": "2026-09-30",
                "parent": "o-company", "contributes_to_parent": false, "tracking": "measurements",
                "measurements": [
                    {"name": "Leases", "kind": "numeric", "start": 0, "target": 2, "weight": 40},
                    {"name": "Hires", "kind": "numeric", "start": 1, "target": 11},
                ],
            }),
        ));
        let src = id_of(&source);
        cy.publish(&src);
        let hires = by_name(&source, "Hires")["id"].as_str().expect("measurement id").to_owned();
        dee.add_progress(&src, json!({"measurements": {hires.as_str(): 6}, "comment": "Five hired"}));
        let child = cy.create_published(with(personal("Sign the lease"), json!({"parent": src})));
        cy.post(&format!("/goals/{src}/archive"), json!({})).expect(200);
        let source = cy.goal(&src);

        // Act
        let copy = cy.post(&format!("/goals/{src}/duplicate"), json!({})).expect(201);

        // Assert: what is copied.
        let id = id_of(&copy);
        assert_ne!(id, src, "[{}]", db.backend);
        assert_eq!(copy["title"], json!("Open the Oslo office (copy)"), "[{}]", db.backend);
        for field in [
            "description",
            "type",
            "owner",
            "contributors",
            "visibility",
            "start_date",
            "end_date",
            "tracking",
            "parent",
            "contributes_to_parent",
        ] {
            assert_eq!(copy[field], source[field], "[{}] {field} not copied: {copy}", db.backend);
        }
        assert_eq!(copy["parent"], json!("o-company"), "[{}]", db.backend);
        for name in ["Leases", "Hires"] {
            let (was, now) = (by_name(&source, name), by_name(&copy, name));
            for field in ["kind", "start", "target", "weight"] {
                assert_eq!(now[field], was[field], "[{}] {name}.{field}", db.backend);
            }
            assert_eq!(num(&now["current"]), num(&now["start"]), "[{}] {name}: current reset to start", db.backend);
        }
        assert_eq!(num(&by_name(&source, "Hires")["current"]), 6.0, "[{}] the source keeps its values", db.backend);
        // What is not: state, creator, dates of its life, progress, sub-goals, history.
        assert_eq!((&copy["state"], &copy["creator"]), (&json!("draft"), &json!("cy")), "[{}]", db.backend);
        for unset in ["published_at", "closed_at", "archived_at"] {
            assert_eq!(copy[unset], Value::Null, "[{}] {unset}: {copy}", db.backend);
        }
        assert_eq!(num(&copy["progress"]), 0.0, "[{}] {copy}", db.backend);
        assert!(cy.updates(&id).is_empty(), "[{}] progress updates copied", db.backend);
        assert_eq!(cy.explore(&format!("/goals?parent={id}"))["total"], json!(0), "[{}] sub-goals copied", db.backend);
        assert_eq!(cy.explore(&format!("/goals?parent={src}"))["total"], json!(1), "[{}]", db.backend);
        assert_eq!(cy.goal(&id_of(&child))["parent"], json!(src), "[{}]", db.backend);
        let history = cy.history(&id);
        assert_eq!(history.len(), 1, "[{}] the copy has its own history: {history:?}", db.backend);
        let entry = &history[0];
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("Duplicated"), &json!("cy")), "{entry}");
        assert_eq!(entry["before"], json!({"source": src}), "[{}]", db.backend);
        assert_eq!(cy.goal(&src)["state"], json!("archived"), "[{}] the source is untouched", db.backend);
        // The copy is published on its own.
        assert_eq!(cy.publish(&id)["state"], json!("published"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_duplicate_is_titled_in_the_actors_locale() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // eli's locale is fr, the org's (and ada's) en.
        let copie = api.member("eli").post("/goals/c-eli/duplicate", json!({})).expect(201);
        assert_eq!(copie["title"], json!("Ouvrir le marché belge (copie)"), "[{}]", db.backend);
        assert_eq!((&copie["parent"], &copie["contributes_to_parent"]), (&json!("t-sales"), &json!(false)));
        assert_eq!(copie["description"], json!("Trois clients en Belgique."), "[{}]", db.backend);
        let copy = api.member("ada").post("/goals/c-eli/duplicate", json!({})).expect(201);
        assert_eq!(copy["title"], json!("Ouvrir le marché belge (copy)"), "[{}]", db.backend);
        assert_eq!((&copy["creator"], &copy["owner"]), (&json!("ada"), &json!("eli")), "[{}]", db.backend);
        assert_ne!(copie["id"], copy["id"], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_contributor_cannot_duplicate_or_delete_a_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let before = ada.explore("/goals?limit=200");
        // gus is a member contributor of t-ops, dee contributes through team sales to t-sales,
        // every member implicitly to o-company; fay only sees p-gus through her reporting line.
        for (member, goal) in
            [("gus", "t-ops"), ("dee", "t-sales"), ("eli", "t-sales"), ("gus", "o-company"), ("fay", "p-gus")]
        {
            let who = api.member(member);
            let seen = who.goal(goal);
            assert!(
                !has_action(&seen, "duplicate") && !has_action(&seen, "delete"),
                "[{}] {member}: {seen}",
                db.backend
            );
            who.post(&format!("/goals/{goal}/duplicate"), json!({})).expect_error(403, "forbidden");
            who.delete(&format!("/goals/{goal}")).expect_error(403, "forbidden");
        }
        assert_eq!(ada.explore("/goals?limit=200"), before, "[{}] a refused action changed goals", db.backend);

        // The creator, the owner, executives and collaborators may.
        for (member, goal) in
            [("fay", "t-ops"), ("dee", "d-cy-dee"), ("cy", "d-cy-dee"), ("bo", "p-gus"), ("ada", "t-sales")]
        {
            let copy = api.member(member).post(&format!("/goals/{goal}/duplicate"), json!({})).expect(201);
            assert_eq!(copy["creator"], json!(member), "[{}]", db.backend);
        }
        api.member("dee").delete("/goals/d-cy-dee").expect(204);
        api.member("bo").delete("/goals/p-gus").expect(204);
        ada.get("/goals/d-cy-dee").expect_error(404, "not_found");
        ada.get("/goals/p-gus").expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn deleting_a_goal_removes_it_and_its_children_lose_their_parent() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee, eli) = (api.member("cy"), api.member("dee"), api.member("eli"));
        let parent = id_of(&cy.create_published(team_goal("Win the north", "sales")));
        let child = id_of(&dee.create_published(with(personal("Call ten leads"), json!({"parent": parent}))));
        let draft_child = id_of(&eli.create(with(personal("Visit Tromsø"), json!({"parent": parent}))));
        cy.add_progress(&parent, json!({"progress": 30, "comment": "Started"}));
        cy.post(&format!("/goals/{parent}/comments"), json!({"body": "Kick-off on Monday"})).expect(201);
        let total = api.member("ada").explore("/goals?limit=1")["total"].as_u64().unwrap();

        assert_eq!(cy.delete(&format!("/goals/{parent}")).expect(204), Value::Null, "[{}]", db.backend);

        for path in
            [format!("/goals/{parent}"), format!("/goals/{parent}/progress"), format!("/goals/{parent}/comments")]
        {
            api.member("ada").get(&path).expect_error(404, "not_found");
        }
        cy.delete(&format!("/goals/{parent}")).expect_error(404, "not_found");
        let ada = api.member("ada");
        assert_eq!(ada.explore("/goals?limit=1")["total"].as_u64().unwrap(), total - 1, "[{}]", db.backend);
        for (owner, id) in [(&dee, &child), (&eli, &draft_child)] {
            let kept = owner.goal(id);
            assert_eq!(kept["parent"], Value::Null, "[{}] {kept}", db.backend);
            let entry = owner.history(id).pop().unwrap();
            assert!(["Updated", "SubgoalUnlinked"].contains(&entry["operation"].as_str().unwrap_or("")), "{entry}");
            // Issue 12: a history names no goal its reader cannot see, a deleted one included.
            assert_eq!(entry["before"]["parent"], Value::Null, "[{}] {entry}", db.backend);
        }
        assert_eq!(dee.goal(&child)["state"], json!("published"), "[{}]", db.backend);
    }
}
