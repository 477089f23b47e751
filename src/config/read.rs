//! The layers read into `RawSettings`, naming every key that is not a setting and every
//! value of the wrong type. serde stops at the first bad value, so a bad value is
//! replaced by its default and the layers read again: the checks then still run on every
//! other setting, and one load reports every problem.

use figment::providers::Serialized;
use figment::{Figment, Profile, Provider};

use crate::config::raw::RawSettings;

/// The settings (bad values replaced by defaults) and what could not be read.
pub fn read(mut figment: Figment) -> (RawSettings, Vec<String>) {
    let defaults = Figment::from(Serialized::defaults(RawSettings::default()));
    let mut problems = Vec::new();
    let data = match figment.data() {
        Ok(data) => data,
        // A file that is not TOML: there is nothing to read settings from.
        Err(e) => return (RawSettings::default(), describe(e)),
    };
    let keys: Vec<&String> = data.get(&Profile::Default).into_iter().flat_map(|dict| dict.keys()).collect();
    for key in &keys {
        if defaults.find_value(key).is_err() {
            problems.push(format!("{key}: not a setting{}", source(figment.find_metadata(key))));
        }
    }
    // Each pass replaces at least one bad value, and there are no more bad values than keys.
    for _ in 0..=keys.len() {
        let errors = match figment.extract::<RawSettings>() {
            Ok(raw) => return (raw, problems),
            Err(errors) => errors,
        };
        for e in errors {
            let default = e.path.first().and_then(|key| Some((key.clone(), defaults.find_value(key).ok()?)));
            problems.extend(describe(e));
            let Some((key, default)) = default else { return (RawSettings::default(), problems) };
            figment = figment.merge(Serialized::default(&key, default));
        }
    }
    (RawSettings::default(), problems)
}

/// In the same `setting: problem` form as the checks', with the layer it came from.
fn describe(error: figment::Error) -> Vec<String> {
    error
        .into_iter()
        .map(|e| {
            let source = source(e.metadata.as_ref());
            if e.path.is_empty() {
                // A file TOML cannot read names no key: find it on the line the parser
                // points at, so the problem still starts with the setting's name.
                match unreadable_key(&e) {
                    Some(key) => format!("{key}: {}{source}", e.kind),
                    None => format!("{}{source}", e.kind),
                }
            } else {
                format!("{}: {}{source}", e.path.join("."), e.kind)
            }
        })
        .collect()
}

/// The key on the line where TOML stopped reading: its message quotes that line as
/// `N | key = value`.
fn unreadable_key(error: &figment::Error) -> Option<String> {
    let message = error.kind.to_string();
    let quoted = message.lines().find_map(|line| {
        let (number, text) = line.trim_start().split_once(" | ")?;
        number.chars().all(|c| c.is_ascii_digit()).then_some(text)
    })?;
    let (key, _) = quoted.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then(|| key.to_owned())
}

fn source(metadata: Option<&figment::Metadata>) -> String {
    metadata.map(|m| format!(" (in {})", m.name)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unreadable_value_and_unknown_key_is_named_and_the_rest_is_read() {
        let figment = Figment::from(Serialized::defaults(RawSettings::default())).merge(
            figment::providers::Serialized::defaults(serde_json::json!({
                "mail_max_attempts": "many",
                "delivery_poll_secs": -1,
                "data_dirr": "x",
                "roles": "worker",
            })),
        );
        let (raw, problems) = read(figment);
        assert_eq!(problems.len(), 3, "{problems:?}");
        for key in ["mail_max_attempts:", "delivery_poll_secs:", "data_dirr: not a setting"] {
            assert!(problems.iter().any(|p| p.starts_with(key)), "{key} in {problems:?}");
        }
        assert_eq!((raw.roles.as_str(), raw.mail_max_attempts), ("worker", 8));
    }

    #[test]
    fn a_value_toml_cannot_read_is_named_by_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goald.toml");
        std::fs::write(&path, "roles = \"worker\"\napp_url = 18446744073709551616\n").unwrap();
        use figment::providers::{Format, Toml};
        let (_, problems) = read(Figment::from(Toml::file(&path)));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("app_url: "), "{problems:?}");
    }
}
