//! The `check` command: find the files, check them in parallel, report in a stable order.

use super::document::analyze_file;
use super::summary::{Kinds, explain_hint, gated, summary_line};
use crate::cli::{Common, Format};
use crate::io::output::{finish, style};
use crate::io::settings::Finder;
use crate::io::{FAILED, OK, USAGE, discover};
use gatewright::diagnostics::Summary;
use gatewright::diagnostics::render::{self, FileReport, Statistics};
use gatewright::kind::ApiKind;
use rayon::prelude::*;
use std::io::Write;

/// How files are chosen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Selection<'a> {
    /// Check every file, OpenAPI or not (`--strict`).
    pub(crate) strict: bool,
    /// Pass over files that are not OpenAPI even when named (`--only-openapi`, as the pre-commit
    /// hook runs, since pre-commit names every YAML and JSON file).
    pub(crate) only_openapi: bool,
    /// Only this API of the templates and configurations (`--resource`); documents are passed
    /// over.
    pub(crate) resource: Option<&'a str>,
}

/// What is written, and how.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Output {
    pub(crate) format: Format,
    /// Counts per code instead of the findings (human, concise), or beside them (JSON).
    pub(crate) statistics: bool,
    /// Nothing on stdout: only the exit status is wanted (`check --fix --diff`, whose diff is
    /// the output).
    pub(crate) quiet: bool,
}

/// One file's outcome, rendered while checking so nothing but text outlives the analysis.
enum Outcome {
    /// Not an OpenAPI document, passed over.
    Skipped,
    /// A document written in several files: one outcome per file.
    Parts(Vec<Outcome>),
    /// Could not be read, or its gatewright.toml is broken: the path and the reason.
    Broken(String, String),
    /// Checked.
    Checked {
        summary: Summary,
        /// Findings per code.
        counts: Statistics,
        gated_warnings: usize,
        /// Boxed: the outcome of a file passed over stays small.
        report: Box<Report>,
        kind: Option<ApiKind>,
        /// APIs whose bodies are written in this file (Terraform configurations).
        inline: Vec<ApiKind>,
        path: String,
    },
}

enum Report {
    Text(String),
    Json(FileReport),
    Sarif(Vec<serde_json::Value>),
}

