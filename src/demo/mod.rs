//! Synthetic orgs for demos and load tests: `goald demo generate` prints an import file
//! (CONTRACT §2) that passes every validation rule and looks like a real company.
//!
//! The shape, for N members and M goals:
//! - members: a CEO, an exec team of 5–9 each heading a department, managers with 3–12
//!   reports, reporting lines 7 levels deep for large orgs (6 around 5,000 members, fewer
//!   when smaller);
//!   executives and collaborators ~1% together; ~3% inactive; six time zones; ~25% French.
//! - teams of 5–12: every manager with 4+ reports and their reports, plus task forces.
//! - goals: ~0.1% organization (at least one), ~20% team (owned by managers, aligned under
//!   their managers' team goals or organization goals), the rest personal (mostly under their
//!   manager's team goals). Every state, type, visibility, tracking and measurement kind.
//!
//! Everything is drawn from ChaCha streams seeded by `seed`, and time comes from `now`: the
//! same parameters always give the same bytes.

mod calendar;
mod chart;
mod children;
mod detail;
mod kinds;
mod measures;
mod naming;
mod owners;
mod people;
mod plan;
mod rng;
mod stream;
mod teams;
mod updates;
mod vocab;
mod world;

#[cfg(test)]
mod tests;

use std::io::{self, BufWriter, Write};

use crate::import::format::ImportFile;
use chrono::{DateTime, Utc};

use world::DemoOrg;

/// What to generate. `now` anchors every date, so fixing it (with `seed`) fixes the output.
#[derive(Debug, Clone)]
pub struct DemoParams {
    pub org_id: String,
    pub members: usize,
    /// Goals need an owner: with no member, no goal is generated.
    pub goals: usize,
    pub seed: u64,
    pub now: DateTime<Utc>,
}

/// The whole import file in memory.
pub fn generate(params: &DemoParams) -> ImportFile {
    let org = DemoOrg::build(params);
    ImportFile {
        org: org.org_record(),
        members: org.members().collect(),
        teams: org.teams().collect(),
        goals: org.goals().collect(),
    }
}

/// Writes the import file as compact JSON, byte for byte what serializing [`generate`]'s
/// result gives, but one record at a time: only the compact plan of the org (about 60 bytes
/// per goal) and a few MB of rendered goals per core are held in memory.
pub fn write_json(params: &DemoParams, out: impl Write) -> io::Result<()> {
    let org = DemoOrg::build(params);
    let mut out = BufWriter::with_capacity(1 << 16, out);
    stream::write_import_file(&org, &mut out, stream::GOAL_BATCH)?;
    out.flush()
}
