//! The `goald` command line: its shape (`args`), one module per command group, and the
//! output helpers (`output`). `anyhow` lives here, in `app` and in main only.

/// Prints one line of human output, returning the I/O error instead of panicking, so
/// a closed pipe (`goald visibility ... | head`) ends the command quietly (see main).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod api_keys;
pub mod args;
pub(crate) mod common;
mod config;
mod data;
mod delivery;
mod docs;
mod hris;
mod inspect;
pub mod manager_reports;
pub mod output;
pub mod preferences;
mod reminders;
mod reminders_render;
mod report;
pub mod scim;
mod serve;
mod subcommands;
mod suppression;
mod values;

use crate::config::{LogFormat, RawSettings, Settings};
use args::{
    value_text, ApiKeyCommand, Cli, Command, ConfigCommand, DemoCommand, GoalCommand, HrisCommand, OutboxCommand,
    RemindersCommand, ReportCommand, SecretCommand,
};
pub use common::Common;

/// Loads the configuration, starts the logs and runs the command. Completions and the
/// man page need neither, so a broken configuration does not stop them.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Completions { shell } => return docs::completions(shell),
        Command::Man => return docs::man(),
        _ => {}
    }
    let loaded = Settings::load(cli.config.as_deref(), &overrides(&cli));
    match &loaded {
        Ok(settings) => output::init_logging(&settings.log, settings.log_format),
        // The problems are the answer (config check) or the error (any other command).
        Err(_) => output::init_logging(&RawSettings::default().log, LogFormat::default()),
    }
    if matches!(cli.command, Command::Config(ConfigCommand::Check)) {
        return config::check(loaded, cli.json);
    }
    let settings = loaded?;
    for advice in &settings.advice {
        tracing::warn!(advice = advice.as_str(), "the configuration works but is unsafe in production");
    }
    let clock = common::clock(std::env::var("GOALD_NOW").ok().as_deref())?;
    let common = Common { settings, json: cli.json, clock };
    dispatch(common, cli.command).await
}

/// The command line's options that are settings, by setting name: they are the top
/// layer of the configuration, checked with the rest.
fn overrides(cli: &Cli) -> Vec<(&'static str, String)> {
    let (http_addr, roles, mail_url) = match &cli.command {
        Command::Serve { http_addr, roles, mail_url } => (http_addr.clone(), roles.as_ref(), mail_url.clone()),
        Command::Deliver { mail_url, .. } => (None, None, mail_url.clone()),
        _ => (None, None, None),
    };
    let roles = roles.map(|roles| roles.iter().map(value_text).collect::<Vec<_>>().join(","));
    [
        ("database_url", cli.database_url.clone()),
        ("log_format", cli.log_format.as_ref().map(value_text)),
        ("http_addr", http_addr),
        ("roles", roles),
        ("mail_url", mail_url),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| (name, value)))
    .collect()
}

async fn dispatch(common: Common, command: Command) -> anyhow::Result<()> {
    let common = &common;
    match command {
        Command::Migrate => data::migrate(common).await,
        // Handled by `run` before the settings must be valid; the same answer here.
        Command::Config(ConfigCommand::Check) => config::check(Ok(common.settings.clone()), common.json),
        Command::Import { file } => data::import(common, &file).await,
        Command::Visibility(m) => inspect::visibility(common, &m.org, &m.member).await,
        Command::Goal(GoalCommand::Show { org, goal, at }) => {
            inspect::goal_show(common, &org, &goal, at.as_deref()).await
        }
        Command::Permissions { member, goal } => inspect::permissions(common, &member.org, &member.member, &goal).await,
        Command::Report(ReportCommand::Progress(args)) => report::progress(common, &args).await,
        Command::Report(ReportCommand::Adoption(args)) => report::adoption(common, &args).await,
        Command::Demo(DemoCommand::Generate { members, goals, seed, org, now }) => {
            data::demo_generate(common, &org, members, goals, seed, now.as_deref())
        }
        Command::ApiKey(ApiKeyCommand::Create { org, name }) => api_keys::api_key_create(common, &org, &name).await,
        Command::ApiKey(ApiKeyCommand::List { org }) => api_keys::api_key_list(common, &org).await,
        Command::ApiKey(ApiKeyCommand::Revoke { org, id }) => api_keys::api_key_revoke(common, &org, &id).await,
        Command::Scim(command) => scim::run(common, command).await,
        Command::Preferences(command) => preferences::run(common, command).await,
        Command::Reports(command) => manager_reports::run(common, command).await,
        Command::Suppression(command) => suppression::run(common, command).await,
        Command::Hris(HrisCommand::Apply { org, file }) => hris::hris_apply(common, &org, &file).await,
        Command::Hris(HrisCommand::Status { org }) => hris::hris_status(common, &org).await,
        Command::Hris(HrisCommand::Secret(SecretCommand::Add(args))) => {
            hris::hris_secret_add(common, &args.org, &hris::read_secret(&args)?).await
        }
        Command::Hris(HrisCommand::Secret(SecretCommand::Remove(args))) => {
            hris::hris_secret_remove(common, &args.org, &hris::read_secret(&args)?).await
        }
        Command::Reminders(RemindersCommand::Preview { org, at }) => {
            reminders::reminders_preview(common, &org, at.as_deref()).await
        }
        Command::Reminders(RemindersCommand::History { org }) => reminders::reminders_history(common, &org).await,
        Command::Reminders(RemindersCommand::Run { org, at }) => {
            reminders::reminders_run(common, &org, at.as_deref()).await
        }
        Command::Reminders(RemindersCommand::Render { org, owner, at, out }) => {
            reminders_render::render(common, (&org, &owner), at.as_deref(), &out).await
        }
        Command::Deliver { until, .. } => delivery::deliver(common, until.as_deref()).await,
        Command::Outbox { action: Some(OutboxCommand::Retry { state, org, since }), .. } => {
            delivery::outbox_retry(common, &value_text(&state), org.as_deref(), since.as_deref()).await
        }
        Command::Outbox { org, state, limit, action: None } => {
            delivery::outbox(common, org.as_deref(), state.as_ref().map(value_text).as_deref(), limit).await
        }
        Command::Serve { .. } => serve::serve(common).await,
        Command::Completions { shell } => docs::completions(shell),
        Command::Man => docs::man(),
    }
}
