//! The digest's words in each locale, from locales/{en,fr}/digest.ftl (embedded at build
//! time so the binary carries its texts).

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::{GoalContext, LastUpdate, MailError, Result};
use crate::goals::{GoalType, Status};
use crate::org::Locale;
use crate::reminders::Reason;

type Bundle = FluentBundle<FluentResource>;

const ENGLISH: &str = include_str!("../../locales/en/digest.ftl");
const FRENCH: &str = include_str!("../../locales/fr/digest.ftl");

const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8", "month-9", "month-10",
    "month-11", "month-12",
];

struct Bundles {
    english: Bundle,
    french: Bundle,
}

/// Parsed once and shared by every render and thread (the concurrent bundle is Sync):
/// parsing per digest would cost more than the rest of rendering. A broken file is kept as
/// an error for every caller to report rather than a panic.
static BUNDLES: OnceLock<Result<Bundles, String>> = OnceLock::new();

fn bundles() -> Result<&'static Bundles> {
    let loaded = BUNDLES
        .get_or_init(|| Ok(Bundles { english: bundle(Locale::En, ENGLISH)?, french: bundle(Locale::Fr, FRENCH)? }));
    loaded.as_ref().map_err(|detail| MailError::Locales(detail.clone()))
}

fn bundle(locale: Locale, source: &str) -> Result<Bundle, String> {
    let file = format!("locales/{locale}/digest.ftl");
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errors)| format!("{file} does not parse: {errors:?}"))?;
    let language = locale.as_str().parse().map_err(|error| format!("{file}: language {locale}: {error}"))?;
    let mut bundle = Bundle::new_concurrent(vec![language]);
    // Fluent wraps every placeable in U+2068/U+2069 for bidi text; plain-text mail clients
    // show them as stray characters, and names, numbers and dates read fine without them.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).map_err(|errors| format!("{file}: {errors:?}"))?;
    Ok(bundle)
}

/// The digest's words in one locale.
#[derive(Clone, Copy)]
pub struct Words {
    locale: Locale,
    bundle: &'static Bundle,
}

impl Words {
    pub fn new(locale: Locale) -> Result<Self> {
        let bundles = bundles()?;
        let bundle = match locale {
            Locale::En => &bundles.english,
            Locale::Fr => &bundles.french,
        };
        Ok(Words { locale, bundle })
    }

    pub fn subject(self, goal_count: usize) -> Result<String> {
        self.format("digest-subject", Some(&count(goal_count)))
    }

    pub fn greeting(self, name: &str) -> Result<String> {
        let mut args = FluentArgs::new();
        args.set("name", name);
        self.format("digest-greeting", Some(&args))
    }

    /// "and 10 more goals", after a capped list.
    pub fn more(self, goal_count: usize) -> Result<String> {
        self.format("digest-more", Some(&count(goal_count)))
    }

    pub fn intro(self, goal_count: usize) -> Result<String> {
        self.format("digest-intro", Some(&count(goal_count)))
    }

    /// Why a goal is listed, in words.
    pub fn reason(self, reason: Reason) -> Result<String> {
        let id = match reason {
            Reason::NotUpdated28Days => "digest-reason-not-updated-28-days",
            Reason::PastEndDate => "digest-reason-past-end-date",
        };
        self.format(id, None)
    }

    /// "End date: November 30, 2026".
    pub fn end_date(self, date: NaiveDate) -> Result<String> {
        let mut args = FluentArgs::new();
        args.set("date", self.date(date)?);
        self.format("digest-end-date", Some(&args))
    }

    /// "Ended 3 days ago, November 28, 2026".
    pub fn ended(self, days: i64, date: NaiveDate) -> Result<String> {
        let mut args = FluentArgs::new();
        args.set("days", days);
        args.set("date", self.date(date)?);
        self.format("digest-ended", Some(&args))
    }

    /// "Progress: 40%": whole percents, as a bar cannot show more.
    pub fn progress(self, progress: f64) -> Result<String> {
        let mut args = FluentArgs::new();
        args.set("percent", percent(progress).to_string());
        self.format("digest-progress", Some(&args))
    }

    pub fn pace(self, pace: Status) -> Result<String> {
        let id = match pace {
            Status::OnTrack => "digest-pace-on-track",
            Status::AtRisk => "digest-pace-at-risk",
            Status::OffTrack => "digest-pace-off-track",
        };
        self.format(id, None)
    }

    pub fn last_update(self, last: LastUpdate) -> Result<String> {
        match last {
            LastUpdate::DaysAgo(days) => {
                let mut args = FluentArgs::new();
                args.set("days", days);
                self.format("digest-last-updated", Some(&args))
            }
            LastUpdate::NeverSincePublished(date) => {
                let mut args = FluentArgs::new();
                args.set("date", self.date(date)?);
                self.format("digest-never-updated-since", Some(&args))
            }
            LastUpdate::Never => self.format("digest-never-updated", None),
        }
    }

    /// "under “Grow revenue”" or "team goal".
    pub fn context(self, context: &GoalContext) -> Result<String> {
        match context {
            GoalContext::Parent(parent) => {
                let mut args = FluentArgs::new();
                args.set("parent", parent.as_str());
                self.format("digest-context-parent", Some(&args))
            }
            GoalContext::Type(GoalType::Personal) => self.format("digest-type-personal", None),
            GoalContext::Type(GoalType::Team) => self.format("digest-type-team", None),
            GoalContext::Type(GoalType::Organization) => self.format("digest-type-organization", None),
        }
    }

    pub fn footer(self, org: &str) -> Result<String> {
        let mut args = FluentArgs::new();
        args.set("org", org);
        self.format("digest-footer", Some(&args))
    }

    /// A message without arguments: headings, buttons and link words.
    pub fn text(self, id: &'static str) -> Result<String> {
        self.format(id, None)
    }

    /// "November 30, 2026" / "30 novembre 2026".
    pub fn date(self, date: NaiveDate) -> Result<String> {
        // month0() is 0..=11 by construction.
        let month = self.format(MONTHS[date.month0() as usize], None)?;
        let mut args = FluentArgs::new();
        args.set("month", month);
        args.set("day", date.day());
        // The year goes in as text: a number could one day be formatted with grouping.
        args.set("year", date.year().to_string());
        self.format("date-long", Some(&args))
    }

    fn format(self, id: &'static str, args: Option<&FluentArgs>) -> Result<String> {
        let pattern = self.bundle.get_message(id).and_then(|message| message.value());
        let Some(pattern) = pattern else {
            return Err(self.broken(id, "no such message".to_owned()));
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            return Err(self.broken(id, format!("{errors:?}")));
        }
        Ok(text.into_owned())
    }

    fn broken(self, id: &'static str, detail: String) -> MailError {
        MailError::Translation { locale: self.locale, id, detail }
    }
}

fn count(goal_count: usize) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("count", goal_count);
    args
}

/// `progress` as the whole percent shown, 0 to 100 whatever is stored.
pub fn percent(progress: f64) -> u8 {
    if progress.is_nan() {
        return 0;
    }
    // Clamped to 0..=100 first, so the cast cannot truncate.
    progress.clamp(0.0, 100.0).round() as u8
}
