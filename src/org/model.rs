//! The org's people and teams as the rules read them, and the texts they carry.

use crate::core::ids::{MemberId, OrgId, TeamId};
use crate::core::{text_enum, UnknownValue};
pub use crate::org::role::Role;

text_enum!(
    /// The languages goald writes to people in.
    Locale {
        En => "en",
        Fr => "fr",
    }
);

/// An IANA time zone, parsed once at the boundary.
pub type TimeZone = chrono_tz::Tz;

pub fn parse_time_zone(name: &str) -> Result<TimeZone, UnknownValue> {
    name.parse().map_err(|_| UnknownValue {
        kind: "time zone",
        value: name.to_owned(),
        expected: &["an IANA name such as Europe/Paris"],
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub id: OrgId,
    pub name: String,
    pub timezone: TimeZone,
    pub locale: Locale,
    /// CONTRACT §10: every switch off by default.
    pub policy: crate::org::policy::OrgPolicy,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub manager: Option<MemberId>,
    pub active: bool,
    /// Already resolved: the member's own, else the org's.
    pub locale: Locale,
    /// Already resolved: the member's own, else the org's.
    pub timezone: TimeZone,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub members: Vec<MemberId>,
}
