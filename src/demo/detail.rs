//! One goal's full record, drawn from the goal's own random stream so any goal can be
//! rendered alone (and in any order) with the same result.

use chrono::Datelike;

use crate::import::format::{ContributorsRecord, GoalRecord, MeasurementRecord, UpdateRecord};

use super::calendar::{date_text, rfc3339};
use super::kinds::{GoalState, GoalType, Health, Tracking};
use super::measures::measurements;
use super::plan::GoalPlan;
use super::rng::{below, between, chance, pick_str, rng_for, uniform, weighted, DemoRng, Stream};
use super::updates::updates;
use super::vocab;
use super::world::DemoOrg;

/// Contributors as member and team indexes.
#[derive(Debug, Default)]
pub(crate) struct Contributors {
    pub(crate) members: Vec<u32>,
    pub(crate) teams: Vec<u32>,
}

/// The record of `plan`, the goal at `index` in the file.
pub(crate) fn goal_record(org: &DemoOrg, index: usize, plan: &GoalPlan) -> GoalRecord {
    let id = org.ids.goal(index);
    let drawn = draw(org, index, plan, &id);
    let visibility = if plan.public { "public" } else { "owners_and_contributors" };
    GoalRecord {
        title: drawn.title,
        description: drawn.description,
        goal_type: plan.kind.as_str().to_owned(),
        state: plan.state.as_str().to_owned(),
        creator: org.ids.member(plan.creator as usize),
        owner: org.ids.member(plan.owner as usize),
        contributors: contributors_record(org, &drawn.contributors),
        visibility: visibility.to_owned(),
        start_date: date_text(plan.period.start),
        end_date: date_text(plan.period.end),
        parent: plan.parent.map(|p| org.ids.goal(p as usize)),
        contributes_to_parent: plan.contributes || plan.parent.is_none(),
        weight: plan.weight.map(f64::from),
        tracking: plan.tracking.as_str().to_owned(),
        progress: drawn.progress,
        status: drawn.status,
        measurements: drawn.measurements,
        created_at: rfc3339(plan.created_at),
        published_at: plan.published_at.map(rfc3339),
        updates: drawn.updates,
        editors: None,
        participants: None,
        manager_editor: None,
        category: None,
        id,
    }
}

/// What a goal's own random stream decides, on top of its plan.
struct Drawn {
    title: String,
    description: Option<String>,
    contributors: Contributors,
    status: Option<String>,
    progress: Option<f64>,
    measurements: Vec<MeasurementRecord>,
    updates: Vec<UpdateRecord>,
}

fn draw(org: &DemoOrg, index: usize, plan: &GoalPlan, id: &str) -> Drawn {
    let owner = org.chart.people.get(plan.owner as usize);
    let (department, french) = owner.map_or((None, false), |o| (o.department, o.french));
    let mut rng = rng_for(org.seed, Stream::GoalDetail, index as u64);
    let title = title(&mut rng, plan, department, french);
    let description = chance(&mut rng, 0.35).then(|| description(&mut rng, french));
    let contributors = contributors(&mut rng, org, plan);
    let health = Health::ALL[weighted(&mut rng, &Health::WEIGHTS)];
    let status = (plan.state == GoalState::Published && chance(&mut rng, 0.6)).then(|| health.as_str().to_owned());
    let achieved = achieved_share(&mut rng, org, plan, health);
    let progress = (plan.tracking.has_manual_progress()).then(|| (achieved * 100.0).round());
    let measurements = match plan.tracking {
        Tracking::Measurements => measurements(&mut rng, id, achieved, french),
        _ => Vec::new(),
    };
    let updates = updates(&mut rng, org, plan, &contributors, progress);
    Drawn { title, description, contributors, status, progress, measurements, updates }
}

fn contributors_record(org: &DemoOrg, contributors: &Contributors) -> ContributorsRecord {
    ContributorsRecord {
        members: contributors.members.iter().map(|&m| org.ids.member(m as usize)).collect(),
        teams: contributors.teams.iter().map(|&t| org.ids.team(t as usize)).collect(),
    }
}

