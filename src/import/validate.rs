//! The import file turned into the domain model, or the first thing wrong with it.
//! Pure: the caller passes what the database already holds.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::core::ids::{GoalId, MemberId, OrgId, TeamId};
use crate::core::text::{Email, Name};
use crate::goals::hierarchy::{find_parent_cycle, find_too_deep_goal, MAX_GOAL_DEPTH};
use crate::goals::Goal;
use crate::import::error::{field_problem, invalid, Entity, Result};
use crate::import::existing::ExistingOrg;
use crate::import::format::{ImportFile, MemberRecord, OrgRecord, TeamRecord};
use crate::import::validate_category::{categories_of, category_ids, check_required_categories, ImportedCategory};
use crate::import::validate_goal::{check_child_weights, goal_from_record, References};
use crate::import::validate_policy::{check_same_visibility, fill_manager_editors, policy_of};
use crate::org::{
    find_manager_cycle, find_too_deep_member, parse_time_zone, Locale, Member, Org, Role, Team, MAX_MANAGER_CHAIN_DEPTH,
};

/// A file that passed every check, in domain types.
#[derive(Debug, Clone)]
pub struct ValidatedImport {
    pub org: Org,
    pub members: Vec<Member>,
    pub teams: Vec<Team>,
    pub goals: Vec<Goal>,
    /// The file's `org.categories`; None: the stored ones stay.
    pub categories: Option<Vec<ImportedCategory>>,
}

pub fn validate(file: ImportFile, existing: &ExistingOrg) -> Result<ValidatedImport> {
    let mut org = org_from_record(&file.org)?;
    org.policy = policy_of(&file.org, existing)?;
    let members = members_from_records(&file.members, &org, existing)?;
    let member_ids: HashSet<&str> =
        members.iter().map(|m| m.id.as_str()).chain(existing.members.keys().map(MemberId::as_str)).collect();
    let teams = teams_from_records(&file.teams, &member_ids)?;
    let team_ids: HashSet<&str> =
        teams.iter().map(|t| t.id.as_str()).chain(existing.teams.iter().map(TeamId::as_str)).collect();

    let mut file_goal_ids = HashSet::with_capacity(file.goals.len());
    for record in &file.goals {
        if !file_goal_ids.insert(record.id.as_str()) {
            return Err(invalid(Entity::Goal, &record.id, "appears twice in the file"));
        }
    }
    let categories = categories_of(&file.org)?;
    let category_ids = category_ids(categories.as_deref(), existing);
    let refs = References {
        categories: &category_ids,
        members: &member_ids,
        teams: &team_ids,
        file_goals: &file_goal_ids,
        existing_goals: &existing.goals,
    };
    // Each goal checks alone against shared read-only sets: spread over the cores.
    let mut goals = file.goals.par_iter().map(|record| goal_from_record(record, &refs)).collect::<Result<Vec<_>>>()?;
    fill_manager_editors(&mut goals, &file.goals, &members, existing);
    let checks_started = std::time::Instant::now();
    check_parent_links(&goals, existing)?;
    tracing::debug!(elapsed_ms = checks_started.elapsed().as_millis() as u64, "parent links checked");
    check_child_weights(&goals, existing)?;
    check_same_visibility(&org.policy, &goals, existing)?;
    check_required_categories(&org.policy, &goals, existing)?;
    tracing::debug!(elapsed_ms = checks_started.elapsed().as_millis() as u64, "weights checked");
    // Freeing a million parsed records takes a second; the writes need not wait for it.
    std::thread::spawn(move || drop(file));
    Ok(ValidatedImport { org, members, teams, goals, categories })
}

fn org_from_record(record: &OrgRecord) -> Result<Org> {
    let id = OrgId::parse(record.id.as_str()).map_err(|e| invalid(Entity::Org, &record.id, e.to_string()))?;
    let bad = |problem: String| invalid(Entity::Org, &record.id, problem);
    let timezone = parse_time_zone(&record.timezone).map_err(|e| bad(format!("timezone: {e}")))?;
    let locale: Locale = record.locale.parse().map_err(|e| bad(format!("locale: {e}")))?;
    let name = Name::parse(record.name.as_str()).map_err(|e| bad(field_problem(e)))?;
    Ok(Org { id, name: name.into_string(), timezone, locale, policy: Default::default() })
}

