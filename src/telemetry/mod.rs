//! The daemon's metrics, named once here (docs/metrics.md lists them). They go through
//! the `metrics` facade into `metrics-exporter-prometheus`, which writes the Prometheus
//! text format (0.0.4) that `promtool check metrics` reads; `prometheus-client` writes
//! only OpenMetrics, whose `info` type and `_total`-less counter names promtool refuses.
//!
//! Everything recorded here is an in-memory counter, gauge or histogram of this process:
//! a scrape renders them and adds only the cheap, indexed queue reads of `/metrics`.
//! Commands other than `goald serve` install no recorder, so their records cost nothing.

pub mod notify;
pub mod process;

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram, Unit};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Latency buckets, in seconds: 1 ms to about 33 s, doubling.
const BUCKETS: [f64; 16] =
    [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384, 32.768];

/// The loops and jobs `goald serve` runs: their series exist (at 0) before anything happens.
pub const LOOPS: [&str; 3] = ["scheduler", "delivery", "inbox"];
pub const JOBS: [&str; 3] = ["digest", "evaluation", "hris_apply"];
/// How a digest ended a delivery attempt.
pub const DIGEST_OUTCOMES: [&str; 4] = ["sent", "skipped", "retried", "failed"];
/// Why a digest attempt failed (a closed set, so the label stays small).
pub const FAILURE_REASONS: [&str; 5] = ["render", "smtp_permanent", "smtp_transient", "gave_up", "panic"];
/// What happened to HRIS events in this process: received by the webhook, then applied
/// or found stale by the inbox (those left waiting are the `goald_queue_depth` gauge).
pub const HRIS_OUTCOMES: [&str; 4] = ["accepted", "duplicate", "applied", "stale"];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder (once per process) and creates every fixed series at 0.
pub fn install() -> Option<&'static PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Some(handle);
    }
    let recorder = PrometheusBuilder::new().set_buckets(&BUCKETS).ok()?.build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder).ok()?;
    let _ = HANDLE.set(handle);
    describe();
    zero_series();
    notify::describe_and_zero();
    HANDLE.get()
}

/// The installed recorder's handle (None outside `goald serve`).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE.get()
}

fn describe() {
    describe_gauge!("goald_build_info", "The running goald: 1, with its version as a label.");
    describe_counter!(
        "goald_http_requests_total",
        "HTTP requests answered, by route template (unmatched for a 404 of no route) and status."
    );
    describe_histogram!(
        "goald_http_request_duration_seconds",
        Unit::Seconds,
        "HTTP request latency by route template."
    );
    describe_histogram!(
        "goald_smtp_send_duration_seconds",
        Unit::Seconds,
        "Time to hand one digest to the mail transport."
    );
    describe_histogram!(
        "goald_evaluation_duration_seconds",
        Unit::Seconds,
        "One org's weekly evaluation, by this process."
    );
    describe_histogram!(
        "goald_hris_apply_duration_seconds",
        Unit::Seconds,
        "Applying one org's open HRIS events, by this process."
    );
    describe_counter!("goald_digests_total", "Digest delivery attempts by this process, by outcome.");
    describe_counter!("goald_digest_failures_total", "Failed digest attempts by reason (smtp_transient is retried).");
    describe_counter!(
        "goald_mail_suppressions_total",
        "The suppression list: addresses added (a permanent 5xx) and digests skipped for a suppressed address."
    );
    describe_counter!(
        "goald_hris_events_total",
        "HRIS events received by the webhook (accepted, duplicate) and applied or stale by the inbox."
    );
    describe_gauge!(
        "goald_queue_depth",
        "Items in a shared queue by state; the states do not overlap, so sum() is the queue."
    );
    describe_gauge!(
        "goald_queue_oldest_age_seconds",
        "Age of the oldest item by state: due digests by deliver_at, HRIS events by arrival; 0 when empty."
    );
    describe_gauge!("goald_loop_last_progress_seconds", "Seconds since each loop of this process last made progress.");
    describe_counter!("goald_loop_restarts_total", "Times each loop died (panicked or returned) and was restarted.");
    describe_counter!(
        "goald_job_panics_total",
        "Jobs (one digest, one org's evaluation or HRIS events) that panicked."
    );
    describe_gauge!(
        "goald_scheduler_last_pass_timestamp_seconds",
        "When the scheduler last finished a pass over every org without error (Unix time)."
    );
    describe_gauge!(
        "goald_evaluations_overdue",
        "Orgs whose weekly evaluation was due and failed or panicked in the last scheduler pass."
    );
    describe_gauge!("goald_db_pool_connections", "Database pool connections by state (idle, in_use).");
    describe_gauge!("goald_db_pool_max_connections", "The database pool's cap.");
    process::describe();
}

