//! What ops see of a running `goald serve` (issue 16): the metrics (404s counted, every
//! queue state present and disjoint, the histograms, process and pool figures), and the
//! logs (flat JSON lines carrying the request id the response returned, one access line
//! per request, no colours off a terminal).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::daemon::Daemon;
use crate::common::http::{free_addr, get};
use crate::common::{fixture, goald, goald_json, hris_apply, test_dbs};
use serde_json::{json, Value};

/// Sends a bodiless request with `headers`; returns (status, the response's head lines, body).
fn call(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, Vec<String>, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to goald");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n").as_bytes()).expect("send request");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let lines: Vec<String> = head.lines().map(str::to_owned).collect();
    let status = lines[0].split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status line");
    (status, lines, body.to_owned())
}

fn header(lines: &[String], name: &str) -> Option<String> {
    lines.iter().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

/// The value of the series written exactly as `series` (name and labels).
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test]
async fn metrics_count_404s_and_show_every_queue_state_at_zero_then_disjoint_depths() {
    for db in test_dbs().await {
        let data = tempfile::tempdir().unwrap();
        let b = db.backend;
        goald_json(&db, &["import", fixture("example-org.json").to_str().unwrap(), "--json"]);
        // No worker: what is queued stays queued.
        let daemon = Daemon::start_with(&db, data.path(), &["--roles", "api"], &[]);
        assert_eq!(get(&daemon.addr, "/no/such/route").0, 404);
        let (status, metrics) = get(&daemon.addr, "/metrics");
        assert_eq!(status, 200, "[{b}] {metrics}");
        let not_found = "goald_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}";
        assert_eq!(sample(&metrics, not_found), Some(1.0), "[{b}] {metrics}");
        assert!(metrics.contains("goald_http_request_duration_seconds_bucket{method=\"GET\",route=\"unmatched\""));
        for (queue, state) in
            [("digests", "queued"), ("digests", "retrying"), ("hris_events", "pending"), ("hris_events", "waiting")]
        {
            let labels = format!("{{queue=\"{queue}\",state=\"{state}\"}}");
            assert_eq!(sample(&metrics, &format!("goald_queue_depth{labels}")), Some(0.0), "[{b}] {metrics}");
            assert_eq!(sample(&metrics, &format!("goald_queue_oldest_age_seconds{labels}")), Some(0.0), "[{b}]");
        }
        let version = format!("goald_build_info{{version=\"{}\"}}", env!("CARGO_PKG_VERSION"));
        assert_eq!(sample(&metrics, &version), Some(1.0), "[{b}] {metrics}");
        assert_eq!(sample(&metrics, "goald_digest_failures_total{reason=\"smtp_permanent\"}"), Some(0.0), "[{b}]");
        assert_eq!(sample(&metrics, "goald_smtp_send_duration_seconds_count"), Some(0.0), "[{b}] {metrics}");
        assert!(sample(&metrics, "process_resident_memory_bytes").is_some_and(|rss| rss > 1e6), "[{b}] {metrics}");
        assert!(sample(&metrics, "process_open_fds").is_some_and(|n| n >= 3.0), "[{b}] {metrics}");
        assert!(sample(&metrics, "process_start_time_seconds").is_some_and(|t| t > 1.7e9), "[{b}] {metrics}");
        assert!(sample(&metrics, "goald_db_pool_max_connections").is_some_and(|n| n >= 1.0), "[{b}] {metrics}");
        assert!(sample(&metrics, "goald_db_pool_connections{state=\"idle\"}").is_some(), "[{b}] {metrics}");

        // Digests queued for a past week are due; an event naming an unknown member waits.
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);
        let unknown = json!({"id": "ev-1", "type": "member.manager_changed", "occurred_at": "2026-11-20T10:00:00Z",
            "data": {"member": "zed", "manager": null}});
        hris_apply(&db, "northwind", &[unknown]);
        let outbox = goald_json(&db, &["outbox", "--json", "--limit", "1000"]);
        let queued = outbox["counts"]["queued"].as_f64().expect("queued digests");
        let (_, metrics) = get(&daemon.addr, "/metrics");
        let depth = |labels: &str| sample(&metrics, &format!("goald_queue_depth{labels}")).unwrap_or(-1.0);
        let (fresh, retrying) =
            (depth("{queue=\"digests\",state=\"queued\"}"), depth("{queue=\"digests\",state=\"retrying\"}"));
        assert_eq!((fresh, retrying), (queued, 0.0), "[{b}] the states add up to the queue: {metrics}");
        let age = sample(&metrics, "goald_queue_oldest_age_seconds{queue=\"digests\",state=\"queued\"}").unwrap_or(0.0);
        assert!(age > 86_400.0, "[{b}] due since the Monday of 2026-W47: {age}");
        assert_eq!(depth("{queue=\"hris_events\",state=\"waiting\"}"), 1.0, "[{b}] {metrics}");
        assert_eq!(depth("{queue=\"hris_events\",state=\"pending\"}"), 0.0, "[{b}] {metrics}");
        assert!(metrics.contains("goald_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"} 1"));
    }
}

