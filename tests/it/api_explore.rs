//! The goals API, explore and "my goals" (docs/api.md `GET /goals`, `GET /me/goals`): only
//! the goals the member sees (CONTRACT §3), filters, sort and pagination.

use crate::common::api::{id_set, ids, num, team_goal, Api, ALL_GOALS};
use crate::common::{goald_json, test_dbs};
use serde_json::{json, Value};

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn explore_lists_exactly_the_goals_the_member_sees() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee_sees = ["c-eli", "d-cy-dee", "o-company", "p-cy", "p-dee", "p-hal", "t-sales"];
        let gus_sees = ["c-eli", "d-gus", "o-company", "p-cy", "p-gus", "p-hal", "t-ops"];
        for (member, expected) in [("dee", &dee_sees[..]), ("gus", &gus_sees[..]), ("ada", &ALL_GOALS[..])] {
            let answer = api.member(member).explore("/goals");
            assert_eq!(ids(&answer), strings(expected), "[{}] {member}", db.backend);
            assert_eq!((&answer["total"], &answer["next_offset"]), (&json!(expected.len()), &Value::Null), "{answer}");
        }
        // Every member agrees with `goald visibility`, and no listed goal carries "actions".
        for member in ["ada", "bo", "cy", "dee", "eli", "fay", "gus"] {
            let answer = api.member(member).explore("/goals?limit=200");
            let seen = goald_json(&db, &["visibility", "--org", "acme", "--member", member, "--json"]);
            assert_eq!(json!(ids(&answer)), seen["goals"], "[{}] {member}", db.backend);
            let goals = answer["goals"].as_array().unwrap();
            assert!(goals.iter().all(|g| g.get("actions").is_none() && g["title"].is_string()), "[{}]", db.backend);
        }
        // Published, gus's public draft shows up for dee.
        api.member("gus").publish("d-gus");
        assert!(id_set(&api.member("dee").explore("/goals")).contains("d-gus"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn explore_filters_by_owner_state_type_parent_and_text() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let cases: [(&str, &[&str]); 12] = [
            ("owner=gus", &["d-gus", "p-gus"]),
            ("state=draft", &["d-cy-dee", "d-gus"]),
            ("state=closed", &["c-eli"]),
            ("type=team", &["t-ops", "t-sales"]),
            ("type=organization", &["o-company"]),
            ("parent=o-company", &["t-ops", "t-sales"]),
            ("parent=t-sales", &["c-eli"]),
            ("parent=none", &["d-cy-dee", "d-gus", "o-company", "p-cy", "p-dee", "p-gus", "p-hal"]),
            ("q=DEALS", &["d-cy-dee", "t-sales"]),
            ("q=belgique", &["c-eli"]),
            ("q=nordics", &["t-sales"]),
            ("type=personal&state=published&owner=gus", &["p-gus"]),
        ];
        for (query, expected) in cases {
            let answer = ada.explore(&format!("/goals?{query}"));
            assert_eq!(ids(&answer), strings(expected), "[{}] {query}", db.backend);
            assert_eq!(answer["total"], json!(expected.len()), "[{}] {query}", db.backend);
        }
        // A filter never widens what a member sees.
        let dee = api.member("dee");
        assert_eq!(ids(&dee.explore("/goals?owner=gus")), Vec::<String>::new(), "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/goals?type=team")), ["t-sales"], "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/goals?parent=o-company")), ["t-sales"], "[{}]", db.backend);

        for (field, query) in [
            ("state", "state=finished"),
            ("type", "type=global"),
            ("sort", "sort=colour"),
            ("limit", "limit=0"),
            ("limit", "limit=201"),
            ("offset", "offset=-1"),
        ] {
            ada.get(&format!("/goals?{query}")).expect_invalid(field);
        }
        // Case-insensitive beyond ASCII (the org writes French too).
        let study = ada.create(crate::common::api::personal("ÉTUDE de marché à Québec"));
        assert_eq!(ids(&ada.explore("/goals?q=%C3%A9tude")), [study["id"].as_str().unwrap()], "[{}]", db.backend);
        assert_eq!(ids(&ada.explore("/goals?q=QU%C3%89BEC")), [study["id"].as_str().unwrap()], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn explore_sorts_by_the_documented_keys() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let by_title =
            ["d-gus", "t-sales", "t-ops", "p-dee", "o-company", "p-gus", "p-cy", "p-hal", "c-eli", "d-cy-dee"];
        assert_eq!(ids(&ada.explore("/goals?sort=title")), strings(&by_title), "[{}]", db.backend);
        let by_creation =
            ["p-dee", "o-company", "p-hal", "t-sales", "t-ops", "p-cy", "p-gus", "c-eli", "d-cy-dee", "d-gus"];
        assert_eq!(ids(&ada.explore("/goals?sort=created_at")), strings(&by_creation), "[{}]", db.backend);
        let mut newest_first = strings(&by_creation);
        newest_first.reverse();
        assert_eq!(ids(&ada.explore("/goals?sort=-created_at")), newest_first, "[{}]", db.backend);
        let mut by_id = strings(&ALL_GOALS);
        assert_eq!(ids(&ada.explore("/goals?sort=id")), by_id, "[{}]", db.backend);
        by_id.reverse();
        assert_eq!(ids(&ada.explore("/goals?sort=-id")), by_id, "[{}]", db.backend);

        let answer = ada.explore("/goals?sort=progress");
        let progress: Vec<f64> = answer["goals"].as_array().unwrap().iter().map(|g| num(&g["progress"])).collect();
        assert_eq!(progress, [0.0, 0.0, 10.0, 20.0, 30.0, 35.0, 40.0, 50.0, 50.0, 90.0], "[{}]", db.backend);
        let answer = ada.explore("/goals?sort=-end_date");
        let ends: Vec<&str> =
            answer["goals"].as_array().unwrap().iter().map(|g| g["end_date"].as_str().unwrap()).collect();
        assert!(ends.windows(2).all(|w| w[0] >= w[1]), "[{}] {ends:?}", db.backend);
        assert_eq!(
            (&ids(&answer)[..2], ids(&answer).last().unwrap().as_str()),
            (&strings(&["p-cy", "d-gus"])[..], "p-dee")
        );
    }
}