fn title(rng: &mut DemoRng, plan: &GoalPlan, department: Option<u8>, french: bool) -> String {
    let titles = match (plan.kind, french) {
        (GoalType::Organization, false) => vocab::ORG_TITLES_EN,
        (GoalType::Organization, true) => vocab::ORG_TITLES_FR,
        (GoalType::Team, false) => vocab::TEAM_TITLES_EN,
        (GoalType::Team, true) => vocab::TEAM_TITLES_FR,
        (GoalType::Personal, false) => vocab::PERSONAL_TITLES_EN,
        (GoalType::Personal, true) => vocab::PERSONAL_TITLES_FR,
    };
    let base = pick_str(rng, titles);
    match (plan.kind, department) {
        (GoalType::Organization, _) => format!("{base} ({})", plan.period.end.year()),
        (GoalType::Team, Some(department)) => {
            let department = vocab::DEPARTMENTS[department as usize % vocab::DEPARTMENTS.len()];
            format!("{department}: {base}")
        }
        _ => base.to_owned(),
    }
}

/// One to three different sentences: far below the 2,048-character limit of CONTRACT §2.
fn description(rng: &mut DemoRng, french: bool) -> String {
    let sentences = if french { vocab::SENTENCES_FR } else { vocab::SENTENCES_EN };
    let count = between(rng, 1, 3) as usize;
    let first = below(rng, sentences.len());
    (0..count.min(sentences.len()))
        .filter_map(|offset| sentences.get((first + offset) % sentences.len()).copied())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Team goals mostly name the owner's own team, sometimes a task force and a few reports;
/// personal goals now and then a teammate or the manager; organization goals now and then
/// members of the owner's staff (everyone contributes to them implicitly, CONTRACT §3).
fn contributors(rng: &mut DemoRng, org: &DemoOrg, plan: &GoalPlan) -> Contributors {
    let mut found = Contributors::default();
    let reports = org.chart.reports(plan.owner);
    let pick_report = |rng: &mut DemoRng| reports.start + below(rng, reports.len()) as u32;
    match plan.kind {
        GoalType::Organization => {
            if !reports.is_empty() && chance(rng, 0.25) {
                for _ in 0..between(rng, 1, 2) {
                    found.members.push(pick_report(rng));
                }
            }
        }
        GoalType::Team => {
            let own_team = org.teams.led_by.get(plan.owner as usize).copied().flatten();
            if let Some(team) = own_team.filter(|_| chance(rng, 0.8)) {
                found.teams.push(team);
            }
            let task_forces = org.teams.len() - org.teams.first_task_force;
            if task_forces > 0 && chance(rng, 0.1) {
                found.teams.push((org.teams.first_task_force + below(rng, task_forces)) as u32);
            }
            if !reports.is_empty() && chance(rng, 0.3) {
                for _ in 0..between(rng, 1, 3) {
                    found.members.push(pick_report(rng));
                }
            }
        }
        GoalType::Personal => {
            let manager = org.chart.people.get(plan.owner as usize).and_then(|p| p.manager);
            if let Some(manager) = manager.filter(|_| chance(rng, 0.15)) {
                let teammates = org.chart.reports(manager);
                for _ in 0..between(rng, 1, 2) {
                    let teammate = teammates.start + below(rng, teammates.len()) as u32;
                    found.members.push(if chance(rng, 0.2) { manager } else { teammate });
                }
            }
        }
    }
    found.members.retain(|&m| m != plan.owner);
    found.members.sort_unstable();
    found.members.dedup();
    found.teams.sort_unstable();
    found.teams.dedup();
    found
}

/// How far along the goal is, 0 to 1: none for drafts, most or all of it for closed goals,
/// and for live goals the expected pace scaled into the band of the owner's view of it.
fn achieved_share(rng: &mut DemoRng, org: &DemoOrg, plan: &GoalPlan, health: Health) -> f64 {
    let share = match plan.state {
        GoalState::Draft => 0.0,
        GoalState::Closed if chance(rng, 0.5) => 1.0,
        GoalState::Closed => uniform(rng, 0.6, 1.0),
        GoalState::Archived => uniform(rng, 0.0, 0.8),
        GoalState::Published => {
            let (low, high) = health.pace_band();
            plan.period.elapsed_share(org.today) * uniform(rng, low, high)
        }
    };
    share.clamp(0.0, 1.0)
}
