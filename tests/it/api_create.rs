//! The goals API, creating goals (docs/api.md `POST /goals`): defaults, validation, who may
//! assign whom, organization goals, weights (CONTRACT §4, §8); editing is `api_edit`.

use crate::common::api::{id_of, instant, num, personal, team_goal, with, Api};
use crate::common::test_dbs;
use chrono::Utc;
use serde_json::{json, Value};

fn total_goals(api: &Api) -> u64 {
    api.member("ada").explore("/goals?limit=1")["total"].as_u64().expect("total")
}

#[tokio::test]
async fn a_draft_is_created_with_the_documented_defaults() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let asked_at = Utc::now() - chrono::Duration::seconds(5);

        let mut goal = dee.create(personal("Read ten books"));

        let id = id_of(&goal);
        assert!(!id.is_empty(), "[{}] {goal}", db.backend);
        assert!(instant(&goal["created_at"]) >= asked_at, "[{}] {goal}", db.backend);
        assert_eq!(num(&goal["progress"]), 0.0, "[{}] {goal}", db.backend);
        assert!(["on_track", "at_risk", "off_track"].contains(&goal["pace_status"].as_str().unwrap_or("")), "{goal}");
        for computed in ["id", "created_at", "progress", "pace_status", "last_activity_at"] {
            goal.as_object_mut().unwrap().remove(computed);
        }
        let expected = json!({
            "org": "acme", "title": "Read ten books", "description": null, "type": "personal",
            "state": "draft", "creator": "dee", "owner": "dee",
            "contributors": {"members": [], "teams": []}, "visibility": "public",
            "start_date": "2026-01-01", "end_date": "2026-12-31", "parent": null,
            "contributes_to_parent": true, "weight": null, "tracking": "basic", "status": null,
            "measurements": [], "published_at": null, "closed_at": null, "archived_at": null,
            "editors": {"members": [], "teams": []}, "participants": {"members": [], "teams": []},
            "manager_editor": "cy", "category": null, "category_name": null,
            "actions": ["delete", "duplicate", "edit", "publish", "view"],
        });
        assert_eq!(goal, expected, "[{}]", db.backend);
        let read = dee.goal(&id);
        assert_eq!((&read["title"], &read["state"]), (&json!("Read ten books"), &json!("draft")), "{read}");
        let history = dee.history(&id);
        assert_eq!(history.len(), 1, "[{}] {history:?}", db.backend);
        assert_eq!((&history[0]["operation"], &history[0]["actor"]), (&json!("Created"), &json!("dee")));
        // A draft is its creator's alone: a peer does not see it.
        api.member("eli").get(&format!("/goals/{id}")).expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn a_goal_keeps_the_id_it_is_given_and_a_taken_id_is_a_conflict() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        assert_eq!(dee.create(with(personal("Mine"), json!({"id": "g-mine"})))["id"], json!("g-mine"));
        let again = dee.post("/goals", with(personal("Mine again"), json!({"id": "g-mine"})));
        again.expect_error(409, "conflict");
        let fixture_id = dee.post("/goals", with(personal("Theirs"), json!({"id": "p-gus"})));
        fixture_id.expect_error(409, "conflict");
        assert_eq!(api.member("ada").goal("g-mine")["title"], json!("Mine"), "[{}]", db.backend);
        assert_eq!(api.member("ada").goal("p-gus")["title"], json!("Learn the forklift"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn each_invalid_field_is_refused_with_400_naming_it_and_nothing_is_created() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let before = total_goals(&api);
        let measurement = json!({"name": "Books", "kind": "numeric", "start": 0, "target": 10});
        let base = personal("Valid title");
        let cases: Vec<(&str, Value)> = vec![
            ("title", with(base.clone(), json!({"title": ""}))),
            ("title", with(base.clone(), json!({"title": null}))),
            ("title", with(base.clone(), json!({"title": 42}))),
            ("description", with(base.clone(), json!({"description": "é".repeat(2049)}))),
            ("start_date", with(base.clone(), json!({"start_date": "2026-13-01"}))),
            ("type", with(base.clone(), json!({"type": "global"}))),
            ("visibility", with(base.clone(), json!({"visibility": "everyone"}))),
            ("tracking", with(base.clone(), json!({"tracking": "vibes"}))),
            ("status", with(base.clone(), json!({"status": "great"}))),
            ("owner", with(base.clone(), json!({"owner": "zed"}))),
            ("contributes_to_parent", with(base.clone(), json!({"contributes_to_parent": "yes"}))),
            ("progress", with(base.clone(), json!({"progress": 150}))),
            (
                "contributors.members[0]",
                with(team_goal("T", "sales"), json!({"contributors": {"members": ["zed"], "teams": []}})),
            ),
            (
                "contributors.teams[1]",
                with(team_goal("T", "sales"), json!({"contributors": {"members": [], "teams": ["sales", "x"]}})),
            ),
            (
                "measurements[0].kind",
                with(
                    base.clone(),
                    json!({"tracking": "measurements", "measurements": [with(measurement.clone(), json!({"kind": "stars"}))]}),
                ),
            ),
            (
                "measurements[1].name",
                with(
                    base.clone(),
                    json!({"tracking": "measurements", "measurements": [measurement.clone(), with(measurement.clone(), json!({"name": null}))]}),
                ),
            ),
        ];
        for (field, body) in cases {
            ada.post("/goals", body).expect_invalid(field);
        }
        // Start after end: one of the two dates is named.
        let reversed =
            ada.post("/goals", with(base.clone(), json!({"start_date": "2026-12-31", "end_date": "2026-01-01"})));
        let body = reversed.expect_error(400, "invalid");
        assert!(["start_date", "end_date"].contains(&body["field"].as_str().unwrap_or("")), "{body}");
        assert_eq!(total_goals(&api), before, "[{}] a refused body created a goal", db.backend);

        // 2,048 characters is the limit, counted in characters, not bytes.
        let longest = ada.create(with(base, json!({"description": "é".repeat(2048)})));
        assert_eq!(longest["description"].as_str().unwrap().chars().count(), 2048, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_employee_assigns_only_self_manager_and_peers_and_only_own_teams() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // dee: employee under cy; eli is her peer; she is in team sales, not ops.
        let dee = api.member("dee");
        for owner in ["dee", "cy", "eli"] {
            assert_eq!(dee.create(with(personal("For a colleague"), json!({"owner": owner})))["owner"], json!(owner));
        }
        for owner in ["gus", "fay", "ada", "bo"] {
            let reply = dee.post("/goals", with(personal("Not mine to give"), json!({"owner": owner})));
            reply.expect_error(403, "forbidden");
        }
        let ok = json!({"members": ["cy", "dee", "eli"], "teams": ["sales"]});
        let team = dee.create(with(team_goal("Team play", "sales"), json!({"contributors": ok})));
        assert_eq!(team["contributors"], ok, "[{}]", db.backend);
        for refused in [json!({"members": ["gus"], "teams": []}), json!({"members": [], "teams": ["ops"]})] {
            let body = with(team_goal("Reaching out", "sales"), json!({"contributors": refused}));
            dee.post("/goals", body).expect_error(403, "forbidden");
        }
        // The same rule when editing, for the people and teams added.
        let id = id_of(&team);
        dee.patch(&format!("/goals/{id}"), json!({"owner": "gus"})).expect_error(403, "forbidden");
        let with_ops = json!({"contributors": {"members": ["dee"], "teams": ["sales", "ops"]}});
        dee.patch(&format!("/goals/{id}"), with_ops).expect_error(403, "forbidden");
        assert_eq!(dee.goal(&id)["contributors"], ok, "[{}] a refused edit changed the goal", db.backend);

        // cy gives dee a goal with gus and ops on it: dee may keep them and add her own.
        let cy = api.member("cy");
        let given = json!({"owner": "dee", "contributors": {"members": ["gus"], "teams": ["ops"]}});
        let given = id_of(&cy.create(with(team_goal("Cross-team", "ops"), given)));
        let kept = json!({"members": ["eli", "gus"], "teams": ["ops", "sales"]});
        let edited = dee.patch(&format!("/goals/{given}"), json!({"contributors": kept})).expect(200);
        assert_eq!(edited["contributors"], kept, "[{}]", db.backend);
        let more = json!({"contributors": {"members": ["eli", "fay", "gus"], "teams": ["ops", "sales"]}});
        dee.patch(&format!("/goals/{given}"), more).expect_error(403, "forbidden");
    }
}

#[tokio::test]
async fn managers_executives_and_collaborators_assign_any_member_and_any_team() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        for assigner in ["cy", "ada", "bo"] {
            let contributors = json!({"members": ["fay", "gus"], "teams": ["ops", "sales"]});
            let body = with(team_goal("Anyone", "ops"), json!({"owner": "gus", "contributors": contributors}));
            let goal = api.member(assigner).create(body);
            assert_eq!((&goal["owner"], &goal["contributors"]), (&json!("gus"), &contributors), "[{}]", db.backend);
            assert_eq!(goal["creator"], json!(assigner), "[{}]", db.backend);
        }
    }
}

