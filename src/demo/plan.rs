//! The goal skeleton: type, owner, parent, state, period and timestamps of every goal, held
//! compactly so a million goals fit in a few dozen MB. Details (titles, measurements,
//! updates) are drawn later, one goal at a time.
//!
//! Goals come in the order organization, team, personal, and team goals are sorted by
//! owner, whose index is smaller than their reports': a parent is always created before its
//! children, so parent links can never form a cycle.

use chrono::{DateTime, Utc};

use super::calendar::{org_today, Period, DAY, HOUR};
use super::chart::OrgChart;
use super::kinds::{GoalState, GoalType, Tracking};
use super::owners::{Owners, TeamGoalIndex};
use super::rng::{between, chance, rng_for, uniform, weighted, DemoRng, Stream};

#[derive(Debug, Clone)]
pub(crate) struct GoalPlan {
    pub(crate) kind: GoalType,
    pub(crate) state: GoalState,
    /// Settled once every goal's children are known (see `children`).
    pub(crate) tracking: Tracking,
    pub(crate) owner: u32,
    pub(crate) creator: u32,
    pub(crate) parent: Option<u32>,
    pub(crate) contributes: bool,
    pub(crate) public: bool,
    pub(crate) weight: Option<u8>,
    pub(crate) period: Period,
    pub(crate) created_at: i64,
    pub(crate) published_at: Option<i64>,
}

/// How many goals of each type: ~0.1% organization (at least one), ~20% team, the rest
/// personal. An org with no member can own no goal, so it gets none.
pub(crate) fn goal_counts(goals: usize, members: usize) -> [usize; 3] {
    if goals == 0 || members == 0 {
        return [0, 0, 0];
    }
    let organization = ((goals as f64 * 0.001).round() as usize).max(1);
    let team = ((goals as f64 * 0.2).round() as usize).min(goals - organization);
    [organization, team, goals - organization - team]
}

pub(crate) fn plan_goals(chart: &OrgChart, goals: usize, seed: u64, now: DateTime<Utc>) -> Vec<GoalPlan> {
    let [organization, team, personal] = goal_counts(goals, chart.len());
    let total = organization + team + personal;
    let mut rng = rng_for(seed, Stream::GoalPlan, 0);
    let owners = Owners::new(chart);
    let kinds_and_owners = owners.assign(&mut rng, [organization, team, personal]);
    let team_goals = TeamGoalIndex::new(&kinds_and_owners, chart.len());

    let context = PlanContext { chart, owners: &owners, team_goals: &team_goals, now };
    let mut plans: Vec<GoalPlan> = Vec::with_capacity(total);
    for (index, &(kind, owner)) in kinds_and_owners.iter().enumerate() {
        let plan = context.plan_one(&mut rng, &plans, index, kind, owner);
        plans.push(plan);
    }
    super::children::settle(&mut plans, seed);
    plans
}

struct PlanContext<'a> {
    chart: &'a OrgChart,
    owners: &'a Owners<'a>,
    team_goals: &'a TeamGoalIndex,
    now: DateTime<Utc>,
}

