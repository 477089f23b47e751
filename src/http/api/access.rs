//! Loading a goal for a request: visible or 404, the actions the actor may take, and the
//! goal as the API shows it.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::core::ids::{CategoryId, GoalId, MemberId, OrgId, TeamId};
use crate::goals::assign::{may_assign_member, may_assign_team};
use crate::goals::history::{named_goals, redacted};
use crate::goals::people::ResolvedPeople;
use crate::goals::permissions::{allowed_actions, Action};
use crate::goals::{Goal, GoalState};
use crate::http::api::extract::Actor;
use crate::http::api::model::{Contributors, GoalView, MeasurementView};
use crate::http::error::{ApiError, ApiResult};
use crate::http::AppState;
use crate::org::{MemberFacts, Org, PartialOrg};
use crate::rollup::{local_date, pace_status_with, round2};
use crate::store::goals::types::{StoredGoal, StoredHistory};
use crate::visibility::GoalAccess;

/// A goal the actor sees, with what they may do to it.
pub struct Loaded {
    pub stored: StoredGoal,
    pub org: PartialOrg,
    /// Its editors and participants, resolved (§10).
    pub people: ResolvedPeople,
    pub actions: BTreeSet<Action>,
}

impl Loaded {
    pub fn goal(&self) -> &Goal {
        &self.stored.goal
    }

    pub fn may(&self, action: Action) -> bool {
        self.actions.contains(&action)
    }

    /// Would the actor hold `action` if the goal were in `state`? Tells "not yours" (403)
    /// from "not now" (409).
    pub fn may_in_state(&self, actor: &MemberId, action: Action, state: GoalState) -> bool {
        let access = GoalAccess { state, ..GoalAccess::with_people(self.goal(), &self.people) };
        allowed_actions(&self.org, actor, &access).contains(&action)
    }

    pub fn require(&self, action: Action) -> ApiResult<()> {
        if self.may(action) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!("you may not {action} goal {}", self.goal().id)))
        }
    }
}

fn unseen(goal: &str) -> ApiError {
    ApiError::not_found(format!("no goal {goal:?} that you can see"))
}

/// The goal if the actor sees it; 404 alike for a goal that does not exist and one they
/// cannot see, so nothing leaks.
pub async fn load_visible(state: &AppState, actor: &Actor, goal: &str) -> ApiResult<Loaded> {
    let id = GoalId::parse(goal).map_err(|_| unseen(goal))?;
    let context = state.store.goal_access(&actor.org, &actor.member.id, &id).await?.ok_or_else(|| unseen(goal))?;
    let actions = allowed_actions(&context.org, &actor.member.id, &context.access());
    if !actions.contains(&Action::View) {
        return Err(unseen(goal));
    }
    let stored = state.store.stored_goal(&actor.org, &id).await?.ok_or_else(|| unseen(goal))?;
    Ok(Loaded { stored, org: context.org, people: context.people, actions })
}

/// Whether the actor sees `goal` (a goal that does not exist is not seen).
pub async fn sees(state: &AppState, actor: &Actor, goal: &str) -> ApiResult<bool> {
    let Ok(id) = GoalId::parse(goal) else { return Ok(false) };
    let Some(context) = state.store.goal_access(&actor.org, &actor.member.id, &id).await? else { return Ok(false) };
    Ok(allowed_actions(&context.org, &actor.member.id, &context.access()).contains(&Action::View))
}

/// A goal's history as the actor is shown it: the goals its entries name that the actor
/// does not see are `null` (`goals::history::redacted`). Each named goal is looked up once.
pub async fn visible_history(
    state: &AppState,
    actor: &Actor,
    mut entries: Vec<StoredHistory>,
) -> ApiResult<Vec<StoredHistory>> {
    let named: BTreeSet<String> = entries.iter().flat_map(|e| named_goals(&e.before)).map(str::to_owned).collect();
    let mut seen = HashSet::new();
    for goal in named {
        if sees(state, actor, &goal).await? {
            seen.insert(goal);
        }
    }
    for entry in &mut entries {
        entry.before = redacted(std::mem::take(&mut entry.before), |id| seen.contains(id));
    }
    Ok(entries)
}

pub async fn org_of(state: &AppState, actor: &Actor) -> ApiResult<Org> {
    let org = state.store.org(&actor.org).await?;
    org.ok_or_else(|| ApiError::internal(format!("org {} of a valid key is missing", actor.org)))
}

/// The goal as the API shows it, as stored now, with the actor's actions.
pub async fn current_view(state: &AppState, actor: &Actor, goal: &GoalId) -> ApiResult<GoalView> {
    let org = org_of(state, actor).await?;
    let now = state.clock.now();
    match load_visible(state, actor, goal.as_str()).await {
        Ok(loaded) => {
            let names = category_name(state, &actor.org, &loaded.stored).await?;
            Ok(view(&org, &loaded.stored, Some(&loaded.actions), (true, &names), now))
        }
        // A write can take the goal out of the actor's sight (a new owner, a private goal):
        // they still learn what they wrote, with no action left.
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => {
            let stored = state.store.stored_goal(&actor.org, goal).await?.ok_or(e)?;
            let names = category_name(state, &actor.org, &stored).await?;
            Ok(view(&org, &stored, Some(&BTreeSet::new()), (true, &names), now))
        }
        Err(e) => Err(e),
    }
}

/// The names of categories by id, for the goal views of one answer.
pub type CategoryNames = HashMap<CategoryId, String>;

/// The org's category names, read once for a page of goals (an org has few categories).
pub async fn category_names(state: &AppState, org: &OrgId) -> ApiResult<CategoryNames> {
    Ok(state.store.categories(org).await?.into_iter().map(|c| (c.id, c.name)).collect())
}

