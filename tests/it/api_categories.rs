//! Goal categories (Betterworks; docs/api.md `/categories`, docs/policies.md
//! `require_category`): executives define them, every member lists them, a goal names one,
//! an org may require one, deleting one leaves its goals without it (and their history
//! says so), explore filters by it, and the import file carries them. A member who cannot
//! see a goal learns nothing of it through any of these.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::common::api::{create_key, id_of, ids, list, org_file, personal, with, Api, ORG};
use crate::common::{goald, import_json, test_dbs, TestDb};

fn names(answer: &Value) -> Vec<String> {
    list(answer.clone(), "categories").iter().map(|c| c["name"].as_str().expect("a name").to_owned()).collect()
}

fn sorted(goals: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = goals.iter().map(|g| (*g).to_owned()).collect();
    out.sort();
    out
}

/// ada (executive) defines `c-growth` and `c-care`.
fn two_categories(api: &Api) {
    let ada = api.member("ada");
    ada.post("/categories", json!({"id": "c-growth", "name": "Growth"})).expect(201);
    ada.post("/categories", json!({"id": "c-care", "name": "Customer care"})).expect(201);
}

#[tokio::test]
async fn executives_define_categories_and_every_member_lists_them_alphabetically() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (ada, dee) = (api.member("ada"), api.member("dee"));
        let made = ada.post("/categories", json!({"id": "c-growth", "name": " Growth ", "description": "Grow"}));
        let made = made.expect(201);
        assert_eq!(
            (&made["id"], &made["name"], &made["description"]),
            (&json!("c-growth"), &json!("Growth"), &json!("Grow"))
        );
        let generated = ada.post("/categories", json!({"name": "1. Customers"})).expect(201);
        assert!(id_of(&generated).starts_with("c_"), "[{}] {generated}", db.backend);
        ada.post("/categories", json!({"name": "beta"})).expect(201);
        assert_eq!(names(&dee.get("/categories").expect(200)), ["1. Customers", "beta", "Growth"], "[{}]", db.backend);

        // Only executives write: a collaborator, a manager and an employee are refused.
        for who in ["bo", "cy", "dee"] {
            let member = api.member(who);
            member.post("/categories", json!({"name": "Mine"})).expect_error(403, "forbidden");
            member.patch("/categories/c-growth", json!({"name": "Mine"})).expect_error(403, "forbidden");
            member.delete("/categories/c-growth").expect_error(403, "forbidden");
        }

        // Names are unique ignoring case; ids are unique; errors name the field.
        let clash = ada.post("/categories", json!({"name": "GROWTH"})).expect_error(409, "conflict");
        assert_eq!(clash["field"], json!("name"), "[{}] {clash}", db.backend);
        let taken = ada.post("/categories", json!({"id": "c-growth", "name": "Other"})).expect_error(409, "conflict");
        assert_eq!(taken["field"], json!("id"), "[{}] {taken}", db.backend);
        ada.post("/categories", json!({"name": "   "})).expect_invalid("name");
        ada.post("/categories", json!({"name": "a\nb"})).expect_invalid("name");
        ada.post("/categories", json!({"name": "x", "description": "d".repeat(2049)})).expect_invalid("description");
        ada.post("/categories", json!({"id": "a b", "name": "Spaced"})).expect_invalid("id");
        ada.post("/categories", json!({"name": "x", "colour": "red"})).expect_error(400, "invalid");
        let renamed_clash = ada.patch("/categories/c-growth", json!({"name": "BETA"})).expect_error(409, "conflict");
        assert_eq!(renamed_clash["field"], json!("name"), "[{}]", db.backend);

        // A rename keeps the id; the same name in another case is the category's own.
        let renamed = ada.patch("/categories/c-growth", json!({"name": "growth"})).expect(200);
        assert_eq!((&renamed["name"], &renamed["description"]), (&json!("growth"), &json!("Grow")), "[{}]", db.backend);
        let cleared = ada.patch("/categories/c-growth", json!({"description": null})).expect(200);
        assert_eq!(cleared["description"], Value::Null, "[{}]", db.backend);
        ada.patch("/categories/no-such", json!({"name": "x"})).expect_error(404, "not_found");
        ada.delete("/categories/no-such").expect_error(404, "not_found");
        ada.delete("/categories/c-growth").expect(204);
        ada.delete("/categories/c-growth").expect_error(404, "not_found");
        assert_eq!(names(&dee.get("/categories").expect(200)), ["1. Customers", "beta"], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_goal_names_a_category_of_the_org_and_changing_it_writes_the_history() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        two_categories(&api);
        let dee = api.member("dee");
        let goal = dee.create(with(personal("Ten customers"), json!({"category": "c-growth"})));
        let id = id_of(&goal);
        assert_eq!(goal["category"], json!("c-growth"), "[{}]", db.backend);
        assert_eq!(dee.goal(&id)["category"], json!("c-growth"), "[{}]", db.backend);
        assert_eq!(dee.goal("p-dee")["category"], Value::Null, "[{}]", db.backend);

        let unknown =
            dee.post("/goals", with(personal("x"), json!({"category": "c-none"}))).expect_error(422, "rule_broken");
        assert_eq!(unknown["field"], json!("category"), "[{}] {unknown}", db.backend);
        dee.post("/goals", with(personal("x"), json!({"category": "a b"}))).expect_invalid("category");
        let refused =
            dee.patch(&format!("/goals/{id}"), json!({"category": "c-none"})).expect_error(422, "rule_broken");
        assert_eq!(refused["field"], json!("category"), "[{}]", db.backend);

        let changed = dee.patch(&format!("/goals/{id}"), json!({"category": "c-care"})).expect(200);
        assert_eq!(changed["category"], json!("c-care"), "[{}]", db.backend);
        let last = dee.history(&id).last().cloned().expect("a history entry");
        assert_eq!((&last["operation"], &last["before"]["category"]), (&json!("Updated"), &json!("c-growth")));
        let cleared = dee.patch(&format!("/goals/{id}"), json!({"category": null})).expect(200);
        assert_eq!(cleared["category"], Value::Null, "[{}]", db.backend);
        assert_eq!(dee.history(&id).last().expect("an entry")["before"]["category"], json!("c-care"));
        // Only those with edit rights change it; one who cannot see the goal gets its 404.
        api.member("eli").patch("/goals/p-cy", json!({"category": "c-care"})).expect_error(403, "forbidden");
        api.member("gus").patch("/goals/p-dee", json!({"category": "c-care"})).expect_error(404, "not_found");
        api.member("gus").patch("/goals/p-dee", json!({"category": "c-none"})).expect_error(404, "not_found");
        // A duplicate keeps the category.
        dee.patch(&format!("/goals/{id}"), json!({"category": "c-care"})).expect(200);
        let copy = dee.post(&format!("/goals/{id}/duplicate"), json!({})).expect(201);
        assert_eq!(copy["category"], json!("c-care"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn with_require_category_a_goal_is_not_created_published_or_cleared_without_one() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        two_categories(&api);
        let (ada, cy, dee) = (api.member("ada"), api.member("cy"), api.member("dee"));
        let policy = ada.patch("/policy", json!({"require_category": true})).expect(200);
        assert_eq!(policy["policy"]["require_category"], json!(true), "[{}]", db.backend);
        dee.patch("/policy", json!({"require_category": false})).expect_error(403, "forbidden");

        let missing = dee.post("/goals", personal("No category")).expect_error(422, "rule_broken");
        assert_eq!(missing["field"], json!("category"), "[{}] {missing}", db.backend);
        let goal = dee.create(with(personal("Filed"), json!({"category": "c-care"})));
        let id = id_of(&goal);
        let clearing = dee.patch(&format!("/goals/{id}"), json!({"category": null})).expect_error(422, "rule_broken");
        assert_eq!(clearing["field"], json!("category"), "[{}]", db.backend);
        assert_eq!(dee.goal(&id)["category"], json!("c-care"), "[{}] nothing changed", db.backend);
        dee.patch(&format!("/goals/{id}"), json!({"category": "c-growth"})).expect(200);
        dee.publish(&id);

        // Goals stored before the switch keep working; a draft is published only with one.
        dee.patch("/goals/p-dee", json!({"title": "Still edited"})).expect(200);
        let unfiled = cy.post("/goals/d-cy-dee/publish", json!({})).expect_error(422, "rule_broken");
        assert_eq!(unfiled["field"], json!("category"), "[{}]", db.backend);
        assert_eq!(cy.goal("d-cy-dee")["state"], json!("draft"), "[{}]", db.backend);
        cy.patch("/goals/d-cy-dee", json!({"category": "c-care"})).expect(200);
        assert_eq!(cy.publish("d-cy-dee")["state"], json!("published"), "[{}]", db.backend);

        // Off again: no category needed.
        ada.patch("/policy", json!({"require_category": false})).expect(200);
        dee.create(personal("Free again"));
    }
}

#[tokio::test]
async fn deleting_a_category_leaves_its_goals_without_one_and_their_history_says_so() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        two_categories(&api);
        let (ada, cy, dee) = (api.member("ada"), api.member("cy"), api.member("dee"));
        dee.patch("/goals/p-dee", json!({"category": "c-growth"})).expect(200);
        let goal = id_of(&cy.create_published(with(personal("Hire"), json!({"category": "c-growth"}))));
        cy.patch("/goals/p-cy", json!({"category": "c-care"})).expect(200);
        let history_before = dee.history("p-dee").len();

        ada.delete("/categories/c-growth").expect(204);

        for id in ["p-dee", goal.as_str()] {
            assert_eq!(ada.goal(id)["category"], Value::Null, "[{}] {id}", db.backend);
            let last = ada.history(id).last().cloned().expect("an entry");
            assert_eq!(last["operation"], json!("Updated"), "[{}] {id}: {last}", db.backend);
            assert_eq!((&last["before"], &last["actor"]), (&json!({"category": "c-growth"}), &json!("ada")));
        }
        assert_eq!(dee.history("p-dee").len(), history_before + 1, "[{}] one line per goal", db.backend);
        // Other goals keep theirs and gain no history.
        assert_eq!(ada.goal("p-cy")["category"], json!("c-care"), "[{}]", db.backend);
        assert_eq!(ada.history("p-cy").last().expect("an entry")["before"]["category"], Value::Null);
        assert_eq!(names(&dee.get("/categories").expect(200)), ["Customer care"], "[{}]", db.backend);
        assert!(ids(&ada.explore("/goals?category=c-growth")).is_empty(), "[{}]", db.backend);
        // The goals are edited as before; the deleted category is no longer one to name.
        dee.patch("/goals/p-dee", json!({"title": "Renamed"})).expect(200);
        let gone = dee.patch("/goals/p-dee", json!({"category": "c-growth"})).expect_error(422, "rule_broken");
        assert_eq!(gone["field"], json!("category"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn explore_by_category_lists_only_the_goals_the_reader_sees_and_categories_tell_nothing_of_goals() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        two_categories(&api);
        let (ada, dee, gus) = (api.member("ada"), api.member("dee"), api.member("gus"));
        let seen_before = gus.get("/categories").expect(200);
        dee.patch("/goals/p-dee", json!({"category": "c-growth"})).expect(200);
        api.member("cy").patch("/goals/p-cy", json!({"category": "c-growth"})).expect(200);

        assert_eq!(ids(&ada.explore("/goals?category=c-growth")), ["p-cy", "p-dee"], "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/goals?category=c-growth")), ["p-cy", "p-dee"], "[{}]", db.backend);
        // gus does not see p-dee (dee's private goal): neither listed nor counted.
        let page = gus.explore("/goals?category=c-growth");
        assert_eq!((ids(&page), &page["total"]), (vec!["p-cy".to_owned()], &json!(1)), "[{}]", db.backend);
        assert!(!page.to_string().contains("p-dee"), "[{}] {page}", db.backend);
        let mine = dee.explore("/me/goals?category=c-growth");
        assert_eq!(ids(&mine), ["p-dee"], "[{}]", db.backend);
        assert!(ids(&gus.explore("/goals?category=c-care")).is_empty(), "[{}]", db.backend);

        let everyone: HashSet<String> = ids(&ada.explore("/goals?limit=200")).into_iter().collect();
        let without: HashSet<String> = ids(&ada.explore("/goals?category=none&limit=200")).into_iter().collect();
        let expected: HashSet<String> = everyone.iter().filter(|g| *g != "p-cy" && *g != "p-dee").cloned().collect();
        assert_eq!(without, expected, "[{}]", db.backend);
        let combined = ada.explore("/goals?category=c-growth&owner=dee");
        assert_eq!(ids(&combined), ["p-dee"], "[{}]", db.backend);
        ada.get("/goals?category=a%20b").expect_invalid("category");
        assert!(ids(&ada.explore("/goals?category=no-such")).is_empty(), "[{}]", db.backend);

        // The category routes name no goal and count none: gus reads what he read before.
        assert_eq!(gus.get("/categories").expect(200), seen_before, "[{}]", db.backend);
        let listed = ada.get("/categories").expect(200).to_string();
        assert!(!listed.contains("p-dee") && !listed.contains("goals"), "[{}] {listed}", db.backend);
        assert_eq!(sorted(&["p-cy", "p-dee"]), ids(&ada.explore("/goals?category=c-growth")), "[{}]", db.backend);
    }
}

