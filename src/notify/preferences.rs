//! What a member receives: the weekly digest, nudges and cheers, each on or off, and the
//! changes the preferences page's forms and `goald preferences set` send.

use crate::notify::kind::NotificationKind;

/// A member's choices; everything is on until they say otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Preferences {
    pub digest: bool,
    pub nudges: bool,
    pub cheers: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self { digest: true, nudges: true, cheers: true }
    }
}

impl Preferences {
    /// Whether an email of this kind reaches the member.
    pub fn allows(&self, kind: NotificationKind) -> bool {
        match kind {
            NotificationKind::Nudge => self.nudges,
            NotificationKind::Cheer => self.cheers,
        }
    }

    pub fn with(mut self, change: PreferenceChange) -> Self {
        let flag = match change.setting {
            Setting::Digest => &mut self.digest,
            Setting::Nudges => &mut self.nudges,
            Setting::Cheers => &mut self.cheers,
        };
        *flag = change.on;
        self
    }
}

/// One of the three switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Digest,
    Nudges,
    Cheers,
}

impl Setting {
    pub const ALL: [Setting; 3] = [Setting::Digest, Setting::Nudges, Setting::Cheers];

    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Digest => "digest",
            Setting::Nudges => "nudges",
            Setting::Cheers => "cheers",
        }
    }
}

/// One switch turned on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreferenceChange {
    pub setting: Setting,
    pub on: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreferenceError {
    #[error("unknown preference {0:?}: expected digest, nudges or cheers")]
    UnknownSetting(String),
    #[error("preference {setting} must be on or off, not {value:?}")]
    BadValue { setting: &'static str, value: String },
    #[error("name at least one preference to change (digest, nudges, cheers)")]
    Nothing,
}

impl PreferenceChange {
    /// `name=value` as a form or the command line gives it: `digest`, `nudges` or
    /// `cheers`, and `on` or `off`.
    pub fn parse(name: &str, value: &str) -> Result<Self, PreferenceError> {
        let setting = Setting::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| PreferenceError::UnknownSetting(name.chars().take(40).collect()))?;
        let on = match value {
            "on" => true,
            "off" => false,
            _ => {
                return Err(PreferenceError::BadValue {
                    setting: setting.as_str(),
                    value: value.chars().take(40).collect(),
                })
            }
        };
        Ok(Self { setting, on })
    }

    /// Every pair parsed, or the first error; an empty list is an error too.
    pub fn parse_all<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Vec<Self>, PreferenceError> {
        let changes = pairs.into_iter().map(|(n, v)| Self::parse(n, v)).collect::<Result<Vec<_>, _>>()?;
        if changes.is_empty() {
            return Err(PreferenceError::Nothing);
        }
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_on_until_the_member_turns_it_off() {
        let prefs = Preferences::default();
        assert!(prefs.digest && prefs.allows(NotificationKind::Nudge) && prefs.allows(NotificationKind::Cheer));
        let off = prefs.with(PreferenceChange::parse("nudges", "off").unwrap());
        assert!(!off.allows(NotificationKind::Nudge));
        assert!(off.allows(NotificationKind::Cheer) && off.digest);
        assert_eq!(off.with(PreferenceChange::parse("nudges", "on").unwrap()), prefs);
    }

    #[test]
    fn a_change_names_a_known_switch_and_on_or_off() {
        assert_eq!(
            PreferenceChange::parse("digest", "off"),
            Ok(PreferenceChange { setting: Setting::Digest, on: false })
        );
        assert_eq!(PreferenceChange::parse("emails", "off"), Err(PreferenceError::UnknownSetting("emails".into())));
        assert_eq!(
            PreferenceChange::parse("cheers", "yes"),
            Err(PreferenceError::BadValue { setting: "cheers", value: "yes".into() })
        );
        assert_eq!(PreferenceChange::parse_all([]), Err(PreferenceError::Nothing));
    }
}
