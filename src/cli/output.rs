//! How commands print: logs on stderr, the answer on stdout (human lines through `say!`,
//! or one JSON document with `--json`).

use std::io::{IsTerminal, Write};

use crate::config::LogFormat;

/// Logs go to stderr: stdout carries only the command's answer. A filter that does not
/// parse falls back to the default one. Text lines are coloured only on a terminal (not
/// in files or journald); JSON lines are flat (`message` and the event's fields at the
/// top level) with the current span's fields, such as a request's `request_id`, under
/// `span`.
pub fn init_logging(filter: &str, format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if format == LogFormat::Json {
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init()
    } else {
        builder.try_init()
    };
}

pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Counts by state as a JSON object (`{"queued": 3}`).
pub fn counts_json(counts: Vec<(String, i64)>) -> serde_json::Map<String, serde_json::Value> {
    counts.into_iter().map(|(state, n)| (state, n.into())).collect()
}

/// `what: state n, state n` or `what: none`.
pub fn print_counts(what: &str, counts: &[(String, i64)]) -> anyhow::Result<()> {
    let summary: Vec<String> = counts.iter().map(|(state, n)| format!("{state} {n}")).collect();
    say!("{what}: {}", if summary.is_empty() { "none".to_owned() } else { summary.join(", ") });
    Ok(())
}
