//! The commands, one file each, and the dispatcher. Commands use the edge (`crate::io`) and the
//! library; shared pieces (a document under its settings, the summary line, building an API) have
//! files of their own, so no command imports another.

mod build;
mod check;
mod compile;
#[cfg(feature = "deploy")]
mod deploy;
mod docs;
mod document;
mod fix;
#[cfg(feature = "lsp")]
mod lsp;
mod summary;
mod views;

use crate::cli::Command;

/// Runs `command`; the exit status.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Check { paths, strict, only_openapi, format, statistics, fix: true, diff, resource, common } => {
            let select = check::Selection { strict, only_openapi, resource: resource.as_deref() };
            match fix::run(&paths, diff, &common) {
                // With --diff nothing changed and the diff is the report: the status is 1 when
                // fixes are pending (as ruff's `--diff`), else what `check` would say. A file
                // refused is exit 2, after the check has reported on every file.
                Ok(done) => {
                    let output = check::Output { format, statistics, quiet: diff };
                    let status = check::run(&paths, select, output, &common);
                    let status = if diff && done.applied > 0 { status.max(crate::io::FAILED) } else { status };
                    if done.refused > 0 { crate::io::USAGE } else { status }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    crate::io::USAGE
                }
            }
        }
        Command::Check { paths, strict, only_openapi, format, statistics, resource, common, .. } => {
            let output = check::Output { format, statistics, quiet: false };
            check::run(
                &paths,
                check::Selection { strict, only_openapi, resource: resource.as_deref() },
                output,
                &common,
            )
        }
        Command::Routes { file, format, resource, common } => {
            views::routes(&file, resource.as_deref(), format, &common)
        }
        Command::Route { file, request, format, resource, common } => {
            views::route(&file, resource.as_deref(), &request, format, &common)
        }
        Command::Completions { shell } => docs::completions(shell),
        Command::Man { all } => docs::man(all.as_deref()),
        Command::Compile(args) => compile::run(&args),
        #[cfg(feature = "deploy")]
        Command::Deploy(args) => deploy::run(&args),
        #[cfg(not(feature = "deploy"))]
        Command::Deploy(_) => {
            eprintln!("error: this gatewright was built without the `deploy` feature");
            crate::io::USAGE
        }
        #[cfg(feature = "lsp")]
        Command::Lsp { common } => lsp::run(&common),
        #[cfg(not(feature = "lsp"))]
        Command::Lsp { .. } => {
            eprintln!("error: this gatewright was built without the `lsp` feature");
            crate::io::USAGE
        }
        Command::Explain { code } => docs::explain(&code),
        Command::Rules { markdown } => docs::rules(markdown),
    }
}
