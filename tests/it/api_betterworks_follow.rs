//! The goals API, followers and related goals (docs/api.md `/goals/{goal}/follow`,
//! `/me/following`, `/goals/{goal}/related`): open to whoever sees the goal; a follower who
//! loses sight of a goal stops following it; a related goal is shown only to those who
//! see it; a member who cannot see a goal learns nothing of it through any of them.

use crate::common::api::{id_of, ids, personal, with, Api};
use crate::common::test_dbs;
use serde_json::json;

/// Lists answer by id.
fn sorted(goals: &[&str]) -> Vec<String> {
    let mut goals: Vec<String> = goals.iter().map(|g| (*g).to_owned()).collect();
    goals.sort();
    goals
}

#[tokio::test]
async fn whoever_sees_a_goal_follows_it_and_lists_what_they_follow() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        dee.post("/goals/p-dee/follow", json!({})).expect(204);
        dee.post("/goals/p-cy/follow", json!({})).expect(204);
        dee.post("/goals/p-cy/follow", json!({})).expect(204);
        assert_eq!(ids(&dee.get("/me/following").expect(200)), ["p-cy", "p-dee"], "[{}]", db.backend);
        assert_eq!(ids(&dee.explore("/goals?following=true")), ["p-cy", "p-dee"], "[{}]", db.backend);
        let page = dee.explore("/goals?following=true&owner=cy");
        assert_eq!((ids(&page), &page["total"]), (vec!["p-cy".to_owned()], &json!(1)), "[{}]", db.backend);
        // Each member follows for themselves.
        assert!(ids(&api.member("cy").get("/me/following").expect(200)).is_empty(), "[{}]", db.backend);
        assert!(ids(&api.member("ada").explore("/goals?following=true")).is_empty(), "[{}]", db.backend);
        dee.get("/goals?following=maybe").expect_invalid("following");

        dee.delete("/goals/p-cy/follow").expect(204);
        dee.delete("/goals/p-cy/follow").expect(204);
        assert_eq!(ids(&dee.get("/me/following").expect(200)), ["p-dee"], "[{}]", db.backend);

        // gus does not see p-dee: the same 404 as for a goal that does not exist.
        let gus = api.member("gus");
        let hidden = gus.post("/goals/p-dee/follow", json!({})).expect_error(404, "not_found");
        gus.delete("/goals/p-dee/follow").expect_error(404, "not_found");
        gus.post("/goals/no-such/follow", json!({})).expect_error(404, "not_found");
        assert!(ids(&gus.get("/me/following").expect(200)).is_empty(), "[{}] {hidden}", db.backend);
    }
}

#[tokio::test]
async fn a_follower_who_loses_sight_of_a_goal_stops_following_it() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (dee, eli) = (api.member("dee"), api.member("eli"));
        let goal = id_of(&dee.create_published(with(personal("Learn Norwegian"), json!({"visibility": "public"}))));
        eli.post(&format!("/goals/{goal}/follow"), json!({})).expect(204);
        eli.post("/goals/p-cy/follow", json!({})).expect(204);
        assert_eq!(ids(&eli.get("/me/following").expect(200)), sorted(&[&goal, "p-cy"]), "[{}]", db.backend);

        dee.patch(&format!("/goals/{goal}"), json!({"visibility": "owners_and_contributors"})).expect(200);
        assert_eq!(ids(&eli.explore("/goals?following=true")), ["p-cy"], "[{}] never listed", db.backend);
        assert_eq!(ids(&eli.get("/me/following").expect(200)), ["p-cy"], "[{}]", db.backend);

        // Visible again, it is not followed again: the read removed the follow.
        dee.patch(&format!("/goals/{goal}"), json!({"visibility": "public"})).expect(200);
        assert_eq!(ids(&eli.get("/me/following").expect(200)), ["p-cy"], "[{}]", db.backend);
        assert_eq!(ids(&eli.explore("/goals?following=true")), ["p-cy"], "[{}]", db.backend);

        // A deleted goal's follows go with it.
        dee.post(&format!("/goals/{goal}/follow"), json!({})).expect(204);
        dee.delete(&format!("/goals/{goal}")).expect(204);
        assert!(ids(&dee.get("/me/following").expect(200)).is_empty(), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn related_goals_link_both_ways_and_each_shows_only_to_those_who_see_it() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee, eli) = (api.member("cy"), api.member("dee"), api.member("eli"));
        // cy owns p-cy and sees p-dee (his report's); eli sees p-cy but not p-dee.
        cy.put("/goals/p-cy/related/p-dee", json!({})).expect(204);
        cy.put("/goals/p-cy/related/p-dee", json!({})).expect(204);
        cy.put("/goals/p-cy/related/p-hal", json!({})).expect(204);
        assert_eq!(ids(&cy.get("/goals/p-cy/related").expect(200)), ["p-dee", "p-hal"], "[{}]", db.backend);
        assert_eq!(ids(&dee.get("/goals/p-dee/related").expect(200)), ["p-cy"], "[{}] both ways", db.backend);
        let seen_by_eli = eli.get("/goals/p-cy/related").expect(200);
        assert_eq!(ids(&seen_by_eli), ["p-hal"], "[{}]", db.backend);
        assert!(!seen_by_eli.to_string().contains("p-dee"), "[{}] {seen_by_eli}", db.backend);

        // Refused: no edit rights on the goal (eli), an unseen other (p-gus for cy, as for a
        // goal that does not exist), an unseen goal (gus), the goal itself.
        eli.put("/goals/p-cy/related/c-eli", json!({})).expect_error(403, "forbidden");
        eli.delete("/goals/p-cy/related/p-hal").expect_error(403, "forbidden");
        let unseen = cy.put("/goals/p-cy/related/p-gus", json!({})).expect_error(404, "not_found");
        let missing = cy.put("/goals/p-cy/related/no-such", json!({})).expect_error(404, "not_found");
        assert_eq!(unseen["code"], missing["code"], "[{}]", db.backend);
        let gus = api.member("gus");
        gus.get("/goals/p-dee/related").expect_error(404, "not_found");
        gus.put("/goals/p-dee/related/p-cy", json!({})).expect_error(404, "not_found");
        gus.delete("/goals/p-dee/related/p-cy").expect_error(404, "not_found");
        cy.put("/goals/p-cy/related/p-cy", json!({})).expect_invalid("other");
        assert_eq!(ids(&cy.get("/goals/p-cy/related").expect(200)), ["p-dee", "p-hal"], "[{}]", db.backend);

        // Removed from either end; a removed link is not there to remove again.
        dee.delete("/goals/p-dee/related/p-cy").expect(204);
        cy.delete("/goals/p-cy/related/p-dee").expect_error(404, "not_found");
        assert_eq!(ids(&cy.get("/goals/p-cy/related").expect(200)), ["p-hal"], "[{}]", db.backend);

        // A deleted goal's links go with it.
        let goal = id_of(&cy.create_published(with(personal("Hire two"), json!({"visibility": "public"}))));
        cy.put(&format!("/goals/{goal}/related/p-cy"), json!({})).expect(204);
        assert_eq!(ids(&cy.get("/goals/p-cy/related").expect(200)), sorted(&[&goal, "p-hal"]), "[{}]", db.backend);
        cy.delete(&format!("/goals/{goal}")).expect(204);
        assert_eq!(ids(&cy.get("/goals/p-cy/related").expect(200)), ["p-hal"], "[{}]", db.backend);
    }
}
