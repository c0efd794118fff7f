//! The `brief` binary: parse the command line, dispatch, report errors, pick the exit
//! status (0 all good, 1 some inputs failed, 2 usage/setup error).

use std::process::ExitCode;

use clap::Parser;

use brief::app::{bench, run, RunOutcome};
use brief::cli::{Cli, Command};
use brief::shard::merge;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => run(&args.into_config()).map_err(anyhow::Error::from),
        Command::Merge(args) => merge(&args.into_config()).map_err(anyhow::Error::from),
        Command::Bench(args) => bench(&args.into_config())
            .map(|()| RunOutcome::AllSucceeded)
            .map_err(anyhow::Error::from),
    };
    match outcome {
        Ok(RunOutcome::AllSucceeded) => ExitCode::SUCCESS,
        Ok(RunOutcome::SomeFailed) => ExitCode::from(1),
        Err(err) => {
            eprintln!("brief: {err:#}");
            ExitCode::from(2)
        }
    }
}
