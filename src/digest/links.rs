//! The names a digest goes by: its Message-ID and file name (ids escaped so they fit a
//! header or a file system), and the links it carries (ids percent-encoded, RFC 3986, so
//! a front end reads them with any URL library).

use crate::digest::settings::MailSettings;
use crate::reminders::types::DigestKey;

/// The default `goal_url_template`: the front end's goal page.
pub const DEFAULT_GOAL_URL_TEMPLATE: &str = "{app_url}/orgs/{org}/goals/{goal}";

/// `id` as one URL path segment or query value: the RFC 3986 unreserved characters as
/// they are, every other byte of its UTF-8 as `%XX`, so `q4_review/2026` is
/// `q4_review%2F2026`.
pub fn percent_encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The goal's link: the template with `{app_url}` (without a trailing `/`), `{org}` and
/// `{goal}` filled in, the ids percent-encoded. The template is checked when the
/// configuration loads (it must hold `{goal}`).
pub fn goal_url(settings: &MailSettings, org: &str, goal: &str) -> String {
    settings
        .goal_url_template
        .replace("{app_url}", settings.app_url.trim_end_matches('/'))
        .replace("{org}", &percent_encode(org))
        .replace("{goal}", &percent_encode(goal))
}

/// Every goal of the owner in the front end, after a capped list.
pub fn owner_goals_url(settings: &MailSettings, key: &DigestKey) -> String {
    format!(
        "{}/orgs/{}/goals?owner={}",
        settings.app_url.trim_end_matches('/'),
        percent_encode(key.org.as_str()),
        percent_encode(key.owner.as_str())
    )
}

/// Letters, digits, `-` and `.` as they are; anything else as `_XX` hex, so an id can sit
/// in a Message-ID or a file name, and two ids never collide.
fn safe(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("_{byte:02X}"));
        }
    }
    out
}

/// The longest escaped id kept whole in a Message-ID or a file name: two of them, the
/// week and the rest stay far below a file name's 255 bytes and a header line's 998.
const MAX_SAFE_ID: usize = 64;

/// `safe(id)`, or when longer than `MAX_SAFE_ID` its first 40 characters, `_h` and 16
/// hex digits of its SHA-256: still the same on every retry, and never equal to the
/// escape of another id (`safe` writes `_` only before two upper-case hex digits).
fn bounded(id: &str) -> String {
    use sha2::{Digest as _, Sha256};
    let escaped = safe(id);
    if escaped.len() <= MAX_SAFE_ID {
        return escaped;
    }
    let hash = Sha256::digest(id.as_bytes());
    let hex: String = hash.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    // `safe` writes ASCII only, so any byte index is a character boundary.
    format!("{}_h{hex}", &escaped[..40])
}

/// The same for the same owner and week on every retry (CONTRACT §9).
pub fn message_id(key: &DigestKey, settings: &MailSettings) -> String {
    format!(
        "digest.{}.{}.{}@{}",
        bounded(key.org.as_str()),
        bounded(key.owner.as_str()),
        key.week,
        settings.message_id_domain()
    )
}

/// The digest's List-Id (RFC 2919), one per org: a dot-atom, so the org's id goes in with
/// `safe` and its dots escaped too (a dot-atom holds no `..`).
pub fn list_id(org: &str, settings: &MailSettings) -> String {
    format!("weekly-digest.{}.{}", bounded(org).replace('.', "_2E"), settings.message_id_domain())
}

/// The name of the `.eml` file a digest is written to when mail goes to files: a
/// retry overwrites it instead of adding a second.
pub fn file_stem(key: &DigestKey) -> String {
    format!("{}_{}_{}", bounded(key.org.as_str()), bounded(key.owner.as_str()), key.week)
}

/// The manager digest's Message-ID (issue 17): the same for the same manager and period
/// on every retry, never equal to an owner digest's.
pub fn manager_message_id(org: &str, manager: &str, period: &str, settings: &MailSettings) -> String {
    format!("manager-digest.{}.{}.{period}@{}", bounded(org), bounded(manager), settings.message_id_domain())
}

/// The manager digest's List-Id and `.eml` file name.
pub fn manager_list_id(org: &str, settings: &MailSettings) -> String {
    format!("team-digest.{}.{}", bounded(org).replace('.', "_2E"), settings.message_id_domain())
}

pub fn manager_file_stem(org: &str, manager: &str, period: &str) -> String {
    format!("manager_{}_{}_{period}", bounded(org), bounded(manager))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::fixtures::{key, settings};

    #[test]
    fn the_message_id_depends_only_on_org_owner_week_and_the_senders_domain() {
        assert_eq!(message_id(&key("dee"), &settings()), "digest.acme.dee.2026-W48@example.com");
        assert_eq!(message_id(&key("dee"), &settings()), message_id(&key("dee"), &settings()));
        assert_ne!(message_id(&key("dee"), &settings()), message_id(&key("eli"), &settings()));
    }

    #[test]
    fn ids_with_unsafe_characters_are_escaped_and_stay_distinct() {
        let odd = message_id(&key("a+b:c"), &settings());
        assert_eq!(odd, "digest.acme.a_2Bb_3Ac.2026-W48@example.com");
        assert_ne!(file_stem(&key("a_2B")), file_stem(&key("a+")));
    }

    #[test]
    fn a_long_id_is_bounded_by_a_hash_and_stays_distinct_and_stable() {
        // 128 characters, the longest id, escaped to 768 bytes: too long for a file name.
        let (long, longer) = ("é".repeat(128), format!("{}y", "é".repeat(127)));
        let stem = file_stem(&key(&long));
        assert!(stem.len() < 120, "{stem}");
        assert_eq!(stem, file_stem(&key(&long)));
        assert_ne!(stem, file_stem(&key(&longer)));
        assert!(message_id(&key(&long), &settings()).len() < 200);
        assert_eq!(file_stem(&key(&"x".repeat(64))), format!("acme_{}_2026-W48", "x".repeat(64)));
    }

    #[test]
    fn the_list_id_is_one_dot_atom_per_org() {
        assert_eq!(list_id("acme", &settings()), "weekly-digest.acme.example.com");
        assert_eq!(list_id("a..b c", &settings()), "weekly-digest.a_2E_2Eb_20c.example.com");
    }

    #[test]
    fn ids_in_links_are_percent_encoded_so_any_url_library_reads_them() {
        assert_eq!(percent_encode("q4_review/2026"), "q4_review%2F2026");
        assert_eq!(percent_encode("a b?c#d%"), "a%20b%3Fc%23d%25");
        assert_eq!(percent_encode("é~"), "%C3%A9~");
        assert_eq!(
            goal_url(&settings(), "acme/eu", "q4_review/2026"),
            "https://goals.example.com/orgs/acme%2Feu/goals/q4_review%2F2026"
        );
    }

    #[test]
    fn the_goal_link_follows_the_configured_template() {
        let custom = MailSettings { goal_url_template: "https://app.example/g/{goal}?org={org}".into(), ..settings() };
        assert_eq!(goal_url(&custom, "acme", "g 1"), "https://app.example/g/g%201?org=acme");
    }
}
