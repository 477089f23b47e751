//! DKIM signatures (RFC 6376) on every message, when a key is configured: receivers check
//! the digest really comes from the sender's domain.

use std::path::Path;

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::HeaderName;
use lettre::Message;

use super::{MailError, Result};

/// The headers signed: what a reader trusts, and what says the mail is a list's.
const SIGNED: [&str; 8] =
    ["From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"];

#[derive(Debug)]
pub struct Dkim(DkimConfig);

impl Dkim {
    /// An RSA key in PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), signing for `domain`
    /// as `selector` (published at `<selector>._domainkey.<domain>`), relaxed/relaxed.
    pub fn load(selector: &str, domain: &str, key_file: &Path) -> Result<Self> {
        let broken = |detail: String| MailError::Dkim(format!("{}: {detail}", key_file.display()));
        let pem = std::fs::read_to_string(key_file).map_err(|e| broken(e.to_string()))?;
        let key = DkimSigningKey::new(&pem, DkimSigningAlgorithm::Rsa)
            .map_err(|e| broken(format!("not an RSA private key in PKCS#1 PEM: {e}")))?;
        let relaxed =
            DkimCanonicalization { header: DkimCanonicalizationType::Relaxed, body: DkimCanonicalizationType::Relaxed };
        let headers = SIGNED.iter().map(|name| HeaderName::new_from_ascii_str(name)).collect();
        Ok(Dkim(DkimConfig::new(selector.to_owned(), domain.to_owned(), key, headers, relaxed)))
    }

    /// `message` with a `DKIM-Signature` header.
    pub fn sign(&self, message: &Message) -> Message {
        let mut signed = message.clone();
        signed.sign(&self.0);
        signed
    }
}
