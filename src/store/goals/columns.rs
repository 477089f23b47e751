//! The one place a goal column is named: the table below gives each column's name,
//! PostgreSQL type and value, and every goal statement is built from it (the select list,
//! the single insert and update, the import's bulk insert and upsert); the decoder next to
//! it reads the same names. Adding a goal column: the migration pair, one line in
//! `GOAL_COLUMNS`, one in `goal`.

use std::sync::LazyLock;

use crate::core::ids::{CategoryId, GoalId, OrgId};
use crate::goals::people::GoalPeople;
use crate::goals::{Goal, Weight};
use crate::store::db::bulk::{Cells, Column};
use crate::store::db::row::{goal_id, member_id, parsed};
use crate::store::db::text::folded;
use crate::store::db::{DbRow, Param, RowReader, Sql};
use crate::store::error::Result;

/// A goal as its row stores it: the progress may differ from the goal's own (an import
/// stores the progress its roll-ups computed).
pub struct GoalValues<'a> {
    pub goal: &'a Goal,
    pub progress: f64,
    pub folded: &'a Folded,
}

/// The goal's title and description as explore's text search compares them
/// (db/text.rs `folded`), written with every goal.
pub struct Folded {
    pub title: String,
    pub description: Option<String>,
}

impl Folded {
    pub fn of(goal: &Goal) -> Self {
        Folded { title: folded(&goal.title), description: goal.description.as_deref().map(folded) }
    }
}

/// One column of `goals` that holds a field of the goal.
pub struct GoalColumn {
    pub name: &'static str,
    pub pg_type: &'static str,
    pub value: for<'a> fn(&GoalValues<'a>) -> Param<'a>,
}

/// The goal's own columns, `id` first. Not here: `org_id`, the line key (`owner_key`, kept
/// by line_keys.rs), `last_activity_at`, `requires_update` and `revision`.
pub const GOAL_COLUMNS: &[GoalColumn] = &[
    GoalColumn { name: "id", pg_type: "text", value: |g| Param::Text(g.goal.id.as_str()) },
    GoalColumn { name: "title", pg_type: "text", value: |g| Param::Text(&g.goal.title) },
    GoalColumn { name: "description", pg_type: "text", value: |g| Param::OptText(g.goal.description.as_deref()) },
    GoalColumn { name: "goal_type", pg_type: "text", value: |g| Param::Text(g.goal.goal_type.as_str()) },
    GoalColumn { name: "state", pg_type: "text", value: |g| Param::Text(g.goal.state.as_str()) },
    GoalColumn { name: "creator_id", pg_type: "text", value: |g| Param::Text(g.goal.creator.as_str()) },
    GoalColumn { name: "owner_id", pg_type: "text", value: |g| Param::Text(g.goal.owner.as_str()) },
    GoalColumn { name: "visibility", pg_type: "text", value: |g| Param::Text(g.goal.visibility.as_str()) },
    GoalColumn { name: "start_date", pg_type: "date", value: |g| Param::Date(g.goal.start_date) },
    GoalColumn { name: "end_date", pg_type: "date", value: |g| Param::Date(g.goal.end_date) },
    GoalColumn {
        name: "parent_id",
        pg_type: "text",
        value: |g| Param::OptText(g.goal.parent.as_ref().map(GoalId::as_str)),
    },
    GoalColumn {
        name: "contributes_to_parent",
        pg_type: "boolean",
        value: |g| Param::Bool(g.goal.contributes_to_parent),
    },
    GoalColumn {
        name: "weight",
        pg_type: "double precision",
        value: |g| Param::OptReal(g.goal.weight.map(Weight::percent)),
    },
    GoalColumn { name: "tracking", pg_type: "text", value: |g| Param::Text(g.goal.tracking.as_str()) },
    GoalColumn { name: "progress", pg_type: "double precision", value: |g| Param::Real(g.progress) },
    GoalColumn { name: "status", pg_type: "text", value: |g| Param::OptText(g.goal.status.map(|s| s.as_str())) },
    GoalColumn { name: "created_at", pg_type: "timestamptz", value: |g| Param::Instant(g.goal.created_at) },
    GoalColumn { name: "published_at", pg_type: "timestamptz", value: |g| Param::OptInstant(g.goal.published_at) },
    GoalColumn { name: "closed_at", pg_type: "timestamptz", value: |g| Param::OptInstant(g.goal.closed_at) },
    GoalColumn { name: "archived_at", pg_type: "timestamptz", value: |g| Param::OptInstant(g.goal.archived_at) },
    GoalColumn {
        name: "manager_editor_id",
        pg_type: "text",
        value: |g| Param::OptText(g.goal.people.manager_editor.as_ref().map(|m| m.as_str())),
    },
    GoalColumn {
        name: "category_id",
        pg_type: "text",
        value: |g| Param::OptText(g.goal.category.as_ref().map(|c| c.as_str())),
    },
    GoalColumn { name: "title_folded", pg_type: "text", value: |g| Param::Text(&g.folded.title) },
    GoalColumn {
        name: "description_folded",
        pg_type: "text",
        value: |g| Param::OptText(g.folded.description.as_deref()),
    },
];

