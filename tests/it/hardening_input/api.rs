//! The goals API over HTTP: 400 `invalid` naming the field as in the body (never a 500),
//! and the goal, its comments and its updates as they were.

use serde_json::{json, Value};

use super::{no_nul_in, table_counts};
use crate::common::api::{personal, with, Api, Member};
use crate::common::test_dbs;

/// The goal as read back, with its comments, updates and history.
fn state_of(dee: &Member<'_>, id: &str) -> Value {
    json!({"goal": dee.goal(id), "comments": dee.comments(id), "updates": dee.updates(id), "history": dee.history(id)})
}

#[tokio::test]
async fn a_new_goal_with_a_nul_a_line_break_or_too_long_a_title_is_refused() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let before = table_counts(&db).await;
        let measurement = json!([{"name": "Pages\u{0}", "kind": "numeric", "start": 0, "target": 10}]);
        let cases = [
            (with(personal("Read\u{0}"), json!({})), "title"),
            (personal("Read\r\nten books"), "title"),
            (personal(&"t".repeat(256)), "title"),
            (with(personal("Read"), json!({"description": "a\u{0}b"})), "description"),
            (
                with(personal("Read"), json!({"tracking": "measurements", "measurements": measurement})),
                "measurements[0].name",
            ),
            (with(personal("Read"), json!({"id": ".."})), "id"),
            (with(personal("Read"), json!({"id": "."})), "id"),
            (with(personal("Read"), json!({"id": "a/b"})), "id"),
            (with(personal("Read"), json!({"id": "g\u{0}1"})), "id"),
        ];
        for (body, field) in cases {
            dee.post("/goals", body).expect_invalid(field);
        }
        assert_eq!(table_counts(&db).await, before, "[{}] a refused goal was stored", db.backend);
        assert!(no_nul_in(&db, "goals", "title").await, "[{}]", db.backend);
        // Each limit is inclusive: 255 characters is a title, and so is its copy's, which
        // can be edited like any goal.
        let longest = dee.create(personal(&"é".repeat(255)));
        let copy =
            dee.post(&format!("/goals/{}/duplicate", longest["id"].as_str().expect("id")), json!({})).expect(201);
        let title = copy["title"].as_str().expect("title");
        assert!(title.chars().count() == 255 && title.ends_with(" (copy)"), "[{}] {title}", db.backend);
        let path = format!("/goals/{}", copy["id"].as_str().expect("id"));
        dee.patch(&path, json!({"description": "edited"})).expect(200);
    }
}

#[tokio::test]
async fn an_edit_with_a_nul_changes_nothing() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let before = state_of(&dee, "p-dee");
        let cases = [
            (json!({"title": "a\u{0}"}), "title"),
            (json!({"title": "Two\nlines"}), "title"),
            (json!({"title": "t".repeat(256)}), "title"),
            (json!({"description": "a\u{0}"}), "description"),
            (json!({"description": "bell\u{7}"}), "description"),
        ];
        for (body, field) in cases {
            dee.patch("/goals/p-dee", body).expect_invalid(field);
        }
        assert_eq!(state_of(&dee, "p-dee"), before, "[{}] a refused edit changed the goal", db.backend);
        // A description keeps its lines and tabs.
        dee.patch("/goals/p-dee", json!({"description": "line 1\r\nline 2\tend"})).expect(200);
    }
}

#[tokio::test]
async fn a_comment_or_progress_comment_with_a_nul_is_refused() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let before = state_of(&dee, "p-dee");
        dee.post("/goals/p-dee/comments", json!({"body": "x\u{0}y"})).expect_invalid("body");
        dee.post("/goals/p-dee/comments", json!({"body": "c1\u{9b}"})).expect_invalid("body");
        dee.post("/goals/p-dee/progress", json!({"progress": 50, "comment": "x\u{0}"})).expect_invalid("comment");
        let long = "c".repeat(2049);
        dee.post("/goals/p-dee/progress", json!({"progress": 50, "comment": long})).expect_invalid("comment");
        assert_eq!(state_of(&dee, "p-dee"), before, "[{}] a refused comment changed the goal", db.backend);
        assert!(no_nul_in(&db, "comments", "body").await, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn explore_refuses_a_nul_or_a_line_break_in_q_and_unreachable_ids() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        ada.get("/goals?q=a%00b").expect_invalid("q");
        ada.get("/goals?q=a%0D%0Ab").expect_invalid("q");
        ada.get(&format!("/goals?q={}", "q".repeat(256))).expect_invalid("q");
        ada.get("/goals?owner=a%00").expect_invalid("owner");
        ada.get("/goals?parent=..").expect_invalid("parent");
        ada.explore("/goals?q=Sales%20team&limit=5");
    }
}
