//! The editors and participants named on goals (CONTRACT §10), one `goal_people` row per
//! (goal, relation, member or team): written with the goal, read back onto it.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::core::ids::{GoalId, OrgId};
use crate::goals::people::PeopleRefs;
use crate::goals::Goal;
use crate::store::db::bulk::{Bulk, Cells};
use crate::store::db::row::{goal_id, member_id, team_id};
use crate::store::db::{Db, DbRow, DbTx, Param, RowReader, Sql};
use crate::store::error::{Result, StoreError};

pub const GOAL_PEOPLE: Sql = Sql::same(
    "select goal_id, relation, kind, ref_id from goal_people where org_id = $1 and goal_id = $2 \
     order by relation, kind, ref_id",
);
pub const ALL_GOAL_PEOPLE: Sql = Sql::same(
    "select goal_id, relation, kind, ref_id from goal_people where org_id = $1 \
     order by goal_id, relation, kind, ref_id",
);
pub const DELETE_GOAL_PEOPLE: Sql = Sql::same("delete from goal_people where org_id = $1 and goal_id = $2");
pub const INSERT_GOAL_PERSON: Sql =
    Sql::same("insert into goal_people (org_id, goal_id, relation, kind, ref_id) values ($1, $2, $3, $4, $5)");
pub const DELETE_PEOPLE_OF_GOALS: Sql = Sql {
    sqlite: "delete from goal_people where org_id = $1 and goal_id in (select value from json_each($2))",
    postgres: "delete from goal_people where org_id = $1 and goal_id in (select json_array_elements_text($2::json))",
};
/// Whether any goal of the org names an editor or a participant: when none does and the
/// policy widens nothing, visibility needs none of §10's paths.
pub const ORG_NAMES_PEOPLE: Sql = Sql::same("select 1 as found from goal_people where org_id = $1 limit 1");

const PEOPLE_COLUMNS: &[(&str, &str)] =
    &[("goal_id", "text"), ("relation", "text"), ("kind", "text"), ("ref_id", "text")];

pub static INSERT_GOAL_PEOPLE: LazyLock<Bulk> = LazyLock::new(|| Bulk::same("goal_people", PEOPLE_COLUMNS, ""));

#[derive(Serialize)]
pub struct PeopleRow<'a> {
    pub goal_id: &'a str,
    pub relation: &'static str,
    pub kind: &'static str,
    pub ref_id: &'a str,
}

impl Cells for PeopleRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([
            Param::Text(self.goal_id),
            Param::Text(self.relation),
            Param::Text(self.kind),
            Param::Text(self.ref_id),
        ]);
    }
}

/// The rows naming the goal's editors and participants.
pub fn rows_of(goal: &Goal) -> impl Iterator<Item = PeopleRow<'_>> {
    let people = &goal.people;
    [("editor", &people.editors), ("participant", &people.participants)].into_iter().flat_map(
        move |(relation, refs)| {
            let members = refs.members.iter().map(move |m| ("member", m.as_str()));
            let teams = refs.teams.iter().map(move |t| ("team", t.as_str()));
            members.chain(teams).map(move |(kind, ref_id)| PeopleRow {
                goal_id: goal.id.as_str(),
                relation,
                kind,
                ref_id,
            })
        },
    )
}

/// Replaces the goal's rows (the goals API's create and save).
pub async fn write_people(tx: &mut DbTx, org: &OrgId, goal: &Goal) -> Result<()> {
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    tx.execute(DELETE_GOAL_PEOPLE, &key).await?;
    for row in rows_of(goal) {
        let params = [key[0], key[1], Param::Text(row.relation), Param::Text(row.kind), Param::Text(row.ref_id)];
        tx.execute(INSERT_GOAL_PERSON, &params).await?;
    }
    Ok(())
}

/// Reads the rows of `sql` (GOAL_PEOPLE or ALL_GOAL_PEOPLE) onto `goals`.
pub async fn attach_people(db: &Db, sql: Sql, params: &[Param<'_>], goals: &mut [Goal]) -> Result<()> {
    let rows = db.fetch(sql, params).await?;
    put_on_goals(&rows, goals)
}

pub fn put_on_goals(rows: &[DbRow], goals: &mut [Goal]) -> Result<()> {
    let index: HashMap<GoalId, usize> = goals.iter().enumerate().map(|(i, g)| (g.id.clone(), i)).collect();
    for row in rows {
        let Some(&i) = index.get(&goal_id(row.text("goal_id")?)?) else {
            continue;
        };
        let people = &mut goals[i].people;
        let refs: &mut PeopleRefs = match row.text("relation")?.as_str() {
            "editor" => &mut people.editors,
            "participant" => &mut people.participants,
            other => return Err(StoreError::Corrupt(format!("goal_people relation {other:?}"))),
        };
        let id = row.text("ref_id")?;
        match row.text("kind")?.as_str() {
            "member" => refs.members.push(member_id(id)?),
            "team" => refs.teams.push(team_id(id)?),
            other => return Err(StoreError::Corrupt(format!("goal_people kind {other:?}"))),
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) const ALL: &[Sql] =
    &[GOAL_PEOPLE, ALL_GOAL_PEOPLE, DELETE_GOAL_PEOPLE, INSERT_GOAL_PERSON, DELETE_PEOPLE_OF_GOALS, ORG_NAMES_PEOPLE];
