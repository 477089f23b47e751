//! The one source of "now" for goald's commands and the daemon.
//!
//! Production reads the system clock. Tests (and only tests) shift it with the
//! `GOALD_NOW=T` environment setting, so a daemon started "on a Sunday" behaves as it
//! would on that Sunday whatever day the suite runs: the clock starts at T and then
//! advances in real time, as the scheduler, the leases and the backoff expect.

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    /// Added to the system clock; zero in production.
    shift: TimeDelta,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { shift: TimeDelta::zero() }
    }

    /// A clock that reads `start` now and advances in real time from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock { shift: start - Utc::now() }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.shift
    }

    /// Whether this clock differs from the system's (worth a warning in the log).
    pub fn is_shifted(&self) -> bool {
        self.shift != TimeDelta::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_where_it_is_told_and_then_advances() {
        let start = DateTime::parse_from_rfc3339("2026-11-29T17:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::starting_at(start);
        let first = clock.now();
        assert!(first >= start && first - start < TimeDelta::seconds(5), "{first}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > first, "it advances");
        assert!(clock.is_shifted());
    }

    #[test]
    fn the_system_clock_is_not_shifted() {
        let clock = Clock::system();
        assert!(!clock.is_shifted());
        assert!((clock.now() - Utc::now()).abs() < TimeDelta::seconds(1));
    }
}
