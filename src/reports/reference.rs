//! The reports computed from a whole org in memory: the definition the store's SQL is
//! tested against (tests/it/reports_match_rules.rs). Visibility is CONTRACT §3's own rule
//! with §10's paths under the org's policy (`visibility::visible_goal_ids`), the pace §4's
//! with the policy's thresholds, the reporting lines the org chart's.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId};
use crate::goals::{Goal, GoalState};
use crate::org::{Member, Org, OrgChart, OrgView, Team};
use crate::reports::figures::{days_since, goal_tally, AdoptionTally, ProgressFigures};
use crate::reports::report::{at_text, AdoptionReport, DirectReportFigures, ProgressReport};
use crate::reports::scope::{check_scope, ReportError, Scope};
use crate::rollup::local_date;
use crate::visibility::visible_goal_ids;

/// A whole org as stored.
#[derive(Clone, Copy)]
pub struct OrgData<'a> {
    pub org: &'a Org,
    pub members: &'a [Member],
    pub teams: &'a [Team],
    pub goals: &'a [Goal],
}

struct Frame<'a> {
    chart: OrgChart,
    scope: HashSet<&'a MemberId>,
    /// The goals the viewer sees (§3 and §10).
    seen: HashSet<GoalId>,
    /// The viewer's direct reports, by id.
    direct_reports: Vec<&'a MemberId>,
}

impl<'a> Frame<'a> {
    fn new(data: OrgData<'a>, viewer: &'a Member, scope: &Scope) -> Result<Self, ReportError> {
        check_scope(viewer, scope)?;
        let chart = OrgChart::new(data.members, data.teams).with_policy(data.org.policy.clone());
        let members = data.members.iter().map(|m| &m.id);
        let scope: HashSet<&MemberId> = match scope {
            Scope::Line => members.filter(|m| **m == viewer.id || chart.is_above(&viewer.id, m)).collect(),
            Scope::Team(team) => data.teams.iter().filter(|t| t.id == *team).flat_map(|t| &t.members).collect(),
            Scope::Org => members.collect(),
        };
        let mut direct_reports: Vec<&MemberId> =
            data.members.iter().filter(|m| m.manager.as_ref() == Some(&viewer.id)).map(|m| &m.id).collect();
        direct_reports.sort();
        let seen = visible_goal_ids(&chart, &viewer.id, data.goals).into_iter().collect();
        Ok(Frame { chart, scope, seen, direct_reports })
    }

    /// The goals the report counts: not drafts, owned in the scope, seen by the viewer.
    fn counts(&self, goal: &Goal) -> bool {
        goal.state != GoalState::Draft && self.scope.contains(&goal.owner) && self.seen.contains(&goal.id)
    }

    fn direct_report_of(&self, owner: &MemberId) -> Option<usize> {
        self.direct_reports.iter().position(|d| *d == owner || self.chart.is_above(d, owner))
    }
}

pub fn progress_report(
    data: OrgData<'_>,
    viewer: &Member,
    scope: &Scope,
    at: DateTime<Utc>,
) -> Result<ProgressReport, ReportError> {
    let frame = Frame::new(data, viewer, scope)?;
    let today = local_date(at, data.org.timezone);
    let mut totals = ProgressFigures::default();
    let mut per_report = vec![ProgressFigures::default(); frame.direct_reports.len()];
    for goal in data.goals.iter().filter(|g| frame.counts(g)) {
        let dates = (goal.start_date, goal.end_date);
        let thresholds = data.org.policy.pace_thresholds;
        let tally = goal_tally(thresholds, goal.state, goal.progress, dates, goal.last_activity_at(), today, at);
        totals.add(&tally);
        if let Some(i) = frame.direct_report_of(&goal.owner) {
            per_report[i].add(&tally);
        }
    }
    let direct_reports = frame
        .direct_reports
        .iter()
        .zip(per_report)
        .map(|(member, figures)| DirectReportFigures { member: (*member).clone(), figures })
        .collect();
    Ok(ProgressReport {
        org: data.org.id.clone(),
        viewer: viewer.id.clone(),
        scope: scope.to_string(),
        at: at_text(at),
        date: today,
        totals,
        direct_reports,
    })
}

pub fn adoption_report(
    data: OrgData<'_>,
    viewer: &Member,
    scope: &Scope,
    at: DateTime<Utc>,
) -> Result<AdoptionReport, ReportError> {
    let frame = Frame::new(data, viewer, scope)?;
    let published: Vec<&Goal> =
        data.goals.iter().filter(|g| g.state == GoalState::Published && frame.counts(g)).collect();
    let owners: HashSet<&MemberId> = published.iter().map(|g| &g.owner).collect();
    let mut tally = AdoptionTally::default();
    for member in data.members.iter().filter(|m| m.active && frame.scope.contains(&m.id)) {
        tally.active_members += 1;
        if !owners.contains(&member.id) {
            tally.members_without_published_goal.push(member.id.clone());
        }
    }
    for goal in &published {
        tally.published_goals += 1;
        tally.published_goals_with_parent += u64::from(goal.parent.is_some());
        if let Some(last) = goal.last_activity_at() {
            *tally.days_since_activity.entry(days_since(last, at)).or_default() += 1;
        }
    }
    Ok(AdoptionReport {
        org: data.org.id.clone(),
        viewer: viewer.id.clone(),
        scope: scope.to_string(),
        at: at_text(at),
        figures: tally.figures(),
    })
}
