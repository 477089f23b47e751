//! `place` when spans run out: a parent squeezed to a narrow span takes new children until
//! its tail is full, then its subtree, then an ancestor's, then the org is numbered again,
//! and after every step each span holds exactly its goal's descendants (SQLite; the
//! statements are the same text on PostgreSQL but for the batch write, which
//! tests/it/goal_links_match_rules.rs runs there).

use std::collections::HashMap;

use serde_json::json;

use super::place;
use crate::core::ids::{GoalId, OrgId};
use crate::import::format::ImportFile;
use crate::store::db::{Db, Param, RowReader, Sql};
use crate::store::org::OrgStore;
use crate::store::sql_store::SqlStore;

fn org_file() -> ImportFile {
    let goal = |id: &str, parent: Option<&str>| {
        json!({
            "id": id, "title": id, "type": "personal", "state": "published", "creator": "ann", "owner": "ann",
            "contributors": {"members": [], "teams": []}, "visibility": "public", "parent": parent,
            "start_date": "2026-01-01", "end_date": "2026-12-31", "tracking": "basic", "progress": 0,
            "created_at": "2026-01-01T10:00:00Z", "published_at": "2026-01-02T10:00:00Z"
        })
    };
    serde_json::from_value(json!({
        "org": {"id": "o", "name": "O", "timezone": "Europe/Paris", "locale": "en"},
        "members": [{"id": "ann", "name": "Ann", "email": null, "role": "employee", "manager": null, "active": true}],
        "teams": [],
        "goals": [goal("top", None), goal("mid", Some("top")), goal("leaf", Some("mid")), goal("alone", None)],
    }))
    .expect("an import file")
}

/// Every goal's (parent, key, end).
async fn spans(db: &Db) -> HashMap<String, (Option<String>, i64, i64)> {
    let rows = db.fetch(Sql::same("select id, parent_id, tree_key, tree_end from goals where org_id = 'o'"), &[]).await;
    let mut out = HashMap::new();
    for row in rows.expect("read") {
        let key = (row.opt_text("parent_id").unwrap(), row.int("tree_key").unwrap(), row.int("tree_end").unwrap());
        out.insert(row.text("id").unwrap(), key);
    }
    out
}

fn assert_spans_hold_exactly_the_descendants(all: &HashMap<String, (Option<String>, i64, i64)>, step: &str) {
    let above = |goal: &str, ancestor: &str| {
        let mut current = all[goal].0.as_deref();
        while let Some(parent) = current {
            if parent == ancestor {
                return true;
            }
            current = all[parent].0.as_deref();
        }
        false
    };
    for (a, (_, key, end)) in all {
        for (d, (_, other, _)) in all {
            let holds = other > key && other <= end;
            assert_eq!(holds, a != d && above(d, a), "{step}: does {a} hold {d}?");
        }
    }
}

#[tokio::test]
async fn a_full_span_renumbers_the_subtree_then_above_then_the_org() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("goald.db").display());
    let store = SqlStore { db: Db::open_sqlite(&url, 2, true).await.unwrap() };
    store.import(org_file()).await.unwrap();
    assert_spans_hold_exactly_the_descendants(&spans(&store.db).await, "after the import");
    let org = OrgId::parse("o").unwrap();
    // `mid` squeezed to 100 keys and `top` to 2,100: `mid`'s new children first fill its
    // tail, then `mid`'s subtree is numbered again inside its span; past 48 children it
    // is too narrow and `top`'s subtree is numbered instead.
    let mid = spans(&store.db).await["mid"].1;
    squeeze(&store.db, "mid", mid + 100).await;
    squeeze(&store.db, "top", mid + 2_100).await;
    for n in 0..60 {
        add_child_of_mid(&store, &org, n).await;
    }
    let after = spans(&store.db).await;
    assert_eq!(after["top"].2, mid + 2_100, "top kept its span");
    assert!(after["mid"].2 - after["mid"].1 > 100, "mid's span was renumbered by top's");
    // Both squeezed to a few keys: no goal above has room, so the whole org is numbered.
    squeeze(&store.db, "mid", after["mid"].1 + 5).await;
    squeeze(&store.db, "top", after["mid"].1 + 6).await;
    add_child_of_mid(&store, &org, 60).await;
    assert!(spans(&store.db).await["top"].2 > mid + 2_100, "the org was numbered again: top's span grew");
}

async fn squeeze(db: &Db, goal: &str, end: i64) {
    let sql = Sql::same("update goals set tree_end = $2 where org_id = 'o' and id = $1");
    db.execute(sql, &[Param::Text(goal), Param::Int(end)]).await.unwrap();
}

/// A copy of `leaf` under `mid`, placed as a goal write places it.
async fn add_child_of_mid(store: &SqlStore, org: &OrgId, n: usize) {
    let id = format!("new{n}");
    let insert = Sql::same(
        "insert into goals (org_id, id, title, goal_type, state, creator_id, owner_id, visibility, parent_id, \
         contributes_to_parent, start_date, end_date, tracking, progress, created_at, requires_update, revision) \
         select org_id, $1, title, goal_type, state, creator_id, owner_id, visibility, 'mid', true, start_date, \
         end_date, tracking, progress, created_at, false, 0 from goals where org_id = 'o' and id = 'leaf'",
    );
    store.db.execute(insert, &[Param::Text(&id)]).await.unwrap();
    let mut tx = store.db.begin().await.unwrap();
    place(&mut tx, org, &GoalId::parse(id.as_str()).unwrap()).await.unwrap();
    tx.commit().await.unwrap();
    assert_spans_hold_exactly_the_descendants(&spans(&store.db).await, &format!("after {id}"));
}
