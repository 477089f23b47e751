//! goald's own SMTP connection pool over lettre's `AsyncSmtpConnection`: lettre's pool
//! writes the message body and the final "." in two writes with Nagle on, so every
//! message waited ~40 ms for a delayed ACK. Here the body and its "." go in one write, a
//! connection is reused until it fails or idles, and the reply tells which command was
//! refused: a permanent refusal of the recipient or the message is told apart from a
//! refused connection (server or credentials), which no retry-after-suppression fixes.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::Error as SmtpError;
use tokio::sync::Semaphore;

/// A connection idle longer than this is closed rather than reused.
const MAX_IDLE: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub enum Tls {
    None,
    Required(TlsParameters),
    Opportunistic(TlsParameters),
    Wrapper(TlsParameters),
}

/// Where and how to connect, as read from the mail URL (the forms lettre's `from_url` reads).
#[derive(Clone)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub credentials: Option<Credentials>,
    pub hello: ClientId,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, String> {
        let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
        let host = parsed.host_str().ok_or("smtp host undefined")?.to_owned();
        let tls_param = parsed.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.to_string());
        let params = || TlsParameters::new(host.clone()).map_err(|e| e.to_string());
        let (default_port, tls) = match (parsed.scheme(), tls_param.as_deref()) {
            ("smtp", None) => (25, Tls::None),
            ("smtp", Some("required")) => (587, Tls::Required(params()?)),
            ("smtp", Some("opportunistic")) => (587, Tls::Opportunistic(params()?)),
            ("smtps", _) => (465, Tls::Wrapper(params()?)),
            (scheme, tls) => return Err(format!("unknown scheme {scheme:?} or tls parameter {tls:?}")),
        };
        let hello = match parsed.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s).decode_utf8().map(|s| s.into_owned()).map_err(|e| e.to_string())
        };
        let credentials = match parsed.password() {
            Some(password) => Some(Credentials::new(decode(parsed.username())?, decode(password)?)),
            None => None,
        };
        Ok(Target { port: parsed.port().unwrap_or(default_port), host, tls, credentials, hello })
    }
}

/// How one exchange failed, and at which step.
#[derive(Debug)]
pub enum Failure {
    /// Connecting, the greeting, EHLO, STARTTLS or AUTH: the server or our settings.
    Connect(SmtpError),
    /// MAIL FROM: our sender address or the server.
    Sender(SmtpError),
    /// RCPT TO, DATA or the message: this recipient or this message.
    Message(SmtpError),
    /// The address needs SMTPUTF8 and the server does not offer it.
    NeedsSmtpUtf8,
}

pub struct SmtpPool {
    target: Target,
    connect_timeout: Duration,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    slots: Semaphore,
}

impl SmtpPool {
    pub fn new(target: Target, connect_timeout: Duration, size: usize) -> SmtpPool {
        SmtpPool { target, connect_timeout, idle: Mutex::default(), slots: Semaphore::new(size.max(1)) }
    }

    /// Sends one message on a pooled connection (at most `size` at once). A connection
    /// goes back to the pool only after a clean exchange; a cancelled send drops its own.
    pub async fn send(&self, envelope: &Envelope, raw: &[u8]) -> Result<(), Failure> {
        // The pool never closes its semaphore, so a slot always comes.
        let _slot = self.slots.acquire().await.ok();
        let mut connection = match self.take_idle() {
            Some(connection) => connection,
            None => self.connect().await.map_err(Failure::Connect)?,
        };
        exchange(&mut connection, envelope, raw).await?;
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push((connection, Instant::now()));
        Ok(())
    }

    /// Whether a fresh connection gets through greeting, EHLO, STARTTLS and AUTH.
    pub async fn accepts_connections(&self) -> bool {
        match self.connect().await {
            Ok(mut connection) => {
                let _ = connection.quit().await;
                true
            }
            Err(_) => false,
        }
    }

    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some((connection, since)) = idle.pop() {
            if since.elapsed() < MAX_IDLE && !connection.has_broken() {
                return Some(connection);
            }
        }
        None
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let target = &self.target;
        let wrapper = match &target.tls {
            Tls::Wrapper(params) => Some(params.clone()),
            _ => None,
        };
        let server = (target.host.as_str(), target.port);
        let mut connection =
            AsyncSmtpConnection::connect_tokio1(server, Some(self.connect_timeout), &target.hello, wrapper, None)
                .await?;
        match &target.tls {
            Tls::Required(params) => connection.starttls(params.clone(), &target.hello).await?,
            Tls::Opportunistic(params) if connection.can_starttls() => {
                connection.starttls(params.clone(), &target.hello).await?
            }
            _ => {}
        }
        if let Some(credentials) = &target.credentials {
            connection.auth(DEFAULT_MECHANISMS, credentials).await?;
        }
        Ok(connection)
    }
}

/// MAIL, RCPT, DATA, then the dot-stuffed message and its "." in one write.
async fn exchange(connection: &mut AsyncSmtpConnection, envelope: &Envelope, raw: &[u8]) -> Result<(), Failure> {
    let info = connection.server_info();
    let mut options = vec![];
    let addresses = envelope.to().iter().chain(envelope.from());
    if addresses.into_iter().any(|address| !AsRef::<str>::as_ref(address).is_ascii()) {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(Failure::NeedsSmtpUtf8);
        }
        options.push(MailParameter::SmtpUtfEight);
    }
    if !raw.is_ascii() && info.supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    connection.command(Mail::new(envelope.from().cloned(), options)).await.map_err(Failure::Sender)?;
    for to in envelope.to() {
        connection.command(Rcpt::new(to.clone(), vec![])).await.map_err(Failure::Message)?;
    }
    connection.command(Data).await.map_err(Failure::Message)?;
    match std::str::from_utf8(raw) {
        Ok(text) => connection.command(DotStuffed(text)).await,
        Err(_) => connection.message(raw).await,
    }
    .map_err(Failure::Message)?;
    Ok(())
}

/// The message as DATA carries it: a "." opening a line doubled, then CRLF "." CRLF.
struct DotStuffed<'a>(&'a str);

impl std::fmt::Display for DotStuffed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            if line.starts_with('.') {
                f.write_str(".")?;
            }
            f.write_str(line)?;
        }
        f.write_str("\r\n.\r\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_opening_with_a_dot_gets_a_second_dot_and_the_message_ends_with_a_lone_dot() {
        let stuffed = DotStuffed(".hidden\r\nplain\r\n..two").to_string();
        assert_eq!(stuffed, "..hidden\r\nplain\r\n...two\r\n.\r\n");
    }

    #[test]
    fn the_url_forms_of_lettre_are_read_with_their_default_ports() {
        let plain = Target::parse("smtp://127.0.0.1:2525").expect("plain");
        assert_eq!((plain.host.as_str(), plain.port, plain.credentials.is_none()), ("127.0.0.1", 2525, true));
        assert!(matches!(plain.tls, Tls::None));
        let submission = Target::parse("smtp://me:p%40ss@mail.example?tls=required").expect("starttls");
        assert_eq!(submission.port, 587);
        assert!(matches!(submission.tls, Tls::Required(_)));
        assert!(submission.credentials.is_some());
        assert_eq!(Target::parse("smtps://mail.example").expect("smtps").port, 465);
        assert!(Target::parse("gopher://mail.example").is_err());
        assert!(Target::parse("smtp://mail.example?tls=sometimes").is_err());
    }
}
