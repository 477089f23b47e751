//! Enums stored and exchanged as fixed texts (`"published"`, `"not_updated_28_days"`):
//! one macro gives each its text, serde, Display and FromStr, so every door (import,
//! webhook, API, the database) reads and writes the same words.

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
            type Err = crate::core::text_enum::UnknownValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(crate::core::text_enum::UnknownValue {
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