/// `goald import` of `file`, expected to fail: its error text.
fn import_refused(db: &TestDb, file: &Value) -> String {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("org.json");
    std::fs::write(&path, serde_json::to_vec(file).expect("JSON")).expect("write org");
    let out = goald(db, &["import", path.to_str().expect("utf-8 path"), "--json"]);
    assert!(!out.status.success(), "[{}] the import passed", db.backend);
    format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout))
}

fn goal_index(file: &Value, id: &str) -> usize {
    file["goals"].as_array().expect("goals").iter().position(|g| g["id"] == json!(id)).expect("the goal")
}

#[tokio::test]
async fn the_import_file_defines_categories_and_a_reimport_without_them_keeps_them() {
    for db in test_dbs().await {
        let mut file = org_file(ORG);
        file["org"]["categories"] =
            json!([{"id": "c1", "name": "Growth", "description": "Grow"}, {"id": "c2", "name": "Care"}]);
        let dee_goal = goal_index(&file, "p-dee");
        file["goals"][dee_goal]["category"] = json!("c1");
        import_json(&db, &file);
        let key = create_key(&db, ORG)["key"].as_str().expect("a key").to_owned();
        let api = Api::serve(&db, ORG, &key);
        let ada = api.member("ada");
        assert_eq!(names(&ada.get("/categories").expect(200)), ["Care", "Growth"], "[{}]", db.backend);
        assert_eq!(ada.goal("p-dee")["category"], json!("c1"), "[{}]", db.backend);
        ada.patch("/goals/p-cy", json!({"category": "c2"})).expect(200);

        // Without `categories` and without `category` on the goals: everything stays.
        import_json(&db, &org_file(ORG));
        assert_eq!(names(&ada.get("/categories").expect(200)), ["Care", "Growth"], "[{}]", db.backend);
        assert_eq!(
            (ada.goal("p-dee")["category"].clone(), ada.goal("p-cy")["category"].clone()),
            (json!("c1"), json!("c2"))
        );

        // Refused, naming what is wrong, and nothing changed.
        let mut unknown = org_file(ORG);
        unknown["goals"][dee_goal]["category"] = json!("c9");
        let error = import_refused(&db, &unknown);
        assert!(error.contains("goal \"p-dee\"") && error.contains("c9"), "[{}] {error}", db.backend);
        let mut twice = org_file(ORG);
        twice["org"]["categories"] = json!([{"id": "c1", "name": "Growth"}, {"id": "c3", "name": "GROWTH"}]);
        let error = import_refused(&db, &twice);
        assert!(error.contains("category \"c3\""), "[{}] {error}", db.backend);
        assert_eq!(names(&ada.get("/categories").expect(200)), ["Care", "Growth"], "[{}]", db.backend);

        // A list without c1 deletes it: its goals lose it; `null` clears one; names may swap.
        let mut replaced = org_file(ORG);
        replaced["org"]["categories"] = json!([{"id": "c2", "name": "Growth"}, {"id": "c4", "name": "Care"}]);
        let cy_goal = goal_index(&replaced, "p-cy");
        replaced["goals"][cy_goal]["category"] = Value::Null;
        import_json(&db, &replaced);
        let listed = list(ada.get("/categories").expect(200), "categories");
        let pairs: Vec<(Value, Value)> = listed.iter().map(|c| (c["id"].clone(), c["name"].clone())).collect();
        assert_eq!(pairs, [(json!("c4"), json!("Care")), (json!("c2"), json!("Growth"))], "[{}]", db.backend);
        assert_eq!(ada.goal("p-dee")["category"], Value::Null, "[{}]", db.backend);
        assert_eq!(ada.goal("p-cy")["category"], Value::Null, "[{}]", db.backend);
    }
}
