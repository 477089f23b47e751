//! `goald config check`: every setting that can be wrong, named with what is wrong,
//! before a daemon starts with it.

use std::net::SocketAddr;

use crate::app::Roles;
use crate::config::Config;

/// The problems of `config`, one sentence each, naming the setting; empty when it is fine.
pub fn problems(config: &Config) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |setting: &str, result: Result<(), String>| {
        if let Err(problem) = result {
            problems.push(format!("{setting}: {problem}"));
        }
    };
    check("log_format", one_of(&config.log_format, &["text", "json"]));
    check("roles", config.roles.parse::<Roles>().map(|_| ()));
    check(
        "reminder_time",
        config
            .reminder_time
            .parse::<crate::reminders::schedule::EvaluationTime>()
            .map(|_| ())
            .map_err(|e| e.to_string()),
    );
    check("scheduler_tick", cron(&config.scheduler_tick));
    check(
        "http_addr",
        config.http_addr.parse::<SocketAddr>().map(|_| ()).map_err(|e| format!("{:?}: {e}", config.http_addr)),
    );
    check("database_url", database_url(&config.database_url));
    check("database_max_connections", at_least(u64::from(config.database_max_connections), 1));
    check("app_url", http_url(&config.app_url));
    check("public_url", http_url(&config.public_url));
    check("mail_url", mail_url(&config.mail_url));
    check(
        "mail_from",
        config
            .mail_from
            .parse::<lettre::message::Mailbox>()
            .map(|_| ())
            .map_err(|e| format!("{:?}: {e}", config.mail_from)),
    );
    check("mail_send_timeout_secs", at_least(config.mail_send_timeout_secs, 1));
    check("mail_max_attempts", at_least(u64::from(config.mail_max_attempts), 1));
    check("mail_concurrency", at_least(config.mail_concurrency as u64, 1));
    check("delivery_poll_secs", at_least(config.delivery_poll_secs, 1));
    if config.mail_lease_secs <= config.mail_send_timeout_secs {
        check(
            "mail_lease_secs",
            Err(format!(
                "{} must exceed mail_send_timeout_secs ({}), or a slow send loses its lease and is sent twice",
                config.mail_lease_secs, config.mail_send_timeout_secs
            )),
        );
    }
    problems
}

fn one_of(value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!("{value:?} is not one of {}", allowed.join(", ")))
    }
}

fn at_least(value: u64, least: u64) -> Result<(), String> {
    if value >= least {
        Ok(())
    } else {
        Err(format!("{value} is below {least}"))
    }
}

fn cron(expression: &str) -> Result<(), String> {
    tokio_cron_scheduler::Job::new_async(expression, |_, _| Box::pin(async {}))
        .map(|_| ())
        .map_err(|e| format!("{expression:?} is not a cron expression with seconds ({e})"))
}

fn database_url(url: &str) -> Result<(), String> {
    let ok = url.trim().is_empty() || ["sqlite:", "postgres:", "postgresql:"].iter().any(|p| url.starts_with(p));
    if ok {
        Ok(())
    } else {
        Err(format!("{:?} is neither empty, sqlite://PATH nor postgres://...", crate::cli::output::redact(url)))
    }
}

fn http_url(url: &str) -> Result<(), String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(format!("{url:?} must start with http:// or https://"))
    }
}

fn mail_url(url: &str) -> Result<(), String> {
    if url.trim().is_empty() {
        return Ok(());
    }
    // Parsing only: the mailer connects on the first send.
    let unused = std::env::temp_dir();
    crate::mail::Mailer::from_url(url, &unused, std::time::Duration::from_secs(1))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_have_no_problem() {
        assert_eq!(problems(&Config::default()), Vec::<String>::new());
    }

    #[test]
    fn each_bad_setting_is_named_with_what_is_wrong() {
        let config = Config {
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
            ..Config::default()
        };
        let found = problems(&config);
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
        ] {
            assert!(found.iter().any(|p| p.starts_with(&format!("{setting}:"))), "{setting} not named in {found:?}");
        }
        assert_eq!(found.len(), 10, "{found:?}");
    }
}
