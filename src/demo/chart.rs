//! The reporting tree: who reports to whom, and the role that follows from it.
//!
//! Members are created breadth-first, so a manager always has a smaller index than their
//! reports (later phases rely on that to create parent goals first), and a manager's reports
//! are one contiguous range.

use std::collections::VecDeque;
use std::ops::Range;

use super::people::{Person, Role};
use super::rng::{below, between, chance, rng_for, DemoRng, Stream};
use super::vocab::DEPARTMENTS;

/// Orgs at least this big get the full 7-level depth; smaller ones get what fits.
const FULL_DEPTH_SIZE: usize = 5_000;
const FULL_DEPTH: u32 = 7;
/// The CEO's exec team is about this big; every level below has spans of 3 to 12.
const EXEC_TEAM_SIZE: f64 = 7.0;
const MEAN_SPAN: f64 = 7.5;

#[derive(Debug, Clone, Default)]
pub(crate) struct OrgChart {
    pub(crate) people: Vec<Person>,
}

impl OrgChart {
    /// A reporting tree of `size` members, the CEO first.
    pub(crate) fn build(size: usize, seed: u64) -> Self {
        let mut rng = rng_for(seed, Stream::Members, 0);
        let mut chart = OrgChart { people: grow(&mut rng, size) };
        chart.assign_roles(&mut rng);
        chart
    }

    pub(crate) fn len(&self) -> usize {
        self.people.len()
    }

    pub(crate) fn reports(&self, index: u32) -> Range<u32> {
        match self.people.get(index as usize) {
            Some(person) => person.first_report..person.first_report + person.report_count,
            None => 0..0,
        }
    }

    /// Levels below the CEO of the deepest member.
    #[cfg(test)]
    pub(crate) fn depth(&self) -> u8 {
        self.people.iter().map(|p| p.level).max().unwrap_or(0)
    }

    /// Executives: the CEO and the exec team, then directors up to ~0.2% of the org.
    /// Collaborators (HR partners, chiefs of staff) are individual contributors chosen to bring
    /// the two all-seeing roles to ~1% in total.
    fn assign_roles(&mut self, rng: &mut DemoRng) {
        for person in &mut self.people {
            person.role = if person.report_count > 0 { Role::Manager } else { Role::Employee };
        }
        let size = self.people.len();
        let mut executives = 0;
        let mut directors = Vec::new();
        for (index, person) in self.people.iter_mut().enumerate() {
            // Half the department heads sit on the executive team; the others lead their
            // departments with the manager role, so large non-executive reporting lines exist.
            let heads_exec_team = person.level == 1 && person.report_count > 0 && index % 2 == 1;
            if index == 0 || heads_exec_team {
                person.role = Role::Executive;
                executives += 1;
            } else if person.level == 2 && person.report_count > 0 {
                directors.push(index);
            }
        }
        let executive_quota = (size as f64 * 0.002).round() as usize;
        let promoted = executive_quota.saturating_sub(executives);
        for index in sample(rng, &mut directors, promoted) {
            self.people[index].role = Role::Executive;
            executives += 1;
        }

        let minimum = usize::from(size >= 10);
        let collaborators = ((size as f64 * 0.01).round() as usize).saturating_sub(executives).max(minimum);
        let mut individual_contributors: Vec<usize> =
            (0..size).filter(|&i| self.people[i].level >= 2 && self.people[i].report_count == 0).collect();
        for index in sample(rng, &mut individual_contributors, collaborators) {
            self.people[index].role = Role::Collaborator;
        }
    }

    /// Indexes of members whose role leads people, in index order.
    pub(crate) fn leaders(&self) -> Vec<u32> {
        self.indexes_where(|p| p.role.leads() && p.report_count > 0)
    }

    pub(crate) fn indexes_where(&self, keep: impl Fn(&Person) -> bool) -> Vec<u32> {
        (0..self.people.len() as u32).filter(|&i| keep(&self.people[i as usize])).collect()
    }
}

/// Breadth-first growth. Each new member is queued to become a manager with a probability
/// tuned so that the level sizes grow by a constant factor and the last, partly filled level
/// is [`target_depth`] below the CEO.
fn grow(rng: &mut DemoRng, size: usize) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::with_capacity(size);
    if size == 0 {
        return people;
    }
    people.push(Person::new(rng, None, None));
    let manager_share = manager_share(size);
    let mut queue = VecDeque::from([0u32]);
    while people.len() < size {
        // Only an unlucky tiny org can run out of managers; the newest member then takes
        // the next reports, which keeps the chain going.
        let boss = queue.pop_front().unwrap_or(people.len() as u32 - 1);
        let level = people[boss as usize].level + 1;
        let span = if level == 1 { between(rng, 5, 9) } else { between(rng, 3, 12) };
        let span = (span as usize).min(size - people.len());
        let first_report = people.len() as u32;
        for offset in 0..span {
            let department = match people[boss as usize].department {
                Some(department) => Some(department),
                None => Some((offset % DEPARTMENTS.len()) as u8),
            };
            let person = Person::new(rng, Some((boss, &people[boss as usize])), department);
            people.push(person);
            // The exec team all lead departments; below that the share sets the depth.
            if level == 1 || chance(rng, manager_share) {
                queue.push_back(first_report + offset as u32);
            }
        }
        let boss = &mut people[boss as usize];
        boss.first_report = first_report;
        boss.report_count = span as u32;
    }
    people
}

/// Depth of the deepest level: 7 for large orgs, fewer when there aren't enough people.
fn target_depth(size: usize) -> u32 {
    if size >= FULL_DEPTH_SIZE {
        return FULL_DEPTH;
    }
    let fitting = (size.max(1) as f64).ln() / 4.5f64.ln();
    (fitting.ceil() as u32).clamp(1, FULL_DEPTH)
}

/// Level k >= 1 holds about `EXEC_TEAM_SIZE * growth^(k-1)` people; with `growth` chosen so
/// that level `depth` alone could hold the whole org, the levels above hold a fraction of it
/// and level `depth` is where the people run out.
fn manager_share(size: usize) -> f64 {
    let depth = target_depth(size);
    if depth < 2 {
        return 1.0;
    }
    let growth = (size as f64 / EXEC_TEAM_SIZE).max(1.0).powf(1.0 / f64::from(depth - 1));
    (growth / MEAN_SPAN).clamp(0.05, 1.0)
}

/// Up to `count` distinct elements of `items`, drawn without replacement (a partial
/// Fisher-Yates shuffle, which reorders `items`).
fn sample(rng: &mut DemoRng, items: &mut [usize], count: usize) -> Vec<usize> {
    let count = count.min(items.len());
    for position in 0..count {
        let swap_with = position + below(rng, items.len() - position);
        items.swap(position, swap_with);
    }
    items[..count].to_vec()
}
