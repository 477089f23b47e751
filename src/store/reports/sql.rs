//! The reports' statements. Every one binds $1 org, $2 viewer, $3 the scope's key ranges
//! (JSON `[{"b", "lo", "hi"}]`, reports/scope.rs), $4 D (T's date in the org's time zone),
//! $5 T minus 28 days, $6 T in whole Unix seconds, $7 and $8 the org's pace thresholds
//! (on track, at risk: CONTRACT §10 `pace_thresholds`), and, in the statements that read
//! §10's visibility paths, $9–$12 the viewer's policy switches
//! (store/org/policy_visibility_sql.rs `PolicyFlags`), so one parameter list serves all;
//! the ranges' subquery names every one of $2–$8 (PostgreSQL must type every parameter,
//! even one a statement does not use).
//!
//! The goals are reached from the ranges, one index range scan of `goals_for_reports`
//! (migration 0170: it holds every column a report reads) per range, and aggregated in
//! SQL: the answer is a few dozen rows however large the scope. The per-goal facts are the
//! twins of `reports::goal_tally` and `reports::days_since`;
//! tests/it/reports_match_rules.rs holds them equal.

use std::sync::LazyLock;

use crate::store::db::{PgOnly, Sql};
use crate::store::org::policy_visibility_sql::policy_visible;
use crate::store::org::visibility_sql::visible_ids;

/// PostgreSQL, before each report statement, in its transaction (mod.rs `fetch_report`).
pub const NO_JIT: PgOnly = PgOnly("set local jit = off");

/// The viewer's line key and the ranges of them and their line.
pub const VIEWER_REACH: Sql = Sql::same(
    "select m.line_key as line_key, r.lo as lo, r.hi as hi from members m \
     join member_reach r on r.org_id = m.org_id and r.member_id = m.id where m.org_id = $1 and m.id = $2",
);

/// The viewer's direct reports with the ranges of their own lines.
pub const DIRECT_REPORTS: Sql = Sql::same(
    "select m.id as member_id, r.lo as lo, r.hi as hi from members m \
     join member_reach r on r.org_id = m.org_id and r.member_id = m.id \
     where m.org_id = $1 and m.manager_id = $2 order by m.id, r.lo",
);

/// The line keys of team $2's members.
pub const TEAM_KEYS: Sql = Sql::same(
    "select m.line_key as line_key from team_members tm join members m on m.org_id = tm.org_id and m.id = tm.member_id \
     where tm.org_id = $1 and tm.team_id = $2 and m.line_key is not null",
);

struct Dialect {
    sqlite: bool,
    ranges: &'static str,
    /// (total days, elapsed days at D) of `g`, as floats, before clamping.
    days: &'static str,
    /// Progress in whole hundredths, as `reports::progress_cents`.
    cents: &'static str,
    least: &'static str,
    greatest: &'static str,
    /// Whole Unix seconds of `g.last_activity_at`.
    epoch: &'static str,
    /// The ids of the members without a published goal, joined by spaces (nulls skipped).
    join_ids: &'static str,
}

const SQLITE: Dialect = Dialect {
    sqlite: true,
    ranges: "select value ->> 'b' as b, value ->> 'lo' as lo, value ->> 'hi' as hi from json_each($3) \
             where $2 is not null and $7 is not null and $8 is not null",
    days: "julianday(g.end_date) - julianday(g.start_date) + 1 as total_days, \
           julianday($4) - julianday(g.start_date) + 1 as elapsed_days",
    cents: "cast(g.progress * 100.0 + 0.5 as integer)",
    least: "min",
    greatest: "max",
    epoch: "unixepoch(substr(g.last_activity_at, 1, 19))",
    join_ids: "group_concat(case when owns = 0 then id end, ' ')",
};

const POSTGRES: Dialect = Dialect {
    sqlite: false,
    ranges: "select b, lo, hi from json_to_recordset(cast($3 as json)) as j(b bigint, lo bigint, hi bigint) \
             where cast($2 as text) is not null and cast($4 as date) is not null \
             and cast($5 as timestamptz) is not null and cast($6 as bigint) is not null \
             and cast($7 as double precision) is not null and cast($8 as double precision) is not null",
    days: "cast(g.end_date - g.start_date + 1 as double precision) as total_days, \
           cast(cast($4 as date) - g.start_date + 1 as double precision) as elapsed_days",
    cents: "cast(floor(g.progress * 100.0 + 0.5) as bigint)",
    least: "least",
    greatest: "greatest",
    epoch: "cast(floor(extract(epoch from g.last_activity_at)) as bigint)",
    join_ids: "string_agg(case when owns = 0 then id end, ' ')",
};

/// Which goals of the ranges a statement keeps, besides "not a draft".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Every one: the scope is the viewer's line (CONTRACT §3.3d: they see every goal owned
    /// in it that is not a draft), or the viewer sees every goal.
    All,
    /// Those §3 shows the viewer (store/org/visibility_sql.rs).
    Rules,
    /// Those §3 or §10's paths show the viewer, the policy's switches at $9–$12.
    RulesAndPolicy,
}

