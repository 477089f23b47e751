//! Turning request bodies into goals: ids parsed, defaults filled, a patch applied.

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::core::ids::{CategoryId, GoalId, MeasurementId, MemberId, TeamId};
use crate::goals::people::{GoalPeople, PeopleRefs};
use crate::goals::{Goal, GoalState, Measurement, Tracking, Visibility, Weight};
use crate::http::api::model::{Contributors, GoalPatch, MeasurementBody, NewGoal};
use crate::http::error::{ApiError, ApiResult};
use crate::rollup::goal_progress;

/// A fresh goal id: `g_` and 16 random hex digits.
pub fn new_goal_id() -> GoalId {
    let n: u64 = rand::thread_rng().gen();
    GoalId::parse(format!("g_{n:016x}")).unwrap_or_else(|_| unreachable!("a hex id is a valid id"))
}

fn member(field: &str, text: &str) -> ApiResult<MemberId> {
    MemberId::parse(text).map_err(|e| ApiError::invalid(field, e.to_string()))
}

/// A category id's shape (the handler checks that the org has it).
fn category(text: &str) -> ApiResult<CategoryId> {
    CategoryId::parse(text).map_err(|e| ApiError::invalid("category", e.to_string()))
}

pub fn weight(field: &str, percent: Option<f64>) -> ApiResult<Option<Weight>> {
    percent.map(|w| Weight::parse(w).map_err(|e| ApiError::invalid(field, e.to_string()))).transpose()
}

fn contributors(body: &Contributors) -> ApiResult<(Vec<MemberId>, Vec<TeamId>)> {
    named_people("contributors", body)
}

/// Members and teams of a body's `{"members", "teams"}` object, errors naming `field`.
fn named_people(field: &str, body: &Contributors) -> ApiResult<(Vec<MemberId>, Vec<TeamId>)> {
    let mut members = Vec::new();
    for (i, m) in body.members.iter().enumerate() {
        let id = member(&format!("{field}.members[{i}]"), m)?;
        if !members.contains(&id) {
            members.push(id);
        }
    }
    let mut teams = Vec::new();
    for (i, t) in body.teams.iter().enumerate() {
        let id =
            TeamId::parse(t.as_str()).map_err(|e| ApiError::invalid(format!("{field}.teams[{i}]"), e.to_string()))?;
        if !teams.contains(&id) {
            teams.push(id);
        }
    }
    members.sort();
    teams.sort();
    Ok((members, teams))
}

/// The measurements a body lists; an id already on the goal keeps its current value unless
/// the body gives one, a new one starts at its start.
fn measurements(bodies: &[MeasurementBody], existing: &[Measurement]) -> ApiResult<Vec<Measurement>> {
    let mut out: Vec<Measurement> = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let id = match &body.id {
            Some(id) => MeasurementId::parse(id.as_str())
                .map_err(|e| ApiError::invalid(format!("measurements[{i}].id"), e.to_string()))?,
            None => free_measurement_id(bodies, &out),
        };
        let kept = existing.iter().find(|m| m.id == id).map(|m| m.current);
        out.push(Measurement {
            id,
            name: body.name.clone(),
            kind: body.kind,
            start: body.start,
            current: body.current.or(kept).unwrap_or(body.start),
            target: body.target,
            weight: weight(&format!("measurements[{i}].weight"), body.weight)?,
        });
    }
    Ok(out)
}

fn free_measurement_id(bodies: &[MeasurementBody], taken: &[Measurement]) -> MeasurementId {
    (1..)
        .map(|n| format!("m{n}"))
        .find(|id| !bodies.iter().any(|b| b.id.as_deref() == Some(id)) && !taken.iter().any(|m| m.id.as_str() == id))
        .and_then(|id| MeasurementId::parse(id).ok())
        .unwrap_or_else(|| unreachable!("some m<n> is free"))
}

/// The computed methods' progress follows their inputs; sub-goal roll-ups are the store's.
pub fn refresh_progress(goal: &mut Goal) {
    if goal.tracking == Tracking::Measurements {
        goal.progress = goal_progress(goal, &[]);
    }
}

