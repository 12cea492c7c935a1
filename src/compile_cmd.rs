//! The `compile` command: options from the command line and files, then the library, then an
//! atomic write. Kept apart from `run.rs` because it reads several files.

use crate::cli::{BuildOptions, CompileArgs, Emit, EmitMode, TemplateFormat};
use crate::run::{FAILED, OK, USAGE, print, read_source, style};
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render;
use gatewright::emit::{EmitOptions, Mode, Overrides, Target};
use gatewright::{Options, compile};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub(crate) fn run(a: &CompileArgs) -> u8 {
    let target = match a.emit {
        Emit::AwsCli => Target::AwsCli,
        Emit::Cloudformation => Target::CloudFormation,
        Emit::Plan => Target::Plan,
    };
    let json_by_name = a.output.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "json"));
    let cfn_json = match a.format {
        Some(TemplateFormat::Json) => true,
        Some(TemplateFormat::Yaml) => false,
        None => json_by_name,
    };
    match options(&a.file, &a.build, target, cfn_json) {
        Ok((opts, emit)) => execute(a, &opts, &emit),
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

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
    let settings = crate::settings::resolve(&crate::settings::Finder::default(), file, &a.common)?;
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
    let shown: Vec<_> = an.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    let mut err = std::io::stderr().lock();
    let _ = render::write_human(&mut err, &an.source, an.tree.as_ref(), &shown, style());
    match compiled.output {
        Some(text) => Ok((text, an)),
        None => {
            let summary = an.summary(emit.fail_on_warnings);
            if emit.fail_on_warnings && summary.warnings > 0 && summary.errors == 0 {
                let _ = writeln!(err, "error: warnings found and --fail-on-warnings is set: {nothing}");
            } else {
                let _ = writeln!(err, "error: the document cannot be compiled: {nothing}");
            }
            Err(FAILED)
        }
    }
}

fn execute(a: &CompileArgs, opts: &Options, emit: &EmitOptions) -> u8 {
    let (text, _) = match build(&a.file, opts, emit, "nothing was written") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut err = std::io::stderr().lock();
    match &a.output {
        None => {
            print(&text);
            OK
        }
        Some(path) => match write_atomically(path, &text, a.emit == Emit::AwsCli) {
            Ok(()) => OK,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write `{}`: {e}", path.display());
                USAGE
            }
        },
    }
}

/// Writes a temporary file beside `path` and renames it over `path`: readers see the old file or
/// the whole new one, never half.
fn write_atomically(path: &Path, text: &str, executable: bool) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.gatewright-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        #[cfg(unix)]
        if executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
        }
        #[cfg(not(unix))]
        let _ = executable;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