pub(crate) fn run(paths: &[std::path::PathBuf], select: Selection<'_>, output: Output, c: &Common) -> u8 {
    if output.statistics && matches!(output.format, Format::Sarif | Format::Github) {
        eprintln!("error: --statistics works with --format human, concise or json");
        return USAGE;
    }
    let (mut files, errors) = discover::expand(paths);
    // A named file that is a part of a split document is checked through the root that includes
    // it (the pre-commit hook names the files a commit changes).
    let (roots, parts) = crate::io::roots::roots_of_parts(&files);
    files.retain(|f| !parts.contains(&f.path));
    files.extend(roots);
    let finder = Finder::default();
    let modules = modules(&files);
    // Terraform configurations and CloudFormation templates first: a document they deploy is
    // reported with the resource that deploys it, so it is not checked again on its own when
    // found in a folder.
    let is_tf = |f: &discover::Found| gatewright::terraform::is_terraform(&f.path.to_string_lossy());
    let configurations: Vec<Option<Deploying>> = files
        .par_iter()
        .zip(&modules)
        .map(|(f, module)| {
            if let Some(module) = module {
                Some(check_module(module, select, output, c, &finder))
            } else if is_tf(f) {
                Some(check_deploying(f, Deployer::Terraform, select, output, c, &finder))
            } else if crate::io::input::is_stdin(&f.path) {
                None
            } else {
                // A template is known by its content; anything else is a document.
                let template =
                    crate::io::input::read_source(&f.path).is_ok_and(|s| gatewright::cfn_template::is_template(&s));
                template.then(|| check_deploying(f, Deployer::Template, select, output, c, &finder))
            }
        })
        .collect();
    let bodies: std::collections::HashSet<std::path::PathBuf> =
        configurations.iter().flatten().flat_map(|d| d.used.iter().filter_map(|p| p.canonicalize().ok())).collect();
    if let Some(wanted) = select.resource {
        let mut apis: Vec<&String> = configurations.iter().flatten().flat_map(|d| &d.apis).collect();
        if !apis.iter().any(|a| *a == wanted) {
            apis.sort();
            apis.dedup();
            let listed: Vec<String> = apis.iter().map(|a| format!("`{a}`")).collect();
            eprintln!(
                "error: no template or configuration checked deploys an API `{wanted}`; {}",
                if listed.is_empty() {
                    "they deploy no API with a body".to_string()
                } else {
                    format!("their APIs: {}", listed.join(", "))
                }
            );
            return USAGE;
        }
    }
    let documents: Vec<Option<Outcome>> = files
        .par_iter()
        .zip(&configurations)
        .map(|(f, done)| {
            let deployed = !f.named && f.path.canonicalize().is_ok_and(|p| bodies.contains(&p));
            // `--resource` chooses an API of a template or configuration: documents are passed over.
            if done.is_none() && !deployed && select.resource.is_some() {
                return Some(Outcome::Skipped);
            }
            (done.is_none() && !deployed).then(|| check_one(f, select, output, c, &finder))
        })
        .collect();
    let outcomes: Vec<Outcome> = configurations
        .into_iter()
        .zip(documents)
        .flat_map(|(tf, doc)| tf.map(|d| d.outcomes).unwrap_or_default().into_iter().chain(doc))
        .flat_map(|o| match o {
            Outcome::Parts(parts) => parts,
            other => vec![other],
        })
        .collect();
    let mut total = Summary::default();
    let (mut checked, mut skipped, mut gated_total) = (0, 0, 0);
    let mut json_files = Vec::new();
    let mut sarif = Vec::new();
    let mut broken = Vec::new();
    let mut kinds = Kinds::default();
    let mut kind_of = Vec::new();
    let mut counted = Statistics::default();
    let mut out: Box<dyn Write> = if output.quiet {
        Box::new(std::io::sink())
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    };
    let mut written = Ok(());
    for o in outcomes {
        match o {
            Outcome::Skipped => skipped += 1,
            // Flattened above.
            Outcome::Parts(_) => {}
            Outcome::Broken(path, message) => {
                json_files.push(FileReport::unreadable(&path, &message));
                broken.push((path, message));
            }
            Outcome::Checked { summary, counts, gated_warnings, report, kind, inline, path } => {
                checked += 1;
                counted.add(counts);
                kinds.add(kind);
                inline.into_iter().for_each(|k| kinds.add(Some(k)));
                if let Some(k) = kind {
                    kind_of.push((path, k));
                }
                total.add(summary);
                gated_total += gated_warnings;
                match *report {
                    Report::Text(t) => written = written.and_then(|()| out.write_all(t.as_bytes())),
                    Report::Json(f) => json_files.push(f),
                    Report::Sarif(r) => sarif.extend(r),
                }
            }
        }
    }
    let unusable = !errors.is_empty() || !broken.is_empty();
    // Nothing to check is a failure only when asked to be strict: a hook on a folder without
    // documents has nothing to say.
    let empty = checked == 0 && broken.is_empty() && errors.is_empty();
    total.failed |= unusable || (empty && select.strict);
    written = written.and_then(|()| match output.format {
        Format::Json => render::write_json(&mut out, &json_files, total, output.statistics.then_some(&counted)),
        Format::Sarif => serde_json::to_writer_pretty(&mut out, &render::sarif_log(sarif, &broken, &kind_of))
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n")),
        Format::Github => broken
            .iter()
            .try_for_each(|(path, message)| out.write_all(render::github_file_error(path, message).as_bytes())),
        Format::Human | Format::Concise => {
            let table = if output.statistics { counted.table() } else { String::new() };
            let explain = if output.format == Format::Human { explain_hint(&counted) } else { String::new() };
            let summary = summary_line(checked, skipped, total, gated_total, kinds);
            out.write_all(format!("{table}{summary}{explain}").as_bytes())
        }
    });
    written = written.and_then(|()| out.flush());
    drop(out);
    for e in &errors {
        eprintln!("{e}");
    }
    for (_, message) in &broken {
        eprintln!("error: {message}");
    }
    if empty && matches!(output.format, Format::Human | Format::Concise) && !output.quiet {
        eprintln!(
            "{}: no OpenAPI documents found{}",
            if select.strict { "error" } else { "note" },
            if skipped > 0 { format!(" ({} passed over)", crate::io::plural(skipped, "file")) } else { String::new() }
        );
    }
    let status = if unusable {
        USAGE
    } else if total.failed {
        FAILED
    } else {
        OK
    };
    finish(written, status)
}

