//! The goals API, comment edits and deletions (docs/api.md `/goals/{goal}/comments/{id}`):
//! their author only, within 24 hours of writing; each edit and deletion written in the
//! goal's history with the text before; a goal the caller cannot see answers 404.

use crate::common::api::{id_of, Api, ORG};
use crate::common::test_dbs;
use chrono::Utc;
use serde_json::{json, Value};

fn last_entry(history: &[Value]) -> &Value {
    history.last().expect("a history entry")
}

#[tokio::test]
async fn the_author_edits_and_deletes_their_comment_and_the_history_keeps_the_text() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        let first = cy.post("/goals/p-dee/comments", json!({"body": "How was the exam?"})).expect(201);
        let path = format!("/goals/p-dee/comments/{}", id_of(&first));

        let edited = cy.patch(&path, json!({"body": "How did the exam go?"})).expect(200);
        assert_eq!((&edited["id"], &edited["body"]), (&first["id"], &json!("How did the exam go?")), "{edited}");
        assert!(edited["edited_at"].is_string(), "[{}] {edited}", db.backend);
        assert_eq!(edited["at"], first["at"], "[{}] the writing time stays", db.backend);
        assert_eq!(dee.comments("p-dee"), std::slice::from_ref(&edited), "[{}]", db.backend);
        let entry = last_entry(&dee.history("p-dee")).clone();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("CommentEdited"), &json!("cy")), "{entry}");
        assert_eq!(entry["before"]["body"], json!("How was the exam?"), "[{}] {entry}", db.backend);
        assert_eq!(entry["before"]["comment"], first["id"], "[{}] {entry}", db.backend);

        cy.delete(&path).expect(204);
        assert!(dee.comments("p-dee").is_empty(), "[{}]", db.backend);
        let entry = last_entry(&dee.history("p-dee")).clone();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("CommentDeleted"), &json!("cy")), "{entry}");
        assert_eq!(entry["before"]["body"], json!("How did the exam go?"), "[{}] {entry}", db.backend);
        // Gone: a second deletion or an edit finds nothing.
        cy.delete(&path).expect_error(404, "not_found");
        cy.patch(&path, json!({"body": "again"})).expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn nobody_but_the_author_changes_a_comment_and_bad_text_changes_nothing() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        let comment = cy.post("/goals/p-dee/comments", json!({"body": "Well done"})).expect(201);
        let path = format!("/goals/p-dee/comments/{}", id_of(&comment));
        let operations = dee.operations("p-dee");

        // The goal's owner and an executive see the goal but did not write it.
        for other in ["dee", "ada"] {
            let refused = api.member(other).patch(&path, json!({"body": "Edited"})).expect_error(403, "forbidden");
            assert!(refused["message"].as_str().unwrap_or("").contains("author"), "[{}] {refused}", db.backend);
            api.member(other).delete(&path).expect_error(403, "forbidden");
        }
        cy.patch(&path, json!({"body": "é".repeat(2049)})).expect_invalid("body");
        cy.patch(&path, json!({"body": "  "})).expect_invalid("body");
        assert_eq!(dee.comments("p-dee"), std::slice::from_ref(&comment), "[{}]", db.backend);
        assert_eq!(dee.operations("p-dee"), operations, "[{}] nothing written", db.backend);

        // A comment id of another goal, or no number at all: not on this goal.
        let elsewhere = cy.post("/goals/p-cy/comments", json!({"body": "Mine"})).expect(201);
        cy.patch(&format!("/goals/p-dee/comments/{}", id_of(&elsewhere)), json!({"body": "x"}))
            .expect_error(404, "not_found");
        cy.delete("/goals/p-dee/comments/abc").expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn a_member_who_cannot_see_the_goal_learns_nothing_of_its_comments() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // gus does not see p-dee (dee's private goal); his own comment elsewhere has an id.
        let comment = api.member("dee").post("/goals/p-dee/comments", json!({"body": "Note"})).expect(201);
        let gus = api.member("gus");
        let real = format!("/goals/p-dee/comments/{}", id_of(&comment));
        let unknown = "/goals/p-dee/comments/999999";
        let mut answers = Vec::new();
        for path in [real.as_str(), unknown] {
            answers.push(gus.patch(path, json!({"body": "Hi"})).expect_error(404, "not_found"));
            answers.push(gus.delete(path).expect_error(404, "not_found"));
        }
        // The same answer whether the comment exists or not, and whether the goal does.
        let ghost = gus.delete("/goals/no-such-goal/comments/1").expect_error(404, "not_found");
        for answer in &answers {
            assert_eq!(answer["code"], ghost["code"], "[{}] {answer}", db.backend);
            assert!(!answer.to_string().contains("Note"), "[{}] {answer}", db.backend);
        }
        assert_eq!(api.member("dee").comments("p-dee"), [comment], "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_comment_older_than_24_hours_is_no_longer_changed() {
    for db in test_dbs().await {
        // Written by a daemon whose clock reads 25 hours ago...
        let earlier = (Utc::now() - chrono::Duration::hours(25)).to_rfc3339();
        let past = Api::start(&db);
        let key = past.key.clone();
        drop(past);
        let past = Api::serve_with(&db, ORG, &key, &[("GOALD_NOW", &earlier)]);
        let old = past.member("cy").post("/goals/p-dee/comments", json!({"body": "Old"})).expect(201);
        let recent = (Utc::now() - chrono::Duration::hours(23)).to_rfc3339();
        drop(past);
        let past = Api::serve_with(&db, ORG, &key, &[("GOALD_NOW", &recent)]);
        let young = past.member("cy").post("/goals/p-dee/comments", json!({"body": "Young"})).expect(201);
        drop(past);

        // ... and changed on one reading now.
        let api = Api::serve(&db, ORG, &key);
        let cy = api.member("cy");
        let old_path = format!("/goals/p-dee/comments/{}", id_of(&old));
        let refused = cy.patch(&old_path, json!({"body": "Too late"})).expect_error(403, "forbidden");
        assert!(refused["message"].as_str().unwrap_or("").contains("24 hours"), "[{}] {refused}", db.backend);
        cy.delete(&old_path).expect_error(403, "forbidden");
        let young_path = format!("/goals/p-dee/comments/{}", id_of(&young));
        assert_eq!(cy.patch(&young_path, json!({"body": "Still mine"})).expect(200)["body"], json!("Still mine"));
        let bodies: Vec<Value> = cy.comments("p-dee").iter().map(|c| c["body"].clone()).collect();
        assert_eq!(bodies, [json!("Old"), json!("Still mine")], "[{}]", db.backend);
    }
}
