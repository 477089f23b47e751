//! Identifiers that cross the boundary: each has a `parse` that names what is wrong.
//! Ids are URL path segments (`/goals/{goal}`) and parts of file names, so they are kept to
//! what survives both: no `/` or `\\`, not `.` or `..`, no whitespace or control character.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest identifier accepted from outside; longer ones are a sign of a wrong field.
pub const MAX_ID_LEN: usize = 128;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    #[error("{kind} id is empty")]
    Empty { kind: &'static str },
    #[error("{kind} id {value:?} is longer than {MAX_ID_LEN} characters")]
    TooLong { kind: &'static str, value: String },
    #[error("{kind} id {value:?} contains whitespace or control characters")]
    BadCharacter { kind: &'static str, value: String },
    #[error("{kind} id {value:?} contains a slash, which cannot be part of a URL path segment")]
    Slash { kind: &'static str, value: String },
    #[error("{kind} id {value:?} is a relative path segment and could never be read back")]
    DotSegment { kind: &'static str, value: String },
}

impl IdError {
    /// What kind of id was refused: the field a door names when it has no better path.
    pub fn kind(&self) -> &'static str {
        match self {
            IdError::Empty { kind }
            | IdError::TooLong { kind, .. }
            | IdError::BadCharacter { kind, .. }
            | IdError::Slash { kind, .. }
            | IdError::DotSegment { kind, .. } => kind,
        }
    }
}

/// The value as an error shows it: a refused id may be a megabyte, the message stays short.
fn shown(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_owned(),
    }
}

fn check_id(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.chars().take(MAX_ID_LEN + 1).count() > MAX_ID_LEN {
        return Err(IdError::TooLong { kind, value: shown(value) });
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(IdError::BadCharacter { kind, value: shown(value) });
    }
    // A backslash is a slash to some clients and file systems.
    if value.contains(['/', '\\']) {
        return Err(IdError::Slash { kind, value: shown(value) });
    }
    if value == "." || value == ".." {
        return Err(IdError::DotSegment { kind, value: value.to_owned() });
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                check_id($kind, &value)?;
                Ok(Self(value))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// One tenant.
    OrgId,
    "org"
);
string_id!(
    /// A person of an org; unique within the org.
    MemberId,
    "member"
);
string_id!(
    /// A named set of members; unique within the org.
    TeamId,
    "team"
);
string_id!(
    /// A goal; unique within the org.
    GoalId,
    "goal"
);
string_id!(
    /// A measurement of a goal; unique within the goal.
    MeasurementId,
    "measurement"
);
string_id!(
    /// A goal category of an org (Betterworks); unique within the org.
    CategoryId,
    "category"
);
string_id!(
    /// An HRIS event's own id, by which a resent event is known as a duplicate.
    EventId,
    "event"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_with_a_space_is_rejected_with_its_kind() {
        let err = GoalId::parse("g 1").unwrap_err();
        assert_eq!(err.to_string(), "goal id \"g 1\" contains whitespace or control characters");
    }

    #[test]
    fn an_empty_member_id_is_rejected() {
        assert_eq!(MemberId::parse(""), Err(IdError::Empty { kind: "member" }));
    }

    #[test]
    fn dot_segments_and_slashes_are_refused_but_dots_inside_pass() {
        assert!(matches!(GoalId::parse(".."), Err(IdError::DotSegment { kind: "goal", .. })));
        assert!(matches!(GoalId::parse("."), Err(IdError::DotSegment { .. })));
        assert!(matches!(TeamId::parse("a/b"), Err(IdError::Slash { kind: "team", .. })));
        assert!(matches!(MemberId::parse("a\\b"), Err(IdError::Slash { .. })));
        assert!(GoalId::parse("q1.okr...v2").is_ok());
    }

    #[test]
    fn a_nul_or_c1_character_is_refused_and_a_long_id_is_not_echoed_whole() {
        assert!(matches!(GoalId::parse("g\0-1"), Err(IdError::BadCharacter { .. })));
        assert!(matches!(GoalId::parse("g\u{85}1"), Err(IdError::BadCharacter { .. })));
        let long = "x".repeat(MAX_ID_LEN + 1);
        assert!(GoalId::parse("x".repeat(MAX_ID_LEN)).is_ok());
        let err = GoalId::parse(long).unwrap_err();
        assert!(err.to_string().len() < 120, "{err}");
        assert_eq!(err.kind(), "goal");
    }

    proptest::proptest! {
        #[test]
        fn any_string_parses_or_is_refused_naming_its_kind(value in "\\PC*|.{0,200}|[./\\\\\\x00-\\x1f]{0,4}") {
            match MemberId::parse(value.clone()) {
                Ok(id) => proptest::prop_assert_eq!(id.as_str(), value.as_str()),
                Err(e) => {
                    proptest::prop_assert_eq!(e.kind(), "member");
                    proptest::prop_assert!(e.to_string().starts_with("member id"));
                }
            }
        }
    }

    #[test]
    fn ids_sort_bytewise_like_the_json_lists() {
        let mut ids = [GoalId::parse("g-b").unwrap(), GoalId::parse("g-a").unwrap()];
        ids.sort();
        assert_eq!(ids[0].as_str(), "g-a");
    }
}
