//! The APIs the SAM transform builds ([`crate::sam`]), read by the template reader like any
//! other: a body SAM writes or completes is a tree over the template's text, analysed in place;
//! a `DefinitionBody` SAM leaves as it is (a `Fn::If`, an `AWS::Include`) and a `DefinitionUri`
//! are read as CloudFormation reads `Body` and `BodyS3Location` (each branch; local files only
//! under the template's folder, reported for that file).

use super::body::{self, Body, Source};
use super::lambda::missing;
use super::model::Template;
use super::{Checked, Owned, Reader, Via, name_branch, not_checked_at};
use crate::deployed::{Deployment, first_span, join};
use crate::kind::{ApiChoice, ApiKind};
use crate::sam::{SamApi, SamBody};
use crate::source::SourceFile;
use crate::tree::{NodeRef, Tree};
use crate::{Analysis, Options};
use std::collections::HashSet;

/// Checks one SAM API: its findings in `own` (the template's) or in `files` (a body file's).
#[allow(clippy::too_many_arguments)]
pub(super) fn check(
    source: &SourceFile,
    tree: &Tree,
    s: SamApi,
    options: &Options,
    read: Reader<'_>,
    (template, permitted): (&Template<'_>, &HashSet<String>),
    own: &mut Vec<Owned>,
    kinds: &mut Vec<ApiKind>,
    files: &mut Vec<Checked>,
) {
    let opts = options_for(options, &s);
    let deployment = deployment(&s);
    let owners = vec![s.id.clone()];
    match s.body {
        SamBody::Tree(t) => {
            let a = crate::analyze_tree(source.clone(), *t, &opts);
            kinds.extend(a.kind);
            let mut found = deployment.findings(&a);
            found.extend(missing(&s.id, a.tree.as_ref(), template, permitted, true));
            once(&mut found);
            own.extend(found.into_iter().map(|d| (d, owners.clone())));
        }
        SamBody::Written { node, s3 } => {
            for b in written(tree, node, s3) {
                match &b.source {
                    Source::Unknown(why) => own.push((not_checked_at(&s.id, why, &b), owners.clone())),
                    Source::Inline(id) => {
                        let a = crate::analyze_tree(source.clone(), tree.subtree(*id), &opts);
                        kinds.extend(a.kind);
                        let mut found = deployment.findings(&a);
                        found.extend(missing(&s.id, a.tree.as_ref(), template, permitted, true));
                        name_branch(&mut found, &b);
                        own.extend(found.into_iter().map(|d| (d, owners.clone())));
                    }
                    Source::File(path) => match read(&join(source.name(), path)) {
                        Err(e) => own.push((not_checked_at(&s.id, &e, &b), owners.clone())),
                        Ok(file) => {
                            let a = crate::analyze(file.clone(), &opts);
                            let mut diags = deployment.findings(&a);
                            diags.extend(missing(&s.id, a.tree.as_ref(), template, permitted, false));
                            name_branch(&mut diags, &b);
                            options.severities.apply(&mut diags);
                            diags.sort_by_key(|d| (first_span(d).start, d.code));
                            let (line, column) = source.line_col(b.key.start);
                            let via = Via { resource: s.id.clone(), path: source.name().to_string(), line, column };
                            let kinds = a.kind.into_iter().collect();
                            files.push(Checked {
                                source: file,
                                diagnostics: diags,
                                kinds,
                                via: Some(via),
                                apis: Vec::new(),
                            });
                        }
                    },
                }
            }
        }
    }
}

/// The body of one SAM API for the commands that show one (`--resource`), or why there is none.
pub(super) fn one(
    source: &SourceFile,
    tree: &Tree,
    s: SamApi,
    options: &Options,
    read: Reader<'_>,
) -> Result<Analysis, String> {
    let opts = options_for(options, &s);
    let deployment = deployment(&s);
    let mut a = match s.body {
        SamBody::Tree(t) => crate::analyze_tree(source.clone(), *t, &opts),
        SamBody::Written { node, s3 } => {
            let bodies = written(tree, node, s3);
            let [b] = bodies.as_slice() else {
                return Err("`Fn::If` chooses it when CloudFormation runs, so there is no one API to show (`gatewright check` checks each branch)".into());
            };
            match &b.source {
                Source::Unknown(why) => return Err(why.clone()),
                Source::Inline(id) => crate::analyze_tree(source.clone(), tree.subtree(*id), &opts),
                Source::File(path) => crate::analyze(read(&join(source.name(), path))?, &opts),
            }
        }
    };
    let mut found = deployment.findings(&a);
    options.severities.apply(&mut found);
    once(&mut found);
    a.diagnostics = found;
    Ok(a)
}

/// One finding of each code and message at a place of the template: a node SAM writes for many
/// paths (the OPTIONS method of `Cors`, a default authorizer) is one line of the template, and
/// what is wrong with it is said once.
fn once(found: &mut Vec<crate::diagnostics::Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| seen.insert((first_span(d).start, first_span(d).end, d.code, d.message.clone())));
}

/// The options a SAM API's body is analysed under: its kind, sent as written.
fn options_for(base: &Options, s: &SamApi) -> Options {
    let mut o = base.clone();
    o.api = ApiChoice::Fixed(s.kind);
    o.openapi31 = crate::openapi31::Mode::AsWritten;
    o
}

/// How the API resource SAM writes deploys the body: `FailOnWarnings`, and a REST API's `Name`
/// and `Description` (an HTTP API's SAM writes into the body itself).
fn deployment(s: &SamApi) -> Deployment<'static> {
    Deployment {
        named: s.replaced.contains(&"/info/title"),
        replaced: s.replaced,
        cors_replaced: false,
        fail_on_warnings: s.fail_on_warnings.then(|| {
            format!("`FailOnWarnings: true` on `{}`: AWS rejects the import and the stack update fails", s.id)
        }),
    }
}

/// The bodies of a `DefinitionBody` (`s3` false) or `DefinitionUri` (`s3` true) as written.
fn written(tree: &Tree, node: crate::tree::NodeId, s3: bool) -> Vec<Body> {
    let n = NodeRef::new(tree, node);
    let key = tree.key_span(node).unwrap_or_else(|| n.span());
    body::of_value(n, &key, s3)
}