impl PlanContext<'_> {
    fn plan_one(&self, rng: &mut DemoRng, earlier: &[GoalPlan], index: usize, kind: GoalType, owner: u32) -> GoalPlan {
        let parent = match kind {
            GoalType::Organization => None,
            GoalType::Team => self.team_parent(rng, earlier, owner),
            GoalType::Personal => self.personal_parent(rng, earlier, owner),
        };
        // The first goal is the company's headline objective; it is always live.
        let state = if index == 0 { GoalState::Published } else { GoalState::ALL[weighted(rng, &GoalState::WEIGHTS)] };
        let parent_period = parent.and_then(|p| earlier.get(p as usize)).map(|p| p.period);
        let period = self.period(rng, kind, state, parent_period);
        let (created_at, published_at) = self.timestamps(rng, state, period);
        GoalPlan {
            kind,
            state,
            tracking: Tracking::Basic,
            owner,
            creator: self.creator(rng, kind, state, owner),
            parent,
            contributes: parent.is_some() && !chance(rng, 0.05),
            public: kind == GoalType::Organization || chance(rng, 0.02),
            weight: None,
            period,
            created_at,
            published_at,
        }
    }

    /// Mostly under a team goal of the nearest manager above who has one, else under an
    /// organization goal; one in ten stands alone.
    fn team_parent(&self, rng: &mut DemoRng, earlier: &[GoalPlan], owner: u32) -> Option<u32> {
        let roll = uniform(rng, 0.0, 1.0);
        if roll < 0.72 {
            let above = self.nearest_with_team_goals(owner, 3);
            match above {
                Some(manager) => self.live_choice(rng, earlier, |r| self.team_goals.pick(r, manager)),
                None => self.live_choice(rng, earlier, |r| self.team_goals.pick_organization(r)),
            }
        } else if roll < 0.9 {
            self.live_choice(rng, earlier, |r| self.team_goals.pick_organization(r))
        } else {
            None
        }
    }

    /// Mostly under a team goal of the owner's manager (or the one above); a few straight
    /// under an organization goal; a quarter stand alone.
    fn personal_parent(&self, rng: &mut DemoRng, earlier: &[GoalPlan], owner: u32) -> Option<u32> {
        let roll = uniform(rng, 0.0, 1.0);
        if roll < 0.7 {
            let manager = self.nearest_with_team_goals(owner, 2)?;
            self.live_choice(rng, earlier, |r| self.team_goals.pick(r, manager))
        } else if roll < 0.75 {
            self.live_choice(rng, earlier, |r| self.team_goals.pick_organization(r))
        } else {
            None
        }
    }

    /// The first of up to `steps` managers above `member` who owns a team goal.
    fn nearest_with_team_goals(&self, member: u32, steps: usize) -> Option<u32> {
        let mut current = self.chart.people.get(member as usize)?.manager;
        for _ in 0..steps {
            let manager = current?;
            if self.team_goals.owns_any(manager) {
                return Some(manager);
            }
            current = self.chart.people.get(manager as usize)?.manager;
        }
        None
    }

    /// People align to live goals: a draft or archived candidate gets one second draw.
    fn live_choice(
        &self,
        rng: &mut DemoRng,
        earlier: &[GoalPlan],
        mut draw: impl FnMut(&mut DemoRng) -> Option<u32>,
    ) -> Option<u32> {
        let first = draw(rng)?;
        let live = |goal: u32| {
            earlier.get(goal as usize).is_some_and(|g| matches!(g.state, GoalState::Published | GoalState::Closed))
        };
        if live(first) {
            return Some(first);
        }
        draw(rng).or(Some(first))
    }

    fn period(&self, rng: &mut DemoRng, kind: GoalType, state: GoalState, parent_period: Option<Period>) -> Period {
        let today = org_today(self.now);
        let quarter = |offset| Period::quarter(today, offset);
        match state {
            GoalState::Draft => quarter(between(rng, 0, 1) as i32),
            // Closed and archived goals mostly ran in earlier quarters.
            GoalState::Closed => [quarter(-1), quarter(-1), quarter(-2), quarter(0)][between(rng, 0, 3) as usize],
            GoalState::Archived => [quarter(-2), quarter(-3), Period::half(today, -1)][between(rng, 0, 2) as usize],
            GoalState::Published => match (kind, parent_period) {
                (GoalType::Organization, _) if chance(rng, 0.75) => Period::year(today),
                (GoalType::Organization, _) => Period::half(today, 0),
                (_, Some(aligned)) if chance(rng, 0.35) => aligned,
                (_, parent_period) => {
                    let own = self.own_period(rng, today);
                    // Half of the rest still fit inside the goal they align to.
                    match parent_period {
                        Some(outer) if chance(rng, 0.5) => own.within(outer),
                        _ => own,
                    }
                }
            },
        }
    }

    /// A live goal's own period: mostly this quarter, some last quarter (overdue, which is
    /// what reminders are for), some longer, some ad hoc.
    fn own_period(&self, rng: &mut DemoRng, today: chrono::NaiveDate) -> Period {
        match weighted(rng, &[50, 10, 15, 10, 15]) {
            0 => Period::quarter(today, 0),
            1 => Period::quarter(today, -1),
            2 => Period::half(today, 0),
            3 => Period::year(today),
            _ => {
                let start = today - chrono::Duration::days(between(rng, 0, 150));
                Period::from_start(start, between(rng, 30, 200))
            }
        }
    }

    /// Created up to two weeks before the period starts, during the working day in the
    /// Americas; published minutes to days later; both before `now`. Drafts were started in
    /// the last six weeks and have no `published_at`.
    fn timestamps(&self, rng: &mut DemoRng, state: GoalState, period: Period) -> (i64, Option<i64>) {
        let now = self.now.timestamp();
        if state == GoalState::Draft {
            return (now - between(rng, HOUR, 45 * DAY), None);
        }
        let mut created = period.start_instant() - between(rng, 0, 14) * DAY
            + between(rng, 13 * HOUR, 21 * HOUR)
            + between(rng, 0, HOUR - 1);
        let latest = now - 2 * HOUR;
        if created > latest {
            created = latest - between(rng, 0, 30 * DAY);
        }
        let published = (created + between(rng, 300, 3 * DAY)).min(now - HOUR);
        (created, Some(published))
    }

    /// Usually the owner; sometimes their manager set it up for them, and a chief of staff
    /// (collaborator) sometimes drafts the company's goals.
    fn creator(&self, rng: &mut DemoRng, kind: GoalType, state: GoalState, owner: u32) -> u32 {
        if kind == GoalType::Organization {
            if chance(rng, 0.15) {
                if let Some(collaborator) = self.owners.pick_collaborator(rng) {
                    return collaborator;
                }
            }
            return owner;
        }
        let by_manager = if state == GoalState::Draft { 0.25 } else { 0.1 };
        let manager = self.chart.people.get(owner as usize).and_then(|p| p.manager);
        match manager {
            Some(manager) if chance(rng, by_manager) => manager,
            _ => owner,
        }
    }
}
