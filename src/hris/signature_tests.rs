use chrono::{DateTime, Utc};

use super::*;

// The Standard Webhooks / svix reference vector.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1614265330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn secret(text: &str) -> WebhookSecret {
    WebhookSecret::parse(text).expect("a valid secret")
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).expect("a valid instant")
}

/// Checks the reference request (with `signature` and `body`) at `now`.
fn check(secrets: &[WebhookSecret], signature: &str, body: &[u8], now: i64) -> Result<(), SignatureError> {
    verify(secrets, Some(ID), Some(&TIMESTAMP.to_string()), Some(signature), body, at(now))
}

#[test]
fn the_standard_webhooks_reference_vector_verifies() {
    let key = secret(SECRET);
    assert_eq!(key.sign(ID, TIMESTAMP, BODY), SIGNATURE);
    assert_eq!(check(&[key], SIGNATURE, BODY, TIMESTAMP), Ok(()));
}

#[test]
fn a_rotated_secret_verifies_when_only_the_second_signature_matches() {
    let old = secret(SECRET);
    let new = secret("whsec_c2Vjb25kIGtleSBmb3Igcm90YXRpb24=");
    let header = format!("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= {}", new.sign(ID, TIMESTAMP, BODY));
    assert_eq!(check(&[old, new], &header, BODY, TIMESTAMP), Ok(()));
}

#[test]
fn a_wrong_secret_does_not_match() {
    let other = secret("whsec_c2Vjb25kIGtleSBmb3Igcm90YXRpb24=");
    assert_eq!(check(&[other], SIGNATURE, BODY, TIMESTAMP), Err(SignatureError::NoMatch));
}

#[test]
fn no_secrets_match_nothing() {
    assert_eq!(check(&[], SIGNATURE, BODY, TIMESTAMP), Err(SignatureError::NoMatch));
}

#[test]
fn a_tampered_body_does_not_match() {
    let tampered = br#"{"test": 2432232315}"#;
    assert_eq!(check(&[secret(SECRET)], SIGNATURE, tampered, TIMESTAMP), Err(SignatureError::NoMatch));
}

#[test]
fn a_tampered_id_or_timestamp_does_not_match() {
    let key = [secret(SECRET)];
    let ts = TIMESTAMP.to_string();
    let other_id = verify(&key, Some("msg_other"), Some(&ts), Some(SIGNATURE), BODY, at(TIMESTAMP));
    assert_eq!(other_id, Err(SignatureError::NoMatch));
    let later = (TIMESTAMP + 1).to_string();
    let other_ts = verify(&key, Some(ID), Some(&later), Some(SIGNATURE), BODY, at(TIMESTAMP));
    assert_eq!(other_ts, Err(SignatureError::NoMatch));
}

#[test]
fn each_missing_header_is_named() {
    let key = [secret(SECRET)];
    let ts = TIMESTAMP.to_string();
    let now = at(TIMESTAMP);
    let missing = |name| Err(SignatureError::MissingHeader(name));
    assert_eq!(verify(&key, None, Some(&ts), Some(SIGNATURE), BODY, now), missing("webhook-id"));
    assert_eq!(verify(&key, Some(ID), None, Some(SIGNATURE), BODY, now), missing("webhook-timestamp"));
    assert_eq!(verify(&key, Some(ID), Some(&ts), None, BODY, now), missing("webhook-signature"));
    assert_eq!(verify(&key, Some(" "), Some(&ts), Some(SIGNATURE), BODY, now), missing("webhook-id"));
}

#[test]
fn a_non_numeric_timestamp_is_bad() {
    for bad in ["soon", "1614265330.5", "2021-02-25T15:02:10Z"] {
        let result = verify(&[secret(SECRET)], Some(ID), Some(bad), Some(SIGNATURE), BODY, at(TIMESTAMP));
        assert_eq!(result, Err(SignatureError::BadTimestamp), "{bad}");
    }
}

#[test]
fn a_timestamp_six_minutes_away_is_stale_and_four_minutes_is_fine() {
    let key = [secret(SECRET)];
    // The signature is for TIMESTAMP, so moving `now` is what makes it old or early.
    assert_eq!(check(&key, SIGNATURE, BODY, TIMESTAMP + 6 * 60), Err(SignatureError::StaleTimestamp));
    assert_eq!(check(&key, SIGNATURE, BODY, TIMESTAMP - 6 * 60), Err(SignatureError::StaleTimestamp));
    assert_eq!(check(&key, SIGNATURE, BODY, TIMESTAMP + 4 * 60), Ok(()));
    assert_eq!(check(&key, SIGNATURE, BODY, TIMESTAMP - 4 * 60), Ok(()));
    assert_eq!(check(&key, SIGNATURE, BODY, TIMESTAMP + 5 * 60), Ok(()));
}

#[test]
fn an_absurd_timestamp_is_stale_not_a_panic() {
    let result =
        verify(&[secret(SECRET)], Some(ID), Some("-9223372036854775808"), Some(SIGNATURE), BODY, at(TIMESTAMP));
    assert_eq!(result, Err(SignatureError::StaleTimestamp));
}

#[test]
fn other_versions_and_garbage_are_ignored() {
    let key = [secret(SECRET)];
    let header = format!("v1a,xyz garbage ,, v2,{} {SIGNATURE}", &SIGNATURE[3..]);
    assert_eq!(check(&key, &header, BODY, TIMESTAMP), Ok(()));
    // The right bytes under another version prefix do not count.
    assert_eq!(check(&key, &format!("v1a,{}", &SIGNATURE[3..]), BODY, TIMESTAMP), Err(SignatureError::NoMatch));
}

#[test]
fn a_signature_that_is_not_base64_does_not_match() {
    assert_eq!(check(&[secret(SECRET)], "v1,not*base64!", BODY, TIMESTAMP), Err(SignatureError::NoMatch));
    // Nor does a truncated one.
    assert_eq!(check(&[secret(SECRET)], "v1,g0hM9SsE", BODY, TIMESTAMP), Err(SignatureError::NoMatch));
}

#[test]
fn secrets_without_the_prefix_or_with_bad_base64_or_no_key_are_refused() {
    assert_eq!(WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").err(), Some(SecretError::MissingPrefix));
    assert_eq!(WebhookSecret::parse("whsec_not*base64!").err(), Some(SecretError::BadBase64));
    assert_eq!(WebhookSecret::parse("whsec_").err(), Some(SecretError::EmptyKey));
}

#[test]
fn errors_do_not_echo_the_secret() {
    let error = WebhookSecret::parse("whsec_sEcReT*").expect_err("an error");
    assert!(!error.to_string().contains("sEcReT"), "{error}");
}

#[test]
fn debug_of_a_secret_does_not_contain_the_key() {
    let shown = format!("{:?}", secret(SECRET));
    assert!(!shown.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{shown}");
    // Nor the raw key bytes, as a derived Debug of a Vec<u8> would print them.
    assert!(!shown.contains("49"), "{shown}"); // the key's first byte, 0x31
    assert!(shown.contains("redacted"), "{shown}");
}

#[test]
fn signature_errors_read_as_sentences() {
    assert_eq!(
        SignatureError::StaleTimestamp.to_string(),
        "the webhook-timestamp header is more than 5 minutes from now"
    );
    assert_eq!(SignatureError::MissingHeader("webhook-id").to_string(), "the webhook-id header is missing");
}
