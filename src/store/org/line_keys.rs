//! Keeping the line keys (src/org/line_order.rs, migration 0005) in step with the rows
//! that name members. Visibility reads, for a viewer M, the ranges of keys of M and M's
//! reporting line (`member_reach`), then the goals whose owner, member contributor or
//! contributor team member has a key in them (`goals.owner_key`,
//! `goal_member_contributors.member_key`, `team_members.member_key`).
//!
//! Who keeps what:
//! - import: numbers the org afresh and writes every key (import.rs);
//! - HRIS: a new member takes the next key; a manager change keeps every key and edits the
//!   ranges of the managers above the moved member (`move_reach`); a team member added
//!   carries its key (store/hris/sql.rs);
//! - goal writes outside the import: `refresh_goal_line_keys`.

use std::collections::{BTreeSet, HashMap};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::org::KeyRanges;
use crate::store::db::row::member_id;
use crate::store::db::text::{json_chunks, json_text};
use crate::store::db::{DbTx, Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::org::rows::ReachRow;

/// Re-derives the line keys a goal's rows carry from the members they name.
///
/// Call it in the same transaction, after any write that creates a goal or changes its
/// owner or its member contributors (team contributors need nothing: the keys of a team
/// live on `team_members`). Without it, visibility would still see the goal through its
/// old owner's or contributors' reporting lines, or not at all through the new ones.
pub(crate) async fn refresh_goal_line_keys(tx: &mut DbTx, org: &OrgId, goal: &GoalId) -> Result<()> {
    let params = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
    tx.execute(REFRESH_OWNER_KEY, &params).await?;
    tx.execute(REFRESH_CONTRIBUTOR_KEYS, &params).await?;
    Ok(())
}

// A scalar subquery, not a join: an owner that is not a member leaves no stale key.
const REFRESH_OWNER_KEY: Sql = Sql::same(
    "update goals set owner_key = \
     (select m.line_key from members m where m.org_id = goals.org_id and m.id = goals.owner_id) \
     where org_id = $1 and id = $2",
);
const REFRESH_CONTRIBUTOR_KEYS: Sql = Sql::same(
    "update goal_member_contributors set member_key = \
     (select m.line_key from members m where m.org_id = goal_member_contributors.org_id \
      and m.id = goal_member_contributors.member_id) \
     where org_id = $1 and goal_id = $2",
);

/// After a re-import renumbered the org: the keys of the rows the file did not rewrite
/// (goals and contributors of goals outside the file, teams outside the file). Only the
/// rows whose key changed are written.
pub(crate) async fn resync_org(tx: &mut DbTx, org: &str) -> Result<()> {
    for sql in [RESYNC_OWNER_KEYS, RESYNC_CONTRIBUTOR_KEYS, RESYNC_TEAM_MEMBER_KEYS] {
        tx.execute(sql, &[Param::Text(org)]).await?;
    }
    Ok(())
}

const RESYNC_OWNER_KEYS: Sql = Sql::same(
    "update goals as g set owner_key = m.line_key from members as m \
     where g.org_id = $1 and m.org_id = $1 and m.id = g.owner_id and g.owner_key is distinct from m.line_key",
);
const RESYNC_CONTRIBUTOR_KEYS: Sql = Sql::same(
    "update goal_member_contributors as c set member_key = m.line_key from members as m \
     where c.org_id = $1 and m.org_id = $1 and m.id = c.member_id and c.member_key is distinct from m.line_key",
);
const RESYNC_TEAM_MEMBER_KEYS: Sql = Sql::same(
    "update team_members as t set member_key = m.line_key from members as m \
     where t.org_id = $1 and m.org_id = $1 and m.id = t.member_id and t.member_key is distinct from m.line_key",
);

/// The line keys of stored members a re-import's file does not list (the file's
/// members get theirs with the rest of their row).
pub(crate) async fn set_member_keys(tx: &mut DbTx, org: &str, keys: &[MemberKey<'_>]) -> Result<()> {
    for chunk in json_chunks(keys)? {
        tx.execute(SET_MEMBER_KEYS, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
pub(crate) struct MemberKey<'a> {
    pub id: &'a str,
    pub line_key: i64,
}

const SET_MEMBER_KEYS: Sql = Sql {
    sqlite: "update members as m set line_key = j.value ->> 'line_key' from json_each($2) as j \
             where m.org_id = $1 and m.id = j.value ->> 'id'",
    postgres: "update members as m set line_key = j.line_key \
               from json_to_recordset($2::json) as j(id text, line_key bigint) where m.org_id = $1 and m.id = j.id",
};

/// The managers above `member` (from the reporting-line closure).
pub(crate) async fn managers_above(tx: &mut DbTx, org: &str, member: &MemberId) -> Result<BTreeSet<MemberId>> {
    let rows = tx.fetch(MANAGERS_ABOVE, &[Param::Text(org), Param::Text(member.as_str())]).await?;
    rows.iter().map(|row| member_id(row.text("manager_id")?)).collect()
}

const MANAGERS_ABOVE: Sql = Sql::same("select manager_id from reporting_lines where org_id = $1 and report_id = $2");

/// `member` moved from under the managers `before` to under the managers `after`: the
/// keys of the member and their line leave the ranges of the managers it left and join
/// those of the managers it joined. Keys stay; nothing else is rewritten. Of each
/// manager's ranges only those the moved keys can touch are read (`KeyRanges::touching`),
/// and only the changed ones written: after an identity provider's initial sync, members
/// arriving in its order leave a manager's line in thousands of ranges, and each new
/// member would otherwise rewrite all of them for every manager above it.
pub(crate) async fn move_reach(
    tx: &mut DbTx,
    org: &str,
    member: &MemberId,
    before: &BTreeSet<MemberId>,
    after: &BTreeSet<MemberId>,
) -> Result<()> {
    let left: Vec<&str> = before.difference(after).map(MemberId::as_str).collect();
    let joined: Vec<&str> = after.difference(before).map(MemberId::as_str).collect();
    if left.is_empty() && joined.is_empty() {
        return Ok(());
    }
    let moved = read_reach(tx, READ_REACH, org, &[member.as_str()], &[]).await?.remove(member.as_str());
    let Some((moved, bounds)) = moved.and_then(|m| m.bounds().map(|b| (m, b))) else { return Ok(()) };
    let managers: Vec<&str> = left.iter().chain(&joined).copied().collect();
    let window = [Param::Int(bounds.0), Param::Int(bounds.1)];
    let reach = read_reach(tx, READ_REACH_TOUCHING, org, &managers, &window).await?;
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for (manager, joins) in left.iter().map(|m| (*m, false)).chain(joined.iter().map(|m| (*m, true))) {
        let stored = reach.get(manager).cloned().unwrap_or_default();
        let new = if joins { stored.union(&moved) } else { stored.minus(&moved) };
        let (gone, made) = stored.changes_to(&new);
        removed.extend(gone.into_iter().map(|(lo, hi)| ReachRow { member_id: manager, lo, hi }));
        added.extend(made.into_iter().map(|(lo, hi)| ReachRow { member_id: manager, lo, hi }));
    }
    // Deleted first: a changed range may keep its start, the row's key.
    for chunk in json_chunks(&removed)? {
        tx.execute(DELETE_REACH_ROWS, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    for chunk in json_chunks(&added)? {
        tx.execute(INSERT_REACH, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    Ok(())
}

/// The ranges of `members` by `sql` ($1 org, $2 the members as JSON, then `extra`).
async fn read_reach(
    tx: &mut DbTx,
    sql: Sql,
    org: &str,
    members: &[&str],
    extra: &[Param<'_>],
) -> Result<HashMap<String, KeyRanges>> {
    let json = json_text(members)?;
    let mut params = vec![Param::Text(org), Param::Text(&json)];
    params.extend_from_slice(extra);
    let mut ranges: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for row in tx.fetch(sql, &params).await? {
        ranges.entry(row.text("member_id")?).or_default().push((row.int("lo")?, row.int("hi")?));
    }
    Ok(ranges.into_iter().map(|(m, r)| (m, KeyRanges::new(r))).collect())
}

/// PostgreSQL: one index lookup per member listed; as `member_id in (the list)` it hashed
/// the list and read every reach row of the org (40 ms at 100,000 members, per move).
const READ_REACH: Sql = Sql {
    sqlite: "select member_id, lo, hi from member_reach where org_id = $1 \
             and member_id in (select value from json_each($2))",
    postgres: "select r.member_id, r.lo, r.hi from json_array_elements_text($2::json) as m(id) \
               cross join lateral (select member_id, lo, hi from member_reach \
               where org_id = $1 and member_id = m.id offset 0) r",
};
/// `KeyRanges::touching` in SQL, per member: $3 and $4 the smallest and largest moved key.
/// Both bounds of `lo` are fixed before the scan (the subquery names only the member), so
/// each member costs one short range of the primary key. PostgreSQL cannot bound an index
/// scan by a subquery: the start is its own lateral row, and `offset 0` keeps the scan a
/// parameterised one.
const READ_REACH_TOUCHING: Sql = Sql {
    sqlite: "select j.value as member_id, r.lo, r.hi from json_each($2) j cross join member_reach r \
             where r.org_id = $1 and r.member_id = j.value and r.lo <= $4 + 1 and r.lo >= coalesce( \
             (select max(p.lo) from member_reach p where p.org_id = $1 and p.member_id = j.value and p.lo < $3), $3)",
    postgres: "select m.id as member_id, r.lo, r.hi from json_array_elements_text($2::json) as m(id) \
               cross join lateral (select coalesce(max(p.lo), $3) as start from member_reach p \
               where p.org_id = $1 and p.member_id = m.id and p.lo < $3) b \
               cross join lateral (select lo, hi from member_reach where org_id = $1 and member_id = m.id \
               and lo >= b.start and lo <= $4 + 1 offset 0) r",
};
/// $2 JSON `[{"member_id", "lo", "hi"}]`: the rows by their key (`hi` unused).
const DELETE_REACH_ROWS: Sql = Sql {
    sqlite: "delete from member_reach where org_id = $1 and (member_id, lo) in \
             (select j.value ->> 'member_id', j.value ->> 'lo' from json_each($2) as j)",
    postgres: "delete from member_reach r using json_to_recordset($2::json) as j(member_id text, lo bigint) \
               where r.org_id = $1 and r.member_id = j.member_id and r.lo = j.lo",
};
const INSERT_REACH: Sql = Sql {
    sqlite: "insert into member_reach (org_id, member_id, lo, hi) \
             select $1, j.value ->> 'member_id', j.value ->> 'lo', j.value ->> 'hi' from json_each($2) as j",
    postgres: "insert into member_reach (org_id, member_id, lo, hi) select $1, j.member_id, j.lo, j.hi \
               from json_to_recordset($2::json) as j(member_id text, lo bigint, hi bigint)",
};

/// A member new to the store: its reach is its own key (the next free one, set by
/// INSERT_MEMBER) until `move_reach` puts it under a manager.
pub(crate) const NEW_MEMBER_REACH: Sql = Sql::same(
    "insert into member_reach (org_id, member_id, lo, hi) \
     select org_id, id, line_key, line_key from members where org_id = $1 and id = $2",
);

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    REFRESH_OWNER_KEY,
    REFRESH_CONTRIBUTOR_KEYS,
    RESYNC_OWNER_KEYS,
    RESYNC_CONTRIBUTOR_KEYS,
    RESYNC_TEAM_MEMBER_KEYS,
    SET_MEMBER_KEYS,
    MANAGERS_ABOVE,
    READ_REACH,
    READ_REACH_TOUCHING,
    DELETE_REACH_ROWS,
    INSERT_REACH,
    NEW_MEMBER_REACH,
];

#[cfg(test)]
#[path = "line_keys_tests.rs"]
mod tests;
