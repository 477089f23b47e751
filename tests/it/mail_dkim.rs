//! DKIM: with `mail_dkim_selector` and `mail_dkim_key_file` set, every digest carries a
//! signature that dkimpy (PyPI) verifies against the public key.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{fixture, goald_json, import_json, read_json, sqlite_db, TestDb};

const AT: &str = "2026-11-27T22:00:00Z";
const AFTER_MONDAYS: &str = "2026-11-30T15:00:00Z";

fn openssl(args: &[&str]) {
    let output = Command::new("openssl").args(args).output().expect("run openssl");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A 2048-bit RSA key as PKCS#1 PEM, and its public half as DER.
fn test_key(dir: &Path) -> (String, String) {
    let (private, public) = (dir.join("dkim.pem"), dir.join("dkim.pub.der"));
    let (private, public) = (private.to_str().expect("utf-8").to_owned(), public.to_str().expect("utf-8").to_owned());
    openssl(&["genrsa", "-traditional", "-out", &private, "2048"]);
    openssl(&["rsa", "-in", &private, "-pubout", "-outform", "DER", "-out", &public]);
    (private, public)
}

fn deliver_to_files(db: &TestDb, data_dir: &Path, key_file: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_LOG", "warn")
        .env("GOALD_DATA_DIR", data_dir)
        .env("GOALD_MAIL_FROM", "Goals <goals@northwind.test>")
        .env("GOALD_MAIL_DKIM_SELECTOR", "goald2026")
        .env("GOALD_MAIL_DKIM_KEY_FILE", key_file)
        .args(["--database-url", &db.url, "deliver", "--json", "--until", AFTER_MONDAYS, "--mail-url", ""])
        .output()
        .expect("run goald deliver")
}

fn verify(message: &Path, public_key: &str) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/dkim_verify.py");
    Command::new("python3").arg(script).arg(message).arg(public_key).output().expect("run python3")
}

#[tokio::test]
async fn a_signed_digest_verifies_with_dkimpy_and_a_changed_one_does_not() {
    let db = sqlite_db();
    import_json(&db, &read_json(&fixture("example-org.json")));
    goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
    let dir = tempfile::tempdir().expect("temporary directory");
    let (private, public) = test_key(dir.path());

    let output = deliver_to_files(&db, dir.path(), &private);

    assert!(output.status.success(), "deliver: {}", String::from_utf8_lossy(&output.stderr));
    let mut messages: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
        .expect("the mail directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    messages.sort();
    assert!(!messages.is_empty(), "no digest written");
    for message in &messages {
        let raw = std::fs::read_to_string(message).expect("a message");
        assert!(raw.contains("DKIM-Signature: "), "{raw}");
        assert!(raw.contains("d=northwind.test") && raw.contains("s=goald2026"), "{raw}");
        let checked = verify(message, &public);
        assert!(checked.status.success(), "{}: {}", message.display(), String::from_utf8_lossy(&checked.stderr));
    }
    // The verifier can fail: a subject changed after signing does not verify.
    let raw = std::fs::read_to_string(&messages[0]).expect("a message");
    let tampered = dir.path().join("tampered.eml");
    std::fs::write(&tampered, raw.replacen("Subject: ", "Subject: Re: ", 1)).expect("write");
    assert!(!verify(&tampered, &public).status.success(), "a changed message verified");
}

#[tokio::test]
async fn a_key_file_that_is_no_rsa_key_stops_deliver_before_it_sends() {
    let db = sqlite_db();
    import_json(&db, &read_json(&fixture("example-org.json")));
    goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
    let dir = tempfile::tempdir().expect("temporary directory");
    let bad = dir.path().join("bad.pem");
    std::fs::write(&bad, "not a key").expect("write");

    let output = deliver_to_files(&db, dir.path(), bad.to_str().expect("utf-8"));

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DKIM key") && stderr.contains("bad.pem"), "{stderr}");
    let outbox = goald_json(&db, &["outbox", "--json", "--state", "sent"]);
    assert_eq!(outbox["digests"], serde_json::json!([]), "{outbox}");
}
