//! The checked configuration, as every other module reads it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::http_limits::HttpLimits;
use crate::config::types::{CronTick, LogFormat, Roles, Secret};
use crate::reminders::schedule::EvaluationTime;

/// The checked configuration. What each setting means, its variable and its default are
/// documented on `RawSettings` and in README.md.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// Empty means the embedded SQLite file: see `effective_database_url`.
    pub database_url: Secret<String>,
    pub database_max_connections: u32,
    pub http_addr: SocketAddr,
    /// A `tracing` filter; one that does not parse falls back to the default.
    pub log: String,
    pub log_format: LogFormat,
    pub roles: Roles,
    pub app_url: String,
    pub goal_url_template: String,
    pub public_url: String,
    pub reminder_time: EvaluationTime,
    pub scheduler_tick: CronTick,
    /// Empty means `.eml` files in `<data_dir>/mail`.
    pub mail_url: Secret<String>,
    pub mail_from: String,
    /// `mail_dkim_selector` and `mail_dkim_key_file`, when both are set.
    pub mail_dkim: Option<(String, std::path::PathBuf)>,
    /// `mail_send_timeout_secs`, and so on for every `_secs` setting.
    pub mail_send_timeout: Duration,
    pub mail_retry_initial: Duration,
    pub mail_max_attempts: u32,
    pub mail_lease: Duration,
    pub mail_concurrency: usize,
    pub digest_max_goals: usize,
    pub shutdown_grace: Duration,
    pub delivery_poll: Duration,
    /// `http_header_timeout_secs`, `http_body_timeout_secs`, `http_request_timeout_secs`
    /// and `http_max_connections`.
    pub http_limits: HttpLimits,
    /// Settings that work but are unsafe in production, one sentence each (see `check`).
    pub advice: Vec<String>,
    /// What `goald config check` warns about without failing (a `public_url` that is not https).
    pub warnings: Vec<String>,
}

impl Settings {
    /// The database to open: the configured URL, else the embedded SQLite file.
    pub fn effective_database_url(&self) -> Secret<String> {
        if self.database_url.expose().trim().is_empty() {
            Secret::new(format!("sqlite://{}", self.data_dir.join("goald.db").display()))
        } else {
            self.database_url.clone()
        }
    }
}
