//! Command-line types (clap). Converted into plain library options in `run.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Compile and lint OpenAPI 3.0 documents for Amazon API Gateway HTTP APIs.
#[derive(Debug, Parser)]
#[command(name = "gatewright", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint documents the way API Gateway's importer judges them.
    ///
    /// Exit status: 0 when nothing fails, 1 when a file has an error (or a warning with
    /// --fail-on-warnings), 2 for usage errors or an unreadable file.
    Check {
        /// Documents to check (YAML or JSON, detected by content).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print the documentation of a diagnostic code (`GW002` or `duplicate-key`).
    Explain {
        /// The code's id or name.
        code: String,
    },
    /// List every diagnostic code.
    Rules {
        /// Print a Markdown table (the one README embeds).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the API, routes, integrations and authorizers that import would create.
    Routes {
        /// The document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Fail on warnings too, like AWS's FailOnWarnings.
    #[arg(long)]
    pub(crate) fail_on_warnings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// How the base path in `servers` affects route paths (ImportApi's Basepath).
    #[arg(long, value_enum, default_value_t = BasePath::Ignore)]
    pub(crate) basepath: BasePath,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Readable output, coloured on a terminal (NO_COLOR honoured).
    Human,
    /// One JSON object on stdout (schema in README).
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum BasePath {
    /// Paths as written (AWS's default).
    Ignore,
    /// Prepend the whole base path.
    Prepend,
    /// Prepend the base path without its first segment.
    Split,
}
