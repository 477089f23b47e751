//! The goals API's writes and the reads of revisions, updates, comments and history.

use crate::store::db::Sql;

/// (`DbRow::int` reads PostgreSQL's integer revision as it is.)
pub const GOAL_META: Sql = Sql::same("select revision, last_activity_at from goals where org_id = $1 and id = $2");
/// Reads the revision and, on PostgreSQL, locks the row until the transaction ends
/// (SQLite's transactions already hold the only writer's lock).
pub const LOCK_GOAL: Sql = Sql {
    sqlite: "select revision from goals where org_id = $1 and id = $2",
    postgres: "select revision from goals where org_id = $1 and id = $2 for update",
};
pub const GOAL_EXISTS: Sql = Sql::same("select 1 as found from goals where org_id = $1 and id = $2");

/// The latest update, else the publication: what the weekly reminder reads (CONTRACT §5).
pub const REFRESH_LAST_ACTIVITY: Sql = Sql {
    // SQLite's two-argument max() is null when either is: the coalesce keeps the other.
    sqlite: "update goals set last_activity_at = coalesce(max(published_at, \
             (select max(at) from progress_updates u where u.org_id = $1 and u.goal_id = $2)), published_at, \
             (select max(at) from progress_updates u where u.org_id = $1 and u.goal_id = $2)) \
             where org_id = $1 and id = $2",
    postgres: "update goals set last_activity_at = greatest(published_at, \
               (select max(at) from progress_updates u where u.org_id = $1 and u.goal_id = $2)) \
               where org_id = $1 and id = $2",
};

pub const DELETE_GOAL_MEMBER_CONTRIBUTORS: Sql =
    Sql::same("delete from goal_member_contributors where org_id = $1 and goal_id = $2");
pub const DELETE_GOAL_TEAM_CONTRIBUTORS: Sql =
    Sql::same("delete from goal_team_contributors where org_id = $1 and goal_id = $2");
pub const INSERT_MEMBER_CONTRIBUTOR: Sql =
    Sql::same("insert into goal_member_contributors (org_id, goal_id, member_id) values ($1, $2, $3)");
pub const INSERT_TEAM_CONTRIBUTOR: Sql =
    Sql::same("insert into goal_team_contributors (org_id, goal_id, team_id) values ($1, $2, $3)");
pub const DELETE_GOAL_MEASUREMENTS: Sql = Sql::same("delete from measurements where org_id = $1 and goal_id = $2");
pub const INSERT_MEASUREMENT: Sql = Sql::same(
    "insert into measurements (org_id, goal_id, id, position, name, kind, start_value, current_value, target_value, weight) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
);
pub const DELETE_UPDATES: Sql = Sql::same("delete from progress_updates where org_id = $1 and goal_id = $2");
pub const DELETE_COMMENTS: Sql = Sql::same("delete from comments where org_id = $1 and goal_id = $2");
pub const DELETE_GOAL: Sql = Sql::same("delete from goals where org_id = $1 and id = $2");
pub const CHILD_IDS: Sql = Sql::same("select id from goals where org_id = $1 and parent_id = $2 order by id");
pub const UNLINK_CHILD: Sql = Sql::same(
    "update goals set parent_id = null, weight = null, revision = revision + 1 where org_id = $1 and id = $2",
);

pub const INSERT_HISTORY: Sql = Sql {
    sqlite:
        "insert into goal_history (org_id, goal_id, operation, at, actor_id, before) values ($1, $2, $3, $4, $5, $6)",
    postgres: "insert into goal_history (org_id, goal_id, operation, at, actor_id, before) \
               values ($1, $2, $3, $4, $5, cast($6 as jsonb))",
};
pub const HISTORY: Sql = Sql {
    sqlite: "select id, operation, at, actor_id, before from goal_history where org_id = $1 and goal_id = $2 order by at, id",
    postgres: "select id, operation, at, actor_id, before::text as before from goal_history \
               where org_id = $1 and goal_id = $2 order by at, id",
};

