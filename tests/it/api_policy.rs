//! CONTRACT §10 through the goals API: the policy endpoint, editors and participants acting
//! (allowed and refused), same-visibility alignment, global viewers, and a member who cannot
//! see a goal learning nothing of it. acme: ada (executive) ← cy (manager) ← dee, eli;
//! ada ← fay (manager) ← gus, hal (deactivated); team sales = cy, dee, eli.

use crate::common::api::{id_of, ids, Api};
use crate::common::test_dbs;
use serde_json::{json, Value};

fn private_goal(owner: &str, extra: Value) -> Value {
    let mut body = json!({"title": "Quiet work", "type": "personal", "owner": owner,
        "visibility": "owners_and_contributors", "start_date": "2026-01-01", "end_date": "2026-12-31"});
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    body
}

#[tokio::test]
async fn executives_change_the_policy_and_every_change_is_kept() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let policy = api.member("dee").get("/policy").expect(200);
        assert_eq!(policy["policy"]["manager_editor"], json!(false), "[{}]", db.backend);
        assert_eq!(policy["policy"]["pace_thresholds"], json!({"on_track": 75.0, "at_risk": 50.0}));
        api.member("dee").patch("/policy", json!({"manager_editor": true})).expect_error(403, "forbidden");
        api.member("cy").patch("/policy", json!({"manager_editor": true})).expect_error(403, "forbidden");
        api.member("ada").patch("/policy", json!({"manager_editors": true})).expect_invalid("policy.manager_editors");
        api.member("ada")
            .patch("/policy", json!({"pace_thresholds": {"on_track": 20, "at_risk": 40}}))
            .expect_invalid("policy.pace_thresholds");
        api.member("ada").patch("/policy", json!({"global_viewers": ["zed"]})).expect_invalid("policy.global_viewers");
        let changed = api.member("ada").patch("/policy", json!({"pace_thresholds": {"on_track": 60}})).expect(200);
        assert_eq!(
            changed["policy"]["pace_thresholds"],
            json!({"on_track": 60.0, "at_risk": 50.0}),
            "[{}]",
            db.backend
        );
        let history = api.member("ada").get("/policy/history").expect(200);
        let entries = history["history"].as_array().expect("history");
        assert_eq!(entries.len(), 1, "[{}] only the accepted change: {history}", db.backend);
        assert_eq!(entries[0]["actor"], json!("ada"));
        assert_eq!(entries[0]["changes"], json!({"pace_thresholds": {"on_track": 60}}));
        assert_eq!(entries[0]["before"]["pace_thresholds"]["on_track"], json!(75.0));
        api.member("dee").get("/policy/history").expect_error(403, "forbidden");
    }
}

#[tokio::test]
async fn an_editor_edits_a_private_goal_outside_their_line_and_nobody_sees_it_through_them() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // gus's private goal, edited by dee (in cy's line, not fay's).
        let goal = api.member("ada").create(private_goal("gus", json!({"editors": {"members": ["dee"], "teams": []}})));
        let id = id_of(&goal);
        assert_eq!(goal["editors"], json!({"members": ["dee"], "teams": []}), "[{}]", db.backend);
        let path = format!("/goals/{id}");
        let seen = api.member("dee").get(&path).expect(200);
        assert!(seen["actions"].as_array().expect("actions").contains(&json!("edit")), "[{}] {seen}", db.backend);
        assert!(
            !seen["actions"].as_array().expect("actions").contains(&json!("publish")),
            "publish stays the creator's"
        );
        api.member("dee").patch(&path, json!({"title": "Edited by an editor"})).expect(200);
        // cy manages dee, but an editor is not involved: cy learns nothing, nor does eli.
        for outsider in ["cy", "eli"] {
            api.member(outsider).get(&path).expect_error(404, "not_found");
            api.member(outsider).patch(&path, json!({"title": "x"})).expect_error(404, "not_found");
            assert!(
                !ids(&api.member(outsider).explore("/goals?limit=200")).contains(&id),
                "[{}] {outsider}",
                db.backend
            );
            assert!(
                !ids(&api.member(outsider).explore("/goals?limit=200&q=editor")).contains(&id),
                "[{}] {outsider} through a filtered explore",
                db.backend
            );
        }
        assert!(ids(&api.member("dee").explore("/goals?limit=200&q=editor")).contains(&id), "[{}]", db.backend);
        // Unknown people are named; participants on a public goal are refused.
        api.member("ada").patch(&path, json!({"editors": {"members": ["zed"]}})).expect_invalid("editors.members[0]");
        api.member("ada")
            .patch(&path, json!({"visibility": "public", "participants": {"teams": ["sales"]}}))
            .expect_error(422, "rule_broken");
    }
}

