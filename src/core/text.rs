//! Free text that crosses the boundary: each kind has one `parse`, used at every door (the
//! import file, HRIS events, the API), so a value refused by one way in is refused by all.
//! The limits are written once here and in `docs/limits.md`; a test keeps the two in step.

use std::fmt;

/// Longest title, in characters: a title is a line, not a document.
pub const MAX_TITLE_LEN: usize = 255;
/// Longest description or comment, in characters.
pub const MAX_TEXT_LEN: usize = 2048;
/// Longest org, member or team name: it goes into a `To:` line (998 octets at most, RFC 5322)
/// even once encoded.
pub const MAX_NAME_LEN: usize = 200;
/// Longest measurement name: a label beside a number.
pub const MAX_MEASUREMENT_NAME_LEN: usize = 255;
/// Longest email address (RFC 5321's path limit less the angle brackets).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest explore search text: longer than any title could match is a mistake.
pub const MAX_QUERY_LEN: usize = 255;

/// A refused value: the field (as the kind names it; a door may re-label it with its own
/// path, e.g. `measurements[1].name`) and why, never the value itself, which may be huge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct TextError {
    pub field: &'static str,
    pub problem: String,
}

/// What a kind of text allows.
struct Rule {
    field: &'static str,
    max: usize,
    /// Tab, LF and CR are kept (text of several lines); other kinds are one line.
    multi_line: bool,
    /// Blank (empty or only whitespace) is refused.
    required: bool,
}

/// The one check behind every `parse`. Control characters are C0, DEL and C1 (Unicode Cc);
/// U+2028/U+2029 break a line as surely as LF does, so one-line text refuses them too.
fn check(rule: &Rule, value: &str) -> Result<(), TextError> {
    let err = |problem: String| TextError { field: rule.field, problem };
    if rule.required && value.trim().is_empty() {
        return Err(err(format!("the {} is required", rule.field)));
    }
    // Bodies are bounded (1 MiB) before they get here, so counting them whole is cheap.
    let length = value.chars().count();
    if length > rule.max {
        return Err(err(format!("the {} has {length} characters, more than {}", rule.field, rule.max)));
    }
    let kept = |c: char| rule.multi_line && matches!(c, '\t' | '\n' | '\r');
    let refused = |c: char| (c.is_control() && !kept(c)) || (!rule.multi_line && matches!(c, '\u{2028}' | '\u{2029}'));
    if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| refused(*c)) {
        let what =
            if c == '\0' { "a NUL byte".to_owned() } else { format!("the control character U+{:04X}", c as u32) };
        return Err(err(format!("the {} contains {what} at character {}", rule.field, at + 1)));
    }
    Ok(())
}

macro_rules! text_kind {
    ($(#[$doc:meta])* $name:ident { field: $field:literal, max: $max:expr, multi_line: $multi:literal, required: $req:literal }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The field name a refusal carries when the door does not re-label it.
            pub const FIELD: &'static str = $field;
            /// Longest value, in characters.
            pub const MAX_LEN: usize = $max;

            pub fn parse(value: impl Into<String>) -> Result<Self, TextError> {
                let value = value.into();
                let rule = Rule { field: $field, max: $max, multi_line: $multi, required: $req };
                check(&rule, &value)?;
                Ok(Self(value))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_kind!(
    /// An org's, member's or team's name: one line, as mail headers and the chart show it.
    Name { field: "name", max: MAX_NAME_LEN, multi_line: false, required: true }
);
text_kind!(
    /// A goal's title: one line.
    Title { field: "title", max: MAX_TITLE_LEN, multi_line: false, required: true }
);
text_kind!(
    /// A goal's description: may span lines and hold tabs.
    Description { field: "description", max: MAX_TEXT_LEN, multi_line: true, required: false }
);
text_kind!(
    /// A comment, alone or with a progress update: may span lines and hold tabs.
    Comment { field: "comment", max: MAX_TEXT_LEN, multi_line: true, required: false }
);
text_kind!(
    /// A measurement's name: one line.
    MeasurementName { field: "name", max: MAX_MEASUREMENT_NAME_LEN, multi_line: false, required: true }
);
text_kind!(
    /// The text explore looks for: one line.
    SearchText { field: "q", max: MAX_QUERY_LEN, multi_line: false, required: false }
);

/// An email address: bounded, one `@` with text either side, no whitespace or control
/// characters. Enough to catch a field mix-up; delivery finds the rest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const FIELD: &'static str = "email";
    pub const MAX_LEN: usize = MAX_EMAIL_LEN;

    pub fn parse(value: impl Into<String>) -> Result<Self, TextError> {
        let value = value.into();
        let rule = Rule { field: Self::FIELD, max: MAX_EMAIL_LEN, multi_line: false, required: true };
        check(&rule, &value)?;
        let err = |problem: &str| TextError { field: Self::FIELD, problem: problem.to_owned() };
        if value.chars().any(char::is_whitespace) {
            return Err(err("the email contains whitespace"));
        }
        match value.rsplit_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(Self(value)),
            _ => Err(err("the email is not an address (local@domain)")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