/// The name of one goal's category, for the view of that goal alone.
async fn category_name(state: &AppState, org: &OrgId, stored: &StoredGoal) -> ApiResult<CategoryNames> {
    let Some(id) = &stored.goal.category else { return Ok(CategoryNames::new()) };
    Ok(state.store.category(org, id).await?.into_iter().map(|c| (c.id, c.name)).collect())
}

fn refs_view(refs: &crate::goals::people::PeopleRefs) -> Contributors {
    Contributors {
        members: refs.members.iter().map(ToString::to_string).collect(),
        teams: refs.teams.iter().map(ToString::to_string).collect(),
    }
}

pub fn view(
    org: &Org,
    stored: &StoredGoal,
    actions: Option<&BTreeSet<Action>>,
    (full, categories): (bool, &CategoryNames),
    now: DateTime<Utc>,
) -> GoalView {
    let goal = &stored.goal;
    let progress = round2(goal.progress);
    let contributors = Contributors {
        members: goal.member_contributors.iter().map(ToString::to_string).collect(),
        teams: goal.team_contributors.iter().map(ToString::to_string).collect(),
    };
    GoalView {
        id: goal.id.to_string(),
        org: org.id.to_string(),
        title: goal.title.clone(),
        description: goal.description.clone(),
        goal_type: goal.goal_type,
        state: goal.state,
        creator: goal.creator.to_string(),
        owner: goal.owner.to_string(),
        contributors: full.then_some(contributors),
        editors: full.then(|| refs_view(&goal.people.editors)),
        participants: full.then(|| refs_view(&goal.people.participants)),
        manager_editor: full.then(|| goal.people.manager_editor.as_ref().map(ToString::to_string)),
        visibility: goal.visibility,
        start_date: goal.start_date,
        end_date: goal.end_date,
        parent: goal.parent.as_ref().map(ToString::to_string),
        contributes_to_parent: goal.contributes_to_parent,
        weight: goal.weight.map(|w| w.percent()),
        tracking: goal.tracking,
        progress,
        status: goal.status,
        pace_status: pace_status_with(
            org.policy.pace_thresholds,
            progress,
            goal.start_date,
            goal.end_date,
            local_date(now, org.timezone),
        ),
        measurements: full.then(|| goal.measurements.iter().map(MeasurementView::from).collect()),
        created_at: goal.created_at,
        published_at: goal.published_at,
        closed_at: goal.closed_at,
        archived_at: goal.archived_at,
        last_activity_at: stored.last_activity_at,
        category: goal.category.as_ref().map(ToString::to_string),
        category_name: goal.category.as_ref().and_then(|id| categories.get(id)).cloned(),
        actions: actions.map(|a| a.iter().copied().collect()),
    }
}

/// The assignment table for the owner and contributors `after` adds over `before`:
/// an unknown member or team is 400, one the actor may not assign is 403.
pub async fn check_assignments(state: &AppState, actor: &Actor, before: Option<&Goal>, after: &Goal) -> ApiResult<()> {
    let policy = state.store.org(&actor.org).await?.map(|org| org.policy).unwrap_or_default();
    let mut org = PartialOrg { policy, ..PartialOrg::default() };
    let facts = |m: &crate::org::Member| MemberFacts { role: m.role, active: m.active, manager: m.manager.clone() };
    org.members.insert(actor.member.id.clone(), facts(&actor.member));
    let old_members: HashSet<&MemberId> = before.map(|b| b.member_contributors.iter().collect()).unwrap_or_default();
    let mut candidates: Vec<(String, &MemberId)> = Vec::new();
    if before.is_none_or(|b| b.owner != after.owner) {
        candidates.push(("owner".to_owned(), &after.owner));
    }
    for (i, member) in after.member_contributors.iter().enumerate() {
        if !old_members.contains(member) {
            candidates.push((format!("contributors.members[{i}]"), member));
        }
    }
    for (field, member) in &candidates {
        match state.store.member(&actor.org, member).await? {
            Some(found) => {
                org.members.insert(found.id.clone(), facts(&found));
            }
            None => return Err(ApiError::invalid(field.clone(), format!("{member} is not a member of the org"))),
        }
        if !may_assign_member(&org, &actor.member.id, member) {
            let why = format!("you may not assign {member} (only active members; employees assign themselves, their manager and their peers)");
            return Err(ApiError::forbidden_field(field.clone(), why));
        }
    }
    let old_teams: HashSet<&TeamId> = before.map(|b| b.team_contributors.iter().collect()).unwrap_or_default();
    let new_teams: Vec<(usize, TeamId)> = after
        .team_contributors
        .iter()
        .enumerate()
        .filter(|(_, t)| !old_teams.contains(t))
        .map(|(i, t)| (i, t.clone()))
        .collect();
    let ids: Vec<TeamId> = new_teams.iter().map(|(_, t)| t.clone()).collect();
    let members: HashMap<TeamId, Option<Vec<MemberId>>> = state.store.teams_members(&actor.org, &ids).await?;
    for (i, team) in new_teams {
        let field = format!("contributors.teams[{i}]");
        let Some(Some(list)) = members.get(&team) else {
            return Err(ApiError::invalid(field, format!("{team} is not a team of the org")));
        };
        org.teams.insert(team.clone(), list.clone());
        if !may_assign_team(&org, &actor.member.id, &team) {
            return Err(ApiError::forbidden_field(
                field,
                format!("employees name only teams they belong to, not {team}"),
            ));
        }
    }
    Ok(())
}
