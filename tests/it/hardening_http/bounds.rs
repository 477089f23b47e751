//! Slow clients against a real `goald serve`: a crowd of partial requests larger than the
//! process's file limit does not keep `/healthz` out, partial requests are closed after
//! the header timeout, and a body that stops coming is answered 408.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::common::http::{free_addr, get};
use crate::common::sqlite_db;

/// `goald serve` under `ulimit -n FILES` (as systemd's LimitNOFILE would set it), killed on drop.
struct Limited {
    child: Child,
    addr: String,
    _data: tempfile::TempDir,
}

impl Drop for Limited {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_limited(url: &str, files: u32, env: &[(&str, &str)]) -> Limited {
    let (addr, data) = (free_addr(), tempfile::tempdir().unwrap());
    let script = format!("ulimit -n {files} && exec \"$0\" \"$@\"");
    let child = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_goald"), "--database-url", url, "serve", "--http-addr", &addr])
        .env("GOALD_LOG", "error")
        .env("GOALD_DATA_DIR", data.path())
        .env("GOALD_ROLES", "api")
        .envs(env.iter().copied())
        .spawn()
        .expect("start goald serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    while get_quietly(&addr).is_none() {
        assert!(Instant::now() < deadline, "goald serve never answered");
        std::thread::sleep(Duration::from_millis(50));
    }
    Limited { child, addr, _data: data }
}

fn get_quietly(addr: &str) -> Option<()> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.starts_with("HTTP/1.1 200").then_some(())
}

/// Connections that sent part of a request's headers and then nothing.
fn partial_requests(addr: &str, count: usize) -> Vec<TcpStream> {
    (0..count)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(addr).ok()?;
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n").ok()?;
            Some(stream)
        })
        .collect()
}

#[test]
fn a_crowd_of_slow_clients_does_not_keep_the_health_check_out() {
    let db = sqlite_db();
    // 300 partial requests under a limit of 128 files: without a cap, they exhaust the
    // descriptors and nothing else is accepted until they give up.
    let env = [("GOALD_HTTP_MAX_CONNECTIONS", "64"), ("GOALD_HTTP_HEADER_TIMEOUT_SECS", "30")];
    let daemon = serve_limited(&db.url, 128, &env);
    let crowd = partial_requests(&daemon.addr, 300);
    assert!(crowd.len() >= 250, "only {} connections opened", crowd.len());
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..3 {
        let started = Instant::now();
        let (status, body) = get(&daemon.addr, "/healthz");
        let took = started.elapsed();
        assert_eq!((status, body.as_str()), (200, "ok\n"));
        assert!(took < Duration::from_secs(2), "/healthz took {took:?} behind the crowd");
    }
    drop(crowd);
}

#[test]
fn a_partial_request_is_closed_after_the_header_timeout() {
    let db = sqlite_db();
    let daemon = serve_limited(&db.url, 1024, &[("GOALD_HTTP_HEADER_TIMEOUT_SECS", "1")]);
    let mut slow = partial_requests(&daemon.addr, 1).pop().expect("a connection");
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = slow.read_to_end(&mut rest);
    let took = started.elapsed();
    assert!(read.is_ok(), "the connection was not closed: {read:?}");
    assert!(took >= Duration::from_millis(800) && took < Duration::from_secs(4), "closed after {took:?}");
    // A kept-alive connection that sends nothing after its answer is closed as well.
    let mut idle = TcpStream::connect(&daemon.addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = [0u8; 512];
    let read = idle.read(&mut answer).unwrap();
    assert!(answer[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer[..read]));
    let started = Instant::now();
    assert_eq!(idle.read(&mut answer).unwrap(), 0, "a second answer on an idle connection");
    assert!(started.elapsed() < Duration::from_secs(4), "the idle connection was closed after {:?}", started.elapsed());
    // The daemon still answers.
    assert_eq!(get(&daemon.addr, "/healthz").0, 200);
}

/// Sends headers announcing 100 bytes of body and one byte of it, then waits for the
/// answer: how long it took, and what came back before the connection closed.
fn body_that_stops_coming(addr: &str) -> (Duration, String) {
    let mut slow = TcpStream::connect(addr).unwrap();
    let head = "POST /v1/orgs/acme/hris/events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[";
    slow.write_all(head.as_bytes()).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    let (took, answer) = (started.elapsed(), String::from_utf8_lossy(&answer).into_owned());
    (took, answer)
}

#[test]
fn a_body_that_stops_coming_is_answered_408_and_the_connection_closed() {
    let db = sqlite_db();
    let daemon = serve_limited(&db.url, 1024, &[("GOALD_HTTP_BODY_TIMEOUT_SECS", "1")]);
    let (took, answer) = body_that_stops_coming(&daemon.addr);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"error\":\"timeout\""), "{answer}");
    assert!(took < Duration::from_secs(4), "answered after {took:?}");
}

#[test]
fn a_request_not_answered_in_time_is_answered_503() {
    let db = sqlite_db();
    // The body may take 10 s but the request only 1: the request's own bound answers.
    let env = [("GOALD_HTTP_BODY_TIMEOUT_SECS", "10"), ("GOALD_HTTP_REQUEST_TIMEOUT_SECS", "1")];
    let daemon = serve_limited(&db.url, 1024, &env);
    let (took, answer) = body_that_stops_coming(&daemon.addr);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"error\":\"timeout\""), "{answer}");
    assert!(took < Duration::from_secs(4), "answered after {took:?}");
}
