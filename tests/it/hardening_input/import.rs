//! The import file (`goald import`): the refusal names the entity, its id and the field.

use serde_json::{json, Value};

use super::{no_nul_in, table_counts};
use crate::common::{fixture, goald, import_json, read_json, test_dbs, TestDb};

/// The example org under another id: anything accepted from it would add rows.
fn hostile_org() -> Value {
    let mut file = read_json(&fixture("example-org.json"));
    file["org"]["id"] = json!("hostile");
    file
}

fn goal_mut<'a>(file: &'a mut Value, id: &str) -> &'a mut Value {
    let goals = file["goals"].as_array_mut().expect("goals");
    goals.iter_mut().find(|g| g["id"] == id).expect("goal of the fixture")
}

fn member_mut<'a>(file: &'a mut Value, id: &str) -> &'a mut Value {
    let members = file["members"].as_array_mut().expect("members");
    members.iter_mut().find(|m| m["id"] == id).expect("member of the fixture")
}

fn import_file(db: &TestDb, file: &Value) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("org.json");
    std::fs::write(&path, serde_json::to_vec(file).expect("JSON")).expect("write");
    goald(db, &["import", path.to_str().expect("utf-8")])
}

/// Imports the example, then the broken hostile org: refused, naming `words`, nothing stored.
async fn assert_refused(broken: impl Fn(&mut Value), words: &[&str]) {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        let before = table_counts(&db).await;
        let mut file = hostile_org();
        broken(&mut file);
        let out = import_file(&db, &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "[{}] a hostile file was accepted", db.backend);
        for word in words {
            assert!(stderr.contains(word), "[{}] error {stderr:?} should name {word:?}", db.backend);
        }
        assert!(!stderr.contains("panicked"), "[{}] {stderr}", db.backend);
        assert_eq!(table_counts(&db).await, before, "[{}] a refused file stored something", db.backend);
        assert!(no_nul_in(&db, "goals", "title").await, "[{}] a NUL was stored", db.backend);
    }
}

#[tokio::test]
async fn a_nul_in_a_title_is_refused_naming_the_goal_and_the_field() {
    let words = ["goal \"g-dee\"", "title", "NUL"];
    assert_refused(|f| goal_mut(f, "g-dee")["title"] = json!("Ship\u{0}it"), &words).await;
}

#[tokio::test]
async fn a_nul_in_a_description_comment_or_measurement_name_is_refused_naming_it() {
    assert_refused(|f| goal_mut(f, "g-dee")["description"] = json!("a\u{0}"), &["goal \"g-dee\"", "description"]).await;
    let comment = |f: &mut Value| goal_mut(f, "g-arr")["updates"][0]["comment"] = json!("Q4\u{0}");
    assert_refused(comment, &["goal \"g-arr\"", "updates[0]", "comment"]).await;
    let measurement = |f: &mut Value| goal_mut(f, "g-sales")["measurements"][0]["name"] = json!("n\u{0}");
    assert_refused(measurement, &["goal \"g-sales\"", "measurement \"m-new\"", "name"]).await;
}

#[tokio::test]
async fn a_line_break_in_a_member_or_team_name_is_refused() {
    let member = |f: &mut Value| member_mut(f, "dee")["name"] = json!("Dee\r\nBcc: everyone@example.com");
    assert_refused(member, &["member \"dee\"", "name", "U+000D"]).await;
    assert_refused(|f| f["teams"][0]["name"] = json!("Sales\nTeam"), &["team \"sales\"", "name"]).await;
    assert_refused(|f| f["org"]["name"] = json!("North\u{85}wind"), &["org \"hostile\"", "name"]).await;
}

#[tokio::test]
async fn a_title_over_255_characters_is_refused_as_the_api_would() {
    assert_refused(|f| goal_mut(f, "g-dee")["title"] = json!("é".repeat(256)), &["goal \"g-dee\"", "title", "255"])
        .await;
}

#[tokio::test]
async fn over_long_names_and_emails_are_refused() {
    let name = |f: &mut Value| member_mut(f, "dee")["name"] = json!("n".repeat(201));
    assert_refused(name, &["member \"dee\"", "name", "200"]).await;
    let email = |f: &mut Value| member_mut(f, "dee")["email"] = json!(format!("{}@example.com", "d".repeat(250)));
    assert_refused(email, &["member \"dee\"", "email", "254"]).await;
}

#[tokio::test]
async fn a_goal_id_dot_dot_or_with_a_slash_is_refused() {
    let dots = |f: &mut Value| {
        goal_mut(f, "g-dee")["id"] = json!("..");
    };
    assert_refused(dots, &["goal \"..\"", "path segment"]).await;
    let slash = |f: &mut Value| member_mut(f, "hal")["id"] = json!("hal/../ada");
    assert_refused(slash, &["member \"hal/../ada\"", "slash"]).await;
}
