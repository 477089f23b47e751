//! What a delivery pass did, and where its time went.

use std::time::Duration;

use crate::reminders::types::DigestOutcome;

/// What one delivery pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryReport {
    pub sent: u64,
    pub skipped: u64,
    pub retried: u64,
    pub failed: u64,
    /// Digests whose render or send panicked (failed with "internal error: ..."), for the
    /// `goald_job_panics_total` metric; already counted in `failed`.
    #[serde(skip)]
    pub panics: u64,
    /// Where the pass's time went (for `goald deliver`'s log and the benchmark).
    #[serde(skip)]
    pub phases: Phases,
}

/// Wall time of the sequential steps (claim, the batch reads, the marks) and summed time
/// of the per-digest ones (render, send), which overlap `concurrency` at a time.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Phases {
    pub claim: Duration,
    pub read: Duration,
    pub render: Duration,
    pub send: Duration,
    pub mark: Duration,
}

impl Phases {
    pub(super) fn add(&mut self, other: &Phases) {
        self.claim += other.claim;
        self.read += other.read;
        self.render += other.render;
        self.send += other.send;
        self.mark += other.mark;
    }
}

impl DeliveryReport {
    pub(super) fn count(&mut self, outcome: &DigestOutcome) {
        match outcome {
            DigestOutcome::Sent { .. } => self.sent += 1,
            DigestOutcome::Skipped { .. } => self.skipped += 1,
            DigestOutcome::Retry { .. } => self.retried += 1,
            DigestOutcome::Failed { .. } => self.failed += 1,
        }
    }

    pub fn handled(&self) -> u64 {
        self.sent + self.skipped + self.retried + self.failed
    }
}
