//! The HRIS statements: the inbox, the per-field clocks, and the org changes themselves.
//! A manager change rewrites only the moved subtree's reporting lines (detach from the
//! old managers above it, attach under the new ones), whatever the org's size.

use crate::store::db::Sql;

pub const RECEIVE_EVENT: Sql = Sql::same(
    "insert into hris_events (org_id, id, type, occurred_at, body, received_at, state) \
     values ($1, $2, $3, $4, $5, $6, 'pending') on conflict (org_id, id) do nothing",
);

/// What one inbox pass decides, in arrival order: the pending events, and the waiting ones
/// whose member or team exists now; the events waiting for a change of the reporting
/// lines only when $2 = 1 (a manager change was applied in this pass). Each part reads
/// an index: an event whose wait is not over is not even read.
pub const EVENTS_TO_DECIDE: Sql = Sql::same(
    "select seq, body from hris_events where org_id = $1 and state = 'pending' \
     union all \
     select e.seq, e.body from hris_events e where e.org_id = $1 and e.state = 'waiting' and e.waits_kind = 'member' \
       and exists (select 1 from members m where m.org_id = $1 and m.id = e.waits_id) \
     union all \
     select e.seq, e.body from hris_events e where e.org_id = $1 and e.state = 'waiting' and e.waits_kind = 'team' \
       and exists (select 1 from teams t where t.org_id = $1 and t.id = e.waits_id) \
     union all \
     select seq, body from hris_events where org_id = $1 and state = 'waiting' and waits_kind = 'lines' and $2 = 1 \
     order by seq",
);

pub const WAITING_COUNT: Sql =
    Sql::same("select count(*) as n from hris_events where org_id = $1 and state = 'waiting'");

pub const EVENT_STATE: Sql = Sql::same("select state from hris_events where seq = $1");

pub const MARK_EVENT: Sql = Sql::same(
    "update hris_events set state = $2, reason = $3, applied_at = $4, waits_kind = null, waits_id = null, \
     decisions = decisions + 1 where seq = $1",
);
/// An event that stays open (waiting), with why and what it waits for ($4, $5).
pub const MARK_EVENT_OPEN: Sql = Sql::same(
    "update hris_events set state = $2, reason = $3, waits_kind = $4, waits_id = $5, decisions = decisions + 1 \
     where seq = $1",
);

pub const ORGS_WITH_OPEN_EVENTS: Sql =
    Sql::same("select distinct org_id from hris_events where state in ('pending', 'waiting') order by org_id");

pub const EVENT_COUNTS: Sql =
    Sql::same("select state, count(*) as n from hris_events where org_id = $1 group by state order by state");

pub const WAITING_EVENTS: Sql = Sql::same(
    "select id, type, occurred_at, reason, decisions from hris_events where org_id = $1 and state = 'waiting' \
     order by seq",
);

/// $2 is above $3.
pub const IS_ABOVE: Sql =
    Sql::same("select 1 as found from reporting_lines where org_id = $1 and manager_id = $2 and report_id = $3");

/// How many managers are above $2.
pub const MANAGERS_ABOVE_COUNT: Sql =
    Sql::same("select count(*) as n from reporting_lines where org_id = $1 and report_id = $2");
/// How many levels of reports are below $2 (0 for nobody).
pub const SUBTREE_LEVELS: Sql =
    Sql::same("select coalesce(max(depth), 0) as n from reporting_lines where org_id = $1 and manager_id = $2");

pub const CLOCKS: Sql = Sql::same("select field, occurred_at from hris_clocks where org_id = $1 and subject = $2");
pub const SET_CLOCK: Sql = Sql {
    sqlite: "insert into hris_clocks (org_id, subject, field, occurred_at) values ($1, $2, $3, $4) \
             on conflict (org_id, subject, field) do update set occurred_at = max(occurred_at, excluded.occurred_at)",
    postgres: "insert into hris_clocks (org_id, subject, field, occurred_at) values ($1, $2, $3, $4) \
               on conflict (org_id, subject, field) do update \
               set occurred_at = greatest(hris_clocks.occurred_at, excluded.occurred_at)",
};

/// A new member takes the org's next line key (store/org/line_keys.rs): keys are never reused.
pub const INSERT_MEMBER: Sql = Sql::same(
    "insert into members (org_id, id, name, email, role, manager_id, active, locale, timezone, line_key) \
     values ($1, $2, $3, $4, $5, null, $6, $7, $8, \
             (select coalesce(max(line_key), 0) + 1 from members where org_id = $1))",
);
pub const SET_PROFILE: Sql =
    Sql::same("update members set name = $3, email = $4, locale = $5, timezone = $6 where org_id = $1 and id = $2");
