//! From what was written to `Settings`: every setting that can be wrong is checked, and
//! every problem is named with what is wrong, so `goald config check` (and a daemon
//! refusing to start) reports them all at once rather than one per attempt.

use std::fmt::Display;
use std::net::SocketAddr;
use std::time::Duration;

use crate::config::http_limits::check_http_limits;
use crate::config::raw::RawSettings;
use crate::config::settings::Settings;
use crate::config::types::{redact, CronTick, LogFormat, Roles, Secret};
use crate::reminders::schedule::EvaluationTime;

/// The problems found so far, one sentence each, naming the setting.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn check<T, E: Display>(&mut self, setting: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|problem| self.0.push(format!("{setting}: {problem}"))).ok()
    }

    fn at_least(&mut self, setting: &str, value: u64, least: u64) {
        if value < least {
            self.0.push(format!("{setting}: {value} is below {least}"));
        }
    }
}

/// `raw` as `Settings`, or all its problems. A problem is a value goald cannot use; a
/// setting it can use but that is unsafe in production (a lease shorter than the send
/// timeout, as tests set on purpose) is advice: `Settings::advice`, which `goald config
/// check` reports as a problem and every other command logs as a warning.
pub fn check(raw: RawSettings) -> Result<Settings, Vec<String>> {
    let mut problems = Problems::default();
    let log_format = problems.check("log_format", raw.log_format.parse::<LogFormat>());
    let roles = problems.check("roles", raw.roles.parse::<Roles>());
    let reminder_time = problems.check("reminder_time", raw.reminder_time.parse::<EvaluationTime>());
    let scheduler_tick = problems.check("scheduler_tick", raw.scheduler_tick.parse::<CronTick>());
    let http_addr = problems
        .check("http_addr", raw.http_addr.parse::<SocketAddr>().map_err(|e| format!("{:?}: {e}", raw.http_addr)));
    let (http_limits, more) = check_http_limits(&raw);
    problems.0.extend(more);
    let database_url = Secret::new(raw.database_url);
    problems.check("database_url", database_url_form(&database_url));
    problems.at_least("database_max_connections", u64::from(raw.database_max_connections), 1);
    problems.check("app_url", http_url(&raw.app_url));
    problems.check("public_url", http_url(&raw.public_url));
    problems.check("goal_url_template", goal_url_template(&raw.goal_url_template));
    let mail_url = Secret::new(raw.mail_url);
    problems.check("mail_url", mail_url_form(&mail_url));
    problems.check(
        "mail_from",
        raw.mail_from.parse::<lettre::message::Mailbox>().map_err(|e| format!("{:?}: {e}", raw.mail_from)),
    );
    let mail_dkim = problems.check("mail_dkim_selector", dkim_pair(&raw.mail_dkim_selector, &raw.mail_dkim_key_file));
    problems.at_least("mail_send_timeout_secs", raw.mail_send_timeout_secs, 1);
    problems.at_least("mail_max_attempts", u64::from(raw.mail_max_attempts), 1);
    problems.at_least("mail_concurrency", raw.mail_concurrency as u64, 1);
    problems.at_least("digest_max_goals", raw.digest_max_goals as u64, 1);
    problems.at_least("delivery_poll_secs", raw.delivery_poll_secs, 1);
    let mut advice = Vec::new();
    if raw.mail_lease_secs <= raw.mail_send_timeout_secs {
        advice.push(format!(
            "mail_lease_secs: {} must exceed mail_send_timeout_secs ({}), or a slow send loses its lease and is sent twice",
            raw.mail_lease_secs, raw.mail_send_timeout_secs
        ));
    }
    // Fine for a test or a laptop, so a warning rather than advice `config check` fails on.
    let mut warnings = Vec::new();
    if !raw.public_url.starts_with("https://") {
        warnings.push(format!(
            "public_url: {:?} is not https: mail providers honour one-click unsubscribe (RFC 8058) only over https",
            raw.public_url
        ));
    }
    match (log_format, roles, reminder_time, scheduler_tick, http_addr) {
        (Some(log_format), Some(roles), Some(reminder_time), Some(scheduler_tick), Some(http_addr))
            if problems.0.is_empty() =>
        {
            Ok(Settings {
                data_dir: raw.data_dir,
                database_url,
                database_max_connections: raw.database_max_connections,
                http_addr,
                log: raw.log,
                log_format,
                roles,
                app_url: raw.app_url,
                goal_url_template: raw.goal_url_template,
                public_url: raw.public_url,
                reminder_time,
                scheduler_tick,
                mail_url,
                mail_from: raw.mail_from,
                mail_dkim: mail_dkim.flatten(),
                mail_send_timeout: Duration::from_secs(raw.mail_send_timeout_secs),
                mail_retry_initial: Duration::from_secs(raw.mail_retry_initial_secs),
                mail_max_attempts: raw.mail_max_attempts,
                mail_lease: Duration::from_secs(raw.mail_lease_secs),
                mail_concurrency: raw.mail_concurrency,
                digest_max_goals: raw.digest_max_goals,
                shutdown_grace: Duration::from_secs(raw.shutdown_grace_secs),
                delivery_poll: Duration::from_secs(raw.delivery_poll_secs),
                http_limits,
                advice,
                warnings,
            })
        }
        _ => Err(problems.0.into_iter().chain(advice).collect()),
    }
}

