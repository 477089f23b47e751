//! The goals API, alignment (docs/api.md `PUT`/`DELETE /goals/{goal}/parent`): a contextual
//! role on the parent, no cycles, child weights (CONTRACT §4), and the automatic roll-up of a
//! `subgoals_automatic` parent with its automatic progress updates.

use crate::common::api::{id_of, instant, num, personal, team_goal, with, Api, Member};
use crate::common::test_dbs;
use chrono::Utc;
use serde_json::{json, Value};

fn last_entry(member: &Member, goal: &str) -> Value {
    member.history(goal).pop().expect("a history entry")
}

fn has_action(goal: &Value, action: &str) -> bool {
    goal["actions"].as_array().unwrap_or_else(|| panic!("no actions in {goal}")).contains(&json!(action))
}

#[tokio::test]
async fn a_goal_is_aligned_under_a_parent_it_has_a_contextual_role_on() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        // dee contributes to t-sales through team sales.
        assert!(has_action(&dee.goal("t-sales"), "align_child"), "[{}]", db.backend);

        let linked =
            dee.put("/goals/p-dee/parent", json!({"parent": "t-sales", "contributes_to_parent": false})).expect(200);

        assert_eq!((&linked["parent"], &linked["contributes_to_parent"]), (&json!("t-sales"), &json!(false)));
        let on_child = last_entry(&dee, "p-dee");
        assert_eq!((&on_child["operation"], &on_child["actor"]), (&json!("Updated"), &json!("dee")), "{on_child}");
        assert_eq!(on_child["before"]["parent"], Value::Null, "[{}] {on_child}", db.backend);
        let on_parent = last_entry(&dee, "t-sales");
        assert_eq!((&on_parent["operation"], &on_parent["actor"]), (&json!("SubgoalLinked"), &json!("dee")));

        // Moved under the organization goal: unlinked from the first, linked to the second.
        let moved = dee.put("/goals/p-dee/parent", json!({"parent": "o-company"})).expect(200);
        assert_eq!((&moved["parent"], &moved["contributes_to_parent"]), (&json!("o-company"), &json!(true)));
        assert_eq!(last_entry(&dee, "t-sales")["operation"], json!("SubgoalUnlinked"), "[{}]", db.backend);
        assert_eq!(last_entry(&dee, "o-company")["operation"], json!("SubgoalLinked"), "[{}]", db.backend);
        assert_eq!(last_entry(&dee, "p-dee")["before"]["parent"], json!("t-sales"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn aligning_needs_a_contextual_role_on_the_parent_and_edit_rights_on_the_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (dee, gus, fay) = (api.member("dee"), api.member("gus"), api.member("fay"));
        // p-cy is public: dee sees it but is neither its creator, owner nor contributor.
        assert!(!has_action(&dee.goal("p-cy"), "align_child"), "[{}]", db.backend);
        dee.put("/goals/p-dee/parent", json!({"parent": "p-cy"})).expect_error(403, "forbidden");
        dee.post("/goals", with(personal("Under cy"), json!({"parent": "p-cy"}))).expect_error(403, "forbidden");
        // t-ops she cannot see at all.
        dee.put("/goals/p-dee/parent", json!({"parent": "t-ops"})).expect_error(404, "not_found");
        dee.post("/goals", with(personal("Under ops"), json!({"parent": "t-ops"}))).expect_error(404, "not_found");
        assert_eq!(dee.goal("p-dee")["parent"], Value::Null, "[{}]", db.backend);

        // Any member may put their goal under an organization goal.
        assert_eq!(
            gus.put("/goals/p-gus/parent", json!({"parent": "o-company"})).expect(200)["parent"],
            json!("o-company")
        );
        let created = gus.create(with(personal("Also for the company"), json!({"parent": "o-company"})));
        assert_eq!(created["parent"], json!("o-company"), "[{}]", db.backend);
        // Owners of the parent may too.
        assert_eq!(
            api.member("cy").put("/goals/p-cy/parent", json!({"parent": "t-sales"})).expect(200)["parent"],
            json!("t-sales")
        );

        // fay sees p-gus through her reporting line but may not edit it.
        fay.put("/goals/p-gus/parent", json!({"parent": "t-ops"})).expect_error(403, "forbidden");
        fay.delete("/goals/p-gus/parent").expect_error(403, "forbidden");
        assert_eq!(gus.goal("p-gus")["parent"], json!("o-company"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_parent_link_that_would_close_a_cycle_is_refused_with_422() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let top = id_of(&cy.create_published(team_goal("Top", "sales")));
        let middle = id_of(&cy.create_published(with(team_goal("Middle", "sales"), json!({"parent": top}))));
        let bottom = id_of(&cy.create_published(with(team_goal("Bottom", "sales"), json!({"parent": middle}))));

        for parent in [&top, &middle, &bottom] {
            cy.put(&format!("/goals/{top}/parent"), json!({"parent": parent})).expect_error(422, "rule_broken");
        }
        cy.put(&format!("/goals/{middle}/parent"), json!({"parent": bottom})).expect_error(422, "rule_broken");

        assert_eq!(cy.goal(&top)["parent"], Value::Null, "[{}]", db.backend);
        assert_eq!(cy.goal(&middle)["parent"], json!(top), "[{}]", db.backend);
        let operations = cy.operations(&top);
        assert!(
            !operations.iter().any(|o| o == "Updated"),
            "[{}] a refused link wrote history: {operations:?}",
            db.backend
        );
    }
}

#[tokio::test]
async fn child_weights_that_break_the_rule_are_refused_with_422() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let parent = id_of(&cy.create_published(team_goal("Weighted", "sales")));
        let first = id_of(&cy.create_published(personal("First")));
        let second = id_of(&cy.create_published(personal("Second")));
        let third = id_of(&cy.create_published(personal("Third")));
        let link = |child: &str, weight: Value| {
            cy.put(&format!("/goals/{child}/parent"), json!({"parent": parent, "weight": weight}))
        };
        // Alone and weighted, a child must weigh 100.
        link(&first, json!(70)).expect_error(422, "rule_broken");
        assert_eq!(cy.goal(&first)["parent"], Value::Null, "[{}]", db.backend);
        link(&first, Value::Null).expect(200);
        // 70 and the unweighted first taking the other 30.
        assert_eq!(num(&link(&second, json!(70)).expect(200)["weight"]), 70.0, "[{}]", db.backend);

        // 70 + 40 is over 100.
        link(&third, json!(40)).expect_error(422, "rule_broken");
        assert_eq!(cy.goal(&third)["parent"], Value::Null, "[{}]", db.backend);
        let created = cy.post("/goals", with(personal("Fourth"), json!({"parent": parent, "weight": 50})));
        created.expect_error(422, "rule_broken");
        // Every child weighted: 70 + 20 leaves 10 to nobody.
        cy.patch(&format!("/goals/{first}"), json!({"weight": 20})).expect_error(422, "rule_broken");
        assert_eq!(cy.goal(&first)["weight"], Value::Null, "[{}]", db.backend);
        assert_eq!(num(&cy.patch(&format!("/goals/{first}"), json!({"weight": 30})).expect(200)["weight"]), 30.0);
    }
}

