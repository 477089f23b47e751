//! Members, teams and reporting lines (pure: no I/O).

mod chart;
mod line_order;
mod reporting;

pub use chart::{MemberFacts, OrgChart, OrgView, PartialOrg};
pub use line_order::{line_places, KeyRanges, LinePlace};
pub use reporting::{closure_pairs, find_manager_cycle};

use crate::ids::{MemberId, OrgId, TeamId};

// Paths are spelled in full so the macro works in any module, whatever it imports.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        // By the texts above, not by serde's renaming of the variant names (which would
        // turn `NotUpdated28Days` into `not_updated28_days`).
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = crate::org::UnknownValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(crate::org::UnknownValue {
                        kind: stringify!($name),
                        value: other.to_owned(),
                        expected: &[$($text),+],
                    }),
                }
            }
        }
    };
}
pub(crate) use text_enum;

/// A text that is not one of an enum's values.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{value:?} is not a valid {kind} (expected one of: {})", expected.join(", "))]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

text_enum!(
    /// What a member may do org-wide; see CONTRACT §3 and §8.
    Role {
        Executive => "executive",
        Collaborator => "collaborator",
        Manager => "manager",
        Employee => "employee",
    }
);

impl Role {
    /// Executives and collaborators see every goal and hold edit rights everywhere.
    pub fn sees_everything(self) -> bool {
        matches!(self, Role::Executive | Role::Collaborator)
    }

    /// Only these roles create or convert organization goals.
    pub fn may_make_organization_goals(self) -> bool {
        !matches!(self, Role::Employee)
    }
}

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
