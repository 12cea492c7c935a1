//! The commands: read files, call the library, print, and choose the exit status.
//! This is the only place that touches files, the terminal and the environment.

use crate::cli::{BasePath, Command, Common, Format};
use gatewright::diagnostics::render::{self, HumanStyle};
use gatewright::diagnostics::{Code, Severity, Summary};
use gatewright::ir::BasePathMode;
use gatewright::source::SourceFile;
use gatewright::{Analysis, Options, analyze, view};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Exit statuses.
pub(crate) const OK: u8 = 0;
pub(crate) const FAILED: u8 = 1;
pub(crate) const USAGE: u8 = 2;

pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Check { files, common } => check(&files, &common),
        Command::Routes { file, common } => routes(&file, &common),
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

fn options(c: &Common) -> Options {
    Options {
        base_path_mode: match c.basepath {
            BasePath::Ignore => BasePathMode::Ignore,
            BasePath::Prepend => BasePathMode::Prepend,
            BasePath::Split => BasePathMode::Split,
        },
    }
}

pub(crate) fn style() -> HumanStyle {
    let tty = std::io::stdout().is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(if tty { 100 } else { 80 });
    HumanStyle { color, width }
}

fn load(path: &Path) -> Result<SourceFile, String> {
    std::fs::read(path)
        .map(|bytes| SourceFile::from_bytes(path.display().to_string(), bytes))
        .map_err(|e| format!("error: cannot read `{}`: {e}", path.display()))
}

fn check(files: &[std::path::PathBuf], c: &Common) -> u8 {
    let opts = options(c);
    let mut total = Summary::default();
    let mut unreadable = 0;
    let mut json_files = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in files {
        let source = match load(path) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("{msg}");
                unreadable += 1;
                continue;
            }
        };
        let mut a = analyze(source, &opts);
        total.add(a.summary(c.fail_on_warnings));
        // `check` reports findings only; the IR is not needed past the checks.
        drop(a.api.take());
        match c.format {
            Format::Json => {
                let diags = std::mem::take(&mut a.diagnostics);
                json_files.push(render::file_json(&a.source, a.tree.as_ref(), diags));
            }
            // Written file by file, diagnostic by diagnostic: nothing accumulates.
            Format::Human => {
                let _ = render::write_human(&mut out, &a.source, a.tree.as_ref(), &a.diagnostics, style());
            }
        }
    }
    let _ = match c.format {
        Format::Json => render::write_json(&mut out, &json_files, total),
        Format::Human => out.write_all(summary_line(files.len() - unreadable, total, c.fail_on_warnings).as_bytes()),
    };
    let _ = out.flush();
    drop(out);
    if unreadable > 0 {
        eprintln!("error: {} could not be read", plural(unreadable, "file"));
        USAGE
    } else if total.failed {
        FAILED
    } else {
        OK
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary_line(files: usize, s: Summary, fail_on_warnings: bool) -> String {
    let mut out = String::new();
    if files == 0 {
        return out;
    }
    if fail_on_warnings && s.warnings > 0 {
        out.push_str(&format!(
            "error: {} found and --fail-on-warnings is set: AWS would reject this import (\"Warnings found during import\")\n",
            plural(s.warnings, "warning")
        ));
    }
    if s.errors + s.warnings + s.infos == 0 {
        out.push_str(&format!("{} checked: no problems\n", plural(files, "file")));
    } else {
        out.push_str(&format!(
            "{} checked: {}, {}, {}\n",
            plural(files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        ));
    }
    out
}

fn routes(path: &Path, c: &Common) -> u8 {
    let source = match load(path) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("{msg}");
            return USAGE;
        }
    };
    let a: Analysis = analyze(source, &options(c));
    let summary = a.summary(c.fail_on_warnings);
    let shown: Vec<_> = a.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    if !shown.is_empty() {
        eprint!("{}", render::render_human(&a.source, a.tree.as_ref(), &shown, style()));
    }
    let api = match (&a.api, summary.failed) {
        (Some(api), false) => api,
        _ => {
            eprint!("{}", summary_line(1, summary, c.fail_on_warnings));
            eprintln!("error: import would fail, so there are no routes to show");
            return FAILED;
        }
    };
    let out = match c.format {
        Format::Json => serde_json::to_string_pretty(&view::routes_json(api)).unwrap_or_default() + "\n",
        Format::Human => view::routes_table(api),
    };
    print(&out);
    OK
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
pub(crate) fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}
