//! The two reports as the doors answer them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::core::ids::{MemberId, OrgId};
use crate::reports::figures::{AdoptionFigures, ProgressFigures};

/// The figures of one direct report of the viewer, over the counted goals whose owner is
/// that person or in their line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectReportFigures {
    pub member: MemberId,
    #[serde(flatten)]
    pub figures: ProgressFigures,
}

/// `GET .../reports/progress` and `goald report progress`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressReport {
    pub org: OrgId,
    pub viewer: MemberId,
    pub scope: String,
    /// T, RFC 3339 UTC.
    pub at: String,
    /// T's date in the org's time zone: the D of pace and of "past its end date".
    pub date: NaiveDate,
    #[serde(flatten)]
    pub totals: ProgressFigures,
    /// Every direct report of the viewer, by id.
    pub direct_reports: Vec<DirectReportFigures>,
}

/// `GET .../reports/adoption` and `goald report adoption`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionReport {
    pub org: OrgId,
    pub viewer: MemberId,
    pub scope: String,
    pub at: String,
    #[serde(flatten)]
    pub figures: AdoptionFigures,
}

/// The header fields every report carries.
pub(crate) fn at_text(at: DateTime<Utc>) -> String {
    crate::core::time::rfc3339_text(at)
}
