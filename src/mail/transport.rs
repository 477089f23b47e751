//! Sending a rendered message: over SMTP through lettre's connection pool, or as .eml files
//! in a directory when no SMTP URL is configured (development, and a record of what was sent).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::Message;

use super::files::write_eml;
use super::smtp_pool::{Failure, SmtpPool, Target};
use super::Dkim;
use super::{MailError, Result};

/// Connections per server until `with_pool_size` says otherwise.
const DEFAULT_POOL_SIZE: usize = 10;

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

/// A failed send, and when the server refused this recipient or this message for good
/// (a permanent 5xx to RCPT or DATA), its reply: what a suppression list records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub error: SendError,
    pub refused: Option<String>,
}

impl From<SendError> for SendFailure {
    fn from(error: SendError) -> Self {
        SendFailure { error, refused: None }
    }
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
        let target = Target::parse(url)
            .map_err(|error| MailError::TransportUrl(format!("{}: {error}", without_password(url))))?;
        Ok(Mailer::Smtp(Box::new(SmtpMailer {
            pool: SmtpPool::new(target.clone(), send_timeout, DEFAULT_POOL_SIZE),
            target,
            description: without_password(url),
            send_timeout,
        })))
    }

    /// Sends one message. In Files mode it becomes `<dir>/<file_stem>.eml`, replaced
    /// atomically, so a retry overwrites rather than duplicates.
    pub async fn send(&self, message: &Message, file_stem: &str) -> Result<(), SendError> {
        self.send_signed(message, file_stem, None).await
    }

    /// `send`, with a DKIM signature added first when `dkim` is given.
    pub async fn send_signed(&self, message: &Message, file_stem: &str, dkim: Option<&Dkim>) -> Result<(), SendError> {
        self.deliver(message, file_stem, dkim).await.map_err(|failure| failure.error)
    }

    /// `send_signed`, saying when the server refused the recipient or the message for good.
    pub async fn deliver(&self, message: &Message, file_stem: &str, dkim: Option<&Dkim>) -> Result<(), SendFailure> {
        let signed = dkim.map(|dkim| dkim.sign(message));
        let message = signed.as_ref().unwrap_or(message);
        match self {
            Mailer::Smtp(smtp) => smtp.send(message).await,
            Mailer::Files { dir } => Ok(write_eml(dir, file_stem, message.formatted()).await?),
        }
    }

    /// Sends on up to `size` SMTP connections at once, each reused message after message.
    pub fn with_pool_size(self, size: u32) -> Self {
        match self {
            Mailer::Smtp(mut smtp) => {
                smtp.pool = SmtpPool::new(smtp.target.clone(), smtp.send_timeout, size.max(1) as usize);
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
    target: Target,
    pool: SmtpPool,
    description: String,
    send_timeout: Duration,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer").field("url", &self.description).finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// The whole exchange is bounded by the send timeout; a cancelled exchange drops its
    /// connection (never back in the pool mid-command).
    async fn send(&self, message: &Message) -> Result<(), SendFailure> {
        let raw = message.formatted();
        let at = &self.description;
        let failure = match tokio::time::timeout(self.send_timeout, self.pool.send(message.envelope(), &raw)).await {
            Ok(Ok(())) => return Ok(()),
            Err(_) => {
                return Err(SendError::Retryable(format!("{at}: no answer within {:?}", self.send_timeout)).into())
            }
            Ok(Err(failure)) => failure,
        };
        Err(match failure {
            Failure::Message(error) if error.is_permanent() => {
                let reply = error.to_string();
                SendFailure { error: SendError::Fatal(format!("{at}: {reply}")), refused: Some(reply) }
            }
            // A refused sender is this message's if a fresh connection is accepted; else the
            // server or our credentials are at fault and the digest waits for an operator.
            Failure::Sender(error) if error.is_permanent() => self.refusal(&error).await.into(),
            Failure::Connect(error) if error.is_permanent() => {
                SendError::Retryable(format!("{at}: {error} (and the server refuses new connections)")).into()
            }
            Failure::NeedsSmtpUtf8 => {
                SendError::Fatal(format!("{at}: the address needs SMTPUTF8, which the server does not offer")).into()
            }
            Failure::Connect(error) | Failure::Sender(error) | Failure::Message(error) => {
                SendError::Retryable(format!("{at}: {error}")).into()
            }
        })
    }

    async fn refusal(&self, error: &lettre::transport::smtp::Error) -> SendError {
        let reason = format!("{}: {error}", self.description);
        match tokio::time::timeout(self.send_timeout, self.pool.accepts_connections()).await {
            Ok(true) => SendError::Fatal(reason),
            _ => SendError::Retryable(format!("{reason} (and the server refuses new connections)")),
        }
    }
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
