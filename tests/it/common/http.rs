//! A plain HTTP/1.1 client over a real socket, for tests against `goald serve`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends one request with `headers` and returns (status, body); `Connection: close` keeps
/// it simple.
pub fn send(addr: &str, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to goald");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send request");
    // A server may answer (413) before reading a large body: a broken pipe is its answer.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    send(addr, method, path, &[("Content-Type", content_type.to_owned())], body)
}

pub fn get(addr: &str, path: &str) -> (u16, String) {
    request(addr, "GET", path, "text/plain", b"")
}

/// A free port on 127.0.0.1 (free when asked; the daemon binds it right after).
pub fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").to_string()
}
