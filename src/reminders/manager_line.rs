//! What a manager digest says about a manager's line (issue 17), pure: per manager, over
//! docs/reports.md's `line` scope (the manager and their reporting line), the pace of the
//! published goals owned there with the off-track and
//! at-risk ones listed, the owners with goals past their end, the adoption figures (the
//! definitions of docs/reports.md), and the goals escalated to them. One pass over the
//! org: each goal adds to its owner and every manager above.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::core::ids::MemberId;
use crate::goals::Status;
use crate::org::policy::ManagerDigestCadence;
use crate::org::{PaceThresholds, Role};
use crate::reminders::manager::{escalation_level, escalation_target};
use crate::reminders::manager_chain::{keep_first, Line};
use crate::reminders::manager_content::{
    EscalatedGoal, FlaggedGoal, LateOwner, LineFigures, ManagerDigestContent, MAX_LISTED,
};
use crate::reminders::Week;
use crate::rollup::{pace_status_with, round2};

#[derive(Debug, Clone)]
pub struct LineMember {
    pub id: MemberId,
    pub name: String,
    pub manager: Option<MemberId>,
    pub role: Role,
    pub active: bool,
}

/// A published goal.
#[derive(Debug, Clone)]
pub struct LineGoal {
    pub id: String,
    pub title: String,
    pub owner: MemberId,
    pub progress: f64,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Each member's (id, manager), what [`Line`] walks.
fn links(members: &[LineMember]) -> Vec<(&MemberId, Option<&MemberId>)> {
    members.iter().map(|m| (&m.id, m.manager.as_ref())).collect()
}

/// Active members whose manager is each member.
pub fn active_direct_reports(members: &[LineMember]) -> HashMap<&MemberId, usize> {
    let mut counts = HashMap::new();
    for member in members.iter().filter(|m| m.active) {
        if let Some(manager) = &member.manager {
            *counts.entry(manager).or_insert(0) += 1;
        }
    }
    counts
}

#[derive(Default)]
struct Tally {
    figures: LineFigures,
    flagged: Vec<usize>,
    late: Vec<(u64, usize)>,
}

/// The content of each recipient's digest on `today`, before the previous figures and
/// the escalations are added.
pub fn summarise(
    members: &[LineMember],
    goals: &[LineGoal],
    recipients: &BTreeSet<MemberId>,
    today: NaiveDate,
    thresholds: PaceThresholds,
) -> BTreeMap<MemberId, ManagerDigestContent> {
    let line = Line::new(&links(members));
    let mut tallies: Vec<(&MemberId, Tally)> = recipients.iter().map(|r| (r, Tally::default())).collect();
    let tally_of: HashMap<&MemberId, usize> = recipients.iter().enumerate().map(|(i, r)| (r, i)).collect();
    // Each member's tally, when they get a digest: one lookup per member, not per goal.
    let tally_at: Vec<Option<usize>> = members.iter().map(|m| tally_of.get(&m.id).copied()).collect();
    // docs/reports.md's `line` scope: the manager and everyone in their reporting line.
    let above = |owner: &MemberId, position: Option<usize>, out: &mut Vec<usize>| {
        out.clear();
        out.extend(tally_of.get(owner).copied());
        if let Some(position) = position {
            out.extend(line.managers(position).iter().filter_map(|&m| tally_at[m]));
        }
    };
    let mut reached = Vec::new();
    let mut paces = Vec::with_capacity(goals.len());
    let mut owned = vec![0u64; members.len()];
    let mut late = vec![0u64; members.len()];
    for (index, goal) in goals.iter().enumerate() {
        let pace = pace_status_with(thresholds, goal.progress, goal.start, goal.end, today);
        paces.push(pace);
        let owner = line.position(&goal.owner);
        if let Some(owner) = owner {
            owned[owner] += 1;
            late[owner] += u64::from(goal.end < today);
        }
        above(&goal.owner, owner, &mut reached);
        for &at in &reached {
            let tally = &mut tallies[at].1;
            match pace {
                Status::OnTrack => tally.figures.on_track += 1,
                Status::AtRisk => tally.figures.at_risk += 1,
                Status::OffTrack => tally.figures.off_track += 1,
            }
            if pace != Status::OnTrack {
                tally.flagged.push(index);
            }
        }
    }
    for (position, member) in members.iter().enumerate() {
        let at = line.position(&member.id);
        let (owns, late_goals) = at.map_or((0, 0), |at| (owned[at], late[at]));
        above(&member.id, at, &mut reached);
        for &at in &reached {
            let tally = &mut tallies[at].1;
            if member.active {
                tally.figures.active_members += 1;
                tally.figures.members_with_published_goal += u64::from(owns > 0);
            }
            if late_goals > 0 {
                tally.figures.late_owners += 1;
                tally.late.push((late_goals, position));
            }
        }
    }
    // Off track before at risk, then the least advanced, the earliest end, by id. Ranked
    // once (a stable sort, so equal goals keep the org's order): each manager's selection
    // then compares numbers, not ids.
    let urgency = |&a: &usize, &b: &usize| {
        (paces[a] != Status::OffTrack)
            .cmp(&(paces[b] != Status::OffTrack))
            .then(goals[a].progress.total_cmp(&goals[b].progress))
            .then(goals[a].end.cmp(&goals[b].end))
            .then(goals[a].id.cmp(&goals[b].id))
    };
    let mut by_urgency: Vec<usize> = (0..goals.len()).filter(|&i| paces[i] != Status::OnTrack).collect();
    by_urgency.sort_by(urgency);
    let mut rank = vec![0usize; goals.len()];
    for (at, &goal) in by_urgency.iter().enumerate() {
        rank[goal] = at;
    }
    let name_of = |id: &MemberId| line.position(id).map(|at| members[at].name.clone()).unwrap_or_default();
    tallies
        .into_iter()
        .map(|(manager, mut tally)| {
            let flagged_total = tally.flagged.len() as u64;
            keep_first(&mut tally.flagged, MAX_LISTED, |&a, &b| rank[a].cmp(&rank[b]));
            keep_first(&mut tally.late, MAX_LISTED, |a, b| b.0.cmp(&a.0).then(members[a.1].id.cmp(&members[b.1].id)));
            let figures = LineFigures {
                adoption_percent: percent(tally.figures.members_with_published_goal, tally.figures.active_members),
                ..tally.figures
            };
            let content = ManagerDigestContent {
                figures,
                previous: None,
                flagged_total,
                flagged: tally
                    .flagged
                    .iter()
                    .map(|&i| FlaggedGoal {
                        id: goals[i].id.clone(),
                        title: goals[i].title.clone(),
                        owner: goals[i].owner.as_str().to_owned(),
                        owner_name: name_of(&goals[i].owner),
                        pace: paces[i],
                        progress: goals[i].progress,
                        end_date: goals[i].end,
                    })
                    .collect(),
                late_owners: tally
                    .late
                    .iter()
                    .map(|&(count, i)| LateOwner {
                        member: members[i].id.as_str().to_owned(),
                        name: members[i].name.clone(),
                        goals: count,
                    })
                    .collect(),
                escalated: Vec::new(),
            };
            (manager.clone(), content)
        })
        .collect()
}

/// A goal reminded `streak` weeks in a row without an update this week.
#[derive(Debug, Clone)]
pub struct RemindedGoal {
    pub id: String,
    pub title: String,
    pub owner: MemberId,
    pub streak: u32,
}

/// The goals escalated to each recipient: each goal at its level (`manager::escalation_level`)
/// goes to the manager that level names (`manager::escalation_target`), when that manager
/// gets a digest; most weeks first, then by id.
pub fn escalate(
    members: &[LineMember],
    reminded: &[RemindedGoal],
    recipients: &BTreeSet<MemberId>,
    (after, cadence, week): (u32, ManagerDigestCadence, Week),
) -> BTreeMap<MemberId, Vec<EscalatedGoal>> {
    let line = Line::new(&links(members));
    // By the target's position: one id comparison per goal, none cloned.
    let mut escalated: Vec<Vec<EscalatedGoal>> = members.iter().map(|_| Vec::new()).collect();
    let mut chain = Vec::new();
    for goal in reminded {
        let Some(level) = escalation_level(goal.streak, after, cadence, week) else { continue };
        let Some(owner) = line.position(&goal.owner) else { continue };
        chain.clear();
        chain.extend(line.managers(owner).iter().map(|&m| (m, members[m].role)));
        let Some(&target) = escalation_target(level, &chain) else { continue };
        escalated[target].push(EscalatedGoal {
            id: goal.id.clone(),
            title: goal.title.clone(),
            owner: goal.owner.as_str().to_owned(),
            owner_name: members[owner].name.clone(),
            level: chain.iter().position(|&(at, _)| at == target).map_or(level, |at| at as u32 + 1),
            weeks: goal.streak,
        });
    }
    let mut out: BTreeMap<MemberId, Vec<EscalatedGoal>> = BTreeMap::new();
    for (position, mut goals) in escalated.into_iter().enumerate() {
        let manager = &members[position].id;
        if goals.is_empty() || !recipients.contains(manager) {
            continue;
        }
        goals.sort_by(|a, b| b.weeks.cmp(&a.weeks).then(a.id.cmp(&b.id)));
        out.insert(manager.clone(), goals);
    }
    out
}

/// `part / whole * 100` to 2 decimals, as docs/reports.md's adoption percent.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 * 100.0 / whole as f64))
}

#[cfg(test)]
#[path = "manager_line_tests.rs"]
mod tests;
