//! Every statement the store runs, prepared on a freshly migrated SQLite and PostgreSQL
//! database. sqlx's compile-time checks cannot hold two dialects in one crate; this is
//! what catches a broken statement (a typo, a column a migration renamed, a type one
//! backend rejects) before a request runs it.

use sqlx::{Connection, Executor};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::{GoalState, GoalType};
use crate::store::db::{self, postgres, sqlite, sqlite_placeholders, Sql};
use crate::store::goals::explore::{goals_by_id, Filter};
use crate::store::goals::types::{ExploreQuery, SortKey};
use crate::store::org::policy_visibility_sql::PolicyFlags;
use crate::store::{goals, hris, metrics, notify, org, reminders, reports, scim};

const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Every statement of every area, as (name, sqlite, postgres).
fn statements() -> Vec<(String, String, String)> {
    let goal_reads = goals::read_sql::all();
    let visibility = org::visibility_sql::all();
    let reminders = reminders::sql::all();
    let reports = reports::all();
    let policy_visibility = org::policy_visibility_sql::all();
    let chain = goals::chain::all();
    let lists: [(&str, &[Sql]); 21] = [
        ("goal tree keys", goals::tree_keys::ALL),
        ("policy history", org::policy_store::ALL),
        ("policy visibility", &policy_visibility),
        ("goal chain", &chain),
        ("goal people", goals::people::ALL),
        ("fold", db::fold::ALL),
        ("org", org::sql::ALL),
        ("visibility", &visibility),
        ("line keys", org::line_keys::ALL),
        ("import deletes", org::tables::ALL),
        ("goal reads", &goal_reads),
        ("goal writes", goals::sql::ALL),
        ("goal social", goals::social_sql::ALL),
        ("goal categories", goals::categories_sql::ALL),
        ("api keys", goals::api_keys::ALL),
        ("reminders", &reminders),
        ("hris", hris::sql::ALL),
        ("metrics", metrics::ALL),
        ("scim", scim::sql::ALL),
        ("reports", &reports),
        ("notify", notify::sql::ALL),
    ];
    let mut all = Vec::new();
    for (area, list) in lists {
        for (i, sql) in list.iter().enumerate() {
            all.push((format!("{area} #{i}"), sql.sqlite.to_owned(), sql.postgres.to_owned()));
        }
    }
    for (i, sql) in crate::store::manager_digests::sql::all().iter().enumerate() {
        all.push((format!("manager digests #{i}"), sql.sqlite.to_owned(), sql.postgres.to_owned()));
    }
    let (sqlite, postgres) = crate::store::manager_digests::sql::queue(2);
    all.push(("manager digests queue".into(), sqlite, postgres));
    for bulk in org::tables::bulks().into_iter().chain([&*goals::people::INSERT_GOAL_PEOPLE]) {
        let rows = bulk.sqlite_rows_per_statement();
        all.push((format!("bulk {}", bulk.table), bulk.sqlite_statement(rows), bulk.postgres_upsert.clone()));
    }
    let (sqlite, postgres) = goals_by_id();
    all.push(("explore by id".to_owned(), sqlite, postgres));
    all.extend(explore_statements());
    all
}

/// Explore's statements, built at run time: one per shape of where clause.
fn explore_statements() -> Vec<(String, String, String)> {
    let org = OrgId::parse("o").expect("an org id");
    let viewer = MemberId::parse("m").expect("a member id");
    let every_filter = ExploreQuery {
        mine: false,
        owner: Some(viewer.clone()),
        state: Some(GoalState::Published),
        goal_type: Some(GoalType::Team),
        parent: Some(Some(GoalId::parse("p").expect("a goal id"))),
        text: Some("x".to_owned()),
        sort: SortKey::Progress,
        descending: true,
        limit: 10,
        offset: 5,
        following: true,
        category: Some(Some(crate::core::ids::CategoryId::parse("c").expect("a category id"))),
    };
    let mine = ExploreQuery {
        mine: true,
        owner: None,
        text: None,
        parent: Some(None),
        category: Some(None),
        ..every_filter.clone()
    };
    let mut all = Vec::new();
    let flags = PolicyFlags { manager_editor: true, waterfall: true, manages_line: true, global_viewer: false };
    for (name, query, sees_everything, policy) in [
        ("filtered", &every_filter, false, None),
        ("filtered with a policy", &every_filter, false, Some(flags)),
        ("mine", &mine, false, None),
        ("everything", &every_filter, true, None),
    ] {
        let filter = Filter::new(&org, &viewer, sees_everything, policy, query, query.text.as_deref());
        let (sqlite, postgres) = filter.page(query);
        all.push((format!("explore {name} page"), sqlite, postgres));
        let (sqlite, postgres) = filter.count();
        all.push((format!("explore {name} count"), sqlite, postgres));
    }
    all
}

#[tokio::test]
async fn every_statement_prepares_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("goald.db").display());
    let pool = sqlite::connect(&url, 1, true).await.expect("a migrated SQLite database");
    let mut broken = Vec::new();
    for (name, sql, _) in statements() {
        if let Err(e) = pool.prepare(sqlite_placeholders(&sql).as_str()).await {
            broken.push(format!("{name}: {e}\n  {sql}"));
        }
    }
    assert!(broken.is_empty(), "statements SQLite rejects:\n{}", broken.join("\n"));
}

#[tokio::test]
async fn every_statement_prepares_on_postgres() {
    let admin_url = std::env::var("PG_TEST_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
    let required = std::env::var("PG_TEST_REQUIRED").is_ok_and(|v| v == "1" || v == "true");
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if required => panic!("PostgreSQL at {admin_url} is required (PG_TEST_REQUIRED) but unreachable: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: PostgreSQL at {admin_url} unreachable: {e}");
            return;
        }
    };
    let name = format!("goald_statements_{}_{}", std::process::id(), rand::random::<u32>());
    admin.execute(format!("create database {name}").as_str()).await.expect("a test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    let pool = postgres::connect(&url, 1).await.expect("a migrated PostgreSQL database");
    let mut broken = Vec::new();
    let pg_only = org::sql::PG_ONLY.iter().enumerate().map(|(i, sql)| (format!("org only #{i}"), sql.0.to_owned()));
    let tree_keys = goals::tree_keys::PG_ONLY.iter().enumerate();
    let pg_only = pg_only.chain(tree_keys.map(|(i, sql)| (format!("tree keys only #{i}"), sql.0.to_owned())));
    let statistics = hris::statistics::PG_ONLY.iter().enumerate();
    let pg_only = pg_only.chain(statistics.map(|(i, sql)| (format!("hris statistics #{i}"), sql.0.to_owned())));
    let categories = goals::categories_sql::PG_ONLY.iter().enumerate();
    let pg_only = pg_only.chain(categories.map(|(i, sql)| (format!("categories only #{i}"), sql.0.to_owned())));
    let all = statements().into_iter().map(|(name, _, sql)| (name, sql)).chain(pg_only);
    for (statement, sql) in all {
        if let Err(e) = pool.prepare(sql.as_str()).await {
            broken.push(format!("{statement}: {e}\n  {sql}"));
        }
    }
    pool.close().await;
    let _ = admin.execute(format!("drop database if exists {name} with (force)").as_str()).await;
    assert!(broken.is_empty(), "statements PostgreSQL rejects:\n{}", broken.join("\n"));
}
