//! The size the generator is built for: 100,000 members and 1,000,000 goals.

use super::{params, write_json};

/// Counts what would be written, so the timing measures generation and serialization only.
struct CountingSink(u64);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
#[ignore = "timing: cargo test --release --lib demo -- --ignored --nocapture"]
fn a_hundred_thousand_members_and_a_million_goals_stream_in_seconds() {
    let started = std::time::Instant::now();
    let mut sink = CountingSink(0);
    write_json(&params(100_000, 1_000_000, 1), &mut sink).expect("counting cannot fail");
    let elapsed = started.elapsed();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(str::to_owned))
        .unwrap_or_default();
    println!("{} bytes in {elapsed:?}; {peak}", sink.0);
    assert!(elapsed < std::time::Duration::from_secs(30));
}
