//! The flags' fixed sets of values, as clap `ValueEnum`s: a typo (`--log-format jsn`)
//! is refused with the list of values.

use clap::ValueEnum;

/// `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormatArg {
    /// Readable lines, coloured only on a terminal.
    Text,
    /// One flat JSON object per line, for log collectors.
    Json,
}

/// A digest's state, for `outbox --state` and `outbox retry --state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestStateArg {
    /// Waiting to be sent (or for a retry).
    Queued,
    /// Handed to the mail server.
    Sent,
    /// Given up on, with the reason.
    Failed,
    /// Not sent: nothing was left to say, or the owner left or unsubscribed.
    Skipped,
}

/// A role of `goald serve --roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// The HTTP API, the webhook and the unsubscribe links (health and metrics always answer).
    Api,
    /// The weekly evaluations.
    Scheduler,
    /// Digest delivery and the HRIS inbox.
    Worker,
}

/// The text clap shows for a value (`json`, `failed`, ...).
pub fn value_text(value: &impl ValueEnum) -> String {
    value.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default()
}
