//! The goals API keeps "who sees what" (CONTRACT §3) current: a new owner or contributor
//! brings the goal into their managers' sight, and out of the old ones'.

use crate::common::api::{id_of, ids, with, Api};
use crate::common::test_dbs;
use serde_json::json;

#[tokio::test]
async fn reassigning_a_private_goal_moves_it_between_reporting_lines() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let body = json!({"title": "Quiet work", "type": "personal", "owner": "dee",
            "visibility": "owners_and_contributors", "start_date": "2026-01-01", "end_date": "2026-12-31"});
        let id = id_of(&ada.create_published(body));
        let path = format!("/goals/{id}");
        // dee reports to cy; gus reports to fay.
        api.member("cy").get(&path).expect(200);
        api.member("fay").get(&path).expect_error(404, "not_found");

        ada.patch(&path, json!({"owner": "gus"})).expect(200);

        api.member("fay").get(&path).expect(200);
        api.member("cy").get(&path).expect_error(404, "not_found");
        assert!(ids(&api.member("fay").explore("/goals?limit=200")).contains(&id), "[{}]", db.backend);
        assert!(ids(&api.member("gus").explore("/me/goals")).contains(&id), "[{}]", db.backend);
        assert!(!ids(&api.member("dee").explore("/me/goals")).contains(&id), "[{}]", db.backend);

        ada.patch(&path, with(json!({}), json!({"contributors": {"members": ["eli"], "teams": []}}))).expect(200);

        api.member("cy").get(&path).expect(200);
        assert!(ids(&api.member("eli").explore("/me/goals")).contains(&id), "[{}]", db.backend);
    }
}
