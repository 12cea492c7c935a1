//! The `compile` command: options from the command line and files, then the library, then an
//! atomic write. Kept apart from `run.rs` because it reads several files.

use crate::cli::{BasePath, CompileArgs, Emit, EmitMode, TemplateFormat};
use crate::run::{FAILED, OK, USAGE, print, style};
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render;
use gatewright::emit::{EmitOptions, Mode, Overrides, Target};
use gatewright::ir::BasePathMode;
use gatewright::source::SourceFile;
use gatewright::{Options, compile};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub(crate) fn run(a: &CompileArgs) -> u8 {
    match options(a) {
        Ok((opts, emit)) => execute(a, &opts, &emit),
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

fn read(path: &Path) -> Result<SourceFile, String> {
    std::fs::read(path)
        .map(|b| SourceFile::from_bytes(path.display().to_string(), b))
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))
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

fn options(a: &CompileArgs) -> Result<(Options, EmitOptions), String> {
    let base_path_mode = match a.basepath {
        BasePath::Ignore => BasePathMode::Ignore,
        BasePath::Prepend => BasePathMode::Prepend,
        BasePath::Split => BasePathMode::Split,
    };
    let mut vars = match &a.vars_file {
        Some(p) => gatewright::emit::read_vars(&read(p)?)?,
        None => BTreeMap::new(),
    };
    vars.extend(pairs(&a.vars, "NAME")?);
    let cors = match &a.cors {
        Some(p) => Some(gatewright::emit::read_mapping(&read(p)?)?),
        None => None,
    };
    let json_by_name = a.output.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "json"));
    let emit = EmitOptions {
        target: match a.emit {
            Emit::AwsCli => Target::AwsCli,
            Emit::Cloudformation => Target::CloudFormation,
            Emit::Plan => Target::Plan,
        },
        mode: match a.mode {
            EmitMode::Granular => Mode::Granular,
            EmitMode::Import => Mode::Import,
        },
        stage: a.stage.clone(),
        fail_on_warnings: a.fail_on_warnings,
        base_path_mode,
        region: a.region.clone(),
        vars,
        cloudformation_json: match a.format {
            Some(TemplateFormat::Json) => true,
            Some(TemplateFormat::Yaml) => false,
            None => json_by_name,
        },
        overrides: Overrides {
            name: a.name.clone(),
            description: a.description.clone(),
            version: a.api_version.clone(),
            tags: pairs(&a.tags, "KEY")?,
            cors,
        },
    };
    Ok((Options { base_path_mode }, emit))
}

fn execute(a: &CompileArgs, opts: &Options, emit: &EmitOptions) -> u8 {
    let source = match read(&a.file) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let compiled = compile(source, opts, emit);
    let an = &compiled.analysis;
    let shown: Vec<_> = an.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    let mut err = std::io::stderr().lock();
    let _ = render::write_human(&mut err, &an.source, an.tree.as_ref(), &shown, style());
    let Some(text) = compiled.output else {
        let summary = an.summary(emit.fail_on_warnings);
        if emit.fail_on_warnings && summary.warnings > 0 && summary.errors == 0 {
            let _ = writeln!(err, "error: warnings found and --fail-on-warnings is set: nothing was written");
        } else {
            let _ = writeln!(err, "error: the document cannot be compiled; nothing was written");
        }
        return FAILED;
    };
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
