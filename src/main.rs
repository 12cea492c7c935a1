//! The `gatewright` command: parse arguments, run the command, exit with its status.
//!
//! Layers, each using only those below it: [`cli`] (argument types) ← [`io`] (reading documents,
//! writing output, settings and file discovery) ← [`commands`] (one file per command, and the
//! dispatcher).

mod cli;
mod commands;
mod io;

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { io::USAGE } else { io::OK });
        }
    };
    ExitCode::from(commands::run(cli.command))
}