pub const SET_ROLE: Sql = Sql::same("update members set role = $3 where org_id = $1 and id = $2");
pub const SET_ACTIVE: Sql = Sql::same("update members set active = $3 where org_id = $1 and id = $2");
pub const SET_NO_MANAGER: Sql = Sql::same("update members set manager_id = null where org_id = $1 and id = $2");
pub const SET_MANAGER: Sql = Sql::same("update members set manager_id = $3 where org_id = $1 and id = $2");

/// Removes every line from a manager outside $2's subtree to someone inside it. In a tree
/// those managers are exactly the ones above $2, so the rows are (manager above $2, $2 or
/// one of its reports): index probes, where "any manager not in the subtree" made
/// PostgreSQL scan the org's whole closure (half a second at 100,000 members).
pub const DETACH_SUBTREE: Sql = Sql::same(
    "delete from reporting_lines where org_id = $1 \
       and manager_id in (select manager_id from reporting_lines where org_id = $1 and report_id = $2) \
       and report_id in (select report_id from reporting_lines where org_id = $1 and manager_id = $2 union all select $2)",
);

/// Puts $2's subtree under $3 and everyone above $3. SQLite 3.46, without statistics,
/// reads the managers above $3 by scanning the org's whole closure in primary-key order
/// (the key covers `depth`, the index by report does not), which made each new member of
/// an initial sync cost a scan of every line before it: the index is named.
pub const ATTACH_SUBTREE: Sql = Sql {
    sqlite: "insert into reporting_lines (org_id, manager_id, report_id, depth) \
     select $1, up.manager_id, sub.report_id, up.depth + sub.depth + 1 \
     from (select manager_id, depth from reporting_lines indexed by reporting_lines_by_report \
           where org_id = $1 and report_id = $3 union all select $3, 0) up \
     cross join (select report_id, depth from reporting_lines where org_id = $1 and manager_id = $2 union all select $2, 0) sub",
    postgres: "insert into reporting_lines (org_id, manager_id, report_id, depth) \
     select $1, up.manager_id, sub.report_id, up.depth + sub.depth + 1 \
     from (select manager_id, depth from reporting_lines where org_id = $1 and report_id = $3 union all select $3, 0) up \
     cross join (select report_id, depth from reporting_lines where org_id = $1 and manager_id = $2 union all select $2, 0) sub",
};

pub const UPSERT_TEAM: Sql = Sql::same(
    "insert into teams (org_id, id, name) values ($1, $2, $3) on conflict (org_id, id) do update set name = excluded.name",
);
/// The membership carries the member's line key (store/org/line_keys.rs).
pub const ADD_TEAM_MEMBER: Sql = Sql::same(
    "insert into team_members (org_id, team_id, member_id, member_key) \
     values ($1, $2, $3, (select line_key from members where org_id = $1 and id = $3)) \
     on conflict (org_id, team_id, member_id) do nothing",
);
pub const REMOVE_TEAM_MEMBER: Sql =
    Sql::same("delete from team_members where org_id = $1 and team_id = $2 and member_id = $3");

/// The org (one row, even without secrets) and its webhook secrets, in one round trip.
pub const ORG_SECRETS: Sql = Sql::same(
    "select s.secret from orgs o left join hris_secrets s on s.org_id = o.id where o.id = $1 order by s.added_at",
);

pub const ADD_SECRET: Sql = Sql::same(
    "insert into hris_secrets (org_id, secret, added_at) values ($1, $2, $3) on conflict (org_id, secret) do nothing",
);
pub const REMOVE_SECRET: Sql = Sql::same("delete from hris_secrets where org_id = $1 and secret = $2");

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    RECEIVE_EVENT,
    EVENTS_TO_DECIDE,
    WAITING_COUNT,
    EVENT_STATE,
    MARK_EVENT,
    MARK_EVENT_OPEN,
    ORGS_WITH_OPEN_EVENTS,
    EVENT_COUNTS,
    WAITING_EVENTS,
    IS_ABOVE,
    MANAGERS_ABOVE_COUNT,
    SUBTREE_LEVELS,
    CLOCKS,
    SET_CLOCK,
    INSERT_MEMBER,
    SET_PROFILE,
    SET_ROLE,
    SET_ACTIVE,
    SET_NO_MANAGER,
    SET_MANAGER,
    DETACH_SUBTREE,
    ATTACH_SUBTREE,
    UPSERT_TEAM,
    ADD_TEAM_MEMBER,
    REMOVE_TEAM_MEMBER,
    ORG_SECRETS,
    ADD_SECRET,
    REMOVE_SECRET,
];