#[tokio::test]
async fn participants_view_and_align_but_do_not_edit() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let goal = api
            .member("fay")
            .create_published(private_goal("fay", json!({"participants": {"members": [], "teams": ["sales"]}})));
        let id = id_of(&goal);
        let path = format!("/goals/{id}");
        let seen = api.member("eli").get(&path).expect(200);
        assert_eq!(seen["actions"], json!(["align_child", "view"]), "[{}]", db.backend);
        api.member("eli").patch(&path, json!({"title": "x"})).expect_error(403, "forbidden");
        let child = api.member("eli").create_published(private_goal("eli", json!({"parent": id})));
        assert_eq!(child["parent"], json!(id), "[{}] a participant aligns a child", db.backend);
        // dee participates through sales too: the child contributes, so dee sees it downstream,
        // and only views it. gus (fay's report) is in neither.
        let downstream = api.member("dee").get(&format!("/goals/{}", id_of(&child))).expect(200);
        assert_eq!(downstream["actions"], json!(["view"]), "[{}]", db.backend);
        api.member("gus").get(&path).expect_error(404, "not_found");
        api.member("gus").get(&format!("/goals/{}", id_of(&child))).expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn same_visibility_alignment_refuses_links_and_visibility_changes_across() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        api.member("ada").patch("/policy", json!({"same_visibility_alignment": true})).expect(200);
        let public = api.member("ada").create_published(json!({"title": "Open", "type": "personal",
            "visibility": "public", "start_date": "2026-01-01", "end_date": "2026-12-31"}));
        let public_id = id_of(&public);
        api.member("ada")
            .post("/goals", private_goal("ada", json!({"parent": public_id})))
            .expect_error(422, "rule_broken");
        let private = api.member("ada").create(private_goal("ada", json!({})));
        let private_id = id_of(&private);
        api.member("ada")
            .put(&format!("/goals/{private_id}/parent"), json!({"parent": public_id}))
            .expect_error(422, "rule_broken");
        let child = api.member("ada").create(json!({"title": "Open child", "type": "personal", "parent": public_id,
            "visibility": "public", "start_date": "2026-01-01", "end_date": "2026-12-31"}));
        api.member("ada")
            .patch(&format!("/goals/{public_id}"), json!({"visibility": "owners_and_contributors"}))
            .expect_error(422, "rule_broken");
        assert_eq!(api.member("ada").goal(&id_of(&child))["parent"], json!(public_id), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_global_viewer_sees_private_goals_but_not_drafts_and_only_views() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let published = id_of(&api.member("cy").create_published(private_goal("dee", json!({}))));
        let draft = id_of(&api.member("cy").create(private_goal("dee", json!({}))));
        api.member("gus").get(&format!("/goals/{published}")).expect_error(404, "not_found");
        api.member("ada").patch("/policy", json!({"global_viewers": ["gus"]})).expect(200);
        let seen = api.member("gus").get(&format!("/goals/{published}")).expect(200);
        assert_eq!(seen["actions"], json!(["view"]), "[{}]", db.backend);
        api.member("gus").get(&format!("/goals/{draft}")).expect_error(404, "not_found");
        let listed = ids(&api.member("gus").explore("/goals?limit=200&state=published"));
        assert!(listed.contains(&published) && !listed.contains(&draft), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn the_organization_goal_roles_and_the_assignment_switch_open_to_employees() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let org_goal =
            json!({"title": "Company", "type": "organization", "start_date": "2026-01-01", "end_date": "2026-12-31"});
        api.member("dee").post("/goals", org_goal.clone()).expect_error(403, "forbidden");
        api.member("dee").post("/goals", private_goal("gus", json!({}))).expect_error(403, "forbidden");
        api.member("ada")
            .patch(
                "/policy",
                json!({"organization_goal_roles": ["executive", "employee"], "employees_assign_anyone": true}),
            )
            .expect(200);
        api.member("dee").post("/goals", org_goal).expect(201);
        api.member("dee").post("/goals", private_goal("gus", json!({}))).expect(201);
        let manager_goal =
            json!({"title": "Team", "type": "organization", "start_date": "2026-01-01", "end_date": "2026-12-31"});
        api.member("cy").post("/goals", manager_goal).expect_error(403, "forbidden");
    }
}