#[tokio::test]
async fn only_executives_collaborators_and_managers_create_organization_goals() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let organization = with(personal("Company-wide"), json!({"type": "organization"}));
        let before = total_goals(&api);
        for employee in ["dee", "gus"] {
            api.member(employee).post("/goals", organization.clone()).expect_error(403, "forbidden");
        }
        assert_eq!(total_goals(&api), before, "[{}]", db.backend);
        for allowed in ["ada", "bo", "cy", "fay"] {
            assert_eq!(api.member(allowed).create(organization.clone())["type"], json!("organization"));
        }
    }
}

fn measurement(name: &str, kind: &str, start: f64, current: f64, target: f64, weight: Value) -> Value {
    json!({"name": name, "kind": kind, "start": start, "current": current, "target": target, "weight": weight})
}

#[tokio::test]
async fn measurement_weights_that_break_the_rule_are_refused_with_422() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let tracked =
            |list: Vec<Value>| with(personal("Measured"), json!({"tracking": "measurements", "measurements": list}));
        let before = total_goals(&api);
        // All weighted but over 100, all weighted but under 100, over 100 with one missing.
        for weights in [vec![json!(60), json!(50)], vec![json!(60), json!(30)], vec![json!(80), json!(30), Value::Null]]
        {
            let list = weights
                .into_iter()
                .enumerate()
                .map(|(i, weight)| measurement(&format!("M{i}"), "numeric", 0.0, 5.0, 10.0, weight))
                .collect();
            cy.post("/goals", tracked(list)).expect_error(422, "rule_broken");
        }
        assert_eq!(total_goals(&api), before, "[{}]", db.backend);

        // 60 and 20 with one missing: 60, 20, 20 → 0.6 × 50 + 0.2 × 100 + 0.2 × 0 = 50.
        let list = vec![
            measurement("Revenue", "currency", 0.0, 50.0, 100.0, json!(60)),
            measurement("Deals", "numeric", 0.0, 10.0, 10.0, json!(20)),
            measurement("Launched", "yes_no", 0.0, 0.0, 1.0, Value::Null),
        ];
        let goal = cy.create(tracked(list));
        assert_eq!(num(&goal["progress"]), 50.0, "[{}] {goal}", db.backend);
        let id = id_of(&goal);
        let kept = goal["measurements"].clone();
        let named = |name: &str| kept.as_array().unwrap().iter().find(|m| m["name"] == name).expect(name)["id"].clone();
        let broken = json!([
            {"id": named("Revenue"), "name": "Revenue", "kind": "currency", "start": 0, "target": 100, "weight": 70},
            {"id": named("Deals"), "name": "Deals", "kind": "numeric", "start": 0, "target": 10, "weight": 70},
        ]);
        cy.patch(&format!("/goals/{id}"), json!({"measurements": broken})).expect_error(422, "rule_broken");
        assert_eq!(cy.goal(&id)["measurements"], kept, "[{}] a refused edit changed the measurements", db.backend);
        // A weight of 0 is allowed; ids kept keep their current value (Deals: 10 of 10).
        let zero = json!([
            {"id": named("Revenue"), "name": "Revenue", "kind": "currency", "start": 0, "target": 100, "weight": 0},
            {"id": named("Deals"), "name": "Deals", "kind": "numeric", "start": 0, "target": 10, "weight": 100},
        ]);
        let edited = cy.patch(&format!("/goals/{id}"), json!({"measurements": zero})).expect(200);
        assert_eq!(num(&edited["progress"]), 100.0, "[{}] {edited}", db.backend);
        let revenue = edited["measurements"].as_array().unwrap().iter().find(|m| m["name"] == "Revenue").cloned();
        assert_eq!(num(&revenue.expect("Revenue kept")["current"]), 50.0, "[{}] {edited}", db.backend);
        assert_eq!(edited["measurements"].as_array().unwrap().len(), 2, "[{}] the whole list: {edited}", db.backend);
        // A measurement given without a current value starts at its start.
        let fresh = cy.create(tracked(vec![json!({"name": "Visits", "kind": "numeric", "start": 5, "target": 15})]));
        assert_eq!(num(&fresh["measurements"][0]["current"]), 5.0, "[{}] {fresh}", db.backend);
    }
}
