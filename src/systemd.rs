//! The two messages a `Type=notify` service sends systemd: `READY=1` once it can take
//! work, and `WATCHDOG=1` pings while it is alive. The protocol is one datagram to the
//! socket named by `$NOTIFY_SOCKET`; outside systemd the variable is unset and nothing
//! is sent.

use std::time::Duration;

fn notify(state: &str) {
    let Some(path) = std::env::var_os("NOTIFY_SOCKET") else { return };
    #[cfg(unix)]
    {
        let socket = match std::os::unix::net::UnixDatagram::unbound() {
            Ok(socket) => socket,
            Err(e) => return tracing::warn!(error = %e, "cannot notify systemd"),
        };
        // An abstract socket is written with a leading '@'; std cannot address those
        // portably, and systemd uses a path for services by default.
        if let Err(e) = socket.send_to(state.as_bytes(), &path) {
            tracing::warn!(error = %e, "cannot notify systemd");
        }
    }
    #[cfg(not(unix))]
    let _ = (path, state);
}

/// Tells systemd the daemon is ready (migrations applied, listener bound).
pub fn ready() {
    notify("READY=1");
}

/// Tells systemd what the daemon waits for (`systemctl status` shows it) and to allow
/// `extend` more for the start: while the daemon keeps saying so, systemd keeps waiting.
pub fn waiting(status: &str, extend: Duration) {
    notify(&format!("STATUS={status}\nEXTEND_TIMEOUT_USEC={}", extend.as_micros()));
}

/// Tells systemd the daemon is stopping.
pub fn stopping() {
    notify("STOPPING=1");
}

/// How often to ping the watchdog: half of `$WATCHDOG_USEC`, or None when systemd asked
/// for no watchdog.
pub fn watchdog_interval() -> Option<Duration> {
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.parse().ok()?;
    (usec > 0).then(|| Duration::from_micros(usec / 2))
}

pub fn watchdog_ping() {
    notify("WATCHDOG=1");
}

/// Pings only when `healthy` (every loop made progress lately); otherwise says why in
/// the log once per interval, and systemd restarts the daemon once the watchdog expires.
pub fn watchdog_ping_if(healthy: bool) {
    if healthy {
        watchdog_ping();
    } else {
        tracing::error!("a loop is stalled: not pinging the systemd watchdog");
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn ready_reaches_the_socket_named_by_notify_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify.sock");
        let listener = std::os::unix::net::UnixDatagram::bind(&path).unwrap();
        // The only test touching these variables: tests in this binary run in threads.
        std::env::set_var("NOTIFY_SOCKET", &path);
        ready();
        std::env::remove_var("NOTIFY_SOCKET");
        let mut buffer = [0u8; 64];
        let n = listener.recv(&mut buffer).unwrap();
        assert_eq!(&buffer[..n], b"READY=1");
    }
}
