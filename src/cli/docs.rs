//! `goald completions SHELL` and `goald man`: generated from the clap shape, so they
//! cannot drift from the commands.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::args::Cli;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "goald", &mut out);
    out.flush()?;
    Ok(())
}

/// The man page of `goald` and its commands, in roff (`man -l -` reads it).
pub fn man() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(())
}
