//! `refresh_goal_line_keys`, as the goal writes outside an import use it: change a goal's
//! owner and contributors with plain SQL, refresh, and visibility follows (SQLite; the
//! statements are the same text on PostgreSQL).

use serde_json::json;

use super::refresh_goal_line_keys;
use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::import::format::ImportFile;
use crate::org::OrgChart;
use crate::store::db::Db;
use crate::store::db::Sql;
use crate::store::org::OrgStore;
use crate::store::sql_store::SqlStore;
use crate::visibility::visible_goal_ids;

fn org_file() -> ImportFile {
    let member = |id: &str, manager: Option<&str>| json!({"id": id, "name": id, "email": null, "role": "employee", "manager": manager, "active": true});
    let goal = json!({
        "id": "g1", "title": "G", "type": "personal", "state": "published",
        "creator": "out", "owner": "out", "contributors": {"members": [], "teams": []},
        "visibility": "owners_and_contributors", "start_date": "2026-01-01", "end_date": "2026-12-31",
        "tracking": "basic", "progress": 0, "created_at": "2026-01-01T10:00:00Z",
        "published_at": "2026-01-02T10:00:00Z"
    });
    serde_json::from_value(json!({
        "org": {"id": "o", "name": "O", "timezone": "Europe/Paris", "locale": "en"},
        "members": [member("boss", None), member("ann", Some("boss")), member("bob", Some("boss")),
                    member("out", None), member("solo", None)],
        "teams": [],
        "goals": [goal],
    }))
    .expect("an import file")
}

async fn sees_rule_and_sql(store: &SqlStore, member: &str) -> (Vec<GoalId>, Vec<GoalId>) {
    let org = OrgId::parse("o").unwrap();
    let member = MemberId::parse(member).unwrap();
    let snapshot = store.snapshot(&org).await.unwrap().unwrap();
    let chart = OrgChart::new(&snapshot.members, &snapshot.teams);
    let rule = visible_goal_ids(&chart, &member, &snapshot.goals);
    (store.visible_goal_ids(&org, &member).await.unwrap(), rule)
}

/// Runs `change` and the refresh in one transaction, as a goal write does.
async fn change_and_refresh(store: &SqlStore, change: &[&'static str], org: &OrgId, goal: &GoalId) {
    let mut tx = store.db.begin().await.unwrap();
    for sql in change {
        tx.execute(Sql::same(sql), &[]).await.unwrap();
    }
    refresh_goal_line_keys(&mut tx, org, goal).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn visibility_follows_a_new_owner_and_new_contributors_once_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("goald.db").display());
    let store = SqlStore { db: Db::open_sqlite(&url, 2, true).await.unwrap() };
    store.import(org_file()).await.unwrap();
    let (org, goal) = (OrgId::parse("o").unwrap(), GoalId::parse("g1").unwrap());
    let (sql, rule) = sees_rule_and_sql(&store, "boss").await;
    assert!(sql.is_empty() && rule.is_empty(), "nobody below boss is involved yet");

    // Ann (below boss) becomes the owner, solo a contributor: boss and solo see the goal.
    let change = [
        "update goals set owner_id = 'ann' where org_id = 'o' and id = 'g1'",
        "insert into goal_member_contributors (org_id, goal_id, member_id) values ('o', 'g1', 'solo')",
    ];
    change_and_refresh(&store, &change, &org, &goal).await;
    for member in ["boss", "ann", "bob", "out", "solo"] {
        let (sql, rule) = sees_rule_and_sql(&store, member).await;
        assert_eq!(sql, rule, "{member} after the owner change");
    }
    assert_eq!(sees_rule_and_sql(&store, "boss").await.0, vec![goal.clone()]);

    // Back to an owner outside boss's line, contributors gone: boss no longer sees it.
    let change = [
        "update goals set owner_id = 'out' where org_id = 'o' and id = 'g1'",
        "delete from goal_member_contributors where org_id = 'o' and goal_id = 'g1'",
    ];
    change_and_refresh(&store, &change, &org, &goal).await;
    for member in ["boss", "ann", "bob", "out", "solo"] {
        let (sql, rule) = sees_rule_and_sql(&store, member).await;
        assert_eq!(sql, rule, "{member} after the owner moved back");
    }
}
