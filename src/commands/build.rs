//! Building the API from a document for `compile` and `deploy`: the options (command line over
//! gatewright.toml), then the library's compile with its findings on stderr.

use crate::cli::{BuildOptions, EmitMode};
use crate::io::input::read_source;
use crate::io::output::style;
use crate::io::{FAILED, USAGE};
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render;
use gatewright::emit::{EmitOptions, EndpointType, Mode, Overrides, Target};
use gatewright::{Options, compile_analysis};
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
            Some(EmitMode::Granular) | None => Mode::Granular,
            Some(EmitMode::Import) => Mode::Import,
        },
        mode_chosen: a.mode.is_some(),
        api_id: None,
        put_merge: a.put_mode == crate::cli::PutModeArg::Merge,
        terraform_json: false,
        openapi_yaml: false,
        terraform_body: "openapi.json".into(),
        stage: a.stage.clone(),
        fail_on_warnings: settings.fail_on_warnings,
        base_path_mode: settings.options.base_path_mode,
        region: a.region.clone(),
        vars,
        cloudformation_json,
        lambda_permissions: a.lambda_permissions,
        endpoint_type: a.endpoint_type.map(|t| match t {
            crate::cli::EndpointTypeArg::Edge => EndpointType::Edge,
            crate::cli::EndpointTypeArg::Regional => EndpointType::Regional,
            crate::cli::EndpointTypeArg::Private => EndpointType::Private,
        }),
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
    resource: Option<&str>,
    opts: &Options,
    emit: &EmitOptions,
    nothing: &str,
) -> Result<(String, gatewright::Analysis), u8> {
    let mut text = Vec::new();
    let (analysis, emit) = load(file, resource, opts, emit)?;
    let (mut compiled, _) = compile_analysis(analysis, &emit, &mut text);
    if compiled.written {
        compiled.output =
            Some(String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()));
    }
    let analysis =
        report(compiled.analysis, compiled.unsupported.as_deref(), compiled.output.is_some(), &emit, nothing)?;
    Ok((compiled.output.unwrap_or_default(), analysis))
}

/// A file to write beside the output, by name, and its text.
pub(crate) type Companion = Option<(String, String)>;

/// [`build`], writing the output into `out` as it is produced; a failed write is the inner error.
/// With it, the file to write beside the output (a Terraform body), by name.
pub(crate) fn build_into(
    file: &Path,
    resource: Option<&str>,
    opts: &Options,
    emit: &EmitOptions,
    nothing: &str,
    out: &mut dyn Write,
) -> Result<(std::io::Result<()>, Companion), u8> {
    let (analysis, emit) = load(file, resource, opts, emit)?;
    let (compiled, written) = compile_analysis(analysis, &emit, out);
    if let Err(e) = written {
        // The findings were already judged; what was written is incomplete.
        report(compiled.analysis, None, true, &emit, nothing)?;
        return Ok((Err(e), None));
    }
    let analysis = report(compiled.analysis, compiled.unsupported.as_deref(), compiled.written, &emit, nothing)?;
    // The process ends after this one document: freeing a large API piece by piece (a tree and
    // an IR of millions of small blocks) would only delay the exit.
    std::mem::forget(analysis);
    Ok((Ok(()), compiled.companion))
}

/// The API of `file` analysed (a document's, or one of a template or configuration), and the
/// emit options with the resource's settings applied as it deploys the body: its
/// `FailOnWarnings`, base path mode, and name, description, version and CORS configuration
/// (the command line's still win).
fn load(
    file: &Path,
    resource: Option<&str>,
    opts: &Options,
    emit: &EmitOptions,
) -> Result<(gatewright::Analysis, EmitOptions), u8> {
    let (analysis, from) = crate::commands::document::load(file, opts, resource).map_err(|message| {
        eprintln!("error: {message}");
        USAGE
    })?;
    let mut emit = emit.clone();
    if let Some(r) = from {
        emit.fail_on_warnings |= r.fail_on_warnings;
        emit.base_path_mode = r.base_path_mode;
        let o = &mut emit.overrides;
        let given = r.overrides;
        o.name = o.name.take().or(given.name);
        o.description = o.description.take().or(given.description);
        o.version = o.version.take().or(given.version);
        o.cors = o.cors.take().or(given.cors);
    }
    Ok((analysis, emit))
}

/// Prints the findings worth showing; the analysis when the output was produced, else the exit
/// status with the reason.
fn report(
    an: gatewright::Analysis,
    unsupported: Option<&str>,
    produced: bool,
    emit: &EmitOptions,
    nothing: &str,
) -> Result<gatewright::Analysis, u8> {
    let shown: Vec<_> = an.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).cloned().collect();
    let mut err = std::io::stderr().lock();
    let _ = render::write_human(&mut err, &an.source, an.tree.as_ref(), &shown, style());
    if produced {
        return Ok(an);
    }
    let summary = an.summary(emit.fail_on_warnings);
    if let Some(why) = unsupported {
        let _ = writeln!(err, "error: {why}: {nothing}");
        return Err(USAGE);
    }
    if emit.fail_on_warnings && summary.aws_warnings > 0 && summary.errors == 0 {
        let _ = writeln!(err, "error: warnings that AWS reports found and --fail-on-warnings is set: {nothing}");
    } else {
        let _ = writeln!(err, "error: the document cannot be compiled: {nothing}");
    }
    Err(FAILED)
}
