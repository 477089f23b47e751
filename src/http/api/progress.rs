//! Progress updates: the history of a goal's progress, measurement values and status.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::core::text::Comment;
use crate::goals::fields::check_progress;
use crate::goals::history::HistoryOp;
use crate::goals::permissions::Action;
use crate::goals::updates::may_change_update;
use crate::goals::{Goal, GoalState, MeasurementKind, Tracking};
use crate::http::api::access::{load_visible, Loaded};
use crate::http::api::compose::refresh_progress;
use crate::http::api::extract::{Actor, Body};
use crate::http::api::model::{ProgressBody, UpdateList, UpdateView};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::store::goals::types::{GoalWrite, HistoryEntry, ProgressOp, StoredUpdate, UpdateValues};

/// Oldest first.
#[utoipa::path(get, path = "/v1/orgs/{org}/goals/{goal}/progress", tag = "progress",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = UpdateList), (status = "4XX", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Json<UpdateList>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    let updates = state.store.progress_updates(&actor.org, &loaded.goal().id).await?;
    Ok(Json(UpdateList { updates: updates.into_iter().map(UpdateView::from).collect() }))
}

/// Sets the goal's progress (basic, subgoals_manual), measurement values (measurements),
/// status and comment; parents rolled up automatically follow.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/progress", tag = "progress", request_body = ProgressBody,
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 201, body = UpdateView), (status = "4XX", body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
    Body(body): Body<ProgressBody>,
) -> ApiResult<(StatusCode, Json<UpdateView>)> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    if !loaded.may_in_state(&actor.member.id, Action::AddProgress, GoalState::Published) {
        return Err(ApiError::forbidden(
            "progress is added by the goal's creator, owner, contributors, executives and collaborators",
        ));
    }
    let before = loaded.goal();
    if before.state != GoalState::Published {
        return Err(ApiError::conflict(format!(
            "goal {} is {}: progress goes on published goals",
            before.id, before.state
        )));
    }
    let mut after = before.clone();
    let values = apply(&mut after, &body)?;
    let op = ProgressOp::Add { values, before: values_before(before) };
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::ProgressAdded, values_before(before))];
    let id = write(&state, &actor, &loaded, &after, op, history).await?;
    let update = find(&state, &actor, &after, id.unwrap_or_default()).await?;
    Ok((StatusCode::CREATED, Json(update.into())))
}

#[utoipa::path(patch, path = "/v1/orgs/{org}/goals/{goal}/progress/{update}", tag = "progress", request_body = ProgressBody,
    params(("org" = String, Path), ("goal" = String, Path), ("update" = i64, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = UpdateView), (status = "4XX", body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, update)): Path<(String, String, String)>,
    Body(body): Body<ProgressBody>,
) -> ApiResult<Json<UpdateView>> {
    let (loaded, old, latest) = changeable(&state, &actor, &goal, &update).await?;
    let person_set = matches!(loaded.goal().tracking, Tracking::Basic | Tracking::SubgoalsManual);
    let merged = ProgressBody {
        progress: body.progress.or(old.values.progress.filter(|_| person_set)),
        measurements: body.measurements.or_else(|| old.values.measurements.as_ref().and_then(measurement_map)),
        status: body.status.or(old.values.status),
        comment: body.comment.or(old.values.comment.clone()),
    };
    // Editing the latest update re-applies it over what it replaced; an older one only
    // corrects the record.
    let mut after = loaded.goal().clone();
    if latest {
        restore(&mut after, old.before.as_ref());
    }
    let values = apply(&mut after, &merged)?;
    if !latest {
        after = loaded.goal().clone();
    }
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::ProgressEdited, update_snapshot(&old))];
    write(&state, &actor, &loaded, &after, ProgressOp::Edit { id: old.id, values }, history).await?;
    Ok(Json(find(&state, &actor, &after, old.id).await?.into()))
}

/// Deleting the latest update puts back the values it replaced.
#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}/progress/{update}", tag = "progress",
    params(("org" = String, Path), ("goal" = String, Path), ("update" = i64, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, update)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let (loaded, old, latest) = changeable(&state, &actor, &goal, &update).await?;
    let mut after = loaded.goal().clone();
    if latest {
        restore(&mut after, old.before.as_ref());
    }
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::ProgressDeleted, update_snapshot(&old))];
    write(&state, &actor, &loaded, &after, ProgressOp::Delete { id: old.id }, history).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The goal, the update, and whether it is the goal's latest; 404 for an update not on
