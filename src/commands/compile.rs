//! The `compile` command: the API built from the document (or the document import mode sends),
//! written to stdout or atomically to `-o PATH`.

use super::build::{build_into, options};
use crate::cli::{CompileArgs, Emit, TemplateFormat};
use crate::io::USAGE;
use crate::io::output::{Destination, finish};
use gatewright::Options;
use gatewright::emit::{EmitOptions, Target};

pub(crate) fn run(a: &CompileArgs) -> u8 {
    let target = match a.emit {
        Emit::AwsCli => Target::AwsCli,
        Emit::Cloudformation => Target::CloudFormation,
        Emit::Plan => Target::Plan,
        Emit::Terraform => Target::Terraform,
        Emit::Openapi => Target::OpenApi,
    };
    let extension =
        |names: &[&str]| a.output.as_ref().and_then(|o| o.extension()).is_some_and(|e| names.iter().any(|n| e == *n));
    // The OpenAPI document is JSON unless YAML is asked for: JSON is what the importers receive.
    let json = match (a.format, target) {
        (Some(TemplateFormat::Json), Target::CloudFormation | Target::Terraform | Target::OpenApi) => true,
        (Some(TemplateFormat::Yaml), Target::CloudFormation | Target::OpenApi)
        | (Some(TemplateFormat::Hcl), Target::Terraform) => false,
        (None, Target::OpenApi) => !extension(&["yaml", "yml"]),
        (None, _) => extension(&["json"]),
        (Some(f), _) => {
            eprintln!("error: `--format {}` does not apply to `--emit {}`", format_word(f), emit_word(a.emit));
            return USAGE;
        }
    };
    match options(&a.file, &a.build, target, json && target == Target::CloudFormation) {
        Ok((opts, mut emit)) => {
            emit.api_id = a.api_id.clone();
            emit.terraform_json = json && target == Target::Terraform;
            emit.openapi_yaml = !json && target == Target::OpenApi;
            if let Some(name) = a.output.as_deref().and_then(body_file_name) {
                emit.terraform_body = name;
            }
            execute(a, &opts, &emit)
        }
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

fn format_word(f: TemplateFormat) -> &'static str {
    match f {
        TemplateFormat::Yaml => "yaml",
        TemplateFormat::Json => "json",
        TemplateFormat::Hcl => "hcl",
    }
}

fn emit_word(e: Emit) -> &'static str {
    match e {
        Emit::AwsCli => "aws-cli",
        Emit::Cloudformation => "cloudformation",
        Emit::Plan => "plan",
        Emit::Terraform => "terraform",
        Emit::Openapi => "openapi",
    }
}

/// The body file a Terraform configuration `infra/api.tf` reads in import mode:
/// `infra/api.openapi.json` (named after the configuration, so several APIs share a folder).
fn body_file_name(output: &std::path::Path) -> Option<String> {
    let name = output.file_name()?.to_str()?;
    let stem = name.strip_suffix(".tf.json").or_else(|| name.strip_suffix(".tf")).unwrap_or(name);
    Some(format!("{stem}.openapi.json"))
}

fn execute(a: &CompileArgs, opts: &Options, emit: &EmitOptions) -> u8 {
    // Opened first (a temporary file beside the target), written while the template is built,
    // put in place only when all of it was written.
    let mut out = match Destination::open(a.output.as_deref(), a.emit == Emit::AwsCli) {
        Ok(d) => d,
        Err(e) => return cannot_write(a, &e),
    };
    // A Terraform configuration may need a body file beside it (import mode), which standard
    // output cannot have: known only once it is built, so it is held back until then, and
    // nothing is printed when it cannot be used.
    let mut held = Vec::new();
    let hold = a.emit == Emit::Terraform && out.is_stdout();
    let sink: &mut dyn std::io::Write = if hold { &mut held } else { &mut out };
    let (mut written, companion) =
        match build_into(&a.file, a.build.resource.as_deref(), opts, emit, "nothing was written", sink) {
            Ok(w) => w,
            Err(code) => return code,
        };
    // A file read by the output (Terraform's body) is in place before the output is.
    if let Some((name, text)) = companion {
        let Some(target) = a.output.as_deref().filter(|o| !crate::io::input::is_stdin(o)) else {
            eprintln!(
                "error: a Terraform configuration in import mode reads its body from a file beside it: give `-o PATH.tf` (the body is written to `{name}` there); nothing was written"
            );
            return USAGE;
        };
        let path = target.with_file_name(&name);
        if let Err(e) = crate::io::output::write_file(&path, &text, false) {
            eprintln!("error: cannot write `{}`: {e}; nothing was written", path.display());
            return USAGE;
        }
    }
    if hold && written.is_ok() {
        written = std::io::Write::write_all(&mut out, &held);
    }
    let stdout = out.is_stdout();
    match written.and_then(|()| out.commit()) {
        Ok(()) => crate::io::OK,
        Err(e) if stdout => finish(Err(e), crate::io::OK),
        Err(e) => cannot_write(a, &e),
    }
}

fn cannot_write(a: &CompileArgs, e: &std::io::Error) -> u8 {
    match &a.output {
        Some(path) if !crate::io::input::is_stdin(path) => eprintln!("error: cannot write `{}`: {e}", path.display()),
        _ => eprintln!("error: cannot write to standard output: {e}"),
    }
    USAGE
}
