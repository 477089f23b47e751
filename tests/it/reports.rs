//! The progress and adoption reports through the doors users use: `goald report` and
//! `GET /v1/orgs/{org}/reports/...` over a real socket, on the hand-made org of
//! tests/fixtures/reports-org.json (the org of src/reports/tests.rs, where every figure is
//! worked out by hand; the numbers below are those), on both backends.

use serde_json::{json, Value};

use crate::common::api::{create_key, Api};
use crate::common::{fixture, goald, goald_json, import_json, read_json, test_dbs};

const AT: &str = "2026-07-02T12:00:00Z";

fn report(db: &crate::common::TestDb, kind: &str, member: &str, scope: &str) -> Value {
    goald_json(db, &["report", kind, "--org", "acme", "--member", member, "--scope", scope, "--at", AT, "--json"])
}

#[tokio::test]
async fn the_cli_reports_a_managers_line_an_employee_and_the_whole_org() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("reports-org.json")));
        let mia = report(&db, "progress", "mia", "line");
        // g1 g2 g3 g4 g5 g7 g8: published 5, on track 3, at risk 1, off track 1, mean 42.
        assert_eq!(mia["goals"], json!(7), "[{}] {mia}", db.backend);
        assert_eq!(mia["by_state"], json!({"published": 5, "closed": 1, "archived": 1}), "[{}]", db.backend);
        assert_eq!(mia["by_pace"], json!({"on_track": 3, "at_risk": 1, "off_track": 1}), "[{}]", db.backend);
        assert_eq!(
            (&mia["mean_progress"], &mia["past_end_date"], &mia["not_updated_28_days"]),
            (&json!(42.0), &json!(1), &json!(2))
        );
        let rows: Vec<(&Value, &Value)> =
            mia["direct_reports"].as_array().expect("rows").iter().map(|r| (&r["member"], &r["goals"])).collect();
        assert_eq!(rows, [(&json!("ann"), &json!(2)), (&json!("bob"), &json!(2)), (&json!("cid"), &json!(2))]);
        let adoption = report(&db, "adoption", "mia", "line");
        assert_eq!(adoption["members_with_published_goal_percent"], json!(80.0), "[{}] {adoption}", db.backend);
        assert_eq!(adoption["median_days_since_last_activity"], json!(12.0));
        assert_eq!(adoption["members_without_published_goal"], json!(["cid"]));
        // ann, an employee: her own g1 and g2 only.
        assert_eq!(report(&db, "progress", "ann", "line")["goals"], json!(2), "[{}]", db.backend);
        // The executive, the whole org: every goal but the draft; mean 270 / 7 = 38.57.
        let ceo = report(&db, "progress", "ceo", "org");
        assert_eq!((&ceo["goals"], &ceo["mean_progress"]), (&json!(9), &json!(38.57)), "[{}] {ceo}", db.backend);
        // A manager may not ask for the whole org; the error names why.
        let refused =
            goald(&db, &["report", "progress", "--org", "acme", "--member", "mia", "--scope", "org", "--json"]);
        assert!(!refused.status.success(), "[{}]", db.backend);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("only executives and collaborators may ask for the whole org"), "{stderr}");
    }
}

#[tokio::test]
async fn the_api_counts_only_goals_the_member_sees_and_refuses_the_org_to_a_manager() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("reports-org.json")));
        let key = create_key(&db, "acme")["key"].as_str().expect("key").to_owned();
        let api = Api::serve(&db, "acme", &key);
        // Team t1 = ann, eve: mia sees ann's g1 g2 and eve's public g10, never eve's private g9.
        let team = api.member("mia").get(&format!("/reports/progress?scope=team:t1&at={AT}")).expect(200);
        assert_eq!((&team["goals"], &team["mean_progress"]), (&json!(3), &json!(46.67)), "[{}] {team}", db.backend);
        assert_eq!(team["by_pace"]["off_track"], json!(0), "[{}] g9, off track, is not mia's to see", db.backend);
        let ceo_team = api.member("ceo").get(&format!("/reports/progress?scope=team:t1&at={AT}")).expect(200);
        assert_eq!((&ceo_team["goals"], &ceo_team["by_pace"]["off_track"]), (&json!(4), &json!(1)), "[{}]", db.backend);
        let adoption = api.member("ceo").get(&format!("/reports/adoption?scope=org&at={AT}")).expect(200);
        assert_eq!(adoption["members_without_published_goal"], json!(["ceo", "cid"]), "[{}] {adoption}", db.backend);
        assert_eq!(adoption["active_members"], json!(7));
        api.member("mia").get("/reports/progress?scope=org").expect_error(403, "forbidden");
        api.member("mia").get("/reports/adoption?scope=everyone").expect_invalid("scope");
        api.member("mia").get("/reports/progress?at=yesterday").expect_invalid("at");
        api.member("mia").get("/reports/progress?scope=team:nope").expect_error(404, "not_found");
        api.member("fay").get("/reports/progress").expect_error(403, "forbidden");
    }
}
