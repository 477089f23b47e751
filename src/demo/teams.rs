//! Teams of 5 to 12: each manager with 4 or more reports leads one (the manager and up to 11
//! reports), and about one cross-functional task force per eight of those draws people from
//! anywhere in the org.

use crate::import::format::TeamRecord;

use super::chart::OrgChart;
use super::naming::IdFormat;
use super::rng::{below, between, rng_for, DemoRng, Stream};
use super::vocab::{DEPARTMENTS, TASK_FORCES};

pub(crate) const MIN_TEAM: usize = 5;
pub(crate) const MAX_TEAM: usize = 12;

#[derive(Debug, Clone)]
pub(crate) struct TeamPlan {
    pub(crate) name: String,
    pub(crate) members: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Teams {
    pub(crate) teams: Vec<TeamPlan>,
    /// The team each member leads, by member index.
    pub(crate) led_by: Vec<Option<u32>>,
    /// Task forces come after every manager's team; their indexes start here.
    pub(crate) first_task_force: usize,
}

impl Teams {
    pub(crate) fn build(chart: &OrgChart, seed: u64) -> Self {
        let mut rng = rng_for(seed, Stream::Teams, 0);
        let mut teams = Vec::new();
        let mut led_by = vec![None; chart.len()];
        for (index, person) in chart.people.iter().enumerate() {
            // A manager with 3 reports would make a team of 4, under the minimum.
            if person.report_count + 1 < MIN_TEAM as u32 {
                continue;
            }
            let mut members = vec![index as u32];
            members.extend(chart.reports(index as u32).take(MAX_TEAM - 1));
            let name = match person.department {
                Some(department) => {
                    let department = DEPARTMENTS[department as usize % DEPARTMENTS.len()];
                    format!("{department} ({} {})", person.first_name, person.last_name)
                }
                None => "Executive team".to_owned(),
            };
            led_by[index] = Some(teams.len() as u32);
            teams.push(TeamPlan { name, members });
        }
        let first_task_force = teams.len();
        let task_forces = if chart.len() >= MAX_TEAM { (teams.len() / 8).max(1) } else { 0 };
        for number in 0..task_forces {
            teams.push(task_force(&mut rng, chart.len(), number));
        }
        Teams { teams, led_by, first_task_force }
    }

    pub(crate) fn len(&self) -> usize {
        self.teams.len()
    }

    pub(crate) fn members(&self, team: u32) -> &[u32] {
        self.teams.get(team as usize).map_or(&[], |t| t.members.as_slice())
    }

    pub(crate) fn record(&self, index: usize, ids: &IdFormat) -> Option<TeamRecord> {
        let team = self.teams.get(index)?;
        Some(TeamRecord {
            id: ids.team(index),
            name: team.name.clone(),
            members: team.members.iter().map(|&m| ids.member(m as usize)).collect(),
        })
    }
}

/// `org_size` must be at least [`MAX_TEAM`], so distinct members can always be found.
fn task_force(rng: &mut DemoRng, org_size: usize, number: usize) -> TeamPlan {
    let size = between(rng, MIN_TEAM as i64, MAX_TEAM as i64) as usize;
    let mut members: Vec<u32> = Vec::with_capacity(size);
    while members.len() < size.min(org_size) {
        let candidate = below(rng, org_size) as u32;
        if !members.contains(&candidate) {
            members.push(candidate);
        }
    }
    members.sort_unstable();
    let topic = TASK_FORCES[number % TASK_FORCES.len()];
    let round = number / TASK_FORCES.len() + 1;
    TeamPlan { name: format!("{topic} task force {round}"), members }
}