fn database_url_form(url: &Secret<String>) -> Result<(), String> {
    let text = url.expose();
    let ok = text.trim().is_empty() || ["sqlite:", "postgres:", "postgresql:"].iter().any(|p| text.starts_with(p));
    if ok {
        Ok(())
    } else {
        Err(format!("{:?} is neither empty, sqlite://PATH nor postgres://...", url.to_string()))
    }
}

fn http_url(url: &str) -> Result<(), String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(format!("{url:?} must start with http:// or https://"))
    }
}

/// Both DKIM settings or neither; the key file must be readable (its form is checked
/// when the mailer loads it).
fn dkim_pair(selector: &str, key_file: &std::path::Path) -> Result<Option<(String, std::path::PathBuf)>, String> {
    match (selector.trim().is_empty(), key_file.as_os_str().is_empty()) {
        (true, true) => Ok(None),
        (false, false) if key_file.is_file() => Ok(Some((selector.trim().to_owned(), key_file.to_owned()))),
        (false, false) => Err(format!("mail_dkim_key_file {} is not a readable file", key_file.display())),
        _ => Err("set with mail_dkim_key_file, or neither".to_owned()),
    }
}

/// The goal link must name the goal, and be a web link once `{app_url}` is filled in.
fn goal_url_template(template: &str) -> Result<(), String> {
    let filled = template.replace("{app_url}", "https://x");
    if !template.contains("{goal}") {
        Err(format!("{template:?} must contain {{goal}}"))
    } else if !(filled.starts_with("http://") || filled.starts_with("https://")) {
        Err(format!("{template:?} must start with {{app_url}}, http:// or https://"))
    } else {
        Ok(())
    }
}

fn mail_url_form(url: &Secret<String>) -> Result<(), String> {
    if url.expose().trim().is_empty() {
        return Ok(());
    }
    // Parsing only, with the parser the mailer uses (lettre's): the mailer connects on the
    // first send. lettre, not `crate::mail`, so that mail may use `redact` from here.
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url.expose())
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", redact(url.expose())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_have_no_problem() {
        assert_eq!(check(RawSettings::default()).err(), None);
    }

    #[test]
    fn each_bad_setting_is_named_with_what_is_wrong() {
        let raw = RawSettings {
            log_format: "yaml".into(),
            roles: "api,mailer".into(),
            reminder_time: "someday".into(),
            scheduler_tick: "every minute".into(),
            http_addr: "localhost".into(),
            database_url: "mysql://x".into(),
            public_url: "goald.example.com".into(),
            mail_url: "ftp://x".into(),
            mail_from: "not an address".into(),
            mail_lease_secs: 10,
            goal_url_template: "{app_url}/goals".into(),
            ..RawSettings::default()
        };
        let Err(found) = check(raw) else { panic!("bad settings were accepted") };
        for setting in [
            "log_format",
            "roles",
            "reminder_time",
            "scheduler_tick",
            "http_addr",
            "database_url",
            "public_url",
            "mail_url",
            "mail_from",
            "mail_lease_secs",
            "goal_url_template",
        ] {
            assert!(found.iter().any(|p| p.starts_with(&format!("{setting}:"))), "{setting} not named in {found:?}");
        }
        assert_eq!(found.len(), 11, "{found:?}");
    }

    #[test]
    fn a_public_url_without_https_is_a_warning_and_with_https_none() {
        let plain = check(RawSettings::default()).unwrap();
        assert!(plain.warnings.len() == 1 && plain.warnings[0].starts_with("public_url:"), "{:?}", plain.warnings);
        let raw = RawSettings { public_url: "https://goald.example.com".into(), ..RawSettings::default() };
        assert_eq!(check(raw).unwrap().warnings, Vec::<String>::new());
    }

    #[test]
    fn a_lease_shorter_than_the_send_timeout_is_advice_not_a_refusal() {
        let raw = RawSettings { mail_lease_secs: 2, ..RawSettings::default() };
        let settings = check(raw).unwrap();
        assert!(settings.advice.len() == 1 && settings.advice[0].starts_with("mail_lease_secs:"));
    }

    #[test]
    fn a_password_in_a_bad_database_url_is_not_shown() {
        let raw = RawSettings { database_url: "mysql://goald:hunter2@db/goald".into(), ..RawSettings::default() };
        let Err(found) = check(raw) else { panic!("mysql was accepted") };
        assert!(found[0].contains("goald:***@db") && !found[0].contains("hunter2"), "{found:?}");
    }
}