/// Columns written but never read back into a `Goal`.
const WRITE_ONLY: &[&str] = &["title_folded", "description_folded"];

/// A goal without its contributors, measurements and updates (see `decode::attach`).
pub fn goal(row: &DbRow) -> Result<Goal> {
    Ok(Goal {
        id: goal_id(row.text("id")?)?,
        title: row.text("title")?,
        description: row.opt_text("description")?,
        goal_type: parsed("goal type", row.text("goal_type")?.parse())?,
        state: parsed("state", row.text("state")?.parse())?,
        creator: member_id(row.text("creator_id")?)?,
        owner: member_id(row.text("owner_id")?)?,
        member_contributors: Vec::new(),
        team_contributors: Vec::new(),
        visibility: parsed("visibility", row.text("visibility")?.parse())?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        parent: row.opt_text("parent_id")?.map(goal_id).transpose()?,
        contributes_to_parent: row.flag("contributes_to_parent")?,
        weight: row.opt_real("weight")?.map(|w| parsed("weight", Weight::parse(w))).transpose()?,
        tracking: parsed("tracking", row.text("tracking")?.parse())?,
        progress: row.real("progress")?,
        status: row.opt_text("status")?.map(|s| parsed("status", s.parse())).transpose()?,
        measurements: Vec::new(),
        created_at: row.instant("created_at")?,
        published_at: row.opt_instant("published_at")?,
        closed_at: row.opt_instant("closed_at")?,
        archived_at: row.opt_instant("archived_at")?,
        updates: Vec::new(),
        // Editors and participants: store/goals/people.rs puts them on.
        people: GoalPeople {
            manager_editor: row.opt_text("manager_editor_id")?.map(member_id).transpose()?,
            ..GoalPeople::default()
        },
        category: row.opt_text("category_id")?.map(|c| parsed("category", CategoryId::parse(c))).transpose()?,
    })
}

fn names() -> impl Iterator<Item = &'static str> {
    GOAL_COLUMNS.iter().map(|c| c.name)
}

/// The columns `goal` reads, in both dialects (each backend returns its own instant and
/// date types, which `DbRow` reads).
pub static GOAL_SELECT: LazyLock<String> =
    LazyLock::new(|| names().filter(|name| !WRITE_ONLY.contains(name)).collect::<Vec<_>>().join(", "));

/// `$1` the org, then the goal's columns in table order.
pub fn goal_params<'a>(org: &'a OrgId, goal: &'a Goal, folded: &'a Folded) -> Vec<Param<'a>> {
    let values = GoalValues { goal, progress: goal.progress, folded };
    std::iter::once(Param::Text(org.as_str())).chain(GOAL_COLUMNS.iter().map(|c| (c.value)(&values))).collect()
}

/// A new goal: its last activity is its publication (CONTRACT §5).
static INSERT_GOAL: LazyLock<String> = LazyLock::new(|| {
    let placeholders: Vec<String> = (2..GOAL_COLUMNS.len() + 2).map(|n| format!("${n}")).collect();
    let published = GOAL_COLUMNS.iter().position(|c| c.name == "published_at").map_or(0, |i| i + 2);
    format!(
        "insert into goals (org_id, {}, last_activity_at, requires_update, revision) values ($1, {}, ${published}, false, 0)",
        names().collect::<Vec<_>>().join(", "),
        placeholders.join(", ")
    )
});

static UPDATE_GOAL: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = names().enumerate().skip(1).map(|(i, name)| format!("{name} = ${}", i + 2)).collect();
    format!("update goals set {}, revision = revision + 1 where org_id = $1 and id = $2", sets.join(", "))
});

pub fn insert_goal() -> Sql {
    Sql::same(INSERT_GOAL.as_str())
}

pub fn update_goal() -> Sql {
    Sql::same(UPDATE_GOAL.as_str())
}

/// The import's goal bulk columns: the goal's, then what the import sets besides.
pub static GOAL_BULK_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| {
    let own = GOAL_COLUMNS.iter().map(|c| (c.name, c.pg_type));
    own.chain([("last_activity_at", "timestamptz"), ("owner_key", "bigint")]).collect()
});

/// An imported goal's row, in `GOAL_BULK_COLUMNS` order.
pub struct GoalRow<'a> {
    pub values: GoalValues<'a>,
    pub last_activity_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The owner's line key (store/org/line_keys.rs).
    pub owner_key: i64,
}

impl<'a> GoalRow<'a> {
    pub fn new(goal: &'a Goal, folded: &'a Folded, progress: f64, owner_key: i64) -> Self {
        Self { values: GoalValues { goal, progress, folded }, last_activity_at: goal.last_activity_at(), owner_key }
    }
}

impl Cells for GoalRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend(GOAL_COLUMNS.iter().map(|c| (c.value)(&self.values)));
        out.extend([Param::OptInstant(self.last_activity_at), Param::Int(self.owner_key)]);
    }
}
