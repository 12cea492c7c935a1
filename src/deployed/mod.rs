//! What every infrastructure-as-code reader shares ([`crate::terraform`], [`crate::cfn_template`]):
//! the report of a file that deploys APIs, the resource named beside a body file's findings, the
//! reader of body files, and the one place that turns a body's findings into what the service
//! deploys (fields the resource overrides dropped, AWS warnings made errors by the resource's
//! fail-on-warnings setting); and one API of such a file, for the commands that take one
//! (`--resource`, [`OneApi`]).

mod one;

pub use one::{ApiResource, ChooseError, OneApi};
pub(crate) use one::{choose, cors_keys, endpoint_type, websocket_one};

use crate::diagnostics::{AwsLevel, Code, Diagnostic, Location, Severity};
use crate::kind::ApiKind;
use crate::source::SourceFile;
use crate::{Analysis, BasePathMode};
use std::ops::Range;

/// The resource a body file was checked for, to name beside its findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Via {
    /// `aws_apigatewayv2_api.api`, or a CloudFormation logical id.
    pub resource: String,
    /// The configuration or template file.
    pub path: String,
    /// 1-based line and column of the resource.
    pub line: usize,
    /// See `line`.
    pub column: usize,
}

/// One report of a file that deploys APIs: the file itself, or a body file as one resource
/// deploys it.
#[derive(Debug)]
pub struct Checked {
    /// The file the findings are located in.
    pub source: SourceFile,
    /// Its findings, ordered by position; labels are byte spans of `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// The kinds of API checked in it: the body file's, or those of the bodies written in the
    /// file itself.
    pub kinds: Vec<ApiKind>,
    /// For a body file: the resource that deploys it.
    pub via: Option<Via>,
    /// For the file itself: every API in it with a body (logical ids or addresses), whether
    /// `--resource` chose it or not.
    pub apis: Vec<String>,
}

/// Reads a file named by a configuration or template: its path joined to that file's folder,
/// which the reader has made sure is relative and does not climb out of the folder with `..`.
/// The reader must still refuse what is not a regular file under the folder once symbolic links
/// are resolved (the command's reader does): its error becomes a "not checked" finding, and
/// nothing of the file is shown.
pub type Reader<'a> = &'a dyn Fn(&str) -> Result<SourceFile, String>;

/// How a resource deploys its body.
pub(crate) struct Deployment<'a> {
    /// The resource sets the API's name, so a body without `info.title` is no problem.
    pub(crate) named: bool,
    /// Body fields the resource's own properties replace: `/info/title`, `/info/description`,
    /// `/info/version`.
    pub(crate) replaced: &'a [&'a str],
    /// The resource replaces the body's `x-amazon-apigateway-cors` (HTTP APIs).
    pub(crate) cors_replaced: bool,
    /// What AWS warns about fails the deployment: the note to add, naming the setting.
    pub(crate) fail_on_warnings: Option<String>,
}

impl Deployment<'_> {
    /// The body's findings as the service deploys it.
    pub(crate) fn findings(&self, a: &Analysis) -> Vec<Diagnostic> {
        a.diagnostics
            .iter()
            .filter(|d| {
                let at = d.pointer().map(|p| p.as_str()).unwrap_or_default();
                let replaced = match d.code {
                    // A missing title is reported on `info` (or the root).
                    Code::MissingApiName => self.named && matches!(at, "" | "/info" | "/info/title"),
                    Code::FieldTooLong => self.replaced.contains(&at),
                    _ => false,
                };
                let cors = self.cors_replaced
                    && matches!(
                        d.code,
                        Code::CorsCredentialsWithWildcardOrigin | Code::CorsMaxAgeOutOfRange | Code::UnknownCorsKey
                    );
                !replaced && !cors
            })
            .cloned()
            .map(|mut d| {
                if let Some(note) = &self.fail_on_warnings
                    && d.severity == Severity::Warning
                    && d.code.aws_level() == AwsLevel::Warning
                {
                    d.severity = Severity::Error;
                    d.help = Some(d.help.map_or(note.clone(), |h| format!("{h}; {note}")));
                }
                d
            })
            .collect()
    }
}

/// The number of findings of a body that AWS's import reports as warnings.
pub(crate) fn aws_warnings(a: &Analysis) -> usize {
    a.diagnostics.iter().filter(|d| d.severity == Severity::Warning && d.code.aws_level() == AwsLevel::Warning).count()
}

/// The base path mode a `basepath` import parameter names, or `default`.
pub(crate) fn base_path_mode(value: Option<&str>, default: BasePathMode) -> BasePathMode {
    match value {
        Some("prepend") => BasePathMode::Prepend,
        Some("split") => BasePathMode::Split,
        Some("ignore") => BasePathMode::Ignore,
        _ => default,
    }
}

/// Moves every label of `diags` through `to` (falling back to `whole`); fixes do not survive.
pub(crate) fn relocate(
    diags: &mut [Diagnostic],
    to: impl Fn(&Range<usize>) -> Option<Range<usize>>,
    whole: &Range<usize>,
) {
    for d in diags {
        d.fix = None;
        for l in &mut d.labels {
            if let Location::Span(s) = &l.location {
                l.location = Location::Span(to(s).unwrap_or_else(|| whole.clone()));
            }
        }
    }
}

/// The span of a finding's first label (`0..0` when it has none).
pub(crate) fn first_span(d: &Diagnostic) -> Range<usize> {
    match d.labels.first().map(|l| &l.location) {
        Some(Location::Span(s)) => s.clone(),
        _ => 0..0,
    }
}

/// `path` (relative) in the folder of the file `from`.
pub(crate) fn join(from: &str, path: &str) -> String {
    match std::path::Path::new(from).parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.join(path).display().to_string(),
        None => path.to_string(),
    }
}
