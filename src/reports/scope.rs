//! Whom a report is about: the scope a viewer names, who may name it, and the line-key
//! ranges (org/line_order.rs) that hold exactly the scope's members, each tagged with the
//! viewer's direct report whose line it belongs to.

use std::fmt;

use crate::core::ids::{MemberId, TeamId};
use crate::org::Member;

/// The members a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The viewer and everyone in their reporting line (the default).
    Line,
    /// The team's members.
    Team(TeamId),
    /// Every member of the org: executives and collaborators only.
    Org,
}

impl Scope {
    /// `line`, `team:ID` or `org`.
    pub fn parse(text: &str) -> Result<Scope, ReportError> {
        match text {
            "line" => Ok(Scope::Line),
            "org" => Ok(Scope::Org),
            other => match other.strip_prefix("team:") {
                Some(team) => TeamId::parse(team)
                    .map(Scope::Team)
                    .map_err(|e| ReportError::BadScope(format!("{other:?}: the team id: {e}"))),
                None => Err(ReportError::BadScope(format!("{other:?} is not one of line, team:ID, org"))),
            },
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Line => f.write_str("line"),
            Scope::Team(team) => write!(f, "team:{team}"),
            Scope::Org => f.write_str("org"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("scope {0}")]
    BadScope(String),
    #[error("member {0} is deactivated and sees no goal")]
    Deactivated(MemberId),
    #[error("only executives and collaborators may ask for the whole org; {member} is a {role}")]
    OrgScopeRefused { member: MemberId, role: crate::org::Role },
}

/// May `viewer` ask for a report over `scope`? Anyone active may ask for their line or a
/// team (a team report counts only the goals they see); the whole org is for those who
/// see every goal.
pub fn check_scope(viewer: &Member, scope: &Scope) -> Result<(), ReportError> {
    if !viewer.active {
        return Err(ReportError::Deactivated(viewer.id.clone()));
    }
    if *scope == Scope::Org && !viewer.role.sees_everything() {
        return Err(ReportError::OrgScopeRefused { member: viewer.id.clone(), role: viewer.role });
    }
    Ok(())
}

/// A range of line keys `lo..=hi`; `bucket` is 0 for the viewer and anyone outside the
/// viewer's line, else 1 + the index of the direct report whose line holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct KeyRange {
    #[serde(rename = "b")]
    pub bucket: i64,
    pub lo: i64,
    pub hi: i64,
}

/// Where the viewer sits: their key, the ranges of them and their line, and their direct
/// reports (sorted by id) each with the ranges of their own line.
#[derive(Debug, Clone, Default)]
pub struct ViewerPlace {
    pub key: i64,
    pub reach: Vec<(i64, i64)>,
    pub direct_reports: Vec<(MemberId, Vec<(i64, i64)>)>,
}

impl ViewerPlace {
    fn bucket_of(&self, key: i64) -> i64 {
        let found =
            self.direct_reports.iter().position(|(_, ranges)| ranges.iter().any(|&(lo, hi)| lo <= key && key <= hi));
        found.map_or(0, |i| i as i64 + 1)
    }
}

/// The disjoint ranges holding exactly the scope's members. `team_keys` are the keys of
/// the team's members (for `Scope::Team`).
pub fn scope_ranges(place: &ViewerPlace, scope: &Scope, team_keys: &[i64]) -> Vec<KeyRange> {
    let mut line = vec![KeyRange { bucket: 0, lo: place.key, hi: place.key }];
    for (i, (_, ranges)) in place.direct_reports.iter().enumerate() {
        line.extend(ranges.iter().map(|&(lo, hi)| KeyRange { bucket: i as i64 + 1, lo, hi }));
    }
    match scope {
        Scope::Line => line,
        Scope::Org => {
            line.extend(outside(&place.reach).into_iter().map(|(lo, hi)| KeyRange { bucket: 0, lo, hi }));
            line
        }
        Scope::Team(_) => {
            let mut keys = team_keys.to_vec();
            keys.sort_unstable();
            keys.dedup();
            keys.into_iter().map(|key| KeyRange { bucket: place.bucket_of(key), lo: key, hi: key }).collect()
        }
    }
}

/// Every key outside `ranges`, as ranges.
fn outside(ranges: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut gaps = Vec::new();
    let mut next = i64::MIN;
    for (lo, hi) in sorted {
        if lo > next {
            gaps.push((next, lo - 1));
        }
        next = next.max(hi.saturating_add(1));
    }
    if next < i64::MAX {
        gaps.push((next, i64::MAX));
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_reads_its_three_forms_and_names_a_bad_one() {
        assert_eq!(Scope::parse("line"), Ok(Scope::Line));
        assert_eq!(Scope::parse("org"), Ok(Scope::Org));
        assert_eq!(Scope::parse("team:t1").map(|s| s.to_string()), Ok("team:t1".to_owned()));
        let bad = Scope::parse("everyone").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(bad.contains("\"everyone\" is not one of line, team:ID, org"), "{bad}");
        assert!(Scope::parse("team:").is_err());
    }

    #[test]
    fn the_keys_outside_a_line_are_everything_else() {
        assert_eq!(outside(&[(5, 9), (3, 3)]), vec![(i64::MIN, 2), (4, 4), (10, i64::MAX)]);
        assert_eq!(outside(&[]), vec![(i64::MIN, i64::MAX)]);
    }

    #[test]
    fn the_org_scope_adds_the_keys_outside_the_line_to_no_direct_report() {
        let r = |s: &str| MemberId::parse(s).expect("id");
        let place = ViewerPlace {
            key: 2,
            reach: vec![(2, 6)],
            direct_reports: vec![(r("a"), vec![(3, 4)]), (r("b"), vec![(5, 6)])],
        };
        let ranges = scope_ranges(&place, &Scope::Org, &[]);
        let buckets: Vec<(i64, i64, i64)> = ranges.iter().map(|k| (k.bucket, k.lo, k.hi)).collect();
        assert_eq!(buckets, vec![(0, 2, 2), (1, 3, 4), (2, 5, 6), (0, i64::MIN, 1), (0, 7, i64::MAX)]);
        let team = scope_ranges(&place, &Scope::Team(TeamId::parse("t").expect("id")), &[6, 9, 6, 2]);
        let buckets: Vec<(i64, i64)> = team.iter().map(|k| (k.bucket, k.lo)).collect();
        assert_eq!(buckets, vec![(0, 2), (2, 6), (0, 9)]);
    }
}
