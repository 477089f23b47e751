//! What the two manager-digest templates print, already in the manager's language; the
//! charts are table cells whose widths are the shares (mail clients draw no images here).

use super::address::display_name;
use super::i18n::{percent, Words};
use super::manager_message::ManagerDigestMessage;
use super::manager_words::{n, t, ManagerWords};
use super::Result;
use crate::goals::Status;
use crate::org::Locale;
use crate::reminders::manager_content::LineFigures;

pub(super) struct ManagerView<'a> {
    pub language: &'static str,
    pub subject: String,
    pub header: String,
    pub org_name: &'a str,
    pub greeting: String,
    pub intro: String,
    pub pace_heading: String,
    /// One cell per pace with goals: (words, width in percent, colour); widths add up to 100.
    pub pace_bar: Vec<(String, u8, &'static str)>,
    pub flagged_heading: String,
    pub flagged: Vec<GoalLine<'a>>,
    /// "No goal is off track" or "…and 3 more".
    pub flagged_note: Option<String>,
    pub late_heading: String,
    pub late: Vec<String>,
    pub late_note: Option<String>,
    pub adoption_heading: String,
    pub adoption: String,
    pub adoption_filled: u8,
    pub adoption_empty: u8,
    pub change_heading: String,
    pub changes: Vec<String>,
    pub escalated_heading: String,
    pub escalated: Vec<GoalLine<'a>>,
    pub open_goal: String,
    pub footer: String,
    pub unsubscribe: String,
    pub unsubscribe_url: &'a str,
}

pub(super) struct GoalLine<'a> {
    pub title: &'a str,
    pub detail: String,
    pub badge: String,
    pub colour: &'static str,
    /// Whether to draw the progress bar (not for an escalated goal).
    pub bar: bool,
    pub filled: u8,
    pub empty: u8,
    pub link: &'a str,
}

fn colour(pace: Status) -> &'static str {
    match pace {
        Status::OnTrack => "#1a7f37",
        Status::AtRisk => "#9a6700",
        Status::OffTrack => "#c62828",
    }
}

/// Shares of `counts` in whole percents adding up to 100 (the last takes the rounding).
fn shares(counts: &[u64]) -> Vec<u8> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u8> = counts.iter().map(|&c| ((c * 100 + total / 2) / total) as u8).collect();
    let sum: i32 = out.iter().map(|&s| i32::from(s)).sum();
    if let Some(last) = out.iter_mut().rev().find(|s| **s > 0) {
        *last = (i32::from(*last) + 100 - sum).clamp(0, 100) as u8;
    }
    out
}

