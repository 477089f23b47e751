//! The scheduler's catch-up and the delivery worker on a fixed clock (`GOALD_NOW`): a
//! daemon started at each instant of this matrix evaluates the week it should and sends
//! exactly the digests already due, whatever day the suite runs.
//!
//! The example org lives in America/Toronto; Éloïse is in Europe/Paris, everyone else in
//! the org's zone. Europe leaves summer time on Sunday 25 October 2026, Toronto on Sunday
//! 1 November. Expected answers, worked out by hand from CONTRACT §5 and the fixture:
//! - W44 (Friday 30 October 17:00 EDT = 21:00Z): Dee (last update 1 September) and Fay
//!   (1 October, just over 28 days) are stale; Éloïse's end date (31 October) has not
//!   passed on the 30th. Due Monday 2 November 09:00 EST = 14:00Z, not 13:00Z.
//! - W47 (Friday 20 November 17:00 EST = 22:00Z): Dee and Fay stale; Éloïse past her end
//!   date (her update that morning came before the evaluation, so it stays).
//! - W48 (Friday 27 November 22:00Z): the same three. Due Monday 30 November 09:00 in each
//!   owner's zone: 08:00Z for Éloïse, 14:00Z for Dee and Fay.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::daemon::Daemon;
use crate::common::{fixture, goald_json, test_dbs, TestDb};
use serde_json::Value;

struct Case {
    /// The daemon's clock at start.
    now: &'static str,
    /// The one week the catch-up evaluates.
    week: &'static str,
    /// Owners whose digest of that week goes out at once; the others stay queued.
    sent: &'static [&'static str],
    queued: &'static [&'static str],
}

const EVERYONE: &[&str] = &["dee", "eli", "fay"];

/// Polls `what` until it gives Some, for at most 30 s.
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn digests_by_state(db: &TestDb, week: &str, state: &str) -> Vec<String> {
    let outbox = goald_json(db, &["outbox", "--org", "northwind", "--json", "--limit", "1000"]);
    let digests = outbox["digests"].as_array().cloned().unwrap_or_default();
    let mut owners: Vec<String> = digests
        .iter()
        .filter(|d| d["week"] == week && d["state"] == state)
        .map(|d| d["owner"].as_str().unwrap_or_default().to_owned())
        .collect();
    owners.sort();
    owners
}

fn mail_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.retain(|name| name.ends_with(".eml"));
    names.sort();
    names
}

async fn check(case: Case) {
    for db in test_dbs().await {
        let at = format!("[{} at {}]", db.backend, case.now);
        let data = tempfile::tempdir().unwrap();
        goald_json(&db, &["import", fixture("example-org.json").to_str().unwrap(), "--json"]);
        let mut daemon = Daemon::start_with(&db, data.path(), &[], &[("GOALD_NOW", case.now)]);

        let history = wait_for("the catch-up evaluation", || {
            let history = goald_json(&db, &["reminders", "history", "--org", "northwind", "--json"]);
            let done = history["evaluations"].as_array().is_some_and(|e| !e.is_empty());
            done.then_some(history)
        });
        let weeks: Vec<&Value> = history["evaluations"].as_array().unwrap().iter().map(|e| &e["week"]).collect();
        assert_eq!(weeks, [case.week], "{at} the catch-up evaluates the latest Friday 17:00 only");

        let expected_files: Vec<String> =
            case.sent.iter().map(|owner| format!("northwind_{owner}_{}.eml", case.week)).collect();
        let sent = wait_for("the due digests", || {
            let sent = digests_by_state(&db, case.week, "sent");
            (sent.len() >= case.sent.len()).then_some(sent)
        });
        // The worker polls every second: two more seconds would have sent anything else due.
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(sent, case.sent, "{at} sent");
        assert_eq!(digests_by_state(&db, case.week, "sent"), case.sent, "{at} nothing else went out");
        assert_eq!(digests_by_state(&db, case.week, "queued"), case.queued, "{at} still waiting for their Monday");
        assert_eq!(mail_files(&data.path().join("mail")), expected_files, "{at} files");
        assert!(daemon.stop().success(), "{at} goald serve exits 0 on SIGTERM");
    }
}

#[tokio::test]
async fn friday_16_59_in_toronto_catches_up_the_week_before_and_sends_it() {
    check(Case { now: "2026-11-27T21:59:00Z", week: "2026-W47", sent: EVERYONE, queued: &[] }).await;
}

#[tokio::test]
async fn friday_17_01_in_toronto_evaluates_this_week_and_sends_nothing_yet() {
    check(Case { now: "2026-11-27T22:01:00Z", week: "2026-W48", sent: &[], queued: EVERYONE }).await;
}

#[tokio::test]
async fn sunday_keeps_this_weeks_digests_for_monday() {
    check(Case { now: "2026-11-29T17:00:00Z", week: "2026-W48", sent: &[], queued: EVERYONE }).await;
}

#[tokio::test]
async fn monday_05_00_in_toronto_sends_only_the_digest_of_the_owner_in_paris() {
    check(Case { now: "2026-11-30T10:00:00Z", week: "2026-W48", sent: &["eli"], queued: &["dee", "fay"] }).await;
}

#[tokio::test]
async fn monday_10_00_in_toronto_sends_every_digest_of_the_week() {
    check(Case { now: "2026-11-30T15:00:00Z", week: "2026-W48", sent: EVERYONE, queued: &[] }).await;
}

#[tokio::test]
async fn the_friday_before_toronto_leaves_summer_time_evaluates_at_17_00_edt() {
    check(Case { now: "2026-10-30T21:01:00Z", week: "2026-W44", sent: &[], queued: &["dee", "fay"] }).await;
}

#[tokio::test]
async fn the_monday_after_the_change_waits_for_09_00_est_not_09_00_edt() {
    check(Case { now: "2026-11-02T13:30:00Z", week: "2026-W44", sent: &[], queued: &["dee", "fay"] }).await;
}

#[tokio::test]
async fn the_monday_after_the_change_sends_once_it_is_09_00_est() {
    check(Case { now: "2026-11-02T14:01:00Z", week: "2026-W44", sent: &["dee", "fay"], queued: &[] }).await;
}