fn check_one(f: &discover::Found, select: Selection<'_>, output: Output, c: &Common, finder: &Finder) -> Outcome {
    let (mut a, fail_on_warnings) = match analyze_file(finder, &f.path, c) {
        Ok(done) => done,
        Err(e) => return Outcome::Broken(f.path.display().to_string(), e),
    };
    // A file named on the command line is always checked (unless --only-openapi); a file found
    // in a folder is passed over when it is readable YAML or JSON that is not OpenAPI. A file
    // that cannot be decoded or parsed is reported either way: it may well be a broken document.
    let may_skip = !select.strict && (!f.named || select.only_openapi);
    if may_skip && !a.is_openapi_document() && !a.unreadable {
        return Outcome::Skipped;
    }
    let summary = a.summary(fail_on_warnings);
    // `check` reports findings only; the IR is not needed past the checks.
    drop(a.api.take());
    drop(a.rest.take());
    // A named file that is not OpenAPI was judged as no kind of API, whatever the default.
    let kind = a.kind.filter(|_| a.is_openapi_document());
    let counts = Statistics::of(&a.diagnostics);
    if !a.source.parts().is_empty() {
        return Outcome::Parts(split(&a, fail_on_warnings, kind, output));
    }
    let report = report(&a.source, std::mem::take(&mut a.diagnostics), kind, output, Via::default());
    Outcome::Checked {
        summary,
        counts,
        gated_warnings: gated(summary, fail_on_warnings),
        report: Box::new(report),
        kind,
        inline: Vec::new(),
        path: a.source.name().to_string(),
    }
}

/// A document written in several files: a report per file, each with the findings located in
/// it; the root's counts the API.
fn split(a: &gatewright::Analysis, fail_on_warnings: bool, kind: Option<ApiKind>, output: Output) -> Vec<Outcome> {
    let root = a.source.name().to_string();
    render::split_parts(&a.source, a.diagnostics.clone())
        .into_iter()
        .enumerate()
        .map(|(i, (source, diagnostics))| {
            let summary = Summary::of(&diagnostics, fail_on_warnings);
            let counts = Statistics::of(&diagnostics);
            let part_of = (i > 0).then_some(root.as_str());
            let report = report_part(&source, diagnostics, kind, output, part_of);
            Outcome::Checked {
                summary,
                counts,
                gated_warnings: gated(summary, fail_on_warnings),
                report: Box::new(report),
                kind: if i == 0 { kind } else { None },
                inline: Vec::new(),
                path: source.name().to_string(),
            }
        })
        .collect()
}

/// [`report`] of one file of a split document: a file the root references says so above its
/// findings (human and GitHub output) and in JSON.
fn report_part(
    source: &gatewright::source::SourceFile,
    diagnostics: Vec<gatewright::diagnostics::Diagnostic>,
    kind: Option<ApiKind>,
    output: Output,
    part_of: Option<&str>,
) -> Report {
    let r = report(source, diagnostics, kind, output, Via::default());
    match (r, part_of) {
        (Report::Text(t), Some(root)) if !t.is_empty() && output.format == Format::Human => {
            Report::Text(format!("{}: part of `{root}`\n{t}", source.name()))
        }
        (Report::Json(f), Some(root)) => Report::Json(f.part_of(root)),
        (r, _) => r,
    }
}

/// How a file found in a folder is read with the others of a Terraform module.
enum Module {
    /// The first of the module's files: the module is checked through it.
    First(Vec<discover::Found>),
    /// Another of them: reported with the first.
    Member,
    /// An override file, which Terraform merges into the others' blocks: passed over.
    Override,
}

