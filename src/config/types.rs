//! The typed values settings are checked into: a `Settings` field holds one of these
//! only once its text was understood, so no later code parses a setting again.

use std::fmt;
use std::str::FromStr;

/// What one `goald serve` process runs (CONTRACT §7; issue 6's roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// The webhook and the unsubscribe link (health answers whatever the roles).
    pub api: bool,
    /// The weekly evaluation.
    pub scheduler: bool,
    /// Digest delivery and the HRIS inbox.
    pub worker: bool,
}

impl FromStr for Roles {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut roles = Roles { api: false, scheduler: false, worker: false };
        for role in text.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            match role {
                "api" => roles.api = true,
                "scheduler" => roles.scheduler = true,
                "worker" => roles.worker = true,
                other => return Err(format!("{other:?} is not a role (expected api, scheduler, worker)")),
            }
        }
        if roles == (Roles { api: false, scheduler: false, worker: false }) {
            return Err("no role given (expected some of api, scheduler, worker)".to_owned());
        }
        Ok(roles)
    }
}

/// How log lines are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Readable, for a terminal or journald.
    #[default]
    Text,
    /// One object per line, for log collectors.
    Json,
}

impl FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("{other:?} is not one of text, json")),
        }
    }
}

/// A cron expression with seconds that tokio-cron-scheduler accepts (checked at load,
/// so `goald serve` cannot fail on it after the store is open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronTick(String);

impl CronTick {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CronTick {
    type Err = String;

    fn from_str(expression: &str) -> Result<Self, Self::Err> {
        // The scheduler's own parser: any other would accept a different language.
        tokio_cron_scheduler::Job::new_async(expression, |_, _| Box::pin(async {}))
            .map(|_| CronTick(expression.to_owned()))
            .map_err(|e| format!("{expression:?} is not a cron expression with seconds ({e})"))
    }
}

/// A setting that holds a password (`mail_url`, `database_url`). `Debug` and `Display`
/// show it without the password, so it can go into logs and messages as it is; the
/// whole text only comes out through `expose`, which is easy to look for in review.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value itself, password included: only for the code that connects with it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl fmt::Display for Secret<String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl fmt::Debug for Secret<String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({:?})", redact(&self.0))
    }
}

/// A URL without its passwords, the one place every printed or logged URL goes through:
/// the userinfo's password (`scheme://user:***@host`, also with no host at all:
/// `smtp://user:pass` → `smtp://user:***`) and query parameters that carry a secret
/// (`?password=`, `?sslpassword=`, `?token=`... → `=***`). Text that is not a URL
/// could be a password itself, and shows as `***`.
pub fn redact(text: &str) -> String {
    let Some(scheme) = text.find("://") else {
        return if text.is_empty() { String::new() } else { "***".to_owned() };
    };
    let (head, rest) = text.split_at(scheme + 3);
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let mut out = format!("{head}{}", redact_userinfo(before_query));
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_query(query));
    }
    out
}

fn redact_userinfo(authority_and_path: &str) -> String {
    // The last '@' ends the credentials even when the password holds another one.
    if let Some((credentials, host)) = authority_and_path.rsplit_once('@') {
        return match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority_and_path.to_owned(),
        };
    }
    // No '@': `host:port/path` is fine, but `user:pass` (no host) shows a password
    // where the port should be.
    let authority_end = authority_and_path.find('/').unwrap_or(authority_and_path.len());
    let (authority, path) = authority_and_path.split_at(authority_end);
    match authority.rsplit_once(':') {
        Some((user, port)) if !port.is_empty() && !port.bytes().all(|b| b.is_ascii_digit()) && !user.ends_with(']') => {
            format!("{user}:***{path}")
        }
        _ => authority_and_path.to_owned(),
    }
}

fn redact_query(query: &str) -> String {
    let secret = |key: &str| {
        let key = key.to_ascii_lowercase();
        ["pass", "secret", "token", "key", "auth"].iter().any(|word| key.contains(word))
    };
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if secret(key) => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_a_comma_separated_list_and_name_an_unknown_one() {
        let all: Roles = "api,scheduler,worker".parse().unwrap();
        assert!(all.api && all.scheduler && all.worker);
        let workers: Roles = " worker ".parse().unwrap();
        assert!(!workers.api && !workers.scheduler && workers.worker);
        assert!("api,mailer".parse::<Roles>().unwrap_err().contains("\"mailer\""));
        assert!("".parse::<Roles>().is_err());
    }

    #[test]
    fn a_secret_never_prints_its_password() {
        let url = Secret::new("smtps://mailer:p@ss@mail.example.com:465".to_owned());
        assert_eq!(url.to_string(), "smtps://mailer:***@mail.example.com:465");
        assert_eq!(format!("{url:?}"), "Secret(\"smtps://mailer:***@mail.example.com:465\")");
        assert_eq!(url.expose(), "smtps://mailer:p@ss@mail.example.com:465");
        assert_eq!(Secret::new("postgres://goald@db/goald".to_owned()).to_string(), "postgres://goald@db/goald");
        assert_eq!(Secret::new("hunter2".to_owned()).to_string(), "***");
    }

    #[test]
    fn query_passwords_and_userinfo_without_a_host_are_redacted() {
        assert_eq!(
            redact("postgres://db/goald?user=goald&password=X&sslmode=require"),
            "postgres://db/goald?user=goald&password=***&sslmode=require"
        );
        assert_eq!(redact("smtp://user:pass"), "smtp://user:***");
        assert_eq!(redact("smtp://mail.example:587?tls=required"), "smtp://mail.example:587?tls=required");
        assert_eq!(redact("postgres://[::1]:5432/goald"), "postgres://[::1]:5432/goald");
        assert_eq!(redact("mysql://u:p@db/x?sslpassword=Y"), "mysql://u:***@db/x?sslpassword=***");
    }
}