#[tokio::test]
async fn unlinking_removes_the_parent_and_writes_history_on_both() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let fay = api.member("fay");
        // t-ops is under o-company in the fixture.
        let unlinked = fay.delete("/goals/t-ops/parent").expect(200);
        assert_eq!(unlinked["parent"], Value::Null, "[{}]", db.backend);
        let on_child = last_entry(&fay, "t-ops");
        assert_eq!((&on_child["operation"], &on_child["actor"]), (&json!("Updated"), &json!("fay")), "{on_child}");
        assert_eq!(on_child["before"]["parent"], json!("o-company"), "[{}]", db.backend);
        let on_parent = last_entry(&fay, "o-company");
        assert_eq!((&on_parent["operation"], &on_parent["actor"]), (&json!("SubgoalUnlinked"), &json!("fay")));
        // o-company now rolls up t-sales alone.
        assert_eq!(num(&fay.goal("o-company")["progress"]), 30.0, "[{}]", db.backend);
        assert_eq!(api.member("ada").explore("/goals?parent=o-company")["total"], json!(1), "[{}]", db.backend);
    }
}

/// The automatic updates of `goal`, oldest first.
fn automatic(member: &Member, goal: &str) -> Vec<Value> {
    member.updates(goal).into_iter().filter(|u| u["automatic"] == json!(true)).collect()
}