/// For each file, whether it is a Terraform file found in a folder, and how: each folder's
/// primary configuration files are one module (Terraform reads them as one configuration); a file
/// named on the command line is read alone.
fn modules(files: &[discover::Found]) -> Vec<Option<Module>> {
    use gatewright::terraform::module::Role;
    let folder = |f: &discover::Found| f.path.parent().unwrap_or(std::path::Path::new("")).to_path_buf();
    let primary = |f: &discover::Found| crate::io::module::role_of(&f.path) == Role::Primary;
    // A folder named (`check DIR`) is read whole, also with a file of it named besides.
    let walked: std::collections::HashSet<std::path::PathBuf> =
        files.iter().filter(|f| !f.named && primary(f)).map(folder).collect();
    let mut first: std::collections::HashMap<std::path::PathBuf, usize> = std::collections::HashMap::new();
    let mut out: Vec<Option<Module>> = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let role = crate::io::module::role_of(&f.path);
        let alone = f.named && !(primary(f) && walked.contains(&folder(f)));
        if alone || crate::io::input::is_stdin(&f.path) || role == Role::Ignored {
            out.push(None);
            continue;
        }
        if role == Role::Override {
            eprintln!(
                "note: `{}` is a Terraform override file, which gatewright does not merge into the configuration: passed over",
                f.path.display()
            );
            out.push(Some(Module::Override));
            continue;
        }
        match first.get(&folder(f)) {
            Some(&at) => {
                if let Some(Some(Module::First(members))) = out.get_mut(at) {
                    members.push(f.clone());
                }
                out.push(Some(Module::Member));
            }
            None => {
                first.insert(folder(f), i);
                out.push(Some(Module::First(vec![f.clone()])));
            }
        }
    }
    out
}

/// The files of a Terraform module found in a folder, checked as one configuration: a report per
/// file (a file that is an OpenAPI document named `*.tf.json` as itself).
fn check_module(module: &Module, select: Selection<'_>, output: Output, c: &Common, finder: &Finder) -> Deploying {
    let done = |outcomes, used, apis| Deploying { outcomes, used, apis };
    let members = match module {
        Module::First(members) => members,
        Module::Member => return done(Vec::new(), Vec::new(), Vec::new()),
        Module::Override => return done(vec![Outcome::Skipped], Vec::new(), Vec::new()),
    };
    let folder = members[0].path.parent().unwrap_or(std::path::Path::new("")).to_path_buf();
    let settings = match crate::io::settings::resolve(finder, &members[0].path, c) {
        Ok(s) => s,
        Err(e) => return done(vec![Outcome::Broken(members[0].path.display().to_string(), e)], Vec::new(), Vec::new()),
    };
    let mut outcomes = Vec::new();
    let mut configuration = Vec::new();
    for f in members {
        // A `*.tf.json` file that is an OpenAPI document is checked as one.
        match crate::io::input::read_source(&f.path) {
            Ok(s) if !gatewright::terraform::is_configuration(&s) => {
                outcomes.push(check_one(f, select, output, c, finder))
            }
            _ => configuration.push(f.path.clone()),
        }
    }
    let (source, broken) = crate::io::module::read(&folder, &configuration);
    outcomes.extend(broken.into_iter().map(|(p, e)| Outcome::Broken(p.display().to_string(), e)));
    let Some(source) = source else { return done(outcomes, Vec::new(), Vec::new()) };
    // Any file of the module stands for its folder.
    let mut d = deploying(source, &configuration[0], Deployer::Terraform, &settings, select, output, false);
    outcomes.append(&mut d.outcomes);
    d.outcomes = outcomes;
    d
}

/// What deploys APIs from a file.
#[derive(Clone, Copy)]
enum Deployer {
    Terraform,
    Template,
}

/// What checking a configuration or template gave.
struct Deploying {
    /// Its own report, then one per body file.
    outcomes: Vec<Outcome>,
    /// The body files' paths.
    used: Vec<std::path::PathBuf>,
    /// The APIs in it with a body.
    apis: Vec<String>,
}

