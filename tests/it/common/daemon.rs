//! `goald serve` started for a test, on a free port, stopped (or killed) when dropped.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use super::http::free_addr;
use super::TestDb;

pub struct Daemon {
    child: Child,
    pub addr: String,
}

impl Daemon {
    pub fn start(db: &TestDb, data_dir: &Path) -> Daemon {
        Self::start_with(db, data_dir, &[], &[])
    }

    /// With more `serve` arguments (e.g. `--mail-url`) and `GOALD_*` settings.
    pub fn start_with(db: &TestDb, data_dir: &Path, serve_args: &[&str], env: &[(&str, &str)]) -> Daemon {
        let addr = free_addr();
        let child = Command::new(env!("CARGO_BIN_EXE_goald"))
            .env("GOALD_LOG", "warn")
            .env("GOALD_DATA_DIR", data_dir)
            .env("GOALD_PUBLIC_URL", format!("http://{addr}"))
            .env("GOALD_DELIVERY_POLL_SECS", "1")
            .args(["--database-url", &db.url, "serve", "--http-addr", &addr])
            .args(serve_args)
            .envs(env.iter().copied())
            .spawn()
            .expect("start goald serve");
        let daemon = Daemon { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&daemon.addr).is_err() {
            assert!(Instant::now() < deadline, "goald serve never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        daemon
    }

    /// SIGTERM, then the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
        self.child.wait().expect("wait for goald")
    }
}

/// A failed assertion must not leave the daemon running (it holds the test's pipes).
impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
