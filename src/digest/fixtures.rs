//! Test data shared by the digest's tests.

use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::digest::settings::MailSettings;
use crate::goals::GoalType;
use crate::reminders::types::{DigestGoalRow, DigestKey};
use crate::reminders::Reason;

pub(crate) fn settings() -> MailSettings {
    MailSettings {
        from: "Goals <goals@example.com>".into(),
        app_url: "https://goals.example.com/".into(),
        goal_url_template: crate::digest::DEFAULT_GOAL_URL_TEMPLATE.into(),
        public_url: "https://goald.example.com".into(),
        max_goals: 2,
    }
}

pub(crate) fn key(owner: &str) -> DigestKey {
    DigestKey {
        org: OrgId::parse("acme".to_owned()).expect("an id"),
        owner: MemberId::parse(owner.to_owned()).expect("an id"),
        week: "2026-W48".parse().expect("a week"),
    }
}

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an instant")
}

/// A goal running through 2026, published on January 5, updated on November 1, 40% done.
pub(crate) fn row(id: &str) -> DigestGoalRow {
    DigestGoalRow {
        id: GoalId::parse(id.to_owned()).expect("an id"),
        title: id.to_owned(),
        goal_type: GoalType::Personal,
        parent_title: None,
        progress: 40.0,
        start_date: "2026-01-01".parse().expect("a date"),
        end_date: "2026-12-31".parse().expect("a date"),
        reasons: vec![Reason::NotUpdated28Days],
        last_activity_at: Some(at("2026-11-01T10:00:00Z")),
        published_at: Some(at("2026-01-05T09:00:00Z")),
    }
}