/// $1 org, $2 goal, $3 at, $4 author, $5 progress, $6 measurement values, $7 status, $8 comment,
/// $9 automatic, $10 before.
pub const INSERT_UPDATE: Sql = Sql {
    sqlite: "insert into progress_updates (org_id, goal_id, at, author_id, progress, measurement_values, status, \
             comment, automatic, before) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             on conflict (org_id, goal_id, at, author_id, automatic) do update set progress = excluded.progress \
             returning id",
    postgres: "insert into progress_updates (org_id, goal_id, at, author_id, progress, measurement_values, status, \
               comment, automatic, before) values ($1, $2, $3, $4, $5, cast($6 as jsonb), $7, $8, $9, \
               cast($10 as jsonb)) \
               on conflict (org_id, goal_id, at, author_id, automatic) do update set progress = excluded.progress \
               returning id",
};
pub const EDIT_UPDATE: Sql = Sql {
    sqlite: "update progress_updates set progress = $4, measurement_values = $5, status = $6, comment = $7, \
             edited_at = $8 where org_id = $1 and goal_id = $2 and id = $3",
    postgres: "update progress_updates set progress = $4, measurement_values = cast($5 as jsonb), status = $6, \
               comment = $7, edited_at = $8 where org_id = $1 and goal_id = $2 and id = $3",
};
pub const DELETE_UPDATE: Sql = Sql::same("delete from progress_updates where org_id = $1 and goal_id = $2 and id = $3");
pub const UPDATES: Sql = Sql {
    sqlite: "select id, at, author_id, progress, measurement_values, status, comment, automatic, edited_at, before \
             from progress_updates where org_id = $1 and goal_id = $2 order by at, id",
    postgres: "select id, at, author_id, progress, measurement_values::text as measurement_values, \
               status, comment, automatic, edited_at, before::text as before \
               from progress_updates where org_id = $1 and goal_id = $2 order by at, id",
};

pub const INSERT_COMMENT: Sql =
    Sql::same("insert into comments (org_id, goal_id, author_id, at, body) values ($1, $2, $3, $4, $5) returning id");
pub const COMMENTS: Sql = Sql::same(
    "select id, author_id, at, body, edited_at from comments where org_id = $1 and goal_id = $2 order by at, id",
);

/// A parent's roll-up inputs: the goal itself, then its counting children.
pub const ROLLUP_GOAL: Sql = Sql {
    sqlite: "select tracking, state, progress, parent_id from goals where org_id = $1 and id = $2",
    postgres: "select tracking, state, progress, parent_id from goals where org_id = $1 and id = $2 for update",
};
pub const ROLLUP_CHILDREN: Sql = Sql::same(
    "select weight, progress from goals where org_id = $1 and parent_id = $2 \
     and contributes_to_parent and state <> 'draft' order by id",
);
pub const SET_ROLLED_UP: Sql =
    Sql::same("update goals set progress = $3, revision = revision + 1 where org_id = $1 and id = $2");
/// Every contributing child's weight under $2 but $3's: the weight set a link joins.
pub const SIBLING_WEIGHTS: Sql =
    Sql::same("select weight from goals where org_id = $1 and parent_id = $2 and id <> $3 and contributes_to_parent");
pub const PARENT_OF: Sql = Sql::same("select parent_id from goals where org_id = $1 and id = $2");
/// How many levels of sub-goals are below $2 (0 for none), reading no deeper than $3 + 1
/// levels: the depth check of a new parent link needs no more. `cross join`: each step reads
/// by `goals_by_parent` (SQLite would otherwise scan the org's goals once per level).
pub const SUBTREE_LEVELS: Sql = Sql::same(
    "with recursive below (id, level) as ( \
       select id, 1 from goals where org_id = $1 and parent_id = $2 \
       union all \
       select g.id, b.level + 1 from below b cross join goals g \
       where g.org_id = $1 and g.parent_id = b.id and b.level <= $3) \
     select coalesce(max(level), 0) as n from below",
);

pub const TEAM_MEMBERS: Sql = Sql::same("select member_id from team_members where org_id = $1 and team_id = $2");

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    GOAL_META,
    LOCK_GOAL,
    GOAL_EXISTS,
    REFRESH_LAST_ACTIVITY,
    DELETE_GOAL_MEMBER_CONTRIBUTORS,
    DELETE_GOAL_TEAM_CONTRIBUTORS,
    INSERT_MEMBER_CONTRIBUTOR,
    INSERT_TEAM_CONTRIBUTOR,
    DELETE_GOAL_MEASUREMENTS,
    INSERT_MEASUREMENT,
    DELETE_UPDATES,
    DELETE_COMMENTS,
    DELETE_GOAL,
    CHILD_IDS,
    UNLINK_CHILD,
    INSERT_HISTORY,
    HISTORY,
    INSERT_UPDATE,
    EDIT_UPDATE,
    DELETE_UPDATE,
    UPDATES,
    INSERT_COMMENT,
    COMMENTS,
    ROLLUP_GOAL,
    ROLLUP_CHILDREN,
    SET_ROLLED_UP,
    SIBLING_WEIGHTS,
    PARENT_OF,
    SUBTREE_LEVELS,
    TEAM_MEMBERS,
];