/// the goal, 403 for one the actor may not change.
async fn changeable(
    state: &AppState,
    actor: &Actor,
    goal: &str,
    update: &str,
) -> ApiResult<(Loaded, StoredUpdate, bool)> {
    let loaded = load_visible(state, actor, goal).await?;
    let missing = || ApiError::not_found(format!("no progress update {update:?} on goal {goal:?}"));
    let id: i64 = update.parse().map_err(|_| missing())?;
    let updates = state.store.progress_updates(&actor.org, &loaded.goal().id).await?;
    let latest = updates.last().is_some_and(|u| u.id == id);
    let old = updates.into_iter().find(|u| u.id == id).ok_or_else(missing)?;
    if !may_change_update(&loaded.org, &actor.member.id, &old.author, old.automatic) {
        let why = if old.automatic {
            "automatic updates, written by a roll-up, are never edited or deleted"
        } else {
            "only the update's author, executives and collaborators change it"
        };
        return Err(ApiError::forbidden(why));
    }
    Ok((loaded, old, latest))
}

async fn write(
    state: &AppState,
    actor: &Actor,
    loaded: &Loaded,
    after: &Goal,
    op: ProgressOp,
    history: Vec<HistoryEntry>,
) -> ApiResult<Option<i64>> {
    let write = GoalWrite {
        goal: after,
        revision: loaded.stored.revision,
        old_parent: loaded.goal().parent.clone(),
        contributors_changed: false,
        measurements_changed: after.measurements != loaded.goal().measurements,
        progress: Some(op),
        history,
        actor: &actor.member.id,
        now: state.clock.now(),
    };
    Ok(state.store.save_goal(&actor.org, write).await?)
}

async fn find(state: &AppState, actor: &Actor, goal: &Goal, id: i64) -> ApiResult<StoredUpdate> {
    let updates = state.store.progress_updates(&actor.org, &goal.id).await?;
    updates.into_iter().find(|u| u.id == id).ok_or_else(|| ApiError::internal(format!("update {id} vanished")))
}

/// Applies the body to the goal and returns the values the update records.
pub(super) fn apply(goal: &mut Goal, body: &ProgressBody) -> ApiResult<UpdateValues> {
    if body.progress.is_none() && body.measurements.is_none() && body.status.is_none() && body.comment.is_none() {
        return Err(ApiError::invalid("body", "give at least one of progress, measurements, status, comment"));
    }
    if let Some(progress) = body.progress {
        if !matches!(goal.tracking, Tracking::Basic | Tracking::SubgoalsManual) {
            return Err(ApiError::invalid("progress", format!("progress is computed for {} tracking", goal.tracking)));
        }
        check_progress("progress", progress)?;
        goal.progress = progress;
    }
    if let Some(values) = &body.measurements {
        if goal.tracking != Tracking::Measurements {
            return Err(ApiError::invalid("measurements", format!("goal {} is not tracked by measurements", goal.id)));
        }
        for (id, value) in values {
            let field = format!("measurements.{id}");
            let m = goal.measurements.iter_mut().find(|m| m.id.as_str() == id);
            let m = m.ok_or_else(|| ApiError::invalid(&field, format!("goal {} has no measurement {id}", goal.id)))?;
            let yes_no_ok = m.kind != MeasurementKind::YesNo || *value == 0.0 || *value == 1.0;
            if !value.is_finite() || !yes_no_ok {
                return Err(ApiError::invalid(field, format!("{value} is not a value of this {} measurement", m.kind)));
            }
            m.current = *value;
        }
        refresh_progress(goal);
    }
    if let Some(comment) = &body.comment {
        Comment::parse(comment.as_str()).map_err(|e| ApiError::invalid("comment", e.problem))?;
    }
    if body.status.is_some() {
        goal.status = body.status;
    }
    let measured = body.measurements.is_some() || body.progress.is_some();
    Ok(UpdateValues {
        progress: measured.then_some(goal.progress),
        measurements: body.measurements.as_ref().map(|m| json!(m)),
        status: body.status,
        comment: body.comment.clone(),
    })
}

/// What an update replaces: the goal's progress, measurement values and status.
fn values_before(goal: &Goal) -> Value {
    let currents: BTreeMap<&str, f64> = goal.measurements.iter().map(|m| (m.id.as_str(), m.current)).collect();
    json!({"progress": goal.progress, "measurements": currents, "status": goal.status})
}

fn restore(goal: &mut Goal, before: Option<&Value>) {
    let Some(before) = before else {
        return;
    };
    if let Some(progress) = before.get("progress").and_then(Value::as_f64) {
        goal.progress = progress;
    }
    if let Some(map) = before.get("measurements").and_then(measurement_map) {
        for m in &mut goal.measurements {
            if let Some(value) = map.get(m.id.as_str()) {
                m.current = *value;
            }
        }
    }
    if let Some(status) = before.get("status") {
        goal.status = serde_json::from_value(status.clone()).unwrap_or(goal.status);
    }
    refresh_progress(goal);
}

fn measurement_map(value: &Value) -> Option<BTreeMap<String, f64>> {
    serde_json::from_value(value.clone()).ok()
}

fn update_snapshot(update: &StoredUpdate) -> Value {
    json!({
        "update": update.id,
        "author": update.author,
        "at": update.at,
        "progress": update.values.progress,
        "measurements": update.values.measurements,
        "status": update.values.status,
        "comment": update.values.comment,
    })
}
