//! Sending a rendered message: over SMTP through lettre's connection pool, or as .eml files
//! in a directory when no SMTP URL is configured (development, and a record of what was sent).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use lettre::transport::smtp::{AsyncSmtpTransportBuilder, Error as SmtpError, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::files::write_eml;
use super::Dkim;
use super::{MailError, Result};

/// Why a message was not sent, and whether trying again may help. Never carries the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The server was unreachable, too slow, or answered 4xx: try again later.
    #[error("temporary mail failure: {0}")]
    Retryable(String),
    /// The server refused this message or its address (5xx): trying again will not help.
    #[error("permanent mail failure: {0}")]
    Fatal(String),
}

#[derive(Debug)]
pub enum Mailer {
    /// Boxed: the builder it keeps is large next to a path.
    Smtp(Box<SmtpMailer>),
    Files {
        dir: PathBuf,
    },
}

impl Mailer {
    /// "" (empty) → write .eml files into `files_dir`; "smtp://host:port" → plain SMTP (no TLS;
    /// for local relays and tests); "smtp://user:pass@host:port?tls=required" and
    /// "smtps://..." → as lettre's `from_url` reads them. Needs no runtime: the SMTP pool
    /// is built on the first send.
    pub fn from_url(url: &str, files_dir: &Path, send_timeout: Duration) -> Result<Self> {
        if url.trim().is_empty() {
            std::fs::create_dir_all(files_dir)
                .map_err(|error| MailError::Directory { path: files_dir.to_owned(), error })?;
            return Ok(Mailer::Files { dir: files_dir.to_owned() });
        }
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| MailError::TransportUrl(format!("{}: {error}", without_password(url))))?
            // lettre applies this to the TCP connect only; `send` bounds the whole exchange.
            .timeout(Some(send_timeout));
        Ok(Mailer::Smtp(Box::new(SmtpMailer {
            builder,
            description: without_password(url),
            send_timeout,
            transport: Mutex::default(),
        })))
    }

    /// Sends one message. In Files mode it becomes `<dir>/<file_stem>.eml`, replaced
    /// atomically, so a retry overwrites rather than duplicates.
    pub async fn send(&self, message: &Message, file_stem: &str) -> Result<(), SendError> {
        self.send_signed(message, file_stem, None).await
    }

    /// `send`, with a DKIM signature added first when `dkim` is given.
    pub async fn send_signed(&self, message: &Message, file_stem: &str, dkim: Option<&Dkim>) -> Result<(), SendError> {
        let signed = dkim.map(|dkim| dkim.sign(message));
        let message = signed.as_ref().unwrap_or(message);
        match self {
            Mailer::Smtp(smtp) => smtp.send(message).await,
            Mailer::Files { dir } => write_eml(dir, file_stem, message.formatted()).await,
        }
    }

    /// Sends on up to `size` SMTP connections at once. lettre 0.11.23 leaves Nagle on, so a
    /// message costs ~40 ms of a connection's time however small it is (fixed upstream in
    /// lettre PR #1159, not yet released); throughput comes from connections in parallel.
    pub fn with_pool_size(self, size: u32) -> Self {
        match self {
            Mailer::Smtp(mut smtp) => {
                smtp.builder = smtp.builder.pool_config(PoolConfig::new().max_size(size.max(1)));
                Mailer::Smtp(smtp)
            }
            files => files,
        }
    }

    /// Where mail goes, for logs; never shows a password.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(smtp) => smtp.description.clone(),
            Mailer::Files { dir } => format!(".eml files in {}", dir.display()),
        }
    }
}

pub struct SmtpMailer {
    /// Holds the credentials: never printed.
    builder: AsyncSmtpTransportBuilder,
    description: String,
    send_timeout: Duration,
    transport: Mutex<Pool>,
}

/// The transport is built on first use (lettre's pool spawns a tokio task when built) and
/// dropped after a timeout; the generation tells transports apart, so a late timeout does
/// not drop the one built after it.
#[derive(Default)]
struct Pool {
    generation: u64,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer").field("url", &self.description).finish_non_exhaustive()
    }
}

impl SmtpMailer {
    async fn send(&self, message: &Message) -> Result<(), SendError> {
        let (generation, transport) = self.transport();
        let raw = message.formatted();
        let sending = transport.send_raw(message.envelope(), &raw);
        match tokio::time::timeout(self.send_timeout, sending).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) if error.is_permanent() => Err(self.refusal(&transport, &error).await),
            Ok(Err(error)) if error.is_client() && has_non_ascii_address(message) => {
                Err(SendError::Fatal(format!("{}: {error}", self.description)))
            }
            Ok(Err(error)) => Err(SendError::Retryable(format!("{}: {error}", self.description))),
            Err(_) => {
                // The cancelled exchange leaves its connection mid-command, yet lettre puts it
                // back in the pool, where the next message would read this one's replies.
                // Drop the whole pool; the next send builds a fresh one.
                self.discard(generation);
                Err(SendError::Retryable(format!("{}: no answer within {:?}", self.description, self.send_timeout)))
            }
        }
    }

    /// lettre does not say which command got the 5xx. If a fresh connection (greeting, EHLO,
    /// AUTH) is refused too, the server or our credentials are at fault, not this message,
    /// and the digest should wait for an operator rather than be given up.
    async fn refusal(&self, transport: &AsyncSmtpTransport<Tokio1Executor>, error: &SmtpError) -> SendError {
        let reason = format!("{}: {error}", self.description);
        match tokio::time::timeout(self.send_timeout, transport.test_connection()).await {
            Ok(Ok(true)) => SendError::Fatal(reason),
            _ => SendError::Retryable(format!("{reason} (and the server refuses new connections)")),
        }
    }

    fn transport(&self) -> (u64, AsyncSmtpTransport<Tokio1Executor>) {
        let mut pool = self.transport.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(transport) = &pool.transport {
            return (pool.generation, transport.clone());
        }
        let transport = self.builder.clone().build();
        pool.generation += 1;
        pool.transport = Some(transport.clone());
        (pool.generation, transport)
    }

    fn discard(&self, generation: u64) {
        let mut pool = self.transport.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.generation == generation {
            pool.transport = None;
        }
    }
}

/// The one client-side refusal that is about the message: an address that needs SMTPUTF8
/// on a server without it. Other client errors (TLS, auth mechanism) are configuration.
fn has_non_ascii_address(message: &Message) -> bool {
    let envelope = message.envelope();
    envelope.to().iter().chain(envelope.from()).any(|address| !AsRef::<str>::as_ref(address).is_ascii())
}

/// The URL with any password left out: `smtp://user:***@host:587?tls=required`.
fn without_password(url: &str) -> String {
    crate::config::redact(url)
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_described_url_never_shows_the_password() {
        assert_eq!(
            without_password("smtp://me:s3cr@t@mail.example:587?tls=required"),
            "smtp://me:***@mail.example:587?tls=required"
        );
        assert_eq!(without_password("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
        assert_eq!(without_password("smtp://me:s3cret"), "smtp://me:***");
    }
}
