//! "Explore" and "my goals": the goals a member sees, filtered, sorted and paged in SQL.

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::store::db::text::{folded, json_text};
use crate::store::db::{Db, DbRow, Param};
use crate::store::error::Result;
use crate::store::goals::columns::{self, GOAL_SELECT};
use crate::store::goals::types::{ExplorePage, ExploreQuery, SortKey, StoredGoal};
use crate::store::org::policy_visibility_sql::{policy_visible, PolicyFlags};
use crate::store::org::visibility_sql::visible_ids;

/// The goals `viewer` owns or contributes to (as a member or through a team); $1 org, $2
/// viewer. Rows name members by line key (store/org/line_keys.rs), which the indexes cover.
/// One `in` over a union, not `or`s: each part is an index lookup, where `or` would scan.
const MINE: &str = "g.id in ( \
     select id from goals where org_id = $1 \
         and owner_key = (select line_key from members where org_id = $1 and id = $2) \
     union all select goal_id from goal_member_contributors where org_id = $1 \
         and member_key = (select line_key from members where org_id = $1 and id = $2) \
     union all select c.goal_id from team_members tm join goal_team_contributors c \
         on c.org_id = tm.org_id and c.team_id = tm.team_id where tm.org_id = $1 \
         and tm.member_key = (select line_key from members where org_id = $1 and id = $2))";

pub async fn explore(
    db: &Db,
    org: &OrgId,
    viewer: &MemberId,
    sees_everything: bool,
    policy: Option<PolicyFlags>,
    query: &ExploreQuery,
) -> Result<ExplorePage> {
    // Matched against the goals' stored folded text (db/text.rs `folded`), in SQL on both
    // backends: the page is read, not every match.
    let text = query.text.as_deref().map(folded);
    let filter = Filter::new(org, viewer, sees_everything, policy, query, text.as_deref());
    let (sqlite, postgres) = filter.page(query);
    let rows = db.fetch_built(&sqlite, &postgres, &filter.params).await?;
    // How many goals match, whatever the page: a second query, because a window count
    // would make the page query read every match instead of the first page in index order.
    let (sqlite, postgres) = filter.count();
    let counted = db.fetch_built(&sqlite, &postgres, &filter.params).await?;
    let total = counted.first().map(|row| row.int("total")).transpose()?.unwrap_or_default();
    let goals = rows.iter().map(stored_goal).collect::<Result<Vec<_>>>()?;
    Ok(ExplorePage { goals, total })
}

/// The where clause of an explore query, condition by condition, in both dialects, with
/// the values it binds: each value takes the next `$n`.
pub(crate) struct Filter<'a> {
    sqlite: Vec<String>,
    postgres: Vec<String>,
    pub(crate) params: Vec<Param<'a>>,
}

impl<'a> Filter<'a> {
    /// `text` is the searched text, folded.
    pub(crate) fn new(
        org: &'a OrgId,
        viewer: &'a MemberId,
        sees_everything: bool,
        policy: Option<PolicyFlags>,
        query: &'a ExploreQuery,
        text: Option<&'a str>,
    ) -> Self {
        let mut filter = Filter { sqlite: Vec::new(), postgres: Vec::new(), params: vec![Param::Text(org.as_str())] };
        filter.both("g.org_id = $1".to_owned());
        if query.mine || !sees_everything {
            // $2 in MINE and in the visibility subquery.
            filter.params.push(Param::Text(viewer.as_str()));
        }
        if query.mine {
            // An owned goal is seen; a contributed one unless it is a draft (CONTRACT §3).
            filter.both(MINE.to_owned());
            filter.both(
                "(g.state <> 'draft' or g.creator_id = $2 \
                 or g.owner_key = (select line_key from members where org_id = $1 and id = $2))"
                    .to_owned(),
            );
        } else if !sees_everything {
            let subquery = visible_ids();
            // §10's paths, when the org uses them: their four switches bound after $2.
            let policy_part = policy.map(|flags| {
                let first = filter.params.len() + 1;
                filter.params.extend(flags.params());
                format!(" or g.id in ({})", policy_visible("id", first))
            });
            let policy_part = policy_part.unwrap_or_default();
            let visible = |subquery: &str| format!("(g.id in ({subquery}){policy_part})");
            filter.dialects(visible(subquery.sqlite), visible(subquery.postgres));
        }
        if let Some(owner) = &query.owner {
            let n = filter.bind(Param::Text(owner.as_str()));
            filter.both(format!("g.owner_key = (select line_key from members where org_id = $1 and id = ${n})"));
        }
        if let Some(state) = query.state {
            let n = filter.bind(Param::Text(state.as_str()));
            filter.both(format!("g.state = ${n}"));
        }
        if let Some(goal_type) = query.goal_type {
            let n = filter.bind(Param::Text(goal_type.as_str()));
            filter.both(format!("g.goal_type = ${n}"));
        }
        match &query.parent {
            Some(Some(parent)) => {
                let n = filter.bind(Param::Text(parent.as_str()));
                filter.both(format!("g.parent_id = ${n}"));
            }
            Some(None) => filter.both("g.parent_id is null".to_owned()),
            None => {}
        }
        match &query.category {
            Some(Some(category)) => {
                let n = filter.bind(Param::Text(category.as_str()));
                filter.both(format!("g.category_id = ${n}"));
            }
            Some(None) => filter.both("g.category_id is null".to_owned()),
            None => {}
        }
        if query.following {
            let n = filter.bind(Param::Text(viewer.as_str()));
            filter.both(format!("g.id in (select goal_id from goal_follows where org_id = $1 and member_id = ${n})"));
        }
        if let Some(text) = text {
            let n = filter.bind(Param::Text(text));
            filter.dialects(
                format!("(instr(g.title_folded, ${n}) > 0 or instr(coalesce(g.description_folded, ''), ${n}) > 0)"),
                format!("(strpos(g.title_folded, ${n}) > 0 or strpos(coalesce(g.description_folded, ''), ${n}) > 0)"),
            );
        }
        filter
    }