fn zero_series() {
    gauge!("goald_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    for name in LOOPS {
        counter!("goald_loop_restarts_total", "loop" => name).absolute(0);
    }
    for job in JOBS {
        counter!("goald_job_panics_total", "job" => job).absolute(0);
    }
    for outcome in DIGEST_OUTCOMES {
        counter!("goald_digests_total", "outcome" => outcome).absolute(0);
    }
    for reason in FAILURE_REASONS {
        counter!("goald_digest_failures_total", "reason" => reason).absolute(0);
    }
    for outcome in HRIS_OUTCOMES {
        counter!("goald_hris_events_total", "outcome" => outcome).absolute(0);
    }
    for event in ["added", "skipped"] {
        counter!("goald_mail_suppressions_total", "event" => event).absolute(0);
    }
    gauge!("goald_evaluations_overdue").set(0.0);
    // Registered before any observation, so dashboards see them (count 0) from the start.
    for name in
        ["goald_smtp_send_duration_seconds", "goald_evaluation_duration_seconds", "goald_hris_apply_duration_seconds"]
    {
        let _ = histogram!(name);
    }
}

/// One HTTP request answered. `route` is the template (never the raw path: tokens and
/// org ids would make unbounded label sets).
pub fn http_request(method: &str, route: &str, status: u16, elapsed: Duration) {
    let (method, route) = (method.to_owned(), route.to_owned());
    counter!("goald_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    histogram!("goald_http_request_duration_seconds", "method" => method, "route" => route)
        .record(elapsed.as_secs_f64());
}

pub fn smtp_send(elapsed: Duration) {
    histogram!("goald_smtp_send_duration_seconds").record(elapsed.as_secs_f64());
}

pub fn evaluation(elapsed: Duration) {
    histogram!("goald_evaluation_duration_seconds").record(elapsed.as_secs_f64());
}

pub fn hris_apply(elapsed: Duration) {
    histogram!("goald_hris_apply_duration_seconds").record(elapsed.as_secs_f64());
}

/// A digest attempt ended with `outcome` (one of DIGEST_OUTCOMES).
pub fn digest(outcome: &'static str) {
    counter!("goald_digests_total", "outcome" => outcome).increment(1);
}

/// A digest attempt failed or will be retried, for `reason` (one of FAILURE_REASONS).
pub fn digest_failure(reason: &'static str) {
    counter!("goald_digest_failures_total", "reason" => reason).increment(1);
}

/// The suppression list: `event` "added" (an address refused for good) or "skipped" (a
/// digest not sent to a suppressed address).
pub fn suppression(event: &'static str) {
    counter!("goald_mail_suppressions_total", "event" => event).increment(1);
}

/// `n` HRIS events with `outcome` (one of HRIS_OUTCOMES).
pub fn hris_events(outcome: &'static str, n: u64) {
    counter!("goald_hris_events_total", "outcome" => outcome).increment(n);
}

pub fn loop_restarted(name: &'static str) {
    counter!("goald_loop_restarts_total", "loop" => name).increment(1);
}

pub fn job_panicked(job: &'static str, n: u64) {
    counter!("goald_job_panics_total", "job" => job).increment(n);
}

pub fn loop_progress(name: &'static str, since: Duration) {
    gauge!("goald_loop_last_progress_seconds", "loop" => name).set(since.as_secs_f64());
}

/// A scheduler pass over every org finished (a failed pass records nothing, so the
/// timestamp ages): `overdue` orgs were due and are still not evaluated.
pub fn scheduler_pass(overdue: usize, now_unix: f64) {
    gauge!("goald_scheduler_last_pass_timestamp_seconds").set(now_unix);
    gauge!("goald_evaluations_overdue").set(overdue as f64);
}

/// One queue's state at scrape time.
pub fn queue(queue: &'static str, state: &'static str, depth: i64, oldest_age: Duration) {
    gauge!("goald_queue_depth", "queue" => queue, "state" => state).set(depth as f64);
    gauge!("goald_queue_oldest_age_seconds", "queue" => queue, "state" => state).set(oldest_age.as_secs_f64());
}

/// The database pool at scrape time.
pub fn pool(size: u32, idle: usize, max: u32) {
    let idle = idle.min(size as usize) as f64;
    gauge!("goald_db_pool_connections", "state" => "idle").set(idle);
    gauge!("goald_db_pool_connections", "state" => "in_use").set(f64::from(size) - idle);
    gauge!("goald_db_pool_max_connections").set(f64::from(max));
}
