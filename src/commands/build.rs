//! Building the API from a document for `compile` and `deploy`: the options (command line over
//! gatewright.toml), then the library's compile with its findings on stderr.

use crate::cli::{BuildOptions, EmitMode};
use crate::io::input::read_source;
use crate::io::output::style;
use crate::io::{FAILED, USAGE};
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render;
use gatewright::emit::{EmitOptions, Mode, Overrides, Target};
use gatewright::{Options, compile};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn pairs(items: &[String], what: &str) -> Result<BTreeMap<String, String>, String> {
    items
        .iter()
        .map(|i| match i.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(format!("`{i}` is not {what}=VALUE")),
        })
        .collect()
}

/// The library options for building `a`'s API for `target`.
/// Settings come from the nearest gatewright.toml above `file`, under the command line's.
pub(crate) fn options(
    file: &Path,
    a: &BuildOptions,
    target: Target,
    cloudformation_json: bool,
) -> Result<(Options, EmitOptions), String> {
    let settings = crate::io::settings::resolve(&crate::io::settings::Finder::default(), file, &a.common)?;
    let mut vars = settings.vars;
    if let Some(p) = &a.vars_file {
        vars.extend(gatewright::emit::read_vars(&read_source(p)?)?);
    }
    vars.extend(pairs(&a.vars, "NAME")?);
    let cors = match &a.cors {
        Some(p) => Some(gatewright::emit::read_mapping(&read_source(p)?)?),
        None => None,
    };
    let emit = EmitOptions {
        target,
        mode: match a.mode {
            EmitMode::Granular => Mode::Granular,
            EmitMode::Import => Mode::Import,
        },
        stage: a.stage.clone(),
        fail_on_warnings: settings.fail_on_warnings,
        base_path_mode: settings.options.base_path_mode,
        region: a.region.clone(),
        vars,
        cloudformation_json,
        overrides: Overrides {
            name: a.name.clone(),
            description: a.description.clone(),
            version: a.api_version.clone(),
            tags: pairs(&a.tags, "KEY")?,
            cors,
        },
    };
    Ok((settings.options, emit))
}

/// Compiles `file`, printing warnings and errors to stderr; the text, or the exit status.
pub(crate) fn build(
    file: &Path,
    opts: &Options,
    emit: &EmitOptions,
    nothing: &str,
) -> Result<(String, gatewright::Analysis), u8> {
    let source = match read_source(file) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return Err(USAGE);
        }
    };
    let compiled = compile(source, opts, emit);
    let an = compiled.analysis;
    let unsupported = compiled.unsupported;
    let shown: Vec<_> = an.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    let mut err = std::io::stderr().lock();
    let _ = render::write_human(&mut err, &an.source, an.tree.as_ref(), &shown, style());
    match compiled.output {
        Some(text) => Ok((text, an)),
        None => {
            let summary = an.summary(emit.fail_on_warnings);
            if let Some(why) = &unsupported {
                let _ = writeln!(err, "error: {why}: {nothing}");
                return Err(USAGE);
            }
            if emit.fail_on_warnings && summary.aws_warnings > 0 && summary.errors == 0 {
                let _ =
                    writeln!(err, "error: warnings that AWS reports found and --fail-on-warnings is set: {nothing}");
            } else {
                let _ = writeln!(err, "error: the document cannot be compiled: {nothing}");
            }
            Err(FAILED)
        }
    }
}
