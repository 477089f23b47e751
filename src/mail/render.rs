//! A digest as one `multipart/alternative` message, text first then HTML (CONTRACT §9).

use askama::Template;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::address::{check_line_lengths, recipient, shorten};
use super::headers::{AutoSubmitted, ContentLanguage, ListId, ListUnsubscribe, ListUnsubscribePost};
use super::view::{view, View};
use super::{DigestMessage, MailError, Result};

#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct TextPart<'a> {
    view: &'a View<'a>,
}

/// Escaped as HTML: askama escapes every `{{ }}` in a .html template.
#[derive(Template)]
#[template(path = "mail/digest.html")]
struct HtmlPart<'a> {
    view: &'a View<'a>,
}

/// The digest as a message ready to send. The same input gives the same Message-ID, so a
/// retried digest is recognisably the same mail; only Date and the MIME boundary change.
/// Never panics on what is stored: every error is a `MailError`, which will not go away
/// on a retry (the digest is failed with it).
pub fn render(digest: &DigestMessage) -> Result<Message> {
    check_token("message id", &digest.message_id, |id| id.contains('@'), "must contain @")?;
    let is_web = |url: &str| url.starts_with("https://") || url.starts_with("http://");
    check_token("list id", &digest.list_id, |id| id.contains('.'), "must be a dotted name")?;
    check_token("unsubscribe URL", &digest.unsubscribe_url, is_web, "must be an https URL")?;
    let from: Mailbox = digest.from.parse().map_err(|error| address_error("from", &digest.from, error))?;
    let to = recipient(&digest.to_name, &digest.to_email)?;

    let Bodies { subject, text, html } = bodies(digest)?;

    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        // lettre only invents a Message-ID when asked to (`None`); this one is ours.
        .message_id(Some(format!("<{}>", digest.message_id)))
        .header(ListId(format!("<{}>", digest.list_id)))
        .header(ListUnsubscribe(format!("<{}>", digest.unsubscribe_url)))
        .header(ListUnsubscribePost("List-Unsubscribe=One-Click".to_owned()))
        .header(ContentLanguage(digest.locale.as_str().to_owned()))
        .header(AutoSubmitted("auto-generated".to_owned()))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, text))
                .singlepart(part(ContentType::TEXT_HTML, html)),
        )?;
    check_line_lengths(&message.headers().to_string())?;
    Ok(message)
}

/// The subject and the two bodies, before MIME encoding (what `reminders render` writes).
pub struct Bodies {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn bodies(digest: &DigestMessage) -> Result<Bodies> {
    let view = view(digest)?;
    let text = TextPart { view: &view }.render()?;
    let html = HtmlPart { view: &view }.render()?;
    Ok(Bodies { subject: view.subject, text, html })
}

/// Quoted-printable whatever the text: 7-bit clean, so relays without 8BITMIME take it
/// (lettre refuses to send raw non-ASCII to them), and still readable in the raw message.
fn part(content_type: ContentType, body: String) -> SinglePart {
    SinglePart::builder().header(content_type).header(ContentTransferEncoding::QuotedPrintable).body(body)
}

/// Message-ID and List-Unsubscribe go out verbatim inside `<...>`: anything but printable
/// ASCII would be RFC 2047-encoded by lettre into a value no client understands.
fn check_token(field: &'static str, value: &str, shape: impl Fn(&str) -> bool, expected: &'static str) -> Result<()> {
    let reason = if value.is_empty() {
        "is empty"
    } else if !value.bytes().all(|byte| byte.is_ascii_graphic() && byte != b'<' && byte != b'>') {
        "must be printable ASCII without spaces or angle brackets"
    } else if !shape(value) {
        expected
    } else {
        return Ok(());
    };
    Err(MailError::Header { field, value: shorten(value), reason })
}

fn address_error(field: &'static str, value: &str, error: lettre::address::AddressError) -> MailError {
    MailError::Address { field, value: shorten(value), error }
}
