//! The recipient as a header value that cannot break the message: a display name stored
//! before names were validated may hold CR/LF, other control characters or thousands of
//! characters. lettre panics on a line break in a name and never folds a long word, so
//! the name is cleaned here, and every header line is checked against RFC 5322's limit.

use lettre::message::Mailbox;
use lettre::Address;

use super::{MailError, Result};

/// The longest display name kept, in characters; a longer one is cut (with "…"). Names
/// are for a greeting, and lettre writes a name without spaces as one unfoldable word.
pub const MAX_NAME_CHARS: usize = 100;

/// RFC 5322 §2.1.1: no line of a message may exceed 998 characters (without CRLF).
pub const MAX_LINE: usize = 998;

/// `name` as it can be shown: every control character (CR, LF, TAB, NUL...) becomes a
/// space, runs of spaces one, the ends trimmed, cut at `MAX_NAME_CHARS`. None when
/// nothing is left, so the mail goes to the bare address.
pub fn display_name(name: &str) -> Option<String> {
    let cleaned: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut words = cleaned.split_whitespace();
    let mut out = String::new();
    for word in words.by_ref() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > MAX_NAME_CHARS {
            break;
        }
    }
    if out.chars().count() > MAX_NAME_CHARS {
        out = out.chars().take(MAX_NAME_CHARS - 1).collect::<String>().trim_end().to_owned();
        out.push('…');
    }
    (!out.is_empty()).then_some(out)
}

/// The `To:` mailbox; a bad address is the digest's fatal error, naming the field.
pub fn recipient(name: &str, email: &str) -> Result<Mailbox> {
    let address: Address =
        email.trim().parse().map_err(|error| MailError::Address { field: "to", value: shorten(email), error })?;
    // lettre quotes or RFC 2047-encodes the name as needed (commas, quotes, non-ASCII).
    Ok(Mailbox::new(display_name(name), address))
}

/// Fails with the first header whose line is too long for any relay to take: an address
/// or id long enough would otherwise be refused at DATA, or worse, be cut by a relay.
pub fn check_line_lengths(headers: &str) -> Result<()> {
    match headers.split("\r\n").find(|line| line.len() > MAX_LINE) {
        None => Ok(()),
        Some(line) => Err(MailError::Header {
            field: "header line",
            value: shorten(line),
            reason: "is longer than the 998 characters RFC 5322 allows",
        }),
    }
}

/// A value for an error message: long values are cut, so the stored error stays short.
pub fn shorten(value: &str) -> String {
    const SHOWN: usize = 80;
    if value.chars().count() <= SHOWN {
        return value.to_owned();
    }
    let head: String = value.chars().take(SHOWN).collect();
    format!("{head}… ({} characters)", value.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces_and_long_names_are_cut() {
        assert_eq!(display_name("Dee\r\nBcc: eve@evil.example").as_deref(), Some("Dee Bcc: eve@evil.example"));
        assert_eq!(display_name(" \t\r\n ").as_deref(), None);
        assert_eq!(display_name("Dupont, Jean").as_deref(), Some("Dupont, Jean"));
        let long = display_name(&"x".repeat(2000)).unwrap_or_default();
        assert_eq!(long.chars().count(), MAX_NAME_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn a_hostile_name_renders_without_a_header_of_its_own() {
        let mailbox = recipient("Dee\r\nBcc: eve@evil.example", "dee@acme.example").map(|m| m.to_string());
        let shown = mailbox.unwrap_or_default();
        assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown:?}");
    }

    #[test]
    fn a_bad_address_and_an_overlong_line_are_errors_not_panics() {
        assert!(matches!(recipient("Dee", "not an address"), Err(MailError::Address { field: "to", .. })));
        assert!(check_line_lengths(&format!("To: {}\r\nX: y", "a".repeat(1000))).is_err());
        assert!(check_line_lengths("To: a@b.example\r\nX: y").is_ok());
    }
}
