//! The HTTP server's bounds (issue 12): how long a client may take to send a request's
//! headers and body, how long a request may take in all, and how many connections are
//! open at once. Their own file so that the checks of the other settings stay as they are.

use std::time::Duration;

use crate::config::raw::RawSettings;

/// The checked bounds; what each means is documented on `RawSettings` and in README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// From the first byte of a request (or the end of the previous one on a kept-alive
    /// connection) to the end of its headers.
    pub header_timeout: Duration,
    /// From the handler's start to the last byte of the request body.
    pub body_timeout: Duration,
    /// From the end of the headers to the answer.
    pub request_timeout: Duration,
    /// Connections open at once; at the cap the oldest idle one is closed for a new one.
    pub max_connections: usize,
}

/// The bounds of `raw`, with one problem per setting that is out of range (the bounds are
/// then not used: `check` refuses the settings).
pub fn check_http_limits(raw: &RawSettings) -> (HttpLimits, Vec<String>) {
    let mut problems = Vec::new();
    let mut secs = |setting: &str, value: u64| {
        if value == 0 {
            problems.push(format!("{setting}: 0 is below 1"));
        }
        Duration::from_secs(value)
    };
    let limits = HttpLimits {
        header_timeout: secs("http_header_timeout_secs", raw.http_header_timeout_secs),
        body_timeout: secs("http_body_timeout_secs", raw.http_body_timeout_secs),
        request_timeout: secs("http_request_timeout_secs", raw.http_request_timeout_secs),
        max_connections: raw.http_max_connections,
    };
    // A tokio semaphore holds at most usize::MAX >> 3 permits; far more than any fd limit.
    if !(1..=1 << 20).contains(&raw.http_max_connections) {
        problems.push(format!("http_max_connections: {} is not between 1 and 1048576", raw.http_max_connections));
    }
    (limits, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_10_10_30_seconds_and_512_connections() {
        let (limits, problems) = check_http_limits(&RawSettings::default());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(limits.header_timeout, Duration::from_secs(10));
        assert_eq!(limits.body_timeout, Duration::from_secs(10));
        assert_eq!(limits.request_timeout, Duration::from_secs(30));
        assert_eq!(limits.max_connections, 512);
    }

    #[test]
    fn zero_is_refused_for_each_and_named() {
        let raw = RawSettings {
            http_header_timeout_secs: 0,
            http_body_timeout_secs: 0,
            http_request_timeout_secs: 0,
            http_max_connections: 0,
            ..RawSettings::default()
        };
        let (_, problems) = check_http_limits(&raw);
        assert_eq!(problems.len(), 4, "{problems:?}");
        for setting in
            ["http_header_timeout_secs", "http_body_timeout_secs", "http_request_timeout_secs", "http_max_connections"]
        {
            assert!(problems.iter().any(|p| p.starts_with(&format!("{setting}:"))), "{setting}: {problems:?}");
        }
    }
}