    fn bind(&mut self, param: Param<'a>) -> usize {
        self.params.push(param);
        self.params.len()
    }

    fn both(&mut self, condition: String) {
        self.sqlite.push(condition.clone());
        self.postgres.push(condition);
    }

    fn dialects(&mut self, sqlite: String, postgres: String) {
        self.sqlite.push(sqlite);
        self.postgres.push(postgres);
    }

    /// The page, sorted as asked.
    pub(crate) fn page(&self, query: &ExploreQuery) -> (String, String) {
        let direction = if query.descending { "desc" } else { "asc" };
        let order = format!("order by g.{} {direction}, g.id {direction}", query.sort.column());
        let page = format!("limit {} offset {}", query.limit, query.offset);
        let select = |conditions: &[String]| {
            format!(
                "select {}, revision, last_activity_at from goals g where {} {order} {page}",
                *GOAL_SELECT,
                conditions.join(" and ")
            )
        };
        (select(&self.sqlite), select(&self.postgres))
    }

    pub(crate) fn count(&self) -> (String, String) {
        let count =
            |conditions: &[String]| format!("select count(*) as total from goals g where {}", conditions.join(" and "));
        (count(&self.sqlite), count(&self.postgres))
    }
}

fn stored_goal(row: &DbRow) -> Result<StoredGoal> {
    let last_activity_at = row.opt_instant("last_activity_at")?;
    Ok(StoredGoal { goal: columns::goal(row)?, revision: row.int("revision")?, last_activity_at })
}

/// Whether the query is the plain list of what a member sees, by id: then the sorted ids
/// the visibility query gives make the page and the total without a second pass in SQL.
pub fn is_plain_listing(query: &ExploreQuery) -> bool {
    !query.mine
        && query.owner.is_none()
        && query.state.is_none()
        && query.goal_type.is_none()
        && query.parent.is_none()
        && query.text.is_none()
        && !query.following
        && query.category.is_none()
        && query.sort == SortKey::Id
}

/// One page of `visible` (sorted ids), read by id.
pub async fn page_of_ids(db: &Db, org: &OrgId, visible: &[GoalId], query: &ExploreQuery) -> Result<ExplorePage> {
    let (offset, limit) = (query.offset as usize, query.limit as usize);
    let page: Vec<&str> = if query.descending {
        visible.iter().rev().skip(offset).take(limit).map(GoalId::as_str).collect()
    } else {
        visible.iter().skip(offset).take(limit).map(GoalId::as_str).collect()
    };
    let ids = json_text(&page)?;
    let (sqlite, postgres) = goals_by_id();
    let rows = db.fetch_built(&sqlite, &postgres, &[Param::Text(org.as_str()), Param::Text(&ids)]).await?;
    let mut goals = rows.iter().map(stored_goal).collect::<Result<Vec<_>>>()?;
    goals.sort_by(|a, b| a.goal.id.cmp(&b.goal.id));
    if query.descending {
        goals.reverse();
    }
    Ok(ExplorePage { goals, total: visible.len() as i64 })
}

/// The goals whose ids are in the JSON array $2, with their revisions.
pub(crate) fn goals_by_id() -> (String, String) {
    let select = |ids: &str| {
        format!("select {}, revision, last_activity_at from goals where org_id = $1 and id in ({ids})", *GOAL_SELECT)
    };
    (select("select value from json_each($2)"), select("select json_array_elements_text(cast($2 as json))"))
}
