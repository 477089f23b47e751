//! Ids and emails. Ids are zero-padded to a width fixed by the counts, so sorting ids as
//! strings (as every `--json` list does) keeps creation order.

#[derive(Debug, Clone)]
pub(crate) struct IdFormat {
    member_width: usize,
    team_width: usize,
    goal_width: usize,
    email_domain: String,
}

impl IdFormat {
    pub(crate) fn new(org_id: &str, members: usize, teams: usize, goals: usize) -> Self {
        IdFormat {
            member_width: digits(members).max(6),
            team_width: digits(teams).max(5),
            goal_width: digits(goals).max(7),
            email_domain: email_domain(org_id),
        }
    }

    /// The id of the member at `index` (0-based); the CEO is `m000001`.
    pub(crate) fn member(&self, index: usize) -> String {
        padded('m', index + 1, self.member_width)
    }

    pub(crate) fn team(&self, index: usize) -> String {
        padded('t', index + 1, self.team_width)
    }

    pub(crate) fn goal(&self, index: usize) -> String {
        padded('g', index + 1, self.goal_width)
    }

    /// Measurement ids carry their goal's id, so they are unique in the whole org.
    pub(crate) fn measurement(goal_id: &str, position: usize) -> String {
        format!("{goal_id}-k{}", position + 1)
    }

    pub(crate) fn email(&self, member_id: &str) -> String {
        format!("{member_id}@{}", self.email_domain)
    }
}

/// `prefix` then `number` zero-padded to `width` digits. Written by hand because ids are
/// most of the file and `format!` was a fifth of the time of a million-goal run.
fn padded(prefix: char, number: usize, width: usize) -> String {
    let mut text = String::with_capacity(width + 1);
    text.push(prefix);
    push_padded(&mut text, number as u64, width);
    text
}

/// Appends `number` in decimal, zero-padded to at least `width` (at most 20) digits.
pub(crate) fn push_padded(text: &mut String, number: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut rest = number;
    let mut first = digits.len();
    while rest > 0 {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let first = first.min(digits.len().saturating_sub(width.max(1)));
    // Only ASCII digits were written, so this never falls back.
    text.push_str(std::str::from_utf8(&digits[first..]).unwrap_or_default());
}

fn digits(count: usize) -> usize {
    count.max(1).to_string().len()
}

/// `.test` is reserved (RFC 2606), so a demo database can never mail a real address.
fn email_domain(org_id: &str) -> String {
    let label: String =
        org_id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let label = label.trim_matches('-');
    if label.is_empty() {
        "demo.test".to_owned()
    } else {
        format!("{label}.test")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_padded_wide_enough_to_sort_as_strings() {
        let ids = IdFormat::new("acme", 1_234_567, 10, 10);
        assert_eq!(ids.member(0), "m0000001");
        assert!(ids.member(8) < ids.member(9));
        assert_eq!(ids.goal(0), "g0000001");
        assert_eq!(ids.team(41), "t00042");
        assert_eq!(IdFormat::new("acme", 5, 5, 5).member(99_999), "m100000");
    }

    #[test]
    fn emails_use_a_reserved_domain_derived_from_the_org() {
        let ids = IdFormat::new("Acme Demo!", 10, 1, 1);
        assert_eq!(ids.email("m000001"), "m000001@acme-demo.test");
    }
}
