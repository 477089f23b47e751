//! Nudges, cheers and the preferences that govern every email goald sends a member
//! (issue 15, docs/notifications.md). Pure: who may send one, the 24-hour rate limit, the
//! 15-minute window that groups an owner's notifications into one email, and the
//! preference changes the preferences page and `goald preferences set` accept.

mod kind;
mod preferences;
mod rules;

pub use kind::NotificationKind;
pub use preferences::{PreferenceChange, PreferenceError, Preferences, Setting};
pub use rules::{may_notify, retry_after, retry_wait, window_of, Refusal, RATE_LIMIT, WINDOW};
