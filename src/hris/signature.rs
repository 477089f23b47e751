//! The HRIS webhook's signature check (Standard Webhooks, as svix signs them): pure, so the
//! clock is passed in and nothing here does I/O.
//!
//! The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the signature is the
//! base64 of its HMAC-SHA256 under the secret's key, written `v1,<base64>`. The header may
//! carry several signatures so that a sender can sign with old and new secrets while they rotate.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How far `webhook-timestamp` may be from now, either way: bounds how long a captured
/// request can be replayed, and rejects timestamps from a sender with a broken clock.
pub const TOLERANCE: chrono::Duration = chrono::Duration::minutes(5);

const SECRET_PREFIX: &str = "whsec_";
const VERSION: &str = "v1";

/// A `whsec_...` secret, parsed.
#[derive(Clone)]
pub struct WebhookSecret {
    key: Vec<u8>,
}

/// Why a secret could not be parsed. The variants name the problem only: the text is a
/// credential, so it must not end up in logs through an error message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("a webhook secret must start with \"whsec_\"")]
    MissingPrefix,
    #[error("the part of a webhook secret after \"whsec_\" is not valid base64")]
    BadBase64,
    #[error("a webhook secret's key is empty")]
    EmptyKey,
}

impl WebhookSecret {
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text.trim().strip_prefix(SECRET_PREFIX).ok_or(SecretError::MissingPrefix)?;
        let key = STANDARD.decode(encoded).map_err(|_| SecretError::BadBase64)?;
        if key.is_empty() {
            return Err(SecretError::EmptyKey);
        }
        Ok(Self { key })
    }

    /// The `webhook-signature` value for a request: `v1,<base64>`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("{VERSION},{}", STANDARD.encode(self.mac(id, timestamp, body).finalize().into_bytes()))
    }

    /// The HMAC over the signed content, ready to finalize or to verify a tag against.
    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
        // HMAC takes keys of any length (long ones are hashed), so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

// By hand so that the key never reaches logs through `{:?}`.
impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSecret").field("key", &"<redacted>").finish()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    #[error("the webhook-timestamp header is not a whole number of seconds since the Unix epoch")]
    BadTimestamp,
    #[error("the webhook-timestamp header is more than 5 minutes from now")]
    StaleTimestamp,
    #[error("no v1 signature in the webhook-signature header matches any of the org's secrets")]
    NoMatch,
}

/// Checks a request. `secrets` are the org's active secrets; the header values are `None`
/// when the header is absent (an empty or blank value counts as absent too).
pub fn verify(
    secrets: &[WebhookSecret],
    id: Option<&str>,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SignatureError> {
    let id = header(id, "webhook-id")?;
    let timestamp = header(timestamp, "webhook-timestamp")?;
    let signature = header(signature, "webhook-signature")?;

    let timestamp: i64 = timestamp.parse().map_err(|_| SignatureError::BadTimestamp)?;
    // `abs_diff` cannot overflow, whatever the sender put in the header.
    let tolerance = TOLERANCE.num_seconds().unsigned_abs();
    if now.timestamp().abs_diff(timestamp) > tolerance {
        return Err(SignatureError::StaleTimestamp);
    }

    // Signatures of other versions (`v1a,...`) and tokens without a comma are for schemes we
    // don't implement, so they are skipped rather than rejected; one that isn't base64 can't
    // match anything.
    let candidates: Vec<Vec<u8>> = signature
        .split_ascii_whitespace()
        .filter_map(|token| token.split_once(','))
        .filter(|(version, _)| *version == VERSION)
        .filter_map(|(_, encoded)| STANDARD.decode(encoded).ok())
        .collect();
    let matches = secrets.iter().any(|secret| {
        let mac = secret.mac(id, timestamp, body);
        // `verify_slice` compares in constant time, so a forger learns nothing from timing.
        candidates.iter().any(|candidate| mac.clone().verify_slice(candidate).is_ok())
    });
    if matches {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

fn header<'a>(value: Option<&'a str>, name: &'static str) -> Result<&'a str, SignatureError> {
    value.map(str::trim).filter(|v| !v.is_empty()).ok_or(SignatureError::MissingHeader(name))
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
