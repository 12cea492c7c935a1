//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, the tool's rules from
//! the registry (with their documentation), one result per finding with its region.

use super::resolve_labels;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::tree::Tree;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One file's results.
pub fn sarif_results(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic]) -> Vec<Value> {
    if !source.parts().is_empty() {
        let parts = super::split_parts(source, diags.to_vec());
        return parts.iter().flat_map(|(part, found)| sarif_results(part, None, found)).collect();
    }
    diags
        .iter()
        .map(|d| {
            let labels = resolve_labels(source, tree, d);
            let location = |span: &std::ops::Range<usize>, message: Option<&str>| {
                let (sl, sc) = source.line_col(span.start);
                let (el, ec) = source.line_col(span.end.max(span.start));
                let mut loc = json!({"physicalLocation": {
                    "artifactLocation": {"uri": source.name()},
                    "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec.max(if el == sl { sc } else { 1 })}
                }});
                if let Some(m) = message {
                    loc["message"] = json!({"text": m});
                }
                loc
            };
            let text = match &d.help {
                Some(h) => format!("{}\n{h}", d.message),
                None => d.message.clone(),
            };
            let mut r = json!({
                "ruleId": d.code.id(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": labels.first().map(|l| vec![location(&l.span, None)]).unwrap_or_default(),
            });
            let related: Vec<Value> = labels
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(&l.span, Some(&l.message));
                    loc["id"] = json!(i + 1);
                    loc
                })
                .collect();
            if !related.is_empty() {
                r["relatedLocations"] = Value::Array(related);
            }
            // `aws`: what AWS's import does with it (`accepted` = gatewright's advice).
            r["properties"] = json!({"aws": d.code.aws_level().short()});
            if let Some(p) = d.pointer() {
                r["properties"]["pointer"] = json!(p.as_str());
            }
            r
        })
        .collect()
}

/// The whole log. `unreadable` lists files that could not be read, with the reason: they become
/// error notifications of a run whose `executionSuccessful` is false.
/// `kinds` names the kind of API each checked file was judged as (run property `apiKinds`).
pub fn sarif_log(
    results: Vec<Value>,
    unreadable: &[(String, String)],
    kinds: &[(String, crate::kind::ApiKind)],
) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.id(),
                "name": c.name(),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.summary()},
                "help": {"text": c.docs(), "markdown": c.docs()},
                "defaultConfiguration": {"level": level(c.default_severity())},
                "properties": {"awsLevel": c.aws_level().as_str()},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gatewright", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
            "properties": {"apiKinds": kinds.iter().map(|(path, k)| (path.clone(), json!(k.word()))).collect::<serde_json::Map<String, Value>>()},
            "invocations": [{
                "executionSuccessful": unreadable.is_empty(),
                "toolExecutionNotifications": unreadable.iter().map(|(path, error)| json!({
                    "level": "error",
                    "message": {"text": error},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}}}],
                })).collect::<Vec<_>>(),
            }],
        }]
    })
}