pub fn new_goal(body: &NewGoal, actor: &MemberId, now: DateTime<Utc>) -> ApiResult<Goal> {
    let id = match &body.id {
        Some(id) => GoalId::parse(id.as_str()).map_err(|e| ApiError::invalid("id", e.to_string()))?,
        None => new_goal_id(),
    };
    let (member_contributors, team_contributors) = contributors(&body.contributors.clone().unwrap_or_default())?;
    let tracking = body.tracking.unwrap_or(Tracking::Basic);
    if body.progress.is_some() && !matches!(tracking, Tracking::Basic | Tracking::SubgoalsManual) {
        return Err(ApiError::invalid("progress", format!("progress is computed for {tracking} tracking")));
    }
    let parent = body
        .parent
        .as_deref()
        .map(GoalId::parse)
        .transpose()
        .map_err(|e| ApiError::invalid("parent", e.to_string()))?;
    let mut goal = Goal {
        id,
        title: body.title.clone(),
        description: body.description.clone(),
        goal_type: body.goal_type,
        state: GoalState::Draft,
        creator: actor.clone(),
        owner: body.owner.as_deref().map(|o| member("owner", o)).transpose()?.unwrap_or_else(|| actor.clone()),
        member_contributors,
        team_contributors,
        visibility: body.visibility.unwrap_or(Visibility::Public),
        start_date: body.start_date,
        end_date: body.end_date,
        parent,
        contributes_to_parent: body.contributes_to_parent.unwrap_or(true),
        weight: weight("weight", body.weight)?,
        tracking,
        progress: body.progress.unwrap_or(0.0),
        status: body.status,
        measurements: measurements(body.measurements.as_deref().unwrap_or_default(), &[])?,
        created_at: now,
        published_at: None,
        closed_at: None,
        archived_at: None,
        updates: Vec::new(),
        people: GoalPeople {
            editors: body.editors.as_ref().map(|b| people_refs("editors", b)).transpose()?.unwrap_or_default(),
            participants: body
                .participants
                .as_ref()
                .map(|b| people_refs("participants", b))
                .transpose()?
                .unwrap_or_default(),
            manager_editor: match &body.manager_editor {
                Some(given) => given.as_deref().map(|m| member("manager_editor", m)).transpose()?,
                None => None,
            },
        },
        category: body.category.as_deref().map(category).transpose()?,
    };
    refresh_progress(&mut goal);
    Ok(goal)
}

/// The goal with the patch applied (nothing checked but the shapes of ids and weights).
pub fn patched(goal: &Goal, patch: &GoalPatch) -> ApiResult<Goal> {
    let mut out = goal.clone();
    if let Some(title) = &patch.title {
        out.title = title.clone();
    }
    if let Some(description) = &patch.description {
        out.description = description.clone();
    }
    out.start_date = patch.start_date.unwrap_or(out.start_date);
    out.end_date = patch.end_date.unwrap_or(out.end_date);
    if let Some(owner) = &patch.owner {
        out.owner = member("owner", owner)?;
    }
    if let Some(body) = &patch.contributors {
        (out.member_contributors, out.team_contributors) = contributors(body)?;
    }
    out.visibility = patch.visibility.unwrap_or(out.visibility);
    out.goal_type = patch.goal_type.unwrap_or(out.goal_type);
    out.tracking = patch.tracking.unwrap_or(out.tracking);
    if let Some(bodies) = &patch.measurements {
        out.measurements = measurements(bodies, &goal.measurements)?;
    }
    if let Some(w) = patch.weight {
        out.weight = weight("weight", w)?;
    }
    out.contributes_to_parent = patch.contributes_to_parent.unwrap_or(out.contributes_to_parent);
    if let Some(status) = patch.status {
        out.status = status;
    }
    if let Some(body) = &patch.editors {
        out.people.editors = people_refs("editors", body)?;
    }
    if let Some(body) = &patch.participants {
        out.people.participants = people_refs("participants", body)?;
    }
    if let Some(given) = &patch.category {
        out.category = given.as_deref().map(category).transpose()?;
    }
    if let Some(manager_editor) = &patch.manager_editor {
        out.people.manager_editor = manager_editor.as_deref().map(|m| member("manager_editor", m)).transpose()?;
    }
    refresh_progress(&mut out);
    Ok(out)
}

/// Editors or participants as a body names them (ids checked for shape; the handler checks
/// that they exist).
pub fn people_refs(field: &str, body: &Contributors) -> ApiResult<PeopleRefs> {
    let (members, teams) = named_people(field, body)?;
    Ok(PeopleRefs { members, teams })
}
