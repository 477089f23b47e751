//! Layered configuration: built-in defaults, then an optional TOML file, then `GOALD_*`
//! environment variables, then the command line's own options. Loading is checking: one
//! `Settings::load` reads every layer and either returns typed `Settings` or every
//! problem at once, each naming its setting; `goald config check` prints exactly those.

mod check;
mod http_limits;
mod raw;
mod read;
mod settings;
mod types;

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;

use read::read;

pub use check::check;
pub use http_limits::HttpLimits;
pub use raw::RawSettings;
pub use settings::Settings;
pub use types::{redact, CronTick, LogFormat, Roles, Secret};

/// The file read when `--config` is not given (missing is fine), in the configuration
/// directory: `$CONFIGURATION_DIRECTORY` under systemd (its `ConfigurationDirectory=`,
/// /etc/goald for the shipped unit), else the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "goald.toml";

/// Where the optional default file is looked for, given `$CONFIGURATION_DIRECTORY`.
/// systemd may pass several directories separated by ':'; the first is goald's.
pub fn default_config_file(configuration_directory: Option<&std::ffi::OsStr>) -> PathBuf {
    match configuration_directory.and_then(|dirs| dirs.to_str()).and_then(|dirs| dirs.split(':').next()) {
        Some(dir) if !dir.is_empty() => Path::new(dir).join(DEFAULT_CONFIG_FILE),
        _ => PathBuf::from(DEFAULT_CONFIG_FILE),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path} does not exist")]
    MissingFile { path: PathBuf },
    /// One sentence per problem, each starting with the setting it is about.
    #[error("invalid configuration: {}", .0.join("; "))]
    Problems(Vec<String>),
}

impl Settings {
    /// Loads defaults, then `file` (required when given explicitly, so a typo is an
    /// error; optional when it is the default `goald.toml`: a service configured by
    /// drop-ins or the environment alone has none), then `GOALD_*` variables, then `overrides` (the command
    /// line's `--database-url`, `--roles`, ... by setting name), and checks the result.
    pub fn load(file: Option<&Path>, overrides: &[(&'static str, String)]) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(RawSettings::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile { path: path.to_owned() }),
            Some(path) => figment = figment.merge(Toml::file(path)),
            None => {
                let default = default_config_file(std::env::var_os("CONFIGURATION_DIRECTORY").as_deref());
                figment = figment.merge(Toml::file(default));
            }
        }
        // GOALD_CONFIG names the file itself, and GOALD_NOW shifts the clock for tests
        // (cli::common::clock): neither is a setting.
        figment = figment.merge(Env::prefixed("GOALD_").ignore(&["config", "now"]));
        let overrides: std::collections::BTreeMap<&str, &str> =
            overrides.iter().map(|(name, value)| (*name, value.as_str())).collect();
        figment = figment.merge(Serialized::defaults(overrides));
        let (raw, mut problems) = read(figment);
        match check(raw) {
            Ok(settings) if problems.is_empty() => Ok(settings),
            Ok(_) => Err(ConfigError::Problems(problems)),
            Err(more) => {
                problems.extend(more);
                Err(ConfigError::Problems(problems))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_is_the_embedded_sqlite_file_in_the_data_dir() {
        let settings = check(RawSettings::default()).unwrap();
        assert_eq!(settings.effective_database_url().expose(), "sqlite://./data/goald.db");
    }

    #[test]
    fn a_file_overrides_defaults_and_names_an_unknown_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goald.toml");
        std::fs::write(&path, "data_dir = \"/var/lib/goald\"\n").unwrap();
        let settings = Settings::load(Some(&path), &[]).unwrap();
        assert_eq!(settings.data_dir, PathBuf::from("/var/lib/goald"));

        std::fs::write(&path, "data_dirr = \"x\"\n").unwrap();
        let err = Settings::load(Some(&path), &[]).unwrap_err().to_string();
        assert!(err.contains("data_dirr: not a setting"), "{err}");
    }

    #[test]
    fn the_command_line_overrides_the_file_and_is_checked_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goald.toml");
        std::fs::write(&path, "roles = \"worker\"\nhttp_addr = \"127.0.0.1:9000\"\n").unwrap();
        let settings = Settings::load(Some(&path), &[("roles", "api".to_owned())]).unwrap();
        assert!(settings.roles.api && !settings.roles.worker);
        assert_eq!(settings.http_addr.port(), 9000);
        let overrides = [("roles", "mailer".to_owned()), ("log_format", "yaml".to_owned())];
        let Err(ConfigError::Problems(problems)) = Settings::load(Some(&path), &overrides) else {
            panic!("bad overrides were accepted")
        };
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn the_default_file_is_in_systemds_configuration_directory_when_it_names_one() {
        use std::ffi::OsStr;
        assert_eq!(default_config_file(None), PathBuf::from("goald.toml"));
        assert_eq!(default_config_file(Some(OsStr::new(""))), PathBuf::from("goald.toml"));
        assert_eq!(default_config_file(Some(OsStr::new("/etc/goald"))), PathBuf::from("/etc/goald/goald.toml"));
        assert_eq!(default_config_file(Some(OsStr::new("/etc/goald:/etc/x"))), PathBuf::from("/etc/goald/goald.toml"));
    }

    #[test]
    fn an_explicit_missing_file_is_an_error() {
        let err = Settings::load(Some(Path::new("/nonexistent/goald.toml")), &[]).unwrap_err();
        assert!(matches!(err, ConfigError::MissingFile { .. }));
    }
}
