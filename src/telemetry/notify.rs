//! The metrics of nudges and cheers (docs/metrics.md): the requests taken or limited,
//! and the emails that carry them.

use metrics::{counter, describe_counter};

/// What a nudge or cheer request became.
pub const REQUEST_OUTCOMES: [&str; 2] = ["queued", "rate_limited"];
/// How a notification email's attempt ended (as digests').
pub const EMAIL_OUTCOMES: [&str; 4] = ["sent", "skipped", "retried", "failed"];

pub(super) fn describe_and_zero() {
    describe_counter!("goald_notifications_total", "Nudges and cheers asked of this process, by kind and outcome.");
    describe_counter!(
        "goald_notification_emails_total",
        "Notification email attempts (one per owner and 15-minute window) by this process, by outcome."
    );
    for kind in ["nudge", "cheer"] {
        for outcome in REQUEST_OUTCOMES {
            counter!("goald_notifications_total", "kind" => kind, "outcome" => outcome).absolute(0);
        }
    }
    for outcome in EMAIL_OUTCOMES {
        counter!("goald_notification_emails_total", "outcome" => outcome).absolute(0);
    }
}

/// A nudge or cheer request of `kind` ended with `outcome` (one of REQUEST_OUTCOMES).
pub fn request(kind: &'static str, outcome: &'static str) {
    counter!("goald_notifications_total", "kind" => kind, "outcome" => outcome).increment(1);
}

/// A notification email attempt ended with `outcome` (one of EMAIL_OUTCOMES).
pub fn email(outcome: &'static str) {
    counter!("goald_notification_emails_total", "outcome" => outcome).increment(1);
}
