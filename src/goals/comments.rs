//! Who may edit or delete a comment, and until when (pure: no I/O). The Betterworks rule:
//! only its author, within 24 hours of writing it.

use chrono::{DateTime, TimeDelta, Utc};

use crate::core::ids::MemberId;

/// How long after writing a comment its author may still change it.
pub const COMMENT_EDIT_WINDOW: TimeDelta = TimeDelta::hours(24);

/// Why a comment may not be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentRefusal {
    NotTheAuthor,
    TooLate,
}

impl CommentRefusal {
    pub fn message(self) -> &'static str {
        match self {
            CommentRefusal::NotTheAuthor => "only the comment's author edits or deletes it",
            CommentRefusal::TooLate => {
                "a comment is edited or deleted within 24 hours of writing it; this one is older"
            }
        }
    }
}

/// The author may change their comment until 24 hours after `written` (the window counts
/// from the writing, not from the last edit, so editing does not extend it).
pub fn may_change_comment(
    actor: &MemberId,
    author: &MemberId,
    written: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), CommentRefusal> {
    if actor != author {
        return Err(CommentRefusal::NotTheAuthor);
    }
    if now - written >= COMMENT_EDIT_WINDOW {
        return Err(CommentRefusal::TooLate);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goals::fixtures::member;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_author_changes_their_comment_within_24_hours() {
        let written = at("2026-12-01T10:00:00Z");
        assert_eq!(may_change_comment(&member("dee"), &member("dee"), written, written), Ok(()));
        let almost = at("2026-12-02T09:59:59Z");
        assert_eq!(may_change_comment(&member("dee"), &member("dee"), written, almost), Ok(()));
    }

    #[test]
    fn from_24_hours_on_nobody_changes_it() {
        let written = at("2026-12-01T10:00:00Z");
        let late = at("2026-12-02T10:00:00Z");
        assert_eq!(may_change_comment(&member("dee"), &member("dee"), written, late), Err(CommentRefusal::TooLate));
    }

    #[test]
    fn someone_else_never_changes_it_not_even_at_once() {
        let written = at("2026-12-01T10:00:00Z");
        let refused = may_change_comment(&member("ada"), &member("dee"), written, written);
        assert_eq!(refused, Err(CommentRefusal::NotTheAuthor));
    }
}
