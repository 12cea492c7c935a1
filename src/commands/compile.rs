//! The `compile` command: the API built from the document, written to stdout or atomically to
//! `-o PATH`.

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
    };
    let json_by_name = a.output.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "json"));
    let cfn_json = match a.format {
        Some(TemplateFormat::Json) => true,
        Some(TemplateFormat::Yaml) => false,
        None => json_by_name,
    };
    match options(&a.file, &a.build, target, cfn_json) {
        Ok((opts, mut emit)) => {
            emit.api_id = a.api_id.clone();
            execute(a, &opts, &emit)
        }
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

fn execute(a: &CompileArgs, opts: &Options, emit: &EmitOptions) -> u8 {
    // Opened first (a temporary file beside the target), written while the template is built,
    // put in place only when all of it was written.
    let mut out = match Destination::open(a.output.as_deref(), a.emit == Emit::AwsCli) {
        Ok(d) => d,
        Err(e) => return cannot_write(a, &e),
    };
    let written = match build_into(&a.file, opts, emit, "nothing was written", &mut out) {
        Ok(w) => w,
        Err(code) => return code,
    };
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
