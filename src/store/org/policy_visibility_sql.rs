//! The goals a member sees through §10's rules only (editors, participants, managers who
//! manage their line, global viewers): added to §3's answer (visibility_sql.rs) when the
//! org's policy or its goals use them. Each path starts from an index range on the member
//! (`goal_people_by_ref`, `goals_by_manager_editor`, `members_by_manager`, the member's
//! reach), then reads what lies below by tree-key ranges (`goals_by_tree_key`, the waterfall)
//! or down the parent links (`goals_by_parent`, participants). Tree keys follow the goal
//! links only, so a manager change or a team move rewrites no row here.

use std::sync::LazyLock;

use crate::org::{Member, OrgPolicy, Role};
use crate::store::db::{Param, Sql};

/// The four switches the statement reads, bound as parameters so one prepared statement
/// serves every org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyFlags {
    /// `policy.manager_editor`.
    pub manager_editor: bool,
    /// `policy.waterfall_editors`.
    pub waterfall: bool,
    /// `policy.managers_manage_reporting_line` and the member is a `manager`.
    pub manages_line: bool,
    /// The member is one of `policy.global_viewers`.
    pub global_viewer: bool,
}

impl PolicyFlags {
    pub fn of(policy: &OrgPolicy, viewer: &Member) -> Self {
        Self {
            manager_editor: policy.manager_editor,
            waterfall: policy.waterfall_editors,
            manages_line: policy.managers_manage_reporting_line && viewer.role == Role::Manager,
            global_viewer: policy.global_viewers.contains(&viewer.id),
        }
    }

    pub fn params(self) -> [Param<'static>; 4] {
        [
            Param::Bool(self.manager_editor),
            Param::Bool(self.waterfall),
            Param::Bool(self.manages_line),
            Param::Bool(self.global_viewer),
        ]
    }
}

/// $1 org, $2 member, the flags at `$f`, `$f+1`, `$f+2`, `$f+3` (manager editor, waterfall,
/// manages line, global viewer). `select`s `aggregate` over the ids as `ids`.
///
/// What §3 shows is left out where it is cheap to know (the non-draft goals owned in the
/// member's line): the caller always unites this with §3's statement (visibility_sql.rs).
/// - editors see every state: goals naming the member or one of their teams as editor, the
///   private goals storing them as manager editor and the public goals of their direct
///   reports (manager editor on), and with the waterfall, the goals they own, and
///   everything below all of those. "Below" is a range of tree keys per outermost seed
///   (store/goals/tree_keys.rs); with `manages line` on, the goals owned in the line's
///   widest key range are left out of those ranges, since the line's part gives them all
///   (two scalars read once: a correlated test of every range cost 100 ms on a manager of
///   15,000 people; a goal of another of the line's ranges merely comes twice);
/// - participants see the goals naming them or their teams, and every goal reached downwards
///   through children that contribute to their parent, drafts left out at the end;
/// - a manager who manages their line sees every goal owned in it, drafts included: the
///   drafts here, the rest through §3;
/// - a global viewer sees every goal that is not a draft.
///
/// A member's own goals and teams are read through their line key (`goals_by_owner_key`,
/// `team_members_by_key`): no index reads them by member id. Every join is a `cross join`,
/// which fixes SQLite's join order (the member, the seeds or the step before first): without
/// statistics SQLite 3.46 otherwise puts `goals` outside and scans every goal of the org once
/// per recursion step. PostgreSQL treats it as an ordinary join.
pub fn policy_visible(aggregate: &str, f: usize) -> String {
    let (me, wf, line, global) = (f, f + 1, f + 2, f + 3);
    format!(
        "with recursive \
         my_teams(team_id) as (select t.team_id from members m cross join team_members t \
             where m.org_id = $1 and m.id = $2 and t.org_id = $1 and t.member_key = m.line_key), \
         edit_seeds(id) as ( \
             select goal_id from goal_people where org_id = $1 and ref_id = $2 and kind = 'member' and relation = 'editor' \
             union select p.goal_id from my_teams t cross join goal_people p where p.org_id = $1 and p.ref_id = t.team_id \
                 and p.kind = 'team' and p.relation = 'editor' \
             union select id from goals where org_id = $1 and manager_editor_id = $2 and visibility <> 'public' and ${me} \
             union select g.id from members r cross join goals g \
                 where r.org_id = $1 and r.manager_id = $2 and g.org_id = $1 and g.owner_key = r.line_key \
                 and g.visibility = 'public' and ${me} \
             union select g.id from members m cross join goals g \
                 where m.org_id = $1 and m.id = $2 and g.org_id = $1 and g.owner_key = m.line_key and ${wf}), \
         line(lo, hi) as (select lo, hi from member_reach where org_id = $1 and member_id = $2 and ${line}), \
         seed_spans(lo, hi) as (select g.tree_key, g.tree_end from edit_seeds s cross join goals g \
             where g.org_id = $1 and g.id = s.id and ${wf}), \
         outer_spans(lo, hi) as (select lo, hi from ( \
             select lo, hi, max(hi) over (order by lo rows between unbounded preceding and 1 preceding) as covered \
             from seed_spans) s where covered is null or covered < lo), \
         part_seeds(id) as ( \
             select goal_id from goal_people where org_id = $1 and ref_id = $2 and kind = 'member' and relation = 'participant' \
             union select p.goal_id from my_teams t cross join goal_people p where p.org_id = $1 and p.ref_id = t.team_id \
                 and p.kind = 'team' and p.relation = 'participant'), \
         downstream(id) as (select id from part_seeds \
             union select g.id from downstream d cross join goals g \
                 where g.org_id = $1 and g.parent_id = d.id and g.contributes_to_parent) \
         select {aggregate} as ids from ( \
             select id from edit_seeds \
             union all select g.id from outer_spans s cross join goals g \
                 where g.org_id = $1 and g.tree_key > s.lo and g.tree_key <= s.hi \
                 and not coalesce(g.owner_key between (select lo from line order by hi - lo desc limit 1) \
                     and (select hi from line order by hi - lo desc limit 1), false) \
             union all select g.id from downstream d cross join goals g \
                 where g.org_id = $1 and g.id = d.id and g.state <> 'draft' \
             union all select g.id from line r cross join goals g \
                 where g.org_id = $1 and g.owner_key between r.lo and r.hi and g.state = 'draft' \
             union all select id from goals where org_id = $1 and state <> 'draft' and ${global}) policy_visible"
    )
}

static SQLITE_POLICY_VISIBLE: LazyLock<String> = LazyLock::new(|| policy_visible("group_concat(id, ' ')", 3));
static PG_POLICY_VISIBLE: LazyLock<String> = LazyLock::new(|| policy_visible("string_agg(id, ' ')", 3));

/// $1 org, $2 member, $3–$6 the [`PolicyFlags`]: one row of space-separated ids (`ids`).
pub fn policy_visible_goals() -> Sql {
    Sql { sqlite: SQLITE_POLICY_VISIBLE.as_str(), postgres: PG_POLICY_VISIBLE.as_str() }
}

#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    vec![policy_visible_goals()]
}
