//! `goald config check`.

use crate::cli::common::Common;
use crate::cli::output::{print_json, redact};

/// `goald config check`: the problems of the loaded configuration, or the effective
/// settings (without passwords) when there is none.
pub fn check(common: &Common) -> anyhow::Result<()> {
    let problems = crate::config_check::problems(&common.config);
    if common.json {
        print_json(&serde_json::json!({"ok": problems.is_empty(), "problems": problems}))?;
    } else if problems.is_empty() {
        say!("configuration OK");
        say!("database: {}", redact(&common.database_url()));
        say!(
            "mail: {}",
            if common.config.mail_url.is_empty() {
                "files in <data_dir>/mail".to_owned()
            } else {
                redact(&common.config.mail_url)
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
