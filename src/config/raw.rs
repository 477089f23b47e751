//! The settings as written in the file and the environment, before they are checked
//! (`check` makes `Settings` of them). Every field is documented here and in README.md.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Not `Debug`: it holds the passwords in the clear. Unknown keys are found by `read`,
/// which names them all (serde's `deny_unknown_fields` stops at the first).
#[derive(Clone, Serialize, Deserialize)]
pub struct RawSettings {
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
    /// `text` (readable, for a terminal or journald) or `json` (one object per line, for
    /// log collectors). Env: `GOALD_LOG_FORMAT`. Default: `text`. `--log-format` overrides it.
    pub log_format: String,
    /// What `goald serve` runs: any of `api` (HTTP), `scheduler` (the weekly evaluation)
    /// and `worker` (digest delivery and HRIS events), comma-separated, so the webhook
    /// receivers and the workers can run on different machines over one PostgreSQL.
    /// Env: `GOALD_ROLES`. Default: `api,scheduler,worker`. `--roles` overrides it.
    pub roles: String,
    /// Base URL of the goals front end; a digest links each goal as
    /// `<app_url>/orgs/<org>/goals/<goal>`. Env: `GOALD_APP_URL`. Default: `http://127.0.0.1:8080`.
    pub app_url: String,
    /// A digest's goal link, with `{app_url}`, `{org}` and `{goal}` filled in (the ids
    /// percent-encoded). Env: `GOALD_GOAL_URL_TEMPLATE`.
    /// Default: `{app_url}/orgs/{org}/goals/{goal}`.
    pub goal_url_template: String,
    /// Base URL where this daemon's HTTP is reachable from mail readers: the unsubscribe
    /// link is `<public_url>/v1/unsubscribe/<token>`. Env: `GOALD_PUBLIC_URL`.
    /// Default: `http://127.0.0.1:8080`.
    pub public_url: String,
    /// Local day and time of the weekly evaluation in each org's time zone.
    /// Env: `GOALD_REMINDER_TIME`. Default: `friday 17:00` (CONTRACT §5).
    pub reminder_time: String,
    /// How often `goald serve` wakes to check for due evaluations (a cron expression with
    /// seconds, in UTC; it only wakes the daemon, the database decides). Env:
    /// `GOALD_SCHEDULER_TICK`. Default: `0 * * * * *` (every minute).
    pub scheduler_tick: String,
    /// Where digests go: empty writes `.eml` files into `<data_dir>/mail`; `smtp://HOST:PORT`
    /// (no TLS, for a local relay), `smtp://USER:PASS@HOST:587?tls=required` (STARTTLS) or
    /// `smtps://USER:PASS@HOST:465`. Env: `GOALD_MAIL_URL`. Default: empty. Secret: never logged.
    pub mail_url: String,
    /// The digests' From. Env: `GOALD_MAIL_FROM`. Default: `goald <goald@localhost>`.
    pub mail_from: String,
    /// DKIM: the selector (the key is published at `<selector>._domainkey.<domain of
    /// mail_from>`); empty signs nothing. Env: `GOALD_MAIL_DKIM_SELECTOR`. Default: empty.
    pub mail_dkim_selector: String,
    /// DKIM: the RSA private key, PKCS#1 PEM; set with `mail_dkim_selector` or not at all.
    /// Env: `GOALD_MAIL_DKIM_KEY_FILE`. Default: empty.
    pub mail_dkim_key_file: PathBuf,
    /// Longest one SMTP send may take before it counts as a transient failure.
    /// Env: `GOALD_MAIL_SEND_TIMEOUT_SECS`. Default: 30.
    pub mail_send_timeout_secs: u64,
    /// Wait before the first retry of a transient failure; doubles each time, at most an
    /// hour. Env: `GOALD_MAIL_RETRY_INITIAL_SECS`. Default: 60.
    pub mail_retry_initial_secs: u64,
    /// Attempts before a digest that keeps failing transiently is marked failed.
    /// Env: `GOALD_MAIL_MAX_ATTEMPTS`. Default: 8.
    pub mail_max_attempts: u32,
    /// How long a claimed digest stays with the process sending it; after that, a process
    /// that died is presumed gone and another takes the digest. Must exceed the send
    /// timeout. Env: `GOALD_MAIL_LEASE_SECS`. Default: 300.
    pub mail_lease_secs: u64,
    /// Digests sent at once by one process, each on its own pooled SMTP connection.
    /// Env: `GOALD_MAIL_CONCURRENCY`. Default: 32.
    pub mail_concurrency: usize,
    /// The most goals one digest lists, the most urgent first; the rest are counted
    /// ("and 10 more") with a link to all of the owner's goals.
    /// Env: `GOALD_DIGEST_MAX_GOALS`. Default: 50.
    pub digest_max_goals: usize,
    /// On SIGTERM, how long sends in flight may take to finish before they are abandoned
    /// and their digests given back (keep it under systemd's TimeoutStopSec).
    /// Env: `GOALD_SHUTDOWN_GRACE_SECS`. Default: 20.
    pub shutdown_grace_secs: u64,
    /// How often `goald serve` looks for digests due. Env: `GOALD_DELIVERY_POLL_SECS`. Default: 15.
    pub delivery_poll_secs: u64,
    /// Longest a client may take to send a request's headers (the first request on a new
    /// connection, or the next one on a kept-alive connection); then the connection is
    /// closed. Env: `GOALD_HTTP_HEADER_TIMEOUT_SECS`. Default: 10.
    pub http_header_timeout_secs: u64,
    /// Longest a client may take to send a request's body; then it is answered 408.
    /// Env: `GOALD_HTTP_BODY_TIMEOUT_SECS`. Default: 10.
    pub http_body_timeout_secs: u64,
    /// Longest a request may take from its headers to its answer; then it is answered 503.
    /// Env: `GOALD_HTTP_REQUEST_TIMEOUT_SECS`. Default: 30.
    pub http_request_timeout_secs: u64,
    /// Connections open at once; at the cap the oldest idle one is closed to make room.
    /// Env: `GOALD_HTTP_MAX_CONNECTIONS`. Default: 512.
    pub http_max_connections: usize,
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            database_max_connections: 8,
            http_addr: "127.0.0.1:8080".to_owned(),
            log: "info,sqlx=warn".to_owned(),
            log_format: "text".to_owned(),
            roles: "api,scheduler,worker".to_owned(),
            app_url: "http://127.0.0.1:8080".to_owned(),
            goal_url_template: crate::digest::DEFAULT_GOAL_URL_TEMPLATE.to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            reminder_time: "friday 17:00".to_owned(),
            scheduler_tick: "0 * * * * *".to_owned(),
            mail_url: String::new(),
            mail_from: "goald <goald@localhost>".to_owned(),
            mail_dkim_selector: String::new(),
            mail_dkim_key_file: PathBuf::new(),
            mail_send_timeout_secs: 30,
            mail_retry_initial_secs: 60,
            mail_max_attempts: 8,
            mail_lease_secs: 300,
            mail_concurrency: 32,
            digest_max_goals: 50,
            delivery_poll_secs: 15,
            shutdown_grace_secs: 20,
            http_header_timeout_secs: 10,
            http_body_timeout_secs: 10,
            http_request_timeout_secs: 30,
            http_max_connections: 512,
        }
    }
}
