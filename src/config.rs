//! Layered configuration: built-in defaults, then an optional TOML file, then
//! `GOALD_*` environment variables. Every field is documented here and in README.md.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// The file read when `--config` is not given (missing is fine).
pub const DEFAULT_CONFIG_FILE: &str = "goald.toml";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Directory for the embedded SQLite database and mail written to files.
    /// Env: `GOALD_DATA_DIR`. Default: `./data`.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`. Empty means the embedded
    /// SQLite file `<data_dir>/goald.db`. Env: `GOALD_DATABASE_URL`. Default: empty.
    pub database_url: String,
    /// Most connections goald opens to the database. Env: `GOALD_DATABASE_MAX_CONNECTIONS`.
    /// Default: 8.
    pub database_max_connections: u32,
    /// Where `goald serve` listens. Env: `GOALD_HTTP_ADDR`. Default: `127.0.0.1:8080`.
    pub http_addr: String,
    /// Log filter in `tracing` syntax, e.g. `info` or `goald=debug,sqlx=warn`.
    /// Env: `GOALD_LOG`. Default: `info,sqlx=warn` (sqlx logs every statement at info).
    pub log: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            database_max_connections: 8,
            http_addr: "127.0.0.1:8080".to_owned(),
            log: "info,sqlx=warn".to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path} does not exist")]
    MissingFile { path: PathBuf },
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
}

impl Config {
    /// Loads defaults, then `file` (required when given explicitly, optional when it is
    /// the default `goald.toml`), then `GOALD_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile { path: path.to_owned() }),
            Some(path) => figment = figment.merge(Toml::file(path)),
            None => figment = figment.merge(Toml::file(DEFAULT_CONFIG_FILE)),
        }
        // GOALD_CONFIG names the file itself, not a setting.
        figment = figment.merge(Env::prefixed("GOALD_").ignore(&["config"]));
        figment.extract().map_err(|e| ConfigError::Invalid(Box::new(e)))
    }

    /// The database to open: the configured URL, else the embedded SQLite file.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("goald.db").display())
        } else {
            self.database_url.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_database_is_the_embedded_sqlite_file_in_the_data_dir() {
        let config = Config::default();
        assert_eq!(config.effective_database_url(), "sqlite://./data/goald.db");
    }

    #[test]
    fn a_file_overrides_defaults_and_names_an_unknown_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("goald.toml");
        std::fs::write(&path, "data_dir = \"/var/lib/goald\"\n").unwrap();
        let config = Config::load(Some(&path)).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/var/lib/goald"));

        std::fs::write(&path, "data_dirr = \"x\"\n").unwrap();
        let err = Config::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("data_dirr"), "{err}");
    }

    #[test]
    fn an_explicit_missing_file_is_an_error() {
        let err = Config::load(Some(Path::new("/nonexistent/goald.toml"))).unwrap_err();
        assert!(matches!(err, ConfigError::MissingFile { .. }));
    }
}
