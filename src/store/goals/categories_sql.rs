//! The statements of goal categories (Betterworks): the org's list, one category's
//! writes, and its deletion clearing it on its goals with a history line each.

use crate::store::db::{PgOnly, Sql};

/// $1 org.
pub const CATEGORIES: Sql =
    Sql::same("select id, name, description, created_at, updated_at from categories where org_id = $1");
/// $1 org, $2 id.
pub const CATEGORY: Sql =
    Sql::same("select id, name, description, created_at, updated_at from categories where org_id = $1 and id = $2");
/// $1 org, $2 name key, $3 the id that may hold it (the category being renamed).
pub const NAME_HOLDER: Sql =
    Sql::same("select id from categories where org_id = $1 and name_key = $2 and id <> $3 limit 1");
/// $1 org, $2 id, $3 name, $4 name key, $5 description, $6 created at, $7 updated at.
pub const INSERT_CATEGORY: Sql = Sql::same(
    "insert into categories (org_id, id, name, name_key, description, created_at, updated_at) \
     values ($1, $2, $3, $4, $5, $6, $7)",
);
/// $1 org, $2 id, $3 name, $4 name key, $5 description, $6 updated at.
pub const UPDATE_CATEGORY: Sql = Sql::same(
    "update categories set name = $3, name_key = $4, description = $5, updated_at = $6 \
     where org_id = $1 and id = $2",
);
/// The import's write, parameters as the insert's; a stored category keeps its created instant.
pub const UPSERT_CATEGORY: Sql = Sql::same(
    "insert into categories (org_id, id, name, name_key, description, created_at, updated_at) \
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (org_id, id) do update set \
     name = excluded.name, name_key = excluded.name_key, description = excluded.description, \
     updated_at = excluded.updated_at",
);
/// Before the import renames: every stored name key set to one no name can have (a control
/// character and the id), so two categories may swap names. $1 org.
pub const PARK_NAME_KEYS: Sql = Sql {
    sqlite: "update categories set name_key = char(1) || id where org_id = $1",
    postgres: "update categories set name_key = chr(1) || id where org_id = $1",
};
/// $1 org, $2 id.
pub const DELETE_CATEGORY: Sql = Sql::same("delete from categories where org_id = $1 and id = $2");
/// The history line of each goal a deleted category leaves: $1 org, $2 category, $3 at,
/// $4 actor, $5 the operation. `before` names the category, as a deleted parent is named.
pub const HISTORY_OF_CLEARED: Sql = Sql {
    sqlite: "insert into goal_history (org_id, goal_id, operation, at, actor_id, before) \
             select org_id, id, $5, $3, $4, json_object('category', category_id) from goals \
             where org_id = $1 and category_id = $2",
    postgres: "insert into goal_history (org_id, goal_id, operation, at, actor_id, before) \
               select org_id, id, cast($5 as text), cast($3 as timestamptz), cast($4 as text), \
               jsonb_build_object('category', category_id) from goals \
               where org_id = $1 and category_id = $2",
};
/// $1 org, $2 category: its goals lose it (and move a revision, so a write that read
/// them before fails as changed).
pub const CLEAR_FROM_GOALS: Sql =
    Sql::same("update goals set category_id = null, revision = revision + 1 where org_id = $1 and category_id = $2");
/// $1 org: the stored ids, for an import.
pub const CATEGORY_IDS: Sql = Sql::same("select id from categories where org_id = $1");

/// Serialises an org's category creates and renames (PostgreSQL; SQLite has one writer):
/// without it two creates of one id or one name both pass the checks, and the second
/// insert fails on the unique index instead of answering "taken". $1 org.
pub const LOCK_CATEGORY_WRITES: PgOnly = PgOnly("select pg_advisory_xact_lock(hashtext('categories ' || $1))");

/// Every statement above, for the test that prepares each on both backends.
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    CATEGORIES,
    CATEGORY,
    NAME_HOLDER,
    INSERT_CATEGORY,
    UPDATE_CATEGORY,
    UPSERT_CATEGORY,
    PARK_NAME_KEYS,
    DELETE_CATEGORY,
    HISTORY_OF_CLEARED,
    CLEAR_FROM_GOALS,
    CATEGORY_IDS,
];

#[cfg(test)]
pub(crate) const PG_ONLY: &[PgOnly] = &[LOCK_CATEGORY_WRITES];
