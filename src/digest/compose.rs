//! A queued digest as a message: pure, so the links, the Message-ID, the day counts, the
//! pace and what is left out are tested without a database or a mail server.

use chrono::{DateTime, Utc};

use crate::digest::label::contexts;
use crate::digest::links::{goal_url, list_id, message_id, owner_goals_url};
pub use crate::digest::settings::MailSettings;
use crate::mail::{DigestGoal, DigestMessage, LastUpdate, MoreGoals};
use crate::org::{Locale, TimeZone};
use crate::reminders::types::{DigestGoalRow, DigestKey};
use crate::reminders::Reason;
use crate::rollup::{local_date, pace_status};

/// Who a digest goes to and the org it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Addressee<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub locale: Locale,
    pub org_name: &'a str,
    /// Day counts and the pace are in the org's calendar (CONTRACT §4).
    pub timezone: TimeZone,
}

/// The `max` most urgent of `goals`, most urgent first: past their end date, then the
/// longest untouched (never updated first), then the earliest end date, then by id so
/// the order is stable. `select_nth_unstable_by` then a sort of the kept ones: linear in
/// the goals due plus `max log max`, so 200k due goals cost no more than a few ms.
fn most_urgent(goals: &[DigestGoalRow], max: usize) -> Vec<&DigestGoalRow> {
    let urgency = |a: &&DigestGoalRow, b: &&DigestGoalRow| {
        let past = |g: &DigestGoalRow| !g.reasons.contains(&Reason::PastEndDate);
        (past(a), a.last_activity_at, a.end_date, &a.id).cmp(&(past(b), b.last_activity_at, b.end_date, &b.id))
    };
    let mut refs: Vec<&DigestGoalRow> = goals.iter().collect();
    if refs.len() > max && max > 0 {
        refs.select_nth_unstable_by(max - 1, urgency);
        refs.truncate(max);
    }
    refs.sort_by(urgency);
    refs
}

/// When the goal was last touched, as of `now` in `tz`: an update at its publication
/// (which is what `last_activity_at` holds until a first update) is no update.
fn last_update(goal: &DigestGoalRow, now: DateTime<Utc>, tz: TimeZone) -> LastUpdate {
    match (goal.last_activity_at, goal.published_at) {
        (Some(last), Some(published)) if last > published => {
            LastUpdate::DaysAgo((local_date(now, tz) - local_date(last, tz)).num_days().max(0))
        }
        (Some(last), None) => LastUpdate::DaysAgo((local_date(now, tz) - local_date(last, tz)).num_days().max(0)),
        (_, Some(published)) => LastUpdate::NeverSincePublished(local_date(published, tz)),
        (None, None) => LastUpdate::Never,
    }
}

/// The message for `key` as of `now`, listing the most urgent of `goals` (those still
/// due at delivery), at most `settings.max_goals`, and counting the rest.
pub fn compose(
    settings: &MailSettings,
    key: &DigestKey,
    to: Addressee<'_>,
    unsubscribe_token: &str,
    goals: &[DigestGoalRow],
    now: DateTime<Utc>,
) -> DigestMessage {
    let today = local_date(now, to.timezone);
    let listed = most_urgent(goals, settings.max_goals.max(1));
    let labels = contexts(&listed);
    let public_url = settings.public_url.trim_end_matches('/');
    DigestMessage {
        from: settings.from.clone(),
        to_name: to.name.to_owned(),
        to_email: to.email.to_owned(),
        locale: to.locale,
        org_name: to.org_name.to_owned(),
        message_id: message_id(key, settings),
        list_id: list_id(key.org.as_str(), settings),
        unsubscribe_url: format!("{public_url}/v1/unsubscribe/{unsubscribe_token}"),
        preferences_url: format!("{public_url}/v1/preferences/{unsubscribe_token}"),
        more: (goals.len() > settings.max_goals)
            .then(|| MoreGoals { count: goals.len() - settings.max_goals, link: owner_goals_url(settings, key) }),
        goals: listed
            .into_iter()
            .zip(labels)
            .map(|(goal, context)| DigestGoal {
                title: goal.title.clone(),
                context,
                progress: goal.progress,
                pace: pace_status(goal.progress, goal.start_date, goal.end_date, today),
                last_update: last_update(goal, now, to.timezone),
                end_date: goal.end_date,
                ended_days_ago: (goal.end_date < today).then(|| (today - goal.end_date).num_days()),
                reasons: goal.reasons.clone(),
                link: goal_url(settings, key.org.as_str(), goal.id.as_str()),
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "compose_tests.rs"]
pub(crate) mod tests;

#[cfg(test)]
#[path = "rendered_tests.rs"]
mod rendered_tests;
