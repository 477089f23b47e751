//! One manager digest as the mail renders it (issue 17).

use chrono::NaiveDate;

use crate::org::Locale;
use crate::reminders::manager_content::ManagerDigestContent;

/// One manager digest, everything needed to render and send it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerDigestMessage {
    pub from: String,
    pub to_name: String,
    pub to_email: String,
    pub locale: Locale,
    pub org_name: String,
    /// Without angle brackets; the same for the same manager and period on every retry.
    pub message_id: String,
    pub list_id: String,
    /// POSTing `List-Unsubscribe=One-Click` to it stops the manager digests (RFC 8058).
    pub unsubscribe_url: String,
    pub monthly: bool,
    /// The evaluation's date in the org's time zone.
    pub date: NaiveDate,
    pub content: ManagerDigestContent,
    /// The link of each of `content.flagged`, then of each of `content.escalated`.
    pub flagged_links: Vec<String>,
    pub escalated_links: Vec<String>,
}
