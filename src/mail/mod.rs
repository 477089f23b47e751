//! The weekly digest as an email (CONTRACT §9): its words (`i18n`, fluent), its rendering
//! (`render`, askama + lettre) and its delivery (`transport`, SMTP or .eml files).

mod address;
mod dkim;
mod files;
mod headers;
mod i18n;
mod manager;
mod manager_message;
mod manager_view;
mod manager_words;
mod notification;
mod notification_words;
mod render;
mod smtp_pool;
mod transport;
mod view;

pub use dkim::Dkim;
pub use manager::{manager_bodies, render_manager};
pub use manager_message::ManagerDigestMessage;
pub use notification::{notification_bodies, render_notification, NotificationLine, NotificationMessage};
pub use render::{bodies, render, Bodies};
pub use transport::{Mailer, SendError, SendFailure};

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::goals::{GoalType, Status};
use crate::org::Locale;
use crate::reminders::Reason;

/// One weekly digest, everything needed to render and send it.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestMessage {
    /// The configured sender, e.g. `goald <goald@localhost>`.
    pub from: String,
    pub to_name: String,
    pub to_email: String,
    pub locale: Locale,
    /// The org's name, in the header and the footer: the owner knows their org, not goald.
    pub org_name: String,
    /// Without angle brackets, e.g. `digest.acme.dee.2026-W48@goald.localhost`. The same on
    /// every retry, so a receiver can tell a resent digest from a new one.
    pub message_id: String,
    /// Without angle brackets, e.g. `weekly-digest.acme.goald.localhost` (RFC 2919).
    pub list_id: String,
    /// An https URL; POSTing `List-Unsubscribe=One-Click` to it opts the owner out (RFC 8058).
    pub unsubscribe_url: String,
    /// The page where the owner chooses what they receive (a GET never changes anything).
    pub preferences_url: String,
    /// The goals listed, the most urgent first: at most `digest_max_goals` of them.
    pub goals: Vec<DigestGoal>,
    /// The due goals left out by the cap, if any, and where to see them all.
    pub more: Option<MoreGoals>,
}

/// "and K more", linking to the owner's goals in the front end.
#[derive(Debug, Clone, PartialEq)]
pub struct MoreGoals {
    pub count: usize,
    pub link: String,
}

/// One goal listed in a digest: everything the owner needs to decide to act on it.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestGoal {
    pub title: String,
    /// What tells this goal apart from another listed goal of the same title; None when
    /// its title is unique in the digest.
    pub context: Option<GoalContext>,
    /// 0 to 100.
    pub progress: f64,
    /// CONTRACT §4 pace on the digest's date.
    pub pace: Status,
    pub last_update: LastUpdate,
    pub end_date: NaiveDate,
    /// Whole days since the end date in the org's time zone; None when it has not passed.
    pub ended_days_ago: Option<i64>,
    /// Why it is listed, in contract order; at least one.
    pub reasons: Vec<Reason>,
    pub link: String,
}

/// Shown after a title another listed goal shares.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalContext {
    /// The title of the goal it is aligned under.
    Parent(String),
    Type(GoalType),
}

/// When the goal was last touched, in whole days in the org's time zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LastUpdate {
    DaysAgo(i64),
    /// Never updated since it was published on this date.
    NeverSincePublished(NaiveDate),
    /// Never updated, and no publication date is known (an imported goal).
    Never,
}

/// Why a digest could not be rendered, or a mailer not set up. Sending has its own
/// [`SendError`], which says whether to try again.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the mail texts do not load: {0}")]
    Locales(String),
    #[error("the {locale} mail text {id:?} does not format: {detail}")]
    Translation { locale: Locale, id: &'static str, detail: String },
    #[error("rendering the mail template: {0}")]
    Template(#[from] askama::Error),
    #[error("invalid {field} address {value:?}: {error}")]
    Address { field: &'static str, value: String, error: lettre::address::AddressError },
    #[error("invalid {field} {value:?}: {reason}")]
    Header { field: &'static str, value: String, reason: &'static str },
    #[error("building the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the DKIM key {0}")]
    Dkim(String),
    #[error("invalid mail transport URL: {0}")]
    TransportUrl(String),
    #[error("mail directory {}: {error}", path.display())]
    Directory { path: PathBuf, error: std::io::Error },
}

pub type Result<T, E = MailError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests;
