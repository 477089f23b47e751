//! The suppression list as delivery writes it: a permanent refusal of the recipient or
//! the message puts the address on it (see `store::SuppressionStore`).

use chrono::{DateTime, Utc};

use crate::reminders::types::DigestKey;
use crate::store::Store;

/// Puts the refused address on the suppression list. A failure to record it is logged,
/// not raised: the digest's own outcome must still be marked.
pub async fn suppress(store: &dyn Store, key: &DigestKey, email: &str, reply: &str, at: DateTime<Utc>) {
    let reply = smtp_reply(reply);
    match store.suppress((&key.org, &key.owner), email, ("smtp_permanent", &reply), at).await {
        Ok(()) => {
            crate::telemetry::suppression("added");
            // The code only: a reply may quote the address.
            let code = reply.get(..3).unwrap_or_default();
            tracing::warn!(org = key.org.as_str(), owner = key.owner.as_str(), code, "address suppressed");
        }
        Err(e) => tracing::error!(org = key.org.as_str(), owner = key.owner.as_str(), error = %e, "could not suppress"),
    }
}

/// lettre's "permanent error (550): mailbox unavailable" as the server said it: "550 mailbox unavailable".
fn smtp_reply(error: &str) -> String {
    let Some(rest) = error.strip_prefix("permanent error (") else { return error.to_owned() };
    match rest.split_once("): ") {
        Some((code, text)) => format!("{code} {text}"),
        None => rest.trim_end_matches(')').to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_suppression_keeps_the_servers_reply_as_the_server_said_it() {
        assert_eq!(smtp_reply("permanent error (550): 5.1.1 no such user"), "550 5.1.1 no such user");
        assert_eq!(smtp_reply("permanent error (554)"), "554");
        assert_eq!(smtp_reply("something else"), "something else");
    }
}