#[tokio::test]
async fn explore_pages_through_the_goals_with_total_and_next_offset() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let mut seen = Vec::new();
        let mut offsets = Vec::new();
        let mut offset = Some(0);
        while let Some(at) = offset {
            let page = ada.explore(&format!("/goals?limit=3&offset={at}"));
            assert_eq!(page["total"], json!(10), "[{}] {page}", db.backend);
            assert!(ids(&page).len() <= 3, "[{}] {page}", db.backend);
            seen.extend(ids(&page));
            offsets.push(page["next_offset"].clone());
            offset = page["next_offset"].as_u64();
        }
        assert_eq!(offsets, [json!(3), json!(6), json!(9), Value::Null], "[{}]", db.backend);
        assert_eq!(seen, strings(&ALL_GOALS), "[{}] every goal once, in order", db.backend);

        let page = ada.explore("/goals?sort=-created_at&limit=4&offset=4");
        assert_eq!(ids(&page), ["p-cy", "t-ops", "t-sales", "p-hal"], "[{}]", db.backend);
        assert_eq!(page["next_offset"], json!(8), "[{}]", db.backend);
        let past_the_end = ada.explore("/goals?offset=10");
        assert_eq!((ids(&past_the_end).len(), &past_the_end["total"]), (0, &json!(10)), "[{}]", db.backend);
        assert_eq!(past_the_end["next_offset"], Value::Null, "[{}]", db.backend);
        // The total counts what the member sees, not the org.
        let page = api.member("dee").explore("/goals?limit=5");
        assert_eq!((&page["total"], &page["next_offset"]), (&json!(7), &json!(5)), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn my_goals_are_those_the_member_owns_or_contributes_to() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // dee owns p-dee and cy's draft for her and contributes to t-sales through team sales;
        // cy created d-cy-dee but neither owns it nor contributes to it.
        let cases: [(&str, &[&str]); 5] = [
            ("dee", &["d-cy-dee", "p-dee", "t-sales"]),
            ("gus", &["d-gus", "p-gus", "t-ops"]),
            ("eli", &["c-eli", "t-sales"]),
            ("cy", &["p-cy", "t-sales"]),
            ("ada", &["o-company"]),
        ];
        for (member, expected) in cases {
            let answer = api.member(member).explore("/me/goals");
            // Contributing "as a member, or through a team": the implicit contribution of
            // every member to an organization goal does not make it theirs.
            assert_eq!(ids(&answer), strings(expected), "[{}] {member}: {answer}", db.backend);
            assert_eq!(answer["total"], json!(ids(&answer).len()), "[{}] {member}", db.backend);
        }
        let dee = api.member("dee");
        assert_eq!(ids(&dee.explore("/me/goals?state=draft")), ["d-cy-dee"], "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/me/goals?type=team")), ["t-sales"], "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/me/goals?q=negotiation")), ["p-dee"], "[{}]", db.backend);
        let page = api.member("gus").explore("/me/goals?sort=-id&limit=1");
        assert_eq!((ids(&page), &page["next_offset"]), (strings(&["t-ops"]), &json!(1)), "[{}]", db.backend);
        // Contributing through a team follows the team: cy's new goal for team ops is gus's too.
        let ops = api.member("cy").create_published(team_goal("Help ops", "ops"));
        assert!(
            id_set(&api.member("gus").explore("/me/goals")).contains(ops["id"].as_str().unwrap()),
            "[{}]",
            db.backend
        );
    }
}