fn number(locale: Locale, value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

fn signed(locale: Locale, delta: f64) -> String {
    let sign = if delta > 0.0 {
        "+"
    } else if delta < 0.0 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{}", number(locale, delta.abs()))
}

fn changes(
    words: ManagerWords,
    locale: Locale,
    now: &LineFigures,
    before: Option<&LineFigures>,
) -> Result<Vec<String>> {
    let Some(before) = before else { return Ok(vec![words.say("manager-change-none", &[])?]) };
    let count = |id, now: u64, then: u64| {
        words.say(id, &[("now", n(now)), ("delta", t(signed(locale, now as f64 - then as f64)))])
    };
    let mut lines = vec![
        count("manager-change-off-track", now.off_track, before.off_track)?,
        count("manager-change-at-risk", now.at_risk, before.at_risk)?,
        count("manager-change-late", now.late_owners, before.late_owners)?,
    ];
    if let Some(percent_now) = now.adoption_percent {
        let delta = percent_now - before.adoption_percent.unwrap_or(0.0);
        let args = [("now", t(number(locale, percent_now))), ("delta", t(signed(locale, delta)))];
        lines.push(words.say("manager-change-adoption", &args)?);
    }
    Ok(lines)
}

pub(super) fn view(digest: &ManagerDigestMessage) -> Result<ManagerView<'_>> {
    let (words, owner_words, locale) = (ManagerWords::new(digest.locale)?, Words::new(digest.locale)?, digest.locale);
    let content = &digest.content;
    let figures = &content.figures;
    let footer = if digest.monthly { "manager-footer-monthly" } else { "manager-footer-weekly" };
    let paces =
        [(Status::OnTrack, figures.on_track), (Status::AtRisk, figures.at_risk), (Status::OffTrack, figures.off_track)];
    let widths = shares(&paces.map(|(_, count)| count));
    let mut pace_bar = Vec::new();
    for ((pace, count), width) in paces.into_iter().zip(widths) {
        let label = words.say("manager-pace-count", &[("pace", t(owner_words.pace(pace)?)), ("count", n(count))])?;
        pace_bar.push((label, width, colour(pace)));
    }
    let mut flagged = Vec::new();
    for (goal, link) in content.flagged.iter().zip(&digest.flagged_links) {
        let owner = words.say("manager-owner", &[("name", t(goal.owner_name.clone()))])?;
        let filled = percent(goal.progress);
        flagged.push(GoalLine {
            title: &goal.title,
            detail: format!("{owner} · {}", owner_words.progress(goal.progress)?),
            badge: owner_words.pace(goal.pace)?,
            colour: colour(goal.pace),
            bar: true,
            filled,
            empty: 100 - filled,
            link,
        });
    }
    let hidden = content.flagged_total.saturating_sub(content.flagged.len() as u64);
    let flagged_note = match (content.flagged.is_empty(), hidden) {
        (true, _) => Some(words.say("manager-flagged-none", &[])?),
        (false, 0) => None,
        (false, more) => Some(words.say("manager-flagged-more", &[("count", n(more))])?),
    };
    let late = content
        .late_owners
        .iter()
        .map(|owner| words.say("manager-late-owner", &[("name", t(owner.name.clone())), ("count", n(owner.goals))]))
        .collect::<Result<Vec<_>>>()?;
    let late_hidden = figures.late_owners.saturating_sub(content.late_owners.len() as u64);
    let late_note = match (late.is_empty(), late_hidden) {
        (true, _) => Some(words.say("manager-late-none", &[])?),
        (false, 0) => None,
        (false, more) => Some(words.say("manager-flagged-more", &[("count", n(more))])?),
    };
    let adoption_percent = figures.adoption_percent.unwrap_or(0.0);
    let adoption_args = [
        ("with", n(figures.members_with_published_goal)),
        ("active", n(figures.active_members)),
        ("percent", t(number(locale, adoption_percent))),
    ];
    let mut escalated = Vec::new();
    for (goal, link) in content.escalated.iter().zip(&digest.escalated_links) {
        let owner = words.say("manager-owner", &[("name", t(goal.owner_name.clone()))])?;
        escalated.push(GoalLine {
            title: &goal.title,
            detail: owner,
            badge: words.say("manager-escalated", &[("weeks", n(u64::from(goal.weeks)))])?,
            colour: colour(Status::OffTrack),
            bar: false,
            filled: 0,
            empty: 100,
            link,
        });
    }
    let flagged_count = content.flagged_total + content.escalated.len() as u64;
    Ok(ManagerView {
        language: locale.as_str(),
        subject: words.say("manager-subject", &[("count", n(flagged_count))])?,
        header: words.say(if digest.monthly { "manager-header-monthly" } else { "manager-header-weekly" }, &[])?,
        org_name: &digest.org_name,
        greeting: words.say("manager-greeting", &[("name", t(display_name(&digest.to_name).unwrap_or_default()))])?,
        intro: words.say(
            "manager-intro",
            &[("people", n(figures.active_members)), ("date", t(owner_words.date(digest.date)?))],
        )?,
        pace_heading: words.say("manager-pace-heading", &[])?,
        pace_bar,
        flagged_heading: words.say("manager-flagged-heading", &[])?,
        flagged,
        flagged_note,
        late_heading: words.say("manager-late-heading", &[])?,
        late,
        late_note,
        adoption_heading: words.say("manager-adoption-heading", &[])?,
        adoption: words.say("manager-adoption", &adoption_args)?,
        adoption_filled: percent(adoption_percent),
        adoption_empty: 100 - percent(adoption_percent),
        change_heading: words.say("manager-change-heading", &[])?,
        changes: changes(words, locale, figures, content.previous.as_ref())?,
        escalated_heading: words.say("manager-escalated-heading", &[])?,
        escalated,
        open_goal: words.say("manager-open-goal", &[])?,
        footer: words.say(footer, &[("org", t(digest.org_name.clone()))])?,
        unsubscribe: words.say("manager-unsubscribe", &[])?,
        unsubscribe_url: &digest.unsubscribe_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_a_hundred() {
        assert_eq!(shares(&[1, 1, 1]), vec![33, 33, 34]);
        assert_eq!(shares(&[2, 0, 1]), vec![67, 0, 33]);
        assert_eq!(shares(&[0, 0, 0]), vec![0, 0, 0]);
    }

    #[test]
    fn deltas_are_signed_and_french_numbers_use_a_comma() {
        assert_eq!(signed(Locale::En, 2.0), "+2");
        assert_eq!(signed(Locale::En, -1.5), "−1.5");
        assert_eq!(signed(Locale::Fr, -1.5), "−1,5");
        assert_eq!(signed(Locale::En, 0.0), "±0");
        assert_eq!(number(Locale::Fr, 66.67), "66,67");
    }
}
