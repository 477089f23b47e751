//! Writing the import file as compact JSON, one record at a time. Goals, nearly all of the
//! bytes, are rendered in batches on every core and written in file order; each goal draws
//! from its own random stream, so the bytes don't depend on the number of threads.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::ops::Range;
use std::thread;

use serde::Serialize;

use super::detail::goal_record;
use super::world::DemoOrg;

/// Goals per batch: a few MB of JSON, large enough that starting a thread is noise.
pub(crate) const GOAL_BATCH: usize = 4_096;
/// More threads than this only add memory for buffers; the writer becomes the bottleneck.
const MAX_WORKERS: usize = 8;

/// Writes `org` as `ImportFile` would serialize: keys in the order of its fields.
pub(crate) fn write_import_file(org: &DemoOrg, out: &mut impl Write, batch: usize) -> io::Result<()> {
    out.write_all(b"{\"org\":")?;
    serde_json::to_writer(&mut *out, &org.org_record())?;
    out.write_all(b",\"members\":")?;
    write_array(out, org.members())?;
    out.write_all(b",\"teams\":")?;
    write_array(out, org.teams())?;
    out.write_all(b",\"goals\":[")?;
    write_goals(org, out, batch.max(1))?;
    out.write_all(b"]}")
}

fn write_array<T: Serialize>(out: &mut impl Write, records: impl Iterator<Item = T>) -> io::Result<()> {
    out.write_all(b"[")?;
    for (position, record) in records.enumerate() {
        if position > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"]")
}

fn write_goals(org: &DemoOrg, out: &mut impl Write, batch: usize) -> io::Result<()> {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get).min(MAX_WORKERS);
    let total = org.plans.len();
    let mut next = 0;
    while next < total {
        let round_end = total.min(next + batch * workers);
        let batches: Vec<Range<usize>> =
            (next..round_end).step_by(batch).map(|start| start..round_end.min(start + batch)).collect();
        let rendered: Vec<io::Result<Vec<u8>>> = thread::scope(|scope| {
            let handles: Vec<_> =
                batches.into_iter().map(|range| scope.spawn(move || render_goals(org, range))).collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|_| Err(io::Error::other("goal rendering panicked"))))
                .collect()
        });
        for buffer in rendered {
            out.write_all(&buffer?)?;
        }
        next = round_end;
    }
    Ok(())
}

/// The goals of `range` as JSON, each preceded by a comma except the file's first.
fn render_goals(org: &DemoOrg, range: Range<usize>) -> io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(range.len() * 800);
    for (index, plan) in org.plans.iter().enumerate().skip(range.start).take(range.len()) {
        if index > 0 {
            buffer.push(b',');
        }
        serde_json::to_writer(&mut buffer, &goal_record(org, index, plan))?;
    }
    Ok(buffer)
}