/// A Terraform configuration or a CloudFormation template: its own report, then one per body
/// file it deploys (named with the resource that deploys it); and the body files' paths.
fn check_deploying(
    f: &discover::Found,
    deployer: Deployer,
    select: Selection<'_>,
    output: Output,
    c: &Common,
    finder: &Finder,
) -> Deploying {
    let path = f.path.display().to_string();
    let done = |outcomes, used, apis| Deploying { outcomes, used, apis };
    let settings = match crate::io::settings::resolve(finder, &f.path, c) {
        Ok(s) => s,
        Err(e) => return done(vec![Outcome::Broken(path, e)], Vec::new(), Vec::new()),
    };
    let source = match crate::io::input::read_source(&f.path) {
        Ok(s) => s,
        Err(e) => return done(vec![Outcome::Broken(path, e)], Vec::new(), Vec::new()),
    };
    if matches!(deployer, Deployer::Terraform) && !gatewright::terraform::is_configuration(&source) {
        return done(vec![check_one(f, select, output, c, finder)], Vec::new(), Vec::new());
    }
    if let (Deployer::Terraform, Some(note)) = (deployer, crate::io::module::alone(&f.path, &source)) {
        eprintln!("{note}");
    }
    deploying(source, &f.path, deployer, &settings, select, output, f.named)
}

/// A configuration or template read: its checks, reported per file. `path` is the template's, or
/// a file of the Terraform module's folder.
fn deploying(
    source: gatewright::source::SourceFile,
    path: &std::path::Path,
    deployer: Deployer,
    settings: &crate::io::settings::Settings,
    select: Selection<'_>,
    output: Output,
    named: bool,
) -> Deploying {
    let done = |outcomes, used, apis| Deploying { outcomes, used, apis };
    // A stack template of a nested CDK assembly reads its staged assets from the folder above.
    let root = match deployer {
        Deployer::Template => crate::io::assembly::read_root(path),
        Deployer::Terraform => path.parent().unwrap_or(std::path::Path::new("")).to_path_buf(),
    };
    let folder = root.as_path();
    let whose = match deployer {
        Deployer::Terraform => "the module's",
        Deployer::Template => "the template's",
    };
    let read = |p: &str| crate::io::input::read_in_folder(folder, std::path::Path::new(p), whose);
    let mut options = settings.options.clone();
    options.resource = select.resource.map(str::to_string);
    // A stack template of a CDK cloud assembly reads its assets from the assembly folder.
    let assembly = matches!(deployer, Deployer::Template).then(|| crate::io::assembly::folder_of(path)).flatten();
    let checked = match deployer {
        Deployer::Terraform => gatewright::terraform::check(source, &options, &read),
        Deployer::Template => match crate::io::assembly::assets_of(path) {
            Some(assets) => gatewright::cfn_template::check_in(source, &options, &read, &assets),
            None => gatewright::cfn_template::check(source, &options, &read),
        },
    };
    let apis = checked.first().map(|c| c.apis.clone()).unwrap_or_default();
    // A file without API bodies is passed over, like YAML that is not OpenAPI.
    let may_skip = !select.strict && (!named || select.only_openapi);
    if may_skip && checked.len() == 1 && checked[0].kinds.is_empty() && checked[0].diagnostics.is_empty() {
        let files = checked[0].source.parts().len().max(1);
        return done((0..files).map(|_| Outcome::Skipped).collect(), Vec::new(), apis);
    }
    let used = checked.iter().filter(|c| c.via.is_some()).map(|c| std::path::PathBuf::from(c.source.name())).collect();
    let outcomes = checked
        .into_iter()
        .flat_map(per_file)
        .map(|checked| {
            let summary = Summary::of(&checked.diagnostics, settings.fail_on_warnings);
            let counts = Statistics::of(&checked.diagnostics);
            let (kind, inline) = match checked.via {
                Some(_) => (checked.kinds.first().copied(), Vec::new()),
                None => (None, checked.kinds),
            };
            // An asset CDK staged: the project's file it is a copy of, which the user edits.
            let copy_of = assembly
                .filter(|_| checked.via.is_some())
                .and_then(|a| crate::io::assembly::source_of(std::path::Path::new(checked.source.name()), a))
                .map(|p| p.display().to_string());
            let via = Via { by: checked.via.as_ref(), copy_of: copy_of.as_deref() };
            let report = report(&checked.source, checked.diagnostics, kind, output, via);
            Outcome::Checked {
                summary,
                counts,
                gated_warnings: gated(summary, settings.fail_on_warnings),
                report: Box::new(report),
                kind,
                inline,
                path: checked.source.name().to_string(),
            }
        })
        .collect();
    done(outcomes, used, apis)
}

