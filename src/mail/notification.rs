//! The nudge and cheer email (docs/notifications.md): one per owner and 15-minute window,
//! naming who nudged or cheered which goal, in the owner's language, with the digest's
//! list headers (a one-click link that stops nudges and cheers, and the preferences page).

use askama::Template;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::address::{check_line_lengths, recipient, shorten};
use super::headers::{AutoSubmitted, ContentLanguage, ListId, ListUnsubscribe, ListUnsubscribePost};
use super::notification_words::{ArgValue, NotificationWords};
use super::{MailError, Result};
use crate::notify::NotificationKind;
use crate::org::Locale;

/// One batch, everything needed to render it.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationMessage {
    pub from: String,
    pub to_name: String,
    pub to_email: String,
    pub locale: Locale,
    pub org_name: String,
    /// Without angle brackets; the same on every retry of the batch.
    pub message_id: String,
    pub list_id: String,
    /// One-click (RFC 8058): stops nudges and cheers.
    pub unsubscribe_url: String,
    pub preferences_url: String,
    /// Oldest first; at least one.
    pub items: Vec<NotificationLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationLine {
    pub kind: NotificationKind,
    pub sender: String,
    pub goal_title: String,
    pub link: String,
}

struct Item {
    line: String,
    link: String,
}

struct View {
    language: &'static str,
    subject: String,
    org_name: String,
    greeting: String,
    items: Vec<Item>,
    open: String,
    preferences: String,
    preferences_url: String,
    unsubscribe: String,
    unsubscribe_url: String,
}

#[derive(Template)]
#[template(path = "mail/notification.txt")]
struct TextPart<'a> {
    view: &'a View,
}

#[derive(Template)]
#[template(path = "mail/notification.html")]
struct HtmlPart<'a> {
    view: &'a View,
}

fn line_id(kind: NotificationKind) -> (&'static str, &'static str) {
    match kind {
        NotificationKind::Nudge => ("notification-nudge", "notification-subject-nudge"),
        NotificationKind::Cheer => ("notification-cheer", "notification-subject-cheer"),
    }
}

fn view(message: &NotificationMessage) -> Result<View> {
    let words = NotificationWords::new(message.locale)?;
    let about = |id, line: &NotificationLine| {
        words.text(id, &[("sender", ArgValue::Text(&line.sender)), ("goal", ArgValue::Text(&line.goal_title))])
    };
    let subject = match message.items.as_slice() {
        [one] => about(line_id(one.kind).1, one)?,
        many => words.text("notification-subject-many", &[("count", ArgValue::Count(many.len()))])?,
    };
    let items = message
        .items
        .iter()
        .map(|line| Ok(Item { line: about(line_id(line.kind).0, line)?, link: line.link.clone() }))
        .collect::<Result<Vec<_>>>()?;
    Ok(View {
        language: message.locale.as_str(),
        subject,
        org_name: message.org_name.clone(),
        greeting: words.text("notification-greeting", &[("name", ArgValue::Text(&message.to_name))])?,
        items,
        open: words.text("notification-open", &[])?,
        preferences: words.text("notification-preferences", &[])?,
        preferences_url: message.preferences_url.clone(),
        unsubscribe: words.text("notification-unsubscribe", &[])?,
        unsubscribe_url: message.unsubscribe_url.clone(),
    })
}

/// The subject and the two bodies.
pub fn notification_bodies(message: &NotificationMessage) -> Result<(String, String, String)> {
    let view = view(message)?;
    let text = TextPart { view: &view }.render()?;
    let html = HtmlPart { view: &view }.render()?;
    Ok((view.subject, text, html))
}

pub fn render_notification(message: &NotificationMessage) -> Result<Message> {
    for (field, value) in [("message id", &message.message_id), ("list id", &message.list_id)] {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>') {
            return Err(MailError::Header { field, value: shorten(value), reason: "must be printable ASCII" });
        }
    }
    let from: Mailbox = message.from.parse().map_err(|error| MailError::Address {
        field: "from",
        value: shorten(&message.from),
        error,
    })?;
    let to = recipient(&message.to_name, &message.to_email)?;
    let (subject, text, html) = notification_bodies(message)?;
    let part = |content_type, body| {
        SinglePart::builder().header(content_type).header(ContentTransferEncoding::QuotedPrintable).body(body)
    };
    let built = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<{}>", message.message_id)))
        .header(ListId(format!("<{}>", message.list_id)))
        .header(ListUnsubscribe(format!("<{}>", message.unsubscribe_url)))
        .header(ListUnsubscribePost("List-Unsubscribe=One-Click".to_owned()))
        .header(ContentLanguage(message.locale.as_str().to_owned()))
        .header(AutoSubmitted("auto-generated".to_owned()))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, text))
                .singlepart(part(ContentType::TEXT_HTML, html)),
        )?;
    check_line_lengths(&built.headers().to_string())?;
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(locale: Locale, kinds: &[NotificationKind]) -> NotificationMessage {
        NotificationMessage {
            from: "goald <goald@example.com>".into(),
            to_name: "Dee".into(),
            to_email: "dee@example.com".into(),
            locale,
            org_name: "Acme".into(),
            message_id: "notify.acme.dee.20261201T1000@example.com".into(),
            list_id: "notifications.acme.example.com".into(),
            unsubscribe_url: "https://goald.example/v1/unsubscribe/t".into(),
            preferences_url: "https://goald.example/v1/preferences/t".into(),
            items: kinds
                .iter()
                .map(|kind| NotificationLine {
                    kind: *kind,
                    sender: "Ada <script>".into(),
                    goal_title: "Q4 revenue".into(),
                    link: "https://app.example/g/1".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn one_nudge_names_the_sender_and_goal_in_the_subject_and_the_html_is_escaped() {
        let (subject, text, html) = notification_bodies(&message(Locale::En, &[NotificationKind::Nudge])).unwrap();
        assert_eq!(subject, "Ada <script> nudged you about “Q4 revenue”");
        assert!(text.contains("Ada <script> nudged you about “Q4 revenue”: Update?"), "{text}");
        assert!(html.contains("Ada &#60;script&#62;") && !html.contains("<script>"), "{html}");
    }

    #[test]
    fn several_in_french_say_how_many_with_french_typography() {
        let kinds = [NotificationKind::Nudge, NotificationKind::Cheer];
        let (subject, text, _) = notification_bodies(&message(Locale::Fr, &kinds)).unwrap();
        assert_eq!(subject, "2 relances et encouragements sur vos objectifs");
        assert!(text.contains("vous relance sur «\u{202F}Q4 revenue\u{202F}»\u{202F}: du nouveau\u{202F}?"), "{text}");
        assert!(text.contains("continuez comme ça\u{202F}!") && text.contains("Ouvrir l’objectif"), "{text}");
    }

    #[test]
    fn the_message_carries_the_list_headers_and_its_stable_id() {
        let rendered = render_notification(&message(Locale::En, &[NotificationKind::Cheer])).unwrap();
        let headers = rendered.headers().to_string();
        assert!(headers.contains("Message-ID: <notify.acme.dee.20261201T1000@example.com>"), "{headers}");
        assert!(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{headers}");
        assert!(headers.contains("List-Unsubscribe: <https://goald.example/v1/unsubscribe/t>"), "{headers}");
    }
}
