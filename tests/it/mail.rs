//! A rendered digest through a real SMTP server (aiosmtpd) and through the .eml directory:
//! what arrives (CONTRACT §9), and which failures are worth a retry.

use std::time::{Duration, Instant};

use crate::common::smtp::SmtpServer;
use chrono::NaiveDate;
use goald::goals::Status;
use goald::mail::{render, DigestGoal, DigestMessage, LastUpdate, Mailer, SendError};
use goald::org::Locale;
use goald::reminders::Reason;

const MESSAGE_ID: &str = "digest.acme.dee.2026-W48@goald.localhost";
const UNSUBSCRIBE_URL: &str = "https://goald.example/unsubscribe/t0ken";

fn french_digest() -> DigestMessage {
    let goal = |title: &str, end_date, reasons, id: &str| DigestGoal {
        title: title.to_owned(),
        context: None,
        progress: 25.0,
        pace: Status::OffTrack,
        last_update: LastUpdate::DaysAgo(40),
        end_date,
        ended_days_ago: None,
        reasons,
        link: format!("https://goald.example/goals/{id}"),
    };
    DigestMessage {
        more: None,
        from: "goald <goald@localhost>".to_owned(),
        to_name: "Dée Durand".to_owned(),
        to_email: "dee@acme.example".to_owned(),
        locale: Locale::Fr,
        org_name: "Acme".to_owned(),
        message_id: MESSAGE_ID.to_owned(),
        list_id: "weekly-digest.acme.goald.localhost".to_owned(),
        unsubscribe_url: UNSUBSCRIBE_URL.to_owned(),
        preferences_url: "https://goald.example/preferences/t0ken".to_owned(),
        goals: vec![
            goal("Croissance", date(2026, 11, 30), vec![Reason::NotUpdated28Days], "g-1"),
            goal("Livrer la v2", date(2026, 3, 1), vec![Reason::NotUpdated28Days, Reason::PastEndDate], "g-2"),
        ],
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

fn smtp_mailer(url: &str, send_timeout: Duration) -> (Mailer, tempfile::TempDir) {
    let unused_files = tempfile::tempdir().expect("temporary directory");
    let mailer = Mailer::from_url(url, unused_files.path(), send_timeout).expect("a valid mail URL");
    (mailer, unused_files)
}

/// A top-level header, unfolded, with RFC 2047 encoded words (as lettre writes them:
/// `=?utf-8?b?...?=`) decoded.
fn header(raw: &str, name: &str) -> Option<String> {
    let raw = raw.replace("\r\n", "\n");
    let head = raw.split("\n\n").next().unwrap_or_default().replace("\n ", " ").replace("\n\t", " ");
    let value = head.lines().find_map(|line| {
        let (field, value) = line.split_once(':')?;
        field.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })?;
    Some(value.split(' ').map(decode_word).collect::<Vec<_>>().join(" "))
}

fn decode_word(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let Some(encoded) = lower.strip_prefix("=?utf-8?b?").and_then(|rest| rest.strip_suffix("?=")) else {
        return word.to_owned();
    };
    // Decode from the original word: base64 is case-sensitive.
    let encoded = &word[word.len() - encoded.len() - 2..word.len() - 2];
    String::from_utf8(base64(encoded)).expect("UTF-8 header")
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bytes, mut buffer, mut bits) = (Vec::new(), 0u32, 0);
    for value in text.bytes().filter(|&c| c != b'=').map(|c| ALPHABET.iter().position(|&a| a == c).expect("base64")) {
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    bytes
}

#[tokio::test]
async fn a_french_digest_arrives_as_one_multipart_alternative_message_with_its_headers() {
    let server = SmtpServer::start(&[]);
    let (mailer, _files) = smtp_mailer(&server.url, Duration::from_secs(10));
    let message = render(&french_digest()).expect("renders");

    mailer.send(&message, "unused").await.expect("sent");

    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let raw = &messages[0];
    assert!(header(raw, "Content-Type").is_some_and(|value| value.starts_with("multipart/alternative;")), "{raw}");
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"), "{raw}");
    assert!(raw.contains("Content-Type: text/html; charset=utf-8"), "{raw}");
    assert_eq!(header(raw, "Subject").as_deref(), Some("2 objectifs attendent votre mise à jour"));
    assert_eq!(header(raw, "To").as_deref(), Some("Dée Durand <dee@acme.example>"));
    assert_eq!(header(raw, "Message-ID"), Some(format!("<{MESSAGE_ID}>")));
    assert_eq!(header(raw, "List-Unsubscribe"), Some(format!("<{UNSUBSCRIBE_URL}>")));
    assert_eq!(header(raw, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert_eq!(header(raw, "List-Id").as_deref(), Some("<weekly-digest.acme.goald.localhost>"));
    assert_eq!(header(raw, "Content-Language").as_deref(), Some("fr"));
    let text = crate::common::mime::decoded_text(raw);
    assert!(text.starts_with("Acme · Récapitulatif hebdomadaire des objectifs\n\nBonjour Dée Durand,"), "{text}");
    assert!(
        text.contains("* Livrer la v2\n  En retard · Progression\u{202F}: 25\u{202F}%\n  Mis à jour il y a 40 jours\n"),
        "{text}"
    );
    assert!(text.contains("  Date de fin\u{202F}: 1er mars 2026\n  Pas de mise à jour depuis 28 jours\n"), "{text}");
    assert!(text
        .contains("  Sa date de fin est dépassée\n  Mettre à jour la progression <https://goald.example/goals/g-2>"));
}

#[tokio::test]
async fn a_451_is_retryable_and_the_retry_delivers_once() {
    let server = SmtpServer::start(&[451]);
    let (mailer, _files) = smtp_mailer(&server.url, Duration::from_secs(10));
    let message = render(&french_digest()).expect("renders");

    let first = mailer.send(&message, "unused").await;
    let second = mailer.send(&message, "unused").await;

    assert!(matches!(&first, Err(SendError::Retryable(reason)) if reason.contains("451")), "{first:?}");
    assert_eq!(second, Ok(()));
    assert_eq!(server.attempts(), vec![451, 250]);
    assert_eq!(server.messages().len(), 1);
}

#[tokio::test]
async fn a_550_is_fatal_and_nothing_is_stored() {
    let server = SmtpServer::start(&[550]);
    let (mailer, _files) = smtp_mailer(&server.url, Duration::from_secs(10));
    let message = render(&french_digest()).expect("renders");

    let sent = mailer.send(&message, "unused").await;

    assert!(matches!(&sent, Err(SendError::Fatal(reason)) if reason.contains("550")), "{sent:?}");
    assert!(!sent.unwrap_err().to_string().contains("Bonjour"), "the reason never quotes the body");
    assert_eq!(server.attempts(), vec![550]);
    assert!(server.messages().is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_is_retryable_once_the_send_timeout_passes() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", silent.local_addr().expect("address"));
    // Accepts connections and holds them open without a word, as a wedged relay would.
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let (mailer, _files) = smtp_mailer(&url, Duration::from_secs(1));
    let message = render(&french_digest()).expect("renders");

    let started = Instant::now();
    let sent = mailer.send(&message, "unused").await;

    assert!(matches!(sent, Err(SendError::Retryable(_))), "{sent:?}");
    // Bounded by the 1 s send timeout, not by the minutes lettre itself would wait.
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    holder.abort();
}

#[tokio::test]
async fn a_server_that_refuses_connections_is_retryable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("smtp://{}", closed.local_addr().expect("address"));
    drop(closed);
    let (mailer, _files) = smtp_mailer(&url, Duration::from_secs(5));

    let sent = mailer.send(&render(&french_digest()).expect("renders"), "unused").await;

    assert!(matches!(sent, Err(SendError::Retryable(_))), "{sent:?}");
}

#[tokio::test]
async fn files_mode_keeps_one_eml_per_stem_however_often_it_is_sent() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let outbox = dir.path().join("outbox");
    let mailer = Mailer::from_url("", &outbox, Duration::from_secs(1)).expect("files mailer");
    let message = render(&french_digest()).expect("renders");

    mailer.send(&message, "acme.dee.2026-W48").await.expect("written");
    mailer.send(&message, "acme.dee.2026-W48").await.expect("written again");

    let names: Vec<_> = std::fs::read_dir(&outbox)
        .expect("outbox exists")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["acme.dee.2026-W48.eml"]);
    let written = std::fs::read_to_string(outbox.join("acme.dee.2026-W48.eml")).expect("readable");
    assert_eq!(header(&written, "Message-ID"), Some(format!("<{MESSAGE_ID}>")));
    assert!(mailer.describe().contains("outbox"));
}

#[test]
fn a_mailer_is_configured_without_a_runtime_and_described_without_its_password() {
    let dir = tempfile::tempdir().expect("temporary directory");

    let mailer =
        Mailer::from_url("smtp://goald:s3cret@127.0.0.1:2525?tls=required", dir.path(), Duration::from_secs(5))
            .expect("a valid mail URL");

    assert!(!mailer.describe().contains("s3cret"), "{}", mailer.describe());
    assert!(!format!("{mailer:?}").contains("s3cret"));
    assert!(Mailer::from_url("gopher://127.0.0.1", dir.path(), Duration::from_secs(5)).is_err());
}
