//! The statements of the Betterworks goal features: comment edits and deletions, followers
//! and related goals.

use crate::store::db::Sql;

/// $1 org, $2 goal, $3 comment id, $4 body, $5 edited at.
pub const EDIT_COMMENT: Sql =
    Sql::same("update comments set body = $4, edited_at = $5 where org_id = $1 and goal_id = $2 and id = $3");
pub const DELETE_COMMENT: Sql = Sql::same("delete from comments where org_id = $1 and goal_id = $2 and id = $3");

/// $1 org, $2 member, $3 goal, $4 at; following twice is following once.
pub const FOLLOW: Sql = Sql::same(
    "insert into goal_follows (org_id, member_id, goal_id, at) values ($1, $2, $3, $4) \
     on conflict (org_id, member_id, goal_id) do nothing",
);
pub const UNFOLLOW: Sql = Sql::same("delete from goal_follows where org_id = $1 and member_id = $2 and goal_id = $3");
pub const FOLLOWED: Sql =
    Sql::same("select goal_id from goal_follows where org_id = $1 and member_id = $2 order by goal_id");
/// A goal's follow rows, when the goal is deleted: $1 org, $2 goal.
pub const DELETE_GOAL_FOLLOWS: Sql = Sql::same("delete from goal_follows where org_id = $1 and goal_id = $2");

/// $1 org, $2 the smaller id, $3 the larger, $4 at; relating twice is relating once.
pub const RELATE: Sql = Sql::same(
    "insert into goal_relations (org_id, low_id, high_id, at) values ($1, $2, $3, $4) \
     on conflict (org_id, low_id, high_id) do nothing",
);
pub const UNRELATE: Sql = Sql::same("delete from goal_relations where org_id = $1 and low_id = $2 and high_id = $3");
/// The goals related to $2, either way round: one index range each.
pub const RELATED: Sql = Sql::same(
    "select high_id as other from goal_relations where org_id = $1 and low_id = $2 \
     union select low_id as other from goal_relations where org_id = $1 and high_id = $2 order by other",
);
/// A deleted goal's links, from either end: $1 org, $2 goal.
pub const DELETE_RELATIONS_LOW: Sql = Sql::same("delete from goal_relations where org_id = $1 and low_id = $2");
pub const DELETE_RELATIONS_HIGH: Sql = Sql::same("delete from goal_relations where org_id = $1 and high_id = $2");

/// Every statement above, for the test that prepares each on both backends.
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    EDIT_COMMENT,
    DELETE_COMMENT,
    FOLLOW,
    UNFOLLOW,
    FOLLOWED,
    DELETE_GOAL_FOLLOWS,
    RELATE,
    UNRELATE,
    RELATED,
    DELETE_RELATIONS_LOW,
    DELETE_RELATIONS_HIGH,
];
