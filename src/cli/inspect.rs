//! The commands that show the rules: visibility, goal show, permissions (CONTRACT §7).

use anyhow::{bail, Context};
use serde::Serialize;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::permissions::allowed_actions;
use crate::goals::Goal;
use crate::rollup::{counts_for_parent, goal_progress, local_date, measurement_progress, pace_status_with, round2};

use crate::cli::common::{parse_at, Common};
use crate::cli::output::print_json;

fn ids(
    org: &str,
    member: Option<&str>,
    goal: Option<&str>,
) -> anyhow::Result<(OrgId, Option<MemberId>, Option<GoalId>)> {
    let org = OrgId::parse(org).context("--org")?;
    let member = member.map(MemberId::parse).transpose().context("--member")?;
    let goal = goal.map(GoalId::parse).transpose().context("--goal")?;
    Ok((org, member, goal))
}

pub async fn visibility(common: &Common, org: &str, member: &str) -> anyhow::Result<()> {
    let (org, member, _) = ids(org, Some(member), None)?;
    let member = member.context("--member")?;
    let store = common.store().await?;
    if store.member(&org, &member).await?.is_none() {
        bail!("org {org:?} has no member {member:?}");
    }
    let goals = store.visible_goal_ids(&org, &member).await?;
    if common.json {
        print_json(&serde_json::json!({"member": member, "goals": goals}))
    } else {
        say!("{member} sees {} goals", goals.len());
        for goal in &goals {
            say!("  {goal}");
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct MeasurementView<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    start: f64,
    current: f64,
    target: f64,
    weight: Option<f64>,
    progress: f64,
}

#[derive(Serialize)]
struct GoalView<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(rename = "type")]
    goal_type: &'static str,
    state: &'static str,
    creator: &'a str,
    owner: &'a str,
    visibility: &'static str,
    tracking: &'static str,
    start_date: String,
    end_date: String,
    parent: Option<&'a str>,
    progress: f64,
    pace_status: &'static str,
    status: Option<&'static str>,
    at: String,
    measurements: Vec<MeasurementView<'a>>,
}

pub async fn goal_show(common: &Common, org: &str, goal: &str, at: Option<&str>) -> anyhow::Result<()> {
    let (org_id, _, goal_id) = ids(org, None, Some(goal))?;
    let goal_id = goal_id.context("--goal")?;
    let at = parse_at(at, &common.clock)?;
    let store = common.store().await?;
    let org = store.org(&org_id).await?.with_context(|| format!("no org {org_id:?}"))?;
    let (goal, children) = store
        .goal_with_children(&org_id, &goal_id)
        .await?
        .with_context(|| format!("org {org_id:?} has no goal {goal_id:?}"))?;
    let counted: Vec<_> = children.iter().filter(|c| counts_for_parent(c)).map(|c| (c.weight, c.progress)).collect();
    let progress = round2(goal_progress(&goal, &counted));
    let today = local_date(at, org.timezone);
    let pace = pace_status_with(org.policy.pace_thresholds, progress, goal.start_date, goal.end_date, today);
    let view = goal_view(&goal, progress, pace.as_str(), at);
    if common.json {
        print_json(&view)
    } else {
        say!("{} — {}", view.id, view.title);
        say!(
            "  {} {} goal, {} tracking, {} to {}",
            view.state,
            view.goal_type,
            view.tracking,
            view.start_date,
            view.end_date
        );
        say!("  progress {:.2}%, pace {} at {}", view.progress, view.pace_status, view.at);
        Ok(())
    }
}

fn goal_view<'a>(goal: &'a Goal, progress: f64, pace: &'static str, at: chrono::DateTime<chrono::Utc>) -> GoalView<'a> {
    GoalView {
        id: goal.id.as_str(),
        title: &goal.title,
        goal_type: goal.goal_type.as_str(),
        state: goal.state.as_str(),
        creator: goal.creator.as_str(),
        owner: goal.owner.as_str(),
        visibility: goal.visibility.as_str(),
        tracking: goal.tracking.as_str(),
        start_date: goal.start_date.to_string(),
        end_date: goal.end_date.to_string(),
        parent: goal.parent.as_ref().map(|p| p.as_str()),
        progress,
        pace_status: pace,
        status: goal.status.map(|s| s.as_str()),
        at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        measurements: goal
            .measurements
            .iter()
            .map(|m| MeasurementView {
                id: m.id.as_str(),
                name: &m.name,
                kind: m.kind.as_str(),
                start: m.start,
                current: m.current,
                target: m.target,
                weight: m.weight.map(|w| w.percent()),
                progress: round2(measurement_progress(m)),
            })
            .collect(),
    }
}

pub async fn permissions(common: &Common, org: &str, member: &str, goal: &str) -> anyhow::Result<()> {
    let (org_id, member, goal_id) = ids(org, Some(member), Some(goal))?;
    let (member, goal_id) = (member.context("--member")?, goal_id.context("--goal")?);
    let store = common.store().await?;
    if store.member(&org_id, &member).await?.is_none() {
        bail!("org {org_id:?} has no member {member:?}");
    }
    let context = store
        .goal_access(&org_id, &member, &goal_id)
        .await?
        .with_context(|| format!("org {org_id:?} has no goal {goal_id:?}"))?;
    let actions: Vec<&str> =
        allowed_actions(&context.org, &member, &context.access()).into_iter().map(|a| a.as_str()).collect();
    if common.json {
        print_json(&serde_json::json!({"member": member, "goal": goal_id, "actions": actions}))
    } else {
        say!("{member} on {goal_id}: {}", if actions.is_empty() { "(nothing)".to_owned() } else { actions.join(", ") });
        Ok(())
    }
}
