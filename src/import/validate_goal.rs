//! One goal record checked field by field, and the weight sets that span goals.

use std::collections::{HashMap, HashSet};

use crate::core::time::{parse_date, parse_instant};

use crate::core::ids::{CategoryId, GoalId, MeasurementId, MemberId, TeamId};
use crate::core::text::{Comment, Description, MeasurementName, Title};
use crate::goals::people::{GoalPeople, PeopleRefs};
use crate::goals::{Goal, Measurement, MeasurementKind, ProgressUpdate, Tracking, Visibility, Weight};
use crate::import::error::{field_problem, invalid, Entity, Result};
use crate::import::existing::{ExistingGoal, ExistingOrg};
use crate::import::format::{ContributorsRecord, GoalRecord, MeasurementRecord, UpdateRecord};
use crate::rollup::check_weights;

/// The ids a goal may reference: the file's and the database's.
pub(crate) struct References<'a> {
    /// The org's categories once the import is written.
    pub categories: &'a HashSet<CategoryId>,
    pub members: &'a HashSet<&'a str>,
    pub teams: &'a HashSet<&'a str>,
    pub file_goals: &'a HashSet<&'a str>,
    pub existing_goals: &'a HashMap<GoalId, ExistingGoal>,
}

pub(crate) fn goal_from_record(record: &GoalRecord, refs: &References<'_>) -> Result<Goal> {
    let bad = |problem: String| invalid(Entity::Goal, &record.id, problem);
    let id = GoalId::parse(record.id.as_str()).map_err(|e| bad(e.to_string()))?;
    // The API's parsers: a goal imported here can be edited there without tripping on a field.
    let title = Title::parse(record.title.as_str()).map_err(|e| bad(field_problem(e)))?.into_string();
    let description = record.description.as_deref().map(Description::parse).transpose();
    let description = description.map_err(|e| bad(field_problem(e)))?.map(Description::into_string);
    let member = |field: &str, value: &str| -> Result<MemberId> {
        if !refs.members.contains(value) {
            return Err(bad(format!("{field} {value:?} is not a member of the org")));
        }
        MemberId::parse(value).map_err(|e| bad(format!("{field}: {e}")))
    };
    let creator = member("creator", &record.creator)?;
    let owner = member("owner", &record.owner)?;
    let member_contributors =
        unique(&record.contributors.members).map(|m| member("contributor", m)).collect::<Result<Vec<_>>>()?;
    let team_contributors = unique(&record.contributors.teams)
        .map(|team| {
            if !refs.teams.contains(team) {
                return Err(bad(format!("contributor team {team:?} is not a team of the org")));
            }
            TeamId::parse(team).map_err(|e| bad(format!("contributor team: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let people = people_from_record(record, refs, &member)?;
    let start_date = parse_date(&record.start_date).map_err(|e| bad(format!("start_date: {e}")))?;
    let end_date = parse_date(&record.end_date).map_err(|e| bad(format!("end_date: {e}")))?;
    if end_date < start_date {
        return Err(bad(format!("end_date {end_date} is before start_date {start_date}")));
    }
    let parent = match &record.parent {
        None => None,
        Some(parent) if parent == &record.id => return Err(bad("is its own parent".into())),
        Some(parent)
            if refs.file_goals.contains(parent.as_str()) || refs.existing_goals.contains_key(parent.as_str()) =>
        {
            Some(GoalId::parse(parent.as_str()).map_err(|e| bad(format!("parent: {e}")))?)
        }
        Some(parent) => return Err(bad(format!("parent {parent:?} is not a goal of the org"))),
    };
    let weight = record.weight.map(Weight::parse).transpose().map_err(|e| bad(e.to_string()))?;
    let tracking: Tracking = record.tracking.parse().map_err(|e| bad(format!("tracking: {e}")))?;
    let progress = record.progress.unwrap_or(0.0);
    if !(0.0..=100.0).contains(&progress) {
        return Err(bad(format!("progress {progress} is not between 0 and 100")));
    }
    let measurements = measurements_from_records(&record.measurements).map_err(bad)?;
    let weights: Vec<Option<Weight>> = measurements.iter().map(|m| m.weight).collect();
    check_weights(&weights).map_err(|e| bad(format!("measurement weights: {e}")))?;
    let updates = record
        .updates
        .iter()
        .enumerate()
        .map(|(index, update)| update_from_record(update, refs).map_err(|p| bad(format!("updates[{index}]: {p}"))))
        .collect::<Result<Vec<_>>>()?;
    let category = category_of(record, &id, refs).map_err(bad)?;
    Ok(Goal {
        id,
        title,
        description,
        goal_type: record.goal_type.parse().map_err(|e| bad(format!("type: {e}")))?,
        state: record.state.parse().map_err(|e| bad(format!("state: {e}")))?,
        creator,
        owner,
        member_contributors,
        team_contributors,
        visibility: record.visibility.parse().map_err(|e| bad(format!("visibility: {e}")))?,
        start_date,
        end_date,
        parent,
        contributes_to_parent: record.contributes_to_parent,
        weight,
        tracking,
        progress,
        status: record.status.as_deref().map(str::parse).transpose().map_err(|e| bad(format!("status: {e}")))?,
        measurements,
        created_at: parse_instant(&record.created_at).map_err(|e| bad(format!("created_at: {e}")))?,
        published_at: record
            .published_at
            .as_deref()
            .map(parse_instant)
            .transpose()
            .map_err(|e| bad(format!("published_at: {e}")))?,
        closed_at: None,
        archived_at: None,
        updates,
        people,
        category,
    })
}

/// The goal's category: the record's (one the org has), else (key absent) the stored
/// goal's if that category stays.
fn category_of(
    record: &GoalRecord,
    id: &GoalId,
    refs: &References<'_>,
) -> std::result::Result<Option<CategoryId>, String> {
    match &record.category {
        Some(Some(category)) if refs.categories.contains(category.as_str()) => {
            CategoryId::parse(category.as_str()).map(Some).map_err(|e| format!("category: {e}"))
        }
        Some(Some(category)) => Err(format!("category {category:?} is not a category of the org")),
        Some(None) => Ok(None),
        None => {
            Ok(refs.existing_goals.get(id).and_then(|g| g.category.clone()).filter(|c| refs.categories.contains(c)))
        }
    }
}

/// The §10 fields: editors, participants (only on private goals) and the manager editor as
/// the file gives it; an absent `manager_editor` is filled in by `validate` (it needs the
/// stored goal or the owner's manager).
fn people_from_record(
    record: &GoalRecord,
    refs: &References<'_>,
    member: &impl Fn(&str, &str) -> Result<MemberId>,
) -> Result<GoalPeople> {
    let bad = |problem: String| invalid(Entity::Goal, &record.id, problem);
    let refs_of = |field: &str, given: &Option<ContributorsRecord>| -> Result<PeopleRefs> {
        let Some(given) = given else {
            return Ok(PeopleRefs::default());
        };
        let members = unique(&given.members).map(|m| member(field, m)).collect::<Result<Vec<_>>>()?;
        let teams = unique(&given.teams)
            .map(|team| {
                if !refs.teams.contains(team) {
                    return Err(bad(format!("{field} team {team:?} is not a team of the org")));
                }
                TeamId::parse(team).map_err(|e| bad(format!("{field} team: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PeopleRefs { members, teams })
    };
    let editors = refs_of("editor", &record.editors)?;
    let participants = refs_of("participant", &record.participants)?;
    if !participants.is_empty() && record.visibility == Visibility::Public.as_str() {
        return Err(bad(
            "participants are only allowed on owners_and_contributors goals, and this goal is public".into()
        ));
    }
    let manager_editor = match &record.manager_editor {
        Some(Some(id)) => Some(member("manager_editor", id)?),
        Some(None) | None => None,
    };
    Ok(GoalPeople { editors, participants, manager_editor })
}

fn unique(values: &[String]) -> impl Iterator<Item = &str> {
    let mut seen = HashSet::new();
    values.iter().map(String::as_str).filter(move |v| seen.insert(*v))
}

fn measurements_from_records(records: &[MeasurementRecord]) -> std::result::Result<Vec<Measurement>, String> {
    let mut seen = HashSet::new();
    records
        .iter()
        .map(|record| {
            let bad = |problem: String| format!("measurement {:?}: {problem}", record.id);
            if !seen.insert(record.id.as_str()) {
                return Err(bad("appears twice".into()));
            }
            let kind: MeasurementKind = record.kind.parse().map_err(|e| bad(format!("kind: {e}")))?;
            for (field, value) in [("start", record.start), ("current", record.current), ("target", record.target)] {
                if !value.is_finite() {
                    return Err(bad(format!("{field} is not a finite number")));
                }
            }
            let name = MeasurementName::parse(record.name.as_str()).map_err(|e| bad(field_problem(e)))?;
            Ok(Measurement {
                id: MeasurementId::parse(record.id.as_str()).map_err(|e| bad(e.to_string()))?,
                name: name.into_string(),
                kind,
                start: record.start,
                current: record.current,
                target: record.target,
                weight: record.weight.map(Weight::parse).transpose().map_err(|e| bad(e.to_string()))?,
            })
        })
        .collect()
}

fn update_from_record(record: &UpdateRecord, refs: &References<'_>) -> std::result::Result<ProgressUpdate, String> {
    if !refs.members.contains(record.by.as_str()) {
        return Err(format!("by {:?} is not a member of the org", record.by));
    }
    if let Some(progress) = record.progress {
        if !(0.0..=100.0).contains(&progress) {
            return Err(format!("progress {progress} is not between 0 and 100"));
        }
    }
    if let Some(comment) = &record.comment {
        Comment::parse(comment.as_str()).map_err(field_problem)?;
    }
    Ok(ProgressUpdate {
        at: parse_instant(&record.at).map_err(|e| format!("at: {e}"))?,
        by: MemberId::parse(record.by.as_str()).map_err(|e| e.to_string())?,
        progress: record.progress,
        comment: record.comment.clone(),
        automatic: false,
    })
}

/// The children of each parent that contribute form one weight set (CONTRACT §4); a
/// parent's set may mix goals of this file with goals stored before.
pub(crate) fn check_child_weights(goals: &[Goal], existing: &ExistingOrg) -> Result<()> {
    let in_file: HashSet<&GoalId> = goals.iter().map(|g| &g.id).collect();
    let mut sets: HashMap<&GoalId, Vec<Option<Weight>>> = HashMap::new();
    let stored = existing.goals.iter().filter(|(id, _)| !in_file.contains(id));
    for (parent, contributes, weight) in stored
        .map(|(_, g)| (g.parent.as_ref(), g.contributes_to_parent, g.weight))
        .chain(goals.iter().map(|g| (g.parent.as_ref(), g.contributes_to_parent, g.weight)))
    {
        if let (Some(parent), true) = (parent, contributes) {
            sets.entry(parent).or_default().push(weight);
        }
    }
    let mut parents: Vec<_> = sets.into_iter().collect();
    parents.sort_by(|a, b| a.0.cmp(b.0));
    for (parent, weights) in parents {
        if let Err(e) = check_weights(&weights) {
            return Err(invalid(Entity::Goal, parent.as_str(), format!("weights of its sub-goals: {e}")));
        }
    }
    Ok(())
}
