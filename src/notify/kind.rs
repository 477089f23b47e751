//! What a colleague sends an owner about one of their goals.

use crate::core::text_enum;

text_enum!(
    /// A nudge ("Update?") or a cheer ("Keep it up!").
    NotificationKind {
        Nudge => "nudge",
        Cheer => "cheer",
    }
);
