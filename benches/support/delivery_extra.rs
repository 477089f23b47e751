//! What the reminders bench adds around `goald deliver`: the time to render one digest
//! (p50, p99) over a sample of the queued ones, and postfix's `smtp-source` against the
//! same sink as the ceiling of this machine.
// Only the reminders bench includes this file.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use goald::core::ids::{MemberId, OrgId};
use goald::digest::{compose, Addressee, MailSettings, DEFAULT_GOAL_URL_TEMPLATE};
use goald::reminders::types::DigestKey;
use goald::reminders::Week;

/// Compose and render of `owners` digests as the evaluation at `at` lists them; the
/// sorted times.
pub async fn render_times(store: &dyn goald::store::Store, owners: &[String], at: DateTime<Utc>) -> Vec<Duration> {
    let org_id = OrgId::parse("bench").expect("org id");
    let org = store.org(&org_id).await.expect("org").expect("bench org");
    let settings = MailSettings {
        from: "goald <goald@bench.example>".into(),
        app_url: "https://goals.bench.example".into(),
        goal_url_template: DEFAULT_GOAL_URL_TEMPLATE.into(),
        public_url: "https://goald.bench.example".into(),
        max_goals: 20,
    };
    let mut times = Vec::with_capacity(owners.len());
    for owner in owners {
        let owner = MemberId::parse(owner).expect("member id");
        let Some(recipient) = store.recipient(&org.id, &owner).await.expect("recipient") else { continue };
        let goals = store.due_goals_of(&org, &owner, at).await.expect("goals");
        let key = DigestKey { org: org.id.clone(), owner, week: Week::of(at.date_naive()) };
        let to = Addressee {
            name: &recipient.name,
            email: recipient.email.as_deref().unwrap_or("nobody@bench.example"),
            locale: recipient.locale,
            org_name: &recipient.org_name,
            timezone: recipient.org_timezone,
        };
        let started = Instant::now();
        let message = compose(&settings, &key, to, "token", &goals, at);
        goald::mail::render(&message).expect("render");
        times.push(started.elapsed());
    }
    times.sort();
    times
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// `smtp-source -s 10 -m 20000 -l 16000` against `addr`: messages per second, or why not.
pub fn smtp_source(addr: SocketAddr) -> Result<(u64, Duration), String> {
    let program = ["/usr/sbin/smtp-source", "/usr/bin/smtp-source"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .ok_or("smtp-source not found (Debian package postfix)")?;
    let started = Instant::now();
    let status = Command::new(program)
        .args(["-s", "10", "-m", "20000", "-l", "16000"])
        .arg(addr.to_string())
        .status()
        .map_err(|e| format!("running smtp-source: {e}"))?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("smtp-source exited with {status}"));
    }
    Ok((20000, elapsed))
}
