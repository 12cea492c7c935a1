//! The documentation commands: `explain`, `rules`, `completions` and `man`.

use crate::io::output::print_ok;
use crate::io::{FAILED, OK, USAGE};
use clap::CommandFactory;
use gatewright::diagnostics::{AwsLevel, Code};
use std::path::Path;

pub(crate) fn explain(code: &str) -> u8 {
    match Code::find(code) {
        Some(c) => print_ok(&format!(
            "{}\nDefault severity: {}. AWS: {}.{}\n",
            c.docs(),
            c.default_severity().as_str(),
            c.aws_level().as_str(),
            policy(c.aws_level())
        )),
        None => {
            eprintln!("error: no diagnostic code `{code}`; `gatewright rules` lists them");
            USAGE
        }
    }
}

/// What the AWS level means for the gates, as README's severity section says.
fn policy(level: AwsLevel) -> &'static str {
    match level {
        AwsLevel::AcceptedSilently => {
            " gatewright's advice: AWS imports this as it is, so --fail-on-warnings never fails on it (--deny warnings does)."
        }
        AwsLevel::Warning => " AWS skips the element; --fail-on-warnings fails on it, as AWS's FailOnWarnings does.",
        AwsLevel::Error | AwsLevel::Info | AwsLevel::NotApplicable => "",
    }
}

pub(crate) fn rules(markdown: bool) -> u8 {
    if markdown {
        return print_ok(&Code::markdown_table());
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
    print_ok(&out)
}

pub(crate) fn completions(shell: clap_complete::Shell) -> u8 {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "gatewright", &mut buf);
    print_ok(&String::from_utf8_lossy(&buf))
}

/// `man`: the top-level page on stdout; `man --all DIR`: `gatewright.1` and one
/// `gatewright-COMMAND.1` per command in DIR.
pub(crate) fn man(all: Option<&Path>) -> u8 {
    let top = crate::cli::Cli::command();
    let Some(dir) = all else {
        return match render(top) {
            Ok(page) => print_ok(&page),
            Err(e) => {
                eprintln!("error: cannot render the man page: {e}");
                FAILED
            }
        };
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create `{}`: {e}", dir.display());
        return USAGE;
    }
    let mut pages = vec![("gatewright".to_string(), top.clone())];
    for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("gatewright-{}", sub.get_name());
        // The page's title and synopsis name the command as it is typed.
        let cmd = sub.clone().display_name(name.clone()).bin_name(format!("gatewright {}", sub.get_name()));
        pages.push((name, cmd));
    }
    for (name, cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        let written = render(cmd)
            .map_err(|e| e.to_string())
            .and_then(|page| crate::io::output::write_file(&path, &page, false).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return USAGE;
        }
    }
    OK
}

fn render(cmd: clap::Command) -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
