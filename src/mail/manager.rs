//! The manager digest as an email (issue 17): one `multipart/alternative` message, text
//! then HTML, with its stable Message-ID and its own one-click unsubscribe, like the
//! owner digest (`render`).

use askama::Template;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::address::{check_line_lengths, recipient, shorten};
use super::headers::{AutoSubmitted, ContentLanguage, ListId, ListUnsubscribe, ListUnsubscribePost};
use super::manager_message::ManagerDigestMessage;
use super::manager_view::{view, ManagerView};
use super::{Bodies, MailError, Result};

#[derive(Template)]
#[template(path = "mail/manager.txt")]
struct TextPart<'a> {
    view: &'a ManagerView<'a>,
}

#[derive(Template)]
#[template(path = "mail/manager.html")]
struct HtmlPart<'a> {
    view: &'a ManagerView<'a>,
}

/// The subject and the two bodies (what `reports render` writes).
pub fn manager_bodies(digest: &ManagerDigestMessage) -> Result<Bodies> {
    let view = view(digest)?;
    let text = TextPart { view: &view }.render()?;
    let html = HtmlPart { view: &view }.render()?;
    Ok(Bodies { subject: view.subject.clone(), text, html })
}

/// The digest as a message ready to send; every error is a `MailError` (it fails the
/// digest for good: a retry would fail the same way).
pub fn render_manager(digest: &ManagerDigestMessage) -> Result<Message> {
    for (field, value) in [("message id", &digest.message_id), ("list id", &digest.list_id)] {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>') {
            return Err(MailError::Header { field, value: shorten(value), reason: "must be printable ASCII" });
        }
    }
    if !(digest.unsubscribe_url.starts_with("https://") || digest.unsubscribe_url.starts_with("http://")) {
        let value = shorten(&digest.unsubscribe_url);
        return Err(MailError::Header { field: "unsubscribe URL", value, reason: "must be an https URL" });
    }
    let from: Mailbox = digest.from.parse().map_err(|error| MailError::Address {
        field: "from",
        value: shorten(&digest.from),
        error,
    })?;
    let to = recipient(&digest.to_name, &digest.to_email)?;
    let Bodies { subject, text, html } = manager_bodies(digest)?;
    let part = |content_type: ContentType, body: String| {
        SinglePart::builder().header(content_type).header(ContentTransferEncoding::QuotedPrintable).body(body)
    };
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
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
