#![forbid(unsafe_code)]
//! The `goald` binary: parses the command line and runs it (`goald::cli`).

use std::process::ExitCode;

use clap::Parser;

use goald::cli::args::Cli;

/// An import allocates tens of millions of small strings; mimalloc does that several
/// times faster than the system allocator and hands memory back as readily.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    match goald::cli::run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    // The reader went away (`goald ... | head`): what it wanted was printed.
    let broken_pipe = error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("goald: error: {error:#}");
    ExitCode::FAILURE
}
