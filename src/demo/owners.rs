//! Who owns which goal, and where each member's team goals sit in the file.

use super::chart::OrgChart;
use super::kinds::GoalType;
use super::people::Role;
use super::rng::{below, chance, pick, DemoRng};

/// The pools goal owners are drawn from.
pub(crate) struct Owners<'a> {
    chart: &'a OrgChart,
    executives: Vec<u32>,
    leaders: Vec<u32>,
    individual_contributors: Vec<u32>,
    collaborators: Vec<u32>,
}

impl<'a> Owners<'a> {
    pub(crate) fn new(chart: &'a OrgChart) -> Self {
        Owners {
            chart,
            executives: chart.indexes_where(|p| p.role == Role::Executive),
            leaders: chart.leaders(),
            individual_contributors: chart.indexes_where(|p| !p.role.leads()),
            collaborators: chart.indexes_where(|p| p.role == Role::Collaborator),
        }
    }

    /// `(type, owner)` of every goal in file order, from `[organization, team, personal]`
    /// counts. Executives take the organization goals in turn, the CEO first; team goals go
    /// to people who lead and are sorted by owner so parents come first; personal goals go
    /// mostly to individual contributors.
    pub(crate) fn assign(&self, rng: &mut DemoRng, counts: [usize; 3]) -> Vec<(GoalType, u32)> {
        let [organization, team, personal] = counts;
        let mut goals = Vec::with_capacity(organization + team + personal);
        for turn in 0..organization {
            let owner = match self.executives.len() {
                0 => 0,
                executives => self.executives[turn % executives],
            };
            goals.push((GoalType::Organization, owner));
        }
        let mut team_owners: Vec<u32> = (0..team).map(|_| self.pick_owner(rng, &self.leaders)).collect();
        team_owners.sort_unstable();
        goals.extend(team_owners.into_iter().map(|owner| (GoalType::Team, owner)));
        for _ in 0..personal {
            // Managers keep a few personal goals of their own too.
            let pool = if chance(rng, 0.9) { self.individual_contributors.as_slice() } else { &[] };
            goals.push((GoalType::Personal, self.pick_owner(rng, pool)));
        }
        goals
    }

    pub(crate) fn pick_collaborator(&self, rng: &mut DemoRng) -> Option<u32> {
        pick(rng, &self.collaborators).copied()
    }

    /// A member of `pool` (or of the whole org when `pool` is empty). Someone who left mostly
    /// had their goals handed over, so an inactive pick is usually drawn again; the few that
    /// stay are the stale goals a real org has.
    fn pick_owner(&self, rng: &mut DemoRng, pool: &[u32]) -> u32 {
        let draw = |rng: &mut DemoRng| match pool {
            [] => below(rng, self.chart.len()) as u32,
            pool => pool[below(rng, pool.len())],
        };
        let first = draw(rng);
        let active = self.chart.people.get(first as usize).is_some_and(|p| p.active);
        if active || !chance(rng, 0.7) {
            first
        } else {
            draw(rng)
        }
    }
}

/// Where the goals a parent can be picked from sit: organization goals are the first
/// `organization` goals, and each member's team goals are one contiguous run.
pub(crate) struct TeamGoalIndex {
    organization: u32,
    /// `(first goal index, count)` of each member's team goals.
    by_owner: Vec<(u32, u32)>,
}

impl TeamGoalIndex {
    pub(crate) fn new(goals: &[(GoalType, u32)], members: usize) -> Self {
        let mut by_owner = vec![(0u32, 0u32); members];
        let mut organization = 0;
        for (index, &(kind, owner)) in goals.iter().enumerate() {
            match kind {
                GoalType::Organization => organization += 1,
                GoalType::Team => {
                    if let Some(run) = by_owner.get_mut(owner as usize) {
                        if run.1 == 0 {
                            run.0 = index as u32;
                        }
                        run.1 += 1;
                    }
                }
                GoalType::Personal => {}
            }
        }
        TeamGoalIndex { organization, by_owner }
    }

    pub(crate) fn owns_any(&self, member: u32) -> bool {
        self.by_owner.get(member as usize).is_some_and(|run| run.1 > 0)
    }

    pub(crate) fn pick(&self, rng: &mut DemoRng, member: u32) -> Option<u32> {
        let &(first, count) = self.by_owner.get(member as usize)?;
        (count > 0).then(|| first + below(rng, count as usize) as u32)
    }

    pub(crate) fn pick_organization(&self, rng: &mut DemoRng) -> Option<u32> {
        (self.organization > 0).then(|| below(rng, self.organization as usize) as u32)
    }
}