/// `goald serve` with its stderr in a file.
struct LoggedDaemon {
    child: Child,
    addr: String,
    log: tempfile::NamedTempFile,
    _data: tempfile::TempDir,
}

impl LoggedDaemon {
    fn start(url: &str, format: &str) -> LoggedDaemon {
        let (addr, data, log) = (free_addr(), tempfile::tempdir().unwrap(), tempfile::NamedTempFile::new().unwrap());
        let child = Command::new(env!("CARGO_BIN_EXE_goald"))
            .env("GOALD_LOG", "info")
            .env("GOALD_DATA_DIR", data.path())
            .args(["--database-url", url, "--log-format", format, "serve", "--http-addr", &addr, "--roles", "api"])
            .stderr(Stdio::from(log.reopen().unwrap()))
            .spawn()
            .expect("start goald serve");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(&addr).is_err() {
            assert!(Instant::now() < deadline, "goald serve never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        LoggedDaemon { child, addr, log, _data: data }
    }

    /// The log so far, after the lines of the requests answered are written.
    fn log(&self) -> String {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::read_to_string(self.log.path()).unwrap()
    }
}

impl Drop for LoggedDaemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn json_log_lines_parse_and_carry_the_request_id_the_response_returned() {
    for db in test_dbs().await {
        let b = db.backend;
        let daemon = LoggedDaemon::start(&db.url, "json");
        // The webhook logs why it refused, inside the request.
        let path = "/v1/orgs/nowhere/hris/events?token=s3cret";
        let (status, head, _) = call(&daemon.addr, "POST", path, &[("X-Request-Id", "it-42")]);
        assert_eq!(status, 401, "[{b}] no signature");
        assert_eq!(header(&head, "x-request-id").as_deref(), Some("it-42"), "[{b}] {head:?}");
        // Without one (or with one that is not plain), the daemon makes one.
        let (_, head, _) = call(&daemon.addr, "GET", "/healthz", &[("X-Request-Id", "bad id\"")]);
        let made = header(&head, "x-request-id").expect("a request id is made");
        assert!(made.len() == 32 && made.bytes().all(|c| c.is_ascii_hexdigit()), "[{b}] {made}");

        let log = daemon.log();
        let lines: Vec<Value> = log
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("[{b}] a log line is not JSON ({e}): {l}")))
            .collect();
        assert!(lines.iter().all(|l| l["message"].is_string() && l.get("fields").is_none()), "[{b}] flat: {log}");
        let of = |id: &str| -> Vec<&Value> { lines.iter().filter(|l| l["span"]["request_id"] == id).collect() };
        let ours = of("it-42");
        let access: Vec<_> = ours.iter().filter(|l| l["target"] == "goald::access").collect();
        assert_eq!(access.len(), 1, "[{b}] one access line per request: {log}");
        assert_eq!(access[0]["route"], "/v1/orgs/{org}/hris/events", "[{b}] the route template: {log}");
        assert_eq!((access[0]["status"].as_u64(), access[0]["span"]["method"].as_str()), (Some(401), Some("POST")));
        assert!(access[0]["duration_ms"].as_f64().is_some(), "[{b}] {log}");
        assert!(ours.len() >= 2, "[{b}] the handler's own line carries the id too: {log}");
        assert!(!log.contains("s3cret") && !log.contains("token="), "[{b}] never the query: {log}");
        assert_eq!(of(&made).len(), 1, "[{b}] {log}");
    }
}

#[tokio::test]
async fn text_logs_have_no_colours_off_a_terminal_and_an_unknown_log_format_is_refused() {
    let db = crate::common::sqlite_db();
    let daemon = LoggedDaemon::start(&db.url, "text");
    call(&daemon.addr, "GET", "/healthz", &[("X-Request-Id", "plain-1")]);
    let log = daemon.log();
    assert!(log.contains("request_id=plain-1") && log.contains("route=/healthz"), "{log}");
    assert!(!log.contains('\u{1b}'), "ANSI escapes in a file: {log:?}");

    let refused = goald(&db, &["--log-format", "jsn", "migrate"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("'jsn'") && stderr.contains("text") && stderr.contains("json"), "{stderr}");
    let refused = goald(&db, &["outbox", "--state", "sending"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("queued, sent, failed, skipped"));
}
