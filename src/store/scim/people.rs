//! The org's members and teams as stored, for the SCIM views of the ones SCIM has not
//! written (imported, or from the HRIS webhook).

use std::collections::HashMap;

use crate::core::ids::OrgId;
use crate::org::{Member, Team};
use crate::store::db::row::{member_id, team_id};
use crate::store::db::{Db, Param, RowReader};
use crate::store::error::Result;
use crate::store::org::decode;
use crate::store::org::sql::{ALL_MEMBERS, ALL_TEAMS, ALL_TEAM_MEMBERS};

pub(super) async fn members(db: &Db, org: &OrgId) -> Result<Vec<Member>> {
    db.fetch(ALL_MEMBERS, &[Param::Text(org.as_str())]).await?.iter().map(decode::member).collect()
}

pub(super) async fn teams(db: &Db, org: &OrgId) -> Result<Vec<Team>> {
    let params = [Param::Text(org.as_str())];
    let mut teams: Vec<Team> = Vec::new();
    for row in db.fetch(ALL_TEAMS, &params).await? {
        teams.push(Team { id: team_id(row.text("id")?)?, name: row.text("name")?, members: Vec::new() });
    }
    let positions: HashMap<_, _> = teams.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
    for row in db.fetch(ALL_TEAM_MEMBERS, &params).await? {
        if let Some(&i) = positions.get(&team_id(row.text("team_id")?)?) {
            teams[i].members.push(member_id(row.text("member_id")?)?);
        }
    }
    Ok(teams)
}