/// `and (g.id in (what the viewer sees))`, or nothing.
fn seen_by_viewer(d: &Dialect, seen: Seen) -> String {
    if seen == Seen::All {
        return String::new();
    }
    let ids = visible_ids();
    let rules = if d.sqlite { ids.sqlite } else { ids.postgres };
    let policy = match seen {
        Seen::RulesAndPolicy => format!(" or g.id in ({})", policy_visible("id", 9)),
        _ => String::new(),
    };
    format!(" and (g.id in ({rules}){policy})")
}

/// The goals of the ranges: not drafts, and seen by the viewer when `visible` (a scope
/// reaching outside the viewer's line, for a viewer who does not see every goal).
fn goals_of_ranges(d: &Dialect, seen: Seen, extra: &str) -> String {
    let seen = seen_by_viewer(d, seen);
    format!(
        "(select r.b as b, g.* from ranges r cross join goals g \
         where g.org_id = $1 and g.owner_key between r.lo and r.hi and g.state <> 'draft'{extra}{seen}) g"
    )
}

/// Per (direct-report bucket, state, pace): how many goals, the sum of the published ones'
/// progress, how many are past their end and how many were not updated for 28 days.
fn progress(d: &Dialect, seen: Seen) -> String {
    let (least, greatest) = (d.least, d.greatest);
    // rollup::pace_status_with, operation for operation.
    let pace = "case when p * total + 1e-9 * total >= $7 * elapsed then 'on_track' \
                when p * total + 1e-9 * total >= $8 * elapsed then 'at_risk' else 'off_track' end";
    format!(
        "with ranges as ({ranges}), \
         facts as (select b, state, end_date, last_activity_at, {cents} as cents, {days} from {goals}), \
         clamped as (select b, state, end_date, last_activity_at, cents, cast(cents as double precision) / 100.0 as p, {greatest}(total_days, 1) as total, \
             {least}({greatest}(elapsed_days, 0), {greatest}(total_days, 1)) as elapsed from facts) \
         select b, state, case when state = 'published' then {pace} end as pace, count(*) as n, \
             cast(sum(case when state = 'published' then cents else 0 end) as bigint) as progress_cents, \
             sum(case when state = 'published' and end_date < $4 then 1 else 0 end) as past_end, \
             sum(case when state = 'published' and last_activity_at <= $5 then 1 else 0 end) as stale \
         from clamped group by b, state, 3",
        ranges = d.ranges,
        cents = d.cents.replace("g.", ""),
        days = d.days.replace("g.", ""),
        goals = goals_of_ranges(d, seen, ""),
    )
}

/// Published goals by whole days since their last activity (null: none), with how many
/// have a parent.
fn adoption_goals(d: &Dialect, seen: Seen) -> String {
    let (greatest, epoch) = (d.greatest, d.epoch.replace("g.", ""));
    format!(
        "with ranges as ({ranges}) \
         select case when last_activity_at is null then null else {greatest}(0, ($6 - {epoch}) / 86400) end as days, \
             count(*) as n, sum(case when parent_id is not null then 1 else 0 end) as with_parent \
         from {goals} group by 1",
        ranges = d.ranges,
        goals = goals_of_ranges(d, seen, " and g.state = 'published'"),
    )
}

/// The active members of the ranges, and those of them owning no published goal (seen).
fn adoption_members(d: &Dialect, seen: Seen) -> String {
    let seen = seen_by_viewer(d, seen);
    format!(
        "with ranges as ({ranges}), \
         scoped as (select m.id as id, case when exists (select 1 from goals g where g.org_id = $1 \
             and g.owner_key = m.line_key and g.state = 'published'{seen}) then 1 else 0 end as owns \
             from ranges r cross join members m where m.org_id = $1 and m.line_key between r.lo and r.hi and m.active) \
         select cast(count(*) as bigint) as active_members, {join_ids} as without_ids from scoped",
        ranges = d.ranges,
        join_ids = d.join_ids,
    )
}

macro_rules! built {
    ($name:ident, $build:ident) => {
        static $name: LazyLock<[(String, String); 3]> = LazyLock::new(|| {
            [Seen::All, Seen::Rules, Seen::RulesAndPolicy].map(|seen| ($build(&SQLITE, seen), $build(&POSTGRES, seen)))
        });
    };
}

built!(PROGRESS, progress);
built!(ADOPTION_GOALS, adoption_goals);
built!(ADOPTION_MEMBERS, adoption_members);

fn sql(built: &'static LazyLock<[(String, String); 3]>, seen: Seen) -> Sql {
    let (sqlite, postgres) = &built[seen as usize];
    Sql { sqlite: sqlite.as_str(), postgres: postgres.as_str() }
}

pub fn progress_sql(seen: Seen) -> Sql {
    sql(&PROGRESS, seen)
}

pub fn adoption_goals_sql(seen: Seen) -> Sql {
    sql(&ADOPTION_GOALS, seen)
}

pub fn adoption_members_sql(seen: Seen) -> Sql {
    sql(&ADOPTION_MEMBERS, seen)
}

#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    let mut all = vec![VIEWER_REACH, DIRECT_REPORTS, TEAM_KEYS];
    for seen in [Seen::All, Seen::Rules, Seen::RulesAndPolicy] {
        all.extend([progress_sql(seen), adoption_goals_sql(seen), adoption_members_sql(seen)]);
    }
    all
}