/// cy's published `subgoals_automatic` team goal (team sales), with dee's child at 40 %.
fn rolled_up_parent(api: &Api) -> (String, String) {
    let (cy, dee) = (api.member("cy"), api.member("dee"));
    let parent = id_of(
        &cy.create_published(with(team_goal("Win the north", "sales"), json!({"tracking": "subgoals_automatic"}))),
    );
    let child = id_of(&dee.create_published(with(personal("Call ten leads"), json!({"parent": parent}))));
    dee.add_progress(&child, json!({"progress": 40}));
    (parent, child)
}

#[tokio::test]
async fn an_automatic_parent_follows_its_children_with_automatic_updates() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee, eli) = (api.member("cy"), api.member("dee"), api.member("eli"));
        let asked_at = Utc::now() - chrono::Duration::seconds(5);
        let (parent, first) = rolled_up_parent(&api);

        let goal = cy.goal(&parent);
        assert_eq!(num(&goal["progress"]), 40.0, "[{}] {goal}", db.backend);
        assert!(instant(&goal["last_activity_at"]) >= asked_at, "[{}] {goal}", db.backend);
        let updates = automatic(&cy, &parent);
        assert_eq!(updates.len(), 1, "[{}] {updates:?}", db.backend);
        assert_eq!(num(&updates[0]["progress"]), 40.0, "[{}] {updates:?}", db.backend);

        // A second contributing child at 80: equal shares.
        let second = id_of(&eli.create_published(with(personal("Visit Tromsø"), json!({"parent": parent}))));
        eli.add_progress(&second, json!({"progress": 80}));
        assert_eq!(num(&cy.goal(&parent)["progress"]), 60.0, "[{}]", db.backend);
        assert_eq!(num(&automatic(&cy, &parent).last().unwrap()["progress"]), 60.0, "[{}]", db.backend);

        // A child that does not contribute and a draft child change nothing.
        let written = automatic(&cy, &parent).len();
        let aside = with(personal("On the side"), json!({"parent": parent, "contributes_to_parent": false}));
        let aside = id_of(&eli.create_published(aside));
        eli.add_progress(&aside, json!({"progress": 5}));
        dee.create(with(personal("Not yet"), json!({"parent": parent, "progress": 100})));
        assert_eq!(num(&cy.goal(&parent)["progress"]), 60.0, "[{}]", db.backend);
        assert_eq!(automatic(&cy, &parent).len(), written, "[{}] its progress did not change", db.backend);

        // Unlinked, the first child no longer counts; linked back with 75 %, it weighs more.
        dee.delete(&format!("/goals/{first}/parent")).expect(200);
        assert_eq!(num(&cy.goal(&parent)["progress"]), 80.0, "[{}]", db.backend);
        assert_eq!(num(&automatic(&cy, &parent).last().unwrap()["progress"]), 80.0, "[{}]", db.backend);
        dee.put(&format!("/goals/{first}/parent"), json!({"parent": parent, "weight": 75})).expect(200);
        assert_eq!(num(&cy.goal(&parent)["progress"]), 50.0, "[{}] 0.75 × 40 + 0.25 × 80", db.backend);
        assert_eq!(num(&automatic(&cy, &parent).last().unwrap()["progress"]), 50.0, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn nobody_edits_or_deletes_an_automatic_update() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (parent, _) = rolled_up_parent(&api);
        let cy = api.member("cy");
        let update = automatic(&cy, &parent).pop().expect("an automatic update");
        let path = format!("/goals/{parent}/progress/{}", id_of(&update));
        // Not the parent's creator and owner, not an executive, not a collaborator.
        for member in ["cy", "ada", "bo", "dee"] {
            let who = api.member(member);
            who.patch(&path, json!({"comment": "Adjusted by hand"})).expect_error(403, "forbidden");
            who.delete(&path).expect_error(403, "forbidden");
        }
        let after = automatic(&cy, &parent);
        assert_eq!(after.last(), Some(&update), "[{}] the automatic update changed", db.backend);
        assert_eq!(num(&cy.goal(&parent)["progress"]), 40.0, "[{}]", db.backend);
        let operations = cy.operations(&parent);
        assert!(!operations.iter().any(|o| o == "ProgressEdited" || o == "ProgressDeleted"), "{operations:?}");
    }
}
