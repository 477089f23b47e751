//! Explore's text search (`GET /goals?q=`) over a real socket, on both backends: the
//! same Unicode case folding (the goals' stored folded text), paged in SQL.

use crate::common::api::{create_key, ids, org_file, Api, ORG};
use crate::common::{import_json, test_dbs, TestDb};
use serde_json::{json, Value};

/// The API fixture with non-ASCII titles and descriptions on three goals.
fn org_with_unicode_titles() -> Value {
    let mut file = org_file(ORG);
    for goal in file["goals"].as_array_mut().unwrap() {
        let (title, description) = match goal["id"].as_str().unwrap() {
            "p-cy" => ("Éloïse's İstanbul onboarding", Some("Open the new office")),
            "p-hal" => ("Help éloïse settle in", None),
            // ASCII look-alikes: a LIKE with one-character wildcards would let them through.
            "t-ops" => ("Floise and Eloise", Some("istanbul metrics")),
            _ => continue,
        };
        goal["title"] = json!(title);
        goal["description"] = json!(description);
    }
    file
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b.is_ascii_alphanumeric() {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn unicode_case_folding_gives_the_same_answer_on_both_backends_and_pages_in_sql() {
    for db in test_dbs().await {
        import_json(&db, &org_with_unicode_titles());
        let key = create_key(&db, ORG)["key"].as_str().unwrap().to_owned();
        let api = Api::serve(&db, ORG, &key);
        let ada = api.member("ada");
        let cases: [(&str, &[&str]); 5] = [
            ("ÉLOÏSE", &["p-cy", "p-hal"]),
            ("éloïse", &["p-cy", "p-hal"]),
            ("eloise", &["t-ops"]),
            // Rust folds İ to i + combining dot above: the same on both backends.
            ("İSTANBUL", &["p-cy"]),
            ("istanbul", &["t-ops"]),
        ];
        for (text, expected) in cases {
            let answer = ada.explore(&format!("/goals?q={}", encoded(text)));
            assert_eq!(ids(&answer), *expected, "[{}] q={text}", db.backend);
            assert_eq!(answer["total"], json!(expected.len()), "[{}] q={text}", db.backend);
        }
        // The page and the total, sorted by title, one goal at a time.
        let first = ada.explore(&format!("/goals?q={}&limit=1&sort=title", encoded("ÉLOÏSE")));
        assert_eq!((ids(&first), &first["total"]), (vec!["p-hal".to_owned()], &json!(2)), "[{}]", db.backend);
        let second = ada.explore(&format!("/goals?q={}&limit=1&offset=1&sort=title", encoded("ÉLOÏSE")));
        assert_eq!(ids(&second), vec!["p-cy".to_owned()], "[{}] {second}", db.backend);
    }
}

/// As a database stored before the folded columns existed holds its goals.
async fn forget_folded_text(db: &TestDb) {
    let sql = "update goals set title_folded = null, description_folded = null";
    match db.backend {
        "sqlite" => {
            let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
        _ => {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

#[tokio::test]
async fn goals_stored_before_the_folded_columns_are_folded_when_the_database_opens() {
    for db in test_dbs().await {
        import_json(&db, &org_with_unicode_titles());
        forget_folded_text(&db).await;
        let key = create_key(&db, ORG)["key"].as_str().unwrap().to_owned();
        let api = Api::serve(&db, ORG, &key);
        let answer = api.member("ada").explore(&format!("/goals?q={}", encoded("ÉLOÏSE")));
        assert_eq!(ids(&answer), ["p-cy", "p-hal"], "[{}] {answer}", db.backend);
    }
}
