//! The `gatewright` command: parse arguments, run the command, exit with its status.

mod check_cmd;
mod cli;
mod compile_cmd;
#[cfg(feature = "deploy")]
mod deploy_cmd;
mod discover;
mod run;
mod settings;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { run::USAGE } else { run::OK });
        }
    };
    ExitCode::from(run::run(cli.command))
}
