//! `goald config check`: the problems `Settings::load` found, or the effective settings
//! (without passwords) when there is none. Exits non-zero when there is a problem.

use crate::cli::output::print_json;
use crate::config::{ConfigError, Settings};

pub fn check(loaded: Result<Settings, ConfigError>, json: bool) -> anyhow::Result<()> {
    let (settings, problems, warnings) = match loaded {
        Ok(settings) => {
            let (advice, warnings) = (settings.advice.clone(), settings.warnings.clone());
            (Some(settings), advice, warnings)
        }
        Err(ConfigError::Problems(problems)) => (None, problems, Vec::new()),
        // A missing --config file names no setting: it is the command's error.
        Err(e) => return Err(e.into()),
    };
    if json {
        print_json(&serde_json::json!({"ok": problems.is_empty(), "problems": problems, "warnings": warnings}))?;
    } else if let Some(settings) = settings.as_ref().filter(|_| problems.is_empty()) {
        say!("configuration OK");
        for warning in &warnings {
            say!("warning: {warning}");
        }
        say!("database: {}", settings.effective_database_url());
        say!(
            "mail: {}",
            if settings.mail_url.expose().is_empty() {
                "files in <data_dir>/mail".to_owned()
            } else {
                settings.mail_url.to_string()
            }
        );
    } else {
        for problem in &problems {
            say!("{problem}");
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("the configuration has {} problem(s)", problems.len())
    }
}
