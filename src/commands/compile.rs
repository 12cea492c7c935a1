//! The `compile` command: the API built from the document, written to stdout or atomically to
//! `-o PATH`.

use super::build::{build, options};
use crate::cli::{CompileArgs, Emit, TemplateFormat};
use crate::io::USAGE;
use crate::io::output::{print_ok, write_file};
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
        Ok((opts, emit)) => execute(a, &opts, &emit),
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

fn execute(a: &CompileArgs, opts: &Options, emit: &EmitOptions) -> u8 {
    let (text, _) = match build(&a.file, opts, emit, "nothing was written") {
        Ok(t) => t,
        Err(code) => return code,
    };
    match &a.output {
        None => print_ok(&text),
        Some(path) => match write_file(path, &text, a.emit == Emit::AwsCli) {
            Ok(()) => crate::io::OK,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                USAGE
            }
        },
    }
}
