//! The standard `process_*` metrics, read from /proc at scrape time (Linux only; other
//! systems report none). A few lines of parsing instead of a crate: the fields are fixed
//! by the kernel's ABI, and no unsafe `sysconf` is needed since /proc reports CPU time in
//! USER_HZ, which Linux fixes at 100 for user space.

use metrics::{describe_counter, describe_gauge, gauge, Unit};

/// /proc's clock ticks per second (USER_HZ).
const TICKS_PER_SECOND: f64 = 100.0;

pub(super) fn describe() {
    describe_counter!("process_cpu_seconds_total", Unit::Seconds, "User and system CPU time of this process.");
    describe_gauge!("process_resident_memory_bytes", Unit::Bytes, "Resident memory of this process.");
    describe_gauge!("process_virtual_memory_bytes", Unit::Bytes, "Virtual memory of this process.");
    describe_gauge!("process_open_fds", "Open file descriptors.");
    describe_gauge!("process_max_fds", "The limit on open file descriptors.");
    describe_gauge!("process_threads", "Threads of this process.");
    describe_gauge!("process_start_time_seconds", Unit::Seconds, "When this process started (Unix time).");
}

/// What /proc says of this process.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct ProcessStats {
    pub cpu_seconds: f64,
    pub resident_bytes: f64,
    pub virtual_bytes: f64,
    pub threads: f64,
    pub start_time_seconds: f64,
}

/// Parses /proc/self/stat, given the machine's boot time (`btime` of /proc/stat) and its
/// page size. The command name (field 2) may hold spaces and parentheses: fields are
/// counted from the last `)`.
pub fn parse_stat(stat: &str, boot_time: f64, page_size: f64) -> Option<ProcessStats> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Fields from 3 (state) on; the indexes below are the man page's minus 3.
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let number = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    let (utime, stime) = (number(11)?, number(12)?);
    Some(ProcessStats {
        cpu_seconds: (utime + stime) / TICKS_PER_SECOND,
        threads: number(17)?,
        start_time_seconds: boot_time + number(19)? / TICKS_PER_SECOND,
        virtual_bytes: number(20)?,
        resident_bytes: number(21)? * page_size,
    })
}

/// `btime` from /proc/stat: the boot time, in Unix seconds.
pub fn parse_boot_time(proc_stat: &str) -> Option<f64> {
    proc_stat.lines().find_map(|l| l.strip_prefix("btime ")).and_then(|v| v.trim().parse().ok())
}

/// The soft limit of "Max open files" in /proc/self/limits.
pub fn parse_max_fds(limits: &str) -> Option<f64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Sets the process gauges from /proc; on a system without it, sets nothing.
pub fn record() {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let boot_time = read("/proc/stat").as_deref().and_then(parse_boot_time).unwrap_or(0.0);
    // The page size: 4 KiB on every platform goald ships for; /proc/self/statm's
    // resident pages agree with stat's.
    if let Some(stats) = read("/proc/self/stat").as_deref().and_then(|s| parse_stat(s, boot_time, 4096.0)) {
        metrics::counter!("process_cpu_seconds_total").absolute(stats.cpu_seconds as u64);
        gauge!("process_resident_memory_bytes").set(stats.resident_bytes);
        gauge!("process_virtual_memory_bytes").set(stats.virtual_bytes);
        gauge!("process_threads").set(stats.threads);
        gauge!("process_start_time_seconds").set(stats.start_time_seconds);
    }
    if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
        gauge!("process_open_fds").set(fds.count() as f64);
    }
    if let Some(max) = read("/proc/self/limits").as_deref().and_then(parse_max_fds) {
        gauge!("process_max_fds").set(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stat_line_is_read_past_a_command_name_with_spaces_and_parentheses() {
        let stat = "4242 (go ald) (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 7 0 \
                    1000 123456789 300 18446744073709551615";
        let stats = parse_stat(stat, 1_700_000_000.0, 4096.0).expect("parsed");
        assert_eq!(stats.cpu_seconds, 3.0);
        assert_eq!(stats.threads, 7.0);
        assert_eq!(stats.start_time_seconds, 1_700_000_010.0);
        assert_eq!(stats.virtual_bytes, 123_456_789.0);
        assert_eq!(stats.resident_bytes, 300.0 * 4096.0);
    }

    #[test]
    fn a_truncated_stat_line_gives_nothing_rather_than_wrong_numbers() {
        assert_eq!(parse_stat("1 (goald) S 1 2 3", 0.0, 4096.0), None);
        assert_eq!(parse_stat("no parenthesis", 0.0, 4096.0), None);
    }

    #[test]
    fn boot_time_and_the_fd_limit_are_read_from_their_lines() {
        assert_eq!(parse_boot_time("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"), Some(1_700_000_000.0));
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(parse_max_fds(limits), Some(1024.0));
        assert_eq!(parse_max_fds("nothing"), None);
    }
}
