//! What the two digest templates print, already in the owner's language: the templates
//! only lay it out, so the text part and the HTML part say the same things.

use super::i18n::{percent, Words};
use super::{address::display_name, DigestMessage, Result};
use crate::goals::Status;

pub(super) struct View<'a> {
    pub language: &'static str,
    pub subject: String,
    pub header: String,
    pub org_name: &'a str,
    pub greeting: String,
    pub intro: String,
    pub goals: Vec<GoalView<'a>>,
    /// "…and 10 more goals", the link to all of them and its words; None when all are listed.
    pub more: Option<(String, &'a str, String)>,
    pub update_progress: String,
    pub footer: String,
    pub preferences: String,
    pub preferences_url: &'a str,
    pub unsubscribe: String,
    pub unsubscribe_url: &'a str,
}

pub(super) struct GoalView<'a> {
    pub title: &'a str,
    pub context: Option<String>,
    pub progress: String,
    /// The bar's filled and empty widths, in percent; they add up to 100.
    pub filled: u8,
    pub empty: u8,
    pub pace: String,
    /// A colour that reads on white and on a dark background; the word says it too.
    pub pace_colour: &'static str,
    pub last_update: String,
    pub end: String,
    pub reasons: Vec<String>,
    pub link: &'a str,
}

/// Green, amber and red dark enough for white text on them (WCAG AA at bold 14 px).
fn pace_colour(pace: Status) -> &'static str {
    match pace {
        Status::OnTrack => "#1a7f37",
        Status::AtRisk => "#9a6700",
        Status::OffTrack => "#c62828",
    }
}

pub(super) fn view(digest: &DigestMessage) -> Result<View<'_>> {
    let words = Words::new(digest.locale)?;
    // Subject and intro count every due goal, listed or not.
    let count = digest.goals.len() + digest.more.as_ref().map_or(0, |more| more.count);
    let more = match &digest.more {
        Some(more) if more.count > 0 => {
            Some((words.more(more.count)?, more.link.as_str(), words.text("digest-see-all")?))
        }
        _ => None,
    };
    let goals = digest
        .goals
        .iter()
        .map(|goal| {
            let filled = percent(goal.progress);
            Ok(GoalView {
                title: &goal.title,
                context: goal.context.as_ref().map(|context| words.context(context)).transpose()?,
                progress: words.progress(goal.progress)?,
                filled,
                empty: 100 - filled,
                pace: words.pace(goal.pace)?,
                pace_colour: pace_colour(goal.pace),
                last_update: words.last_update(goal.last_update)?,
                end: match goal.ended_days_ago {
                    Some(days) => words.ended(days, goal.end_date)?,
                    None => words.end_date(goal.end_date)?,
                },
                reasons: goal.reasons.iter().map(|&reason| words.reason(reason)).collect::<Result<_>>()?,
                link: &goal.link,
            })
        })
        .collect::<Result<_>>()?;
    Ok(View {
        language: digest.locale.as_str(),
        subject: words.subject(count)?,
        header: words.text("digest-header")?,
        org_name: &digest.org_name,
        greeting: words.greeting(&display_name(&digest.to_name).unwrap_or_default())?,
        intro: words.intro(count)?,
        goals,
        more,
        update_progress: words.text("digest-update-progress")?,
        footer: words.footer(&digest.org_name)?,
        preferences: words.text("digest-preferences")?,
        preferences_url: &digest.preferences_url,
        unsubscribe: words.text("digest-unsubscribe")?,
        unsubscribe_url: &digest.unsubscribe_url,
    })
}