/// The report of a module's files as one per file, each with the findings located in it; the
/// first counts the module's APIs.
fn per_file(checked: gatewright::deployed::Checked) -> Vec<gatewright::deployed::Checked> {
    if checked.source.parts().is_empty() {
        return vec![checked];
    }
    let gatewright::deployed::Checked { source, diagnostics, mut kinds, via, mut apis } = checked;
    render::split_parts(&source, diagnostics)
        .into_iter()
        .map(|(source, diagnostics)| gatewright::deployed::Checked {
            source,
            diagnostics,
            kinds: std::mem::take(&mut kinds),
            via: via.clone(),
            apis: std::mem::take(&mut apis),
        })
        .collect()
}

/// How a body file came to be checked.
#[derive(Clone, Copy, Default)]
struct Via<'a> {
    /// The resource that deploys it.
    by: Option<&'a gatewright::deployed::Via>,
    /// For a CDK asset: the project's file it is a copy of.
    copy_of: Option<&'a str>,
}

/// One file's findings in the chosen format; `via` names the resource of a body file.
fn report(
    source: &gatewright::source::SourceFile,
    diagnostics: Vec<gatewright::diagnostics::Diagnostic>,
    kind: Option<ApiKind>,
    output: Output,
    via: Via<'_>,
) -> Report {
    let copy = via.copy_of.map(|c| format!(", a copy of `{c}`")).unwrap_or_default();
    let header = |text: String| match via.by {
        Some(v) if !text.is_empty() => format!(
            "{}: the body of `{}` ({}:{}:{}){copy}\n{text}",
            source.name(),
            v.resource,
            v.path,
            v.line,
            v.column
        ),
        _ => text,
    };
    let copy_of = via.copy_of;
    let via = via.by;
    if output.quiet || (output.statistics && matches!(output.format, Format::Human | Format::Concise)) {
        return Report::Text(String::new());
    }
    match output.format {
        Format::Json => {
            Report::Json(render::file_json(source, None, diagnostics).with_api(kind).deployed_by(via).copy_of(copy_of))
        }
        Format::Sarif => {
            let mut results = render::sarif_results(source, None, &diagnostics);
            for r in &mut results {
                if let (Some(k), Some(p)) = (kind, r.get_mut("properties")) {
                    p["api"] = serde_json::json!(k.word());
                }
                if let Some(v) = via {
                    let at = serde_json::json!({
                        "physicalLocation": {"artifactLocation": {"uri": v.path}, "region": {"startLine": v.line, "startColumn": v.column}},
                        "message": {"text": format!("deployed by `{}`", v.resource)},
                    });
                    let copied = copy_of.map(|c| {
                        serde_json::json!({
                            "physicalLocation": {"artifactLocation": {"uri": c}},
                            "message": {"text": "the file this asset is a copy of"},
                        })
                    });
                    match r.get_mut("relatedLocations").and_then(|l| l.as_array_mut()) {
                        Some(list) => list.extend(std::iter::once(at).chain(copied)),
                        None => {
                            r["relatedLocations"] =
                                serde_json::json!(std::iter::once(at).chain(copied).collect::<Vec<_>>())
                        }
                    }
                }
            }
            Report::Sarif(results)
        }
        Format::Github => Report::Text(header(render::render_github(source, None, &diagnostics))),
        Format::Human => Report::Text(header(render::render_human(source, None, &diagnostics, style()))),
        Format::Concise => Report::Text(render::render_concise(source, None, &diagnostics)),
    }
}