fn members_from_records(records: &[MemberRecord], org: &Org, existing: &ExistingOrg) -> Result<Vec<Member>> {
    let in_file: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let mut seen = HashSet::with_capacity(records.len());
    let mut members = Vec::with_capacity(records.len());
    for record in records {
        if !seen.insert(record.id.as_str()) {
            return Err(invalid(Entity::Member, &record.id, "appears twice in the file"));
        }
        members.push(member_from_record(record, org, &in_file, existing)?);
    }
    let mut links: HashMap<&MemberId, Option<&MemberId>> =
        existing.members.iter().map(|(id, manager)| (id, manager.as_ref())).collect();
    links.extend(members.iter().map(|m| (&m.id, m.manager.as_ref())));
    if let Some(cycle) = find_manager_cycle(links.iter().map(|(m, a)| (*m, *a))) {
        let names: Vec<&str> = cycle.iter().map(|m| m.as_str()).collect();
        return Err(invalid(Entity::Member, names[0], format!("manager links form a cycle: {}", names.join(" -> "))));
    }
    // Refused before anything is written: the reporting lines stored are O(depth) a member.
    if let Some((member, depth)) = find_too_deep_member(links) {
        return Err(invalid(Entity::Member, member.as_str(), too_deep(depth, MAX_MANAGER_CHAIN_DEPTH, "managers")));
    }
    Ok(members)
}

fn member_from_record(
    record: &MemberRecord,
    org: &Org,
    in_file: &HashSet<&str>,
    existing: &ExistingOrg,
) -> Result<Member> {
    let bad = |problem: String| invalid(Entity::Member, &record.id, problem);
    let id = MemberId::parse(record.id.as_str()).map_err(|e| bad(e.to_string()))?;
    let role: Role = record.role.parse().map_err(|e| bad(format!("role: {e}")))?;
    let manager = match &record.manager {
        None => None,
        Some(manager) if manager == &record.id => return Err(bad("is their own manager".into())),
        Some(manager) if in_file.contains(manager.as_str()) || existing.members.contains_key(manager.as_str()) => {
            Some(MemberId::parse(manager.as_str()).map_err(|e| bad(format!("manager: {e}")))?)
        }
        Some(manager) => return Err(bad(format!("manager {manager:?} is not a member of the org"))),
    };
    let name = Name::parse(record.name.as_str()).map_err(|e| bad(field_problem(e)))?;
    let email = match record.email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(email) => Some(Email::parse(email).map_err(|e| bad(field_problem(e)))?.into_string()),
    };
    let locale = match &record.locale {
        Some(locale) => locale.parse().map_err(|e| bad(format!("locale: {e}")))?,
        None => org.locale,
    };
    let timezone = match &record.timezone {
        Some(tz) => parse_time_zone(tz).map_err(|e| bad(format!("timezone: {e}")))?,
        None => org.timezone,
    };
    let name = name.into_string();
    Ok(Member { id, name, email, role, manager, active: record.active, locale, timezone })
}

fn teams_from_records(records: &[TeamRecord], members: &HashSet<&str>) -> Result<Vec<Team>> {
    let mut seen = HashSet::with_capacity(records.len());
    let mut teams = Vec::with_capacity(records.len());
    for record in records {
        let bad = |problem: String| invalid(Entity::Team, &record.id, problem);
        if !seen.insert(record.id.as_str()) {
            return Err(bad("appears twice in the file".into()));
        }
        let id = TeamId::parse(record.id.as_str()).map_err(|e| bad(e.to_string()))?;
        let name = Name::parse(record.name.as_str()).map_err(|e| bad(field_problem(e)))?.into_string();
        let mut team_members = Vec::with_capacity(record.members.len());
        let mut in_team = HashSet::new();
        for member in &record.members {
            if !members.contains(member.as_str()) {
                return Err(bad(format!("member {member:?} is not a member of the org")));
            }
            if in_team.insert(member.as_str()) {
                team_members.push(MemberId::parse(member.as_str()).map_err(|e| bad(e.to_string()))?);
            }
        }
        teams.push(Team { id, name, members: team_members });
    }
    Ok(teams)
}

fn check_parent_links(goals: &[Goal], existing: &ExistingOrg) -> Result<()> {
    let mut links: HashMap<&GoalId, Option<&GoalId>> =
        existing.goals.iter().map(|(id, goal)| (id, goal.parent.as_ref())).collect();
    links.extend(goals.iter().map(|g| (&g.id, g.parent.as_ref())));
    if let Some(cycle) = find_parent_cycle(links.iter().map(|(g, p)| (*g, *p))) {
        let names: Vec<&str> = cycle.iter().map(|g| g.as_str()).collect();
        return Err(invalid(Entity::Goal, names[0], format!("parent links form a cycle: {}", names.join(" -> "))));
    }
    match find_too_deep_goal(links) {
        Some((goal, depth)) => {
            Err(invalid(Entity::Goal, goal.as_str(), too_deep(depth, MAX_GOAL_DEPTH, "parent goals")))
        }
        None => Ok(()),
    }
}

/// The problem of an entity too deep in its chain (docs/depth-limits.md).
fn too_deep(depth: usize, limit: usize, above: &str) -> String {
    format!("has {depth} {above} above it, more than the limit of {limit} (docs/depth-limits.md)")
}
