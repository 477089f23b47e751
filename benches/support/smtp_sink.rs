//! A local SMTP sink for benchmarks: accepts every message and counts it, answering as
//! fast as the socket allows, so the figure measured is goald's.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

pub struct Sink {
    pub addr: SocketAddr,
    received: Arc<AtomicU64>,
}

impl Sink {
    pub fn received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}

pub async fn start() -> Sink {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the sink");
    let addr = listener.local_addr().expect("sink address");
    let received = Arc::new(AtomicU64::new(0));
    let counter = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = session(socket, counter).await;
            });
        }
    });
    Sink { addr, received }
}

async fn session(socket: tokio::net::TcpStream, received: Arc<AtomicU64>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n"
        } else if command.starts_with("DATA") {
            write.write_all(b"354 go ahead\r\n").await?;
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
            }
            received.fetch_add(1, Ordering::Relaxed);
            b"250 queued\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"250 ok\r\n"
        };
        write.write_all(reply).await?;
    }
}
