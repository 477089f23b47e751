//! A queued digest as a message: pure, so the links, the Message-ID and what is left
//! out are tested without a database or a mail server.

use crate::mail::{DigestGoal, DigestMessage, MoreGoals};
use crate::org::Locale;
use crate::reminders::types::{DigestGoalRow, DigestKey};
use crate::reminders::Reason;

/// The configured parts of every digest.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `Name <address>`.
    pub from: String,
    /// Base of the goal links (the front end).
    pub app_url: String,
    /// Base of the unsubscribe link (this daemon).
    pub public_url: String,
    /// `digest_max_goals`: the most goals one digest lists.
    pub max_goals: usize,
}

impl MailSettings {
    /// The right-hand side of Message-IDs: the sender's domain, so ids are unique to
    /// this installation's mail.
    fn message_id_domain(&self) -> &str {
        let address = self.from.rsplit('<').next().unwrap_or(&self.from);
        let domain = address.rsplit('@').next().unwrap_or("goald.localhost").trim_end_matches('>').trim();
        if domain.is_empty() || domain.contains(char::is_whitespace) {
            "goald.localhost"
        } else {
            domain
        }
    }
}

/// Letters, digits, `-` and `.` as they are; anything else as `_XX` hex, so an id can sit
/// in a Message-ID, a file name or a URL path, and two ids never collide.
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

/// The name of the `.eml` file a digest is written to when mail goes to files: a
/// retry overwrites it instead of adding a second.
pub fn file_stem(key: &DigestKey) -> String {
    format!("{}_{}_{}", bounded(key.org.as_str()), bounded(key.owner.as_str()), key.week)
}

fn goal_link(settings: &MailSettings, key: &DigestKey, goal: &DigestGoalRow) -> String {
    format!(
        "{}/orgs/{}/goals/{}",
        settings.app_url.trim_end_matches('/'),
        safe(key.org.as_str()),
        safe(goal.id.as_str())
    )
}

/// The `max` most urgent of `goals`, most urgent first: past their end date, then the
/// longest untouched (never updated first), then the earliest end date, then by id so
/// the order is stable. `select_nth_unstable_by` then a sort of the kept ones: linear in
/// the goals due plus `max log max`, so 200k due goals cost no more than a few ms.
fn most_urgent(goals: &[DigestGoalRow], max: usize) -> Vec<&DigestGoalRow> {
    let urgency = |a: &&DigestGoalRow, b: &&DigestGoalRow| {
        let past = |g: &DigestGoalRow| !g.reasons.contains(&Reason::PastEndDate);
        (past(a), a.last_activity_at, a.end_date, &a.id).cmp(&(past(b), b.last_activity_at, b.end_date, &b.id))
    };
    let mut refs: Vec<&DigestGoalRow> = goals.iter().collect();
    if refs.len() > max && max > 0 {
        refs.select_nth_unstable_by(max - 1, urgency);
        refs.truncate(max);
    }
    refs.sort_by(urgency);
    refs
}

/// The message for `key`, listing the most urgent of `goals` (those still due at
/// delivery), at most `settings.max_goals`, and counting the rest.
pub fn compose(
    settings: &MailSettings,
    key: &DigestKey,
    to_name: &str,
    to_email: &str,
    locale: Locale,
    unsubscribe_token: &str,
    goals: &[DigestGoalRow],
) -> DigestMessage {
    DigestMessage {
        from: settings.from.clone(),
        to_name: to_name.to_owned(),
        to_email: to_email.to_owned(),
        locale,
        message_id: message_id(key, settings),
        unsubscribe_url: format!("{}/v1/unsubscribe/{}", settings.public_url.trim_end_matches('/'), unsubscribe_token),
        more: (goals.len() > settings.max_goals).then(|| MoreGoals {
            count: goals.len() - settings.max_goals,
            link: format!(
                "{}/orgs/{}/goals?owner={}",
                settings.app_url.trim_end_matches('/'),
                safe(key.org.as_str()),
                safe(key.owner.as_str())
            ),
        }),
        goals: most_urgent(goals, settings.max_goals.max(1))
            .into_iter()
            .map(|goal| DigestGoal {
                title: goal.title.clone(),
                end_date: goal.end_date,
                reasons: goal.reasons.clone(),
                link: goal_link(settings, key, goal),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{GoalId, MemberId, OrgId};
    use crate::reminders::Reason;

    fn settings() -> MailSettings {
        MailSettings {
            from: "Goals <goals@example.com>".into(),
            app_url: "https://goals.example.com/".into(),
            public_url: "https://goald.example.com".into(),
            max_goals: 2,
        }
    }

    fn key(owner: &str) -> DigestKey {
        DigestKey {
            org: OrgId::parse("acme".to_owned()).unwrap(),
            owner: MemberId::parse(owner.to_owned()).unwrap(),
            week: "2026-W48".parse().unwrap(),
        }
    }

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
    fn the_digest_links_each_goal_and_carries_the_unsubscribe_token() {
        let goal = DigestGoalRow {
            id: GoalId::parse("g-1".to_owned()).unwrap(),
            title: "Ship it".into(),
            end_date: "2026-12-31".parse().unwrap(),
            reasons: vec![Reason::PastEndDate],
            last_activity_at: None,
        };
        let digest = compose(&settings(), &key("dee"), "Dee", "dee@example.com", Locale::Fr, "tok123", &[goal]);
        assert_eq!(digest.goals[0].link, "https://goals.example.com/orgs/acme/goals/g-1");
        assert_eq!(digest.unsubscribe_url, "https://goald.example.com/v1/unsubscribe/tok123");
        assert_eq!(digest.locale, Locale::Fr);
        assert_eq!(digest.goals[0].reasons, vec![Reason::PastEndDate]);
    }

    #[test]
    fn a_capped_digest_lists_the_most_urgent_first_and_counts_the_rest() {
        let row = |id: &str, past: bool, touched: Option<&str>| DigestGoalRow {
            id: GoalId::parse(id.to_owned()).unwrap(),
            title: id.to_owned(),
            end_date: "2026-12-31".parse().unwrap(),
            reasons: if past { vec![Reason::PastEndDate] } else { vec![Reason::NotUpdated28Days] },
            last_activity_at: touched.map(|t| t.parse().unwrap()),
        };
        let goals = [
            row("recent", false, Some("2026-10-20T00:00:00Z")),
            row("old", false, Some("2026-01-01T00:00:00Z")),
            row("past", true, Some("2026-11-01T00:00:00Z")),
            row("never", false, None),
        ];
        // max_goals is 2 in these settings.
        let digest = compose(&settings(), &key("dee"), "Dee", "dee@example.com", Locale::En, "t", &goals);
        let listed: Vec<&str> = digest.goals.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(listed, ["past", "never"]);
        let more = digest.more.expect("two left out");
        assert_eq!((more.count, more.link.as_str()), (2, "https://goals.example.com/orgs/acme/goals?owner=dee"));
        let all = MailSettings { max_goals: 10, ..settings() };
        let digest = compose(&all, &key("dee"), "Dee", "dee@example.com", Locale::En, "t", &goals);
        assert_eq!(
            digest.goals.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(),
            ["past", "never", "old", "recent"]
        );
        assert!(digest.more.is_none());
    }
}
