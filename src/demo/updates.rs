//! Progress updates: 0 to 5 per goal that was ever published, spread over the 120 days
//! before `now` (after publication, and for finished goals up to two weeks after their end),
//! by the owner or a contributor.

use crate::import::format::UpdateRecord;

use super::calendar::{rfc3339, DAY, HOUR};
use super::detail::Contributors;
use super::kinds::GoalState;
use super::plan::GoalPlan;
use super::rng::{below, between, chance, pick_str, uniform, weighted, DemoRng};
use super::vocab;
use super::world::DemoOrg;

const WINDOW: i64 = 120 * DAY;

/// `progress` is the goal's current progress when a person sets it; the updates then climb
/// to it, the last one equal to it, since they are its history (CONTRACT §4).
pub(crate) fn updates(
    rng: &mut DemoRng,
    org: &DemoOrg,
    plan: &GoalPlan,
    contributors: &Contributors,
    progress: Option<f64>,
) -> Vec<UpdateRecord> {
    let Some(published_at) = plan.published_at else {
        return Vec::new();
    };
    let now = org.now.timestamp();
    let from = published_at.max(now - WINDOW);
    let mut until = now - 60;
    if matches!(plan.state, GoalState::Closed | GoalState::Archived) {
        // Nobody reports on a finished goal long after its end.
        until = until.min(plan.period.end_instant() + 14 * DAY);
    }
    if until - from < HOUR {
        return Vec::new();
    }
    let count = weighted(rng, &[15, 25, 25, 17, 10, 8]);
    let mut times: Vec<i64> = (0..count).map(|_| between(rng, from, until)).collect();
    times.sort_unstable();

    let authors = author_pool(org, contributors);
    let mut reached = 0.0f64;
    let mut records = Vec::with_capacity(count);
    for (position, at) in times.into_iter().enumerate() {
        // The owner writes most updates; contributors chip in.
        let by = if authors.is_empty() || chance(rng, 0.7) { plan.owner } else { authors[below(rng, authors.len())] };
        let step_progress = progress.map(|goal_progress| {
            let last = position + 1 == count;
            let on_the_way = goal_progress * (position + 1) as f64 / count as f64;
            let value = if last { goal_progress } else { (on_the_way * uniform(rng, 0.85, 1.0)).round() };
            reached = reached.max(value);
            reached
        });
        let with_comment = step_progress.is_none() || chance(rng, 0.35);
        let french = org.chart.people.get(by as usize).is_some_and(|p| p.french);
        let comments = if french { vocab::COMMENTS_FR } else { vocab::COMMENTS_EN };
        records.push(UpdateRecord {
            at: rfc3339(at),
            by: org.ids.member(by as usize),
            progress: step_progress,
            comment: with_comment.then(|| pick_str(rng, comments).to_owned()),
        });
    }
    records
}

/// Contributor members and the members of contributor teams, owner excluded.
fn author_pool(org: &DemoOrg, contributors: &Contributors) -> Vec<u32> {
    let mut pool = contributors.members.clone();
    for &team in &contributors.teams {
        pool.extend_from_slice(org.teams.members(team));
    }
    pool
}
