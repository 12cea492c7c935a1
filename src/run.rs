//! The commands: read files, call the library, print, and choose the exit status.
//! This is the only place that touches files, the terminal and the environment.

use crate::cli::{BasePath, Command, Common, ViewFormat};
use crate::settings::{Finder, resolve};
use clap::CommandFactory;
use gatewright::diagnostics::render::{self, HumanStyle};
use gatewright::diagnostics::{Code, Severity};
use gatewright::ir::BasePathMode;
use gatewright::source::SourceFile;
use gatewright::{Analysis, analyze, view};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Exit statuses.
pub(crate) const OK: u8 = 0;
pub(crate) const FAILED: u8 = 1;
pub(crate) const USAGE: u8 = 2;

pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Check { paths, strict, format, common } => crate::check_cmd::run(&paths, strict, format, &common),
        Command::Routes { file, format, common } => routes(&file, format, &common),
        Command::Route { file, request, format, common } => route(&file, &request, format, &common),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
        Command::Compile(args) => crate::compile_cmd::run(&args),
        #[cfg(feature = "deploy")]
        Command::Deploy(args) => crate::deploy_cmd::run(&args),
        #[cfg(not(feature = "deploy"))]
        Command::Deploy(_) => {
            eprintln!("error: this gatewright was built without the `deploy` feature");
            USAGE
        }
        Command::Explain { code } => explain(&code),
        Command::Rules { markdown } => rules(markdown),
    }
}

fn explain(code: &str) -> u8 {
    match Code::find(code) {
        Some(c) => {
            print(&format!(
                "{}\nDefault severity: {}. AWS: {}.\n",
                c.docs(),
                c.default_severity().as_str(),
                c.aws_level().as_str()
            ));
            OK
        }
        None => {
            eprintln!("error: no diagnostic code `{code}`; `gatewright rules` lists them");
            USAGE
        }
    }
}

fn rules(markdown: bool) -> u8 {
    if markdown {
        print(&Code::markdown_table());
        return OK;
    }
    let mut out = format!("{:<6} {:<30} {:<8} {:<18} {}\n", "CODE", "NAME", "SEVERITY", "AWS", "SUMMARY");
    for c in Code::ALL {
        out.push_str(&format!(
            "{:<6} {:<30} {:<8} {:<18} {}\n",
            c.id(),
            c.name(),
            c.default_severity().as_str(),
            c.aws_level().as_str(),
            c.summary()
        ));
    }
    print(&out);
    OK
}

pub(crate) fn base_path_mode(b: BasePath) -> BasePathMode {
    match b {
        BasePath::Ignore => BasePathMode::Ignore,
        BasePath::Prepend => BasePathMode::Prepend,
        BasePath::Split => BasePathMode::Split,
    }
}

pub(crate) fn style() -> HumanStyle {
    let tty = std::io::stdout().is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(if tty { 100 } else { 80 });
    HumanStyle { color, width }
}

/// Reads a file; the error says which and why.
pub(crate) fn read_source(path: &Path) -> Result<SourceFile, String> {
    std::fs::read(path)
        .map(|bytes| SourceFile::from_bytes(path.display().to_string(), bytes))
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Reads `path` and analyses it under its settings: the analysis and whether warnings fail.
pub(crate) fn analyze_file(finder: &Finder, path: &Path, c: &Common) -> Result<(Analysis, bool), String> {
    let settings = resolve(finder, path, c)?;
    let source = read_source(path)?;
    Ok((analyze(source, &settings.options), settings.fail_on_warnings))
}

/// Loads and analyses one document for a view; the API, or the exit status after the
/// problems went to stderr.
fn api_for_view(path: &Path, c: &Common) -> Result<Analysis, u8> {
    let (a, fail_on_warnings) = analyze_file(&Finder::default(), path, c).map_err(|e| {
        eprintln!("error: {e}");
        USAGE
    })?;
    let summary = a.summary(fail_on_warnings);
    let shown: Vec<_> = a.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    if !shown.is_empty() {
        eprint!("{}", render::render_human(&a.source, a.tree.as_ref(), &shown, style()));
    }
    if a.api.is_none() || summary.failed {
        eprint!(
            "{}",
            crate::check_cmd::summary_line(1, 0, summary, crate::check_cmd::gated(summary, fail_on_warnings))
        );
        eprintln!("error: import would fail, so there is no API to show");
        return Err(FAILED);
    }
    Ok(a)
}

fn routes(path: &Path, format: ViewFormat, c: &Common) -> u8 {
    let a = match api_for_view(path, c) {
        Ok(a) => a,
        Err(status) => return status,
    };
    let Some(api) = &a.api else { return FAILED };
    let out = match format {
        ViewFormat::Json => serde_json::to_string_pretty(&view::routes_json(api)).unwrap_or_default() + "\n",
        ViewFormat::Human => view::routes_table(api),
    };
    print(&out);
    OK
}

fn route(path: &Path, request: &str, format: ViewFormat, c: &Common) -> u8 {
    let (method, request_path) = match view::parse_request(request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    let a = match api_for_view(path, c) {
        Ok(a) => a,
        Err(status) => return status,
    };
    let Some(api) = &a.api else { return FAILED };
    let selection = view::select(api, &method, &request_path);
    let out = match format {
        ViewFormat::Json => {
            serde_json::to_string_pretty(&view::selection_json(api, &selection)).unwrap_or_default() + "\n"
        }
        ViewFormat::Human => view::selection_text(api, &selection),
    };
    print(&out);
    OK
}

fn completions(shell: clap_complete::Shell) -> u8 {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "gatewright", &mut buf);
    print(&String::from_utf8_lossy(&buf));
    OK
}

fn man() -> u8 {
    let mut buf = Vec::new();
    match clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut buf) {
        Ok(()) => {
            print(&String::from_utf8_lossy(&buf));
            OK
        }
        Err(e) => {
            eprintln!("error: cannot render the man page: {e}");
            FAILED
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
pub(crate) fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}
