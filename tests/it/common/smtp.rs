//! A real SMTP server for tests: tests/support/smtp_server.py (aiosmtpd) in a child process,
//! storing what it accepts in a Maildir of its own.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tempfile::TempDir;

const INSTALL_HINT: &str = "the test SMTP server needs python3 and aiosmtpd: `python3 -m pip install aiosmtpd`";

pub struct SmtpServer {
    pub port: u16,
    /// `smtp://127.0.0.1:PORT`: plain SMTP, no TLS.
    pub url: String,
    dir: TempDir,
    child: Child,
}

impl SmtpServer {
    /// A server whose successive DATA commands get `replies` (250 stores the message, a 4xx
    /// or 5xx refuses it), and 250 once they are used up.
    pub fn start(replies: &[u16]) -> SmtpServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let replies = replies.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
        // stderr goes to a file: a pipe nobody reads would block the server once full.
        let stderr = std::fs::File::create(dir.path().join("server.err")).expect("server log file");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--maildir")
            .arg(dir.path())
            .arg(format!("--replies={replies}"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run python3 ({error}); {INSTALL_HINT}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = mpsc::channel();
        // A thread, so a server that never prints fails the test instead of hanging it.
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let first_line = receiver.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let Some(port) = first_line.trim().strip_prefix("PORT ").and_then(|port| port.parse().ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            let log = std::fs::read_to_string(dir.path().join("server.err")).unwrap_or_default();
            panic!("the test SMTP server did not start: {log}\n{INSTALL_HINT}");
        };
        SmtpServer { port, url: format!("smtp://127.0.0.1:{port}"), dir, child }
    }

    /// The raw messages stored so far, in the order of their Maildir names (arrival order).
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.path().join("new")) else { return Vec::new() };
        let mut paths: Vec<_> = entries.map(|entry| entry.expect("Maildir entry").path()).collect();
        paths.sort();
        paths.iter().map(|path| std::fs::read_to_string(path).expect("stored message")).collect()
    }

    /// The code returned to each DATA command so far.
    pub fn attempts(&self) -> Vec<u16> {
        let log = std::fs::read_to_string(self.dir.path().join("attempts.log")).unwrap_or_default();
        log.lines().map(|code| code.parse().expect("a reply code")).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
