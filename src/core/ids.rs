//! Identifiers that cross the boundary: each has a `parse` that names what is wrong.

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
}

fn check_id(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err(IdError::TooLong { kind, value: value.to_owned() });
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(IdError::BadCharacter { kind, value: value.to_owned() });
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
    fn ids_sort_bytewise_like_the_json_lists() {
        let mut ids = [GoalId::parse("g-b").unwrap(), GoalId::parse("g-a").unwrap()];
        ids.sort();
        assert_eq!(ids[0].as_str(), "g-a");
    }
}
