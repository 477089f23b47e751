//! The goals API, editing goals (docs/api.md `PATCH /goals/{goal}`): who may, what each
//! edit records in the history, and making a goal organization-wide (CONTRACT §8).

use crate::common::api::{id_of, personal, team_goal, with, Api, Member};
use crate::common::test_dbs;
use serde_json::{json, Value};

fn last_entry(member: &Member, goal: &str) -> Value {
    member.history(goal).pop().expect("a history entry")
}

#[tokio::test]
async fn an_employee_with_edit_rights_cannot_make_a_goal_organization_wide() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (dee, cy) = (api.member("dee"), api.member("cy"));
        // dee created and owns one goal; cy created one dee owns: she has edit rights on both.
        let hers = id_of(&dee.create(personal("Hers")));
        let given = id_of(&cy.create(with(personal("Given"), json!({"owner": "dee"}))));
        for id in [&hers, &given] {
            let goal = dee.goal(id);
            assert!(goal["actions"].as_array().unwrap().contains(&json!("edit")), "{goal}");
            assert!(!goal["actions"].as_array().unwrap().contains(&json!("make_organization")), "{goal}");
            dee.patch(&format!("/goals/{id}"), json!({"type": "organization"})).expect_error(403, "forbidden");
            assert_eq!(dee.goal(id)["type"], json!("personal"), "[{}]", db.backend);
            // Her other edits still go through.
            dee.patch(&format!("/goals/{id}"), json!({"title": "Still personal"})).expect(200);
        }
        // The manager who created the given one may convert it.
        assert!(cy.goal(&given)["actions"].as_array().unwrap().contains(&json!("make_organization")));
        let converted = cy.patch(&format!("/goals/{given}"), json!({"type": "organization"})).expect(200);
        assert_eq!(converted["type"], json!("organization"), "[{}]", db.backend);
        assert!(!converted["actions"].as_array().unwrap().contains(&json!("make_organization")), "{converted}");
        let entry = last_entry(&cy, &given);
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("Updated"), &json!("cy")), "{entry}");
        assert_eq!(entry["before"]["type"], json!("personal"), "{entry}");
    }
}

#[tokio::test]
async fn editing_a_goal_records_each_change_with_the_fields_before() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let id = id_of(&dee.create(with(team_goal("Run a marathon", "sales"), json!({"description": "42 km"}))));
        let path = format!("/goals/{id}");

        let edited = dee.patch(&path, json!({"title": "Run two marathons", "description": null})).expect(200);
        assert_eq!((&edited["title"], &edited["description"]), (&json!("Run two marathons"), &Value::Null));
        let entry = last_entry(&dee, &id);
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("Updated"), &json!("dee")), "{entry}");
        assert_eq!(
            (&entry["before"]["title"], &entry["before"]["description"]),
            (&json!("Run a marathon"), &json!("42 km"))
        );

        assert_eq!(dee.patch(&path, json!({"owner": "eli"})).expect(200)["owner"], json!("eli"));
        let entry = last_entry(&dee, &id);
        assert_eq!(
            (&entry["operation"], &entry["before"]["owner"]),
            (&json!("OwnerChanged"), &json!("dee")),
            "{entry}"
        );

        let contributors = json!({"members": ["cy"], "teams": ["sales"]});
        assert_eq!(dee.patch(&path, json!({"contributors": contributors})).expect(200)["contributors"], contributors);
        let entry = last_entry(&dee, &id);
        assert_eq!(entry["operation"], json!("ContributorsChanged"), "{entry}");
        assert_eq!(entry["before"]["contributors"], json!({"members": [], "teams": ["sales"]}), "{entry}");

        dee.patch(&path, json!({"title": ""})).expect_invalid("title");
        dee.patch(&path, json!({"description": "x".repeat(2049)})).expect_invalid("description");
        dee.patch(&path, json!({"visibility": "owners_and_contributors", "start_date": "2026-03-01"})).expect(200);
        let entry = last_entry(&dee, &id);
        assert_eq!((&entry["operation"], &entry["before"]["start_date"]), (&json!("Updated"), &json!("2026-01-01")));
        assert_eq!(entry["before"]["visibility"], json!("public"), "{entry}");
        let operations = dee.operations(&id);
        assert_eq!(
            operations,
            ["Created", "Updated", "OwnerChanged", "ContributorsChanged", "Updated"],
            "[{}]",
            db.backend
        );
    }
}

#[tokio::test]
async fn only_members_with_edit_rights_may_edit_a_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // gus contributes to t-ops; fay sees p-gus through her reporting line; dee owns cy's draft.
        let rename = || json!({"title": "Renamed"});
        api.member("gus").patch("/goals/t-ops", rename()).expect_error(403, "forbidden");
        api.member("fay").patch("/goals/p-gus", rename()).expect_error(403, "forbidden");
        api.member("cy").patch("/goals/p-dee", rename()).expect_error(403, "forbidden");
        assert_eq!(api.member("ada").goal("t-ops")["title"], json!("Cut onboarding time in half"));
        for (member, goal) in
            [("ada", "p-gus"), ("bo", "t-ops"), ("cy", "d-cy-dee"), ("dee", "d-cy-dee"), ("fay", "t-ops")]
        {
            let title = format!("Renamed by {member}");
            let edited = api.member(member).patch(&format!("/goals/{goal}"), json!({"title": title})).expect(200);
            assert_eq!(edited["title"], json!(title), "[{}]", db.backend);
            assert_eq!(last_entry(&api.member(member), goal)["actor"], json!(member), "[{}]", db.backend);
        }
    }
}
