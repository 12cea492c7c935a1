//! Resolving CloudFormation intrinsics and `${…}` placeholders with `--var` values, for every
//! backend but CloudFormation (which passes them through). What cannot be resolved is reported
//! at its place in the document; nothing is guessed.

use crate::value::has_placeholder;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Values for placeholders: `--var`/`--vars`, and the pseudo parameters that follow from
/// `--region`.
pub(crate) struct Vars<'a> {
    pub(crate) vars: &'a BTreeMap<String, String>,
    pub(crate) region: Option<&'a str>,
    /// Leave `${AWS::Region}`/`${AWS::AccountId}` in plain strings (import resolves them).
    pub(crate) keep_aws_variables: bool,
}

/// The AWS partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`).
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

impl Vars<'_> {
    fn lookup(&self, name: &str) -> Option<String> {
        if let Some(v) = self.vars.get(name) {
            return Some(v.clone());
        }
        let region = self.region?;
        let partition = partition(region);
        match name {
            "AWS::Region" => Some(region.to_string()),
            "AWS::Partition" => Some(partition.to_string()),
            "AWS::URLSuffix" => {
                Some(if partition == "aws-cn" { "amazonaws.com.cn" } else { "amazonaws.com" }.to_string())
            }
            _ => None,
        }
    }
}

/// A value that could not be resolved: where (body path) and why.
#[derive(Debug)]
pub(crate) struct Unresolved {
    pub(crate) path: Vec<String>,
    pub(crate) message: String,
}

/// The keys whose values are mapping templates, as API Gateway and the Terraform provider name them.
const TEMPLATES: [&str; 4] = ["requestTemplates", "responseTemplates", "request_templates", "response_templates"];

/// Whether the string at `path` is a mapping template: a value of a `requestTemplates` or
/// `responseTemplates` map (or read as one: a v2 model's schema, JSON text). A template is Velocity, where `${name}` is a formal reference, so
/// there only names the user gave a value (`--var`) and pseudo parameters (`${AWS::Region}`)
/// are placeholders, as CloudFormation, which never substitutes a plain string, leaves the rest.
fn in_template(path: &[String]) -> bool {
    (path.len() >= 2 && TEMPLATES.contains(&path[path.len() - 2].as_str())) || path == ["schema"]
}

/// Resolves every intrinsic and placeholder under `v`.
pub(crate) fn resolve(v: &mut Value, vars: &Vars<'_>, path: &mut Vec<String>, out: &mut Vec<Unresolved>) {
    match v {
        Value::Object(m) if m.len() == 1 && m.keys().next().is_some_and(|k| crate::tree::is_intrinsic_key(k)) => {
            match intrinsic(m, vars) {
                Ok(s) => *v = Value::String(s),
                Err(message) => out.push(Unresolved { path: path.clone(), message }),
            }
        }
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                path.push(k.clone());
                resolve(child, vars, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                resolve(child, vars, path, out);
                path.pop();
            }
        }
        Value::String(s) if has_placeholder(s) => match substitute(s, vars, vars.keep_aws_variables, in_template(path))
        {
            Ok(r) => *s = r,
            Err(names) => out.push(Unresolved { path: path.clone(), message: no_value(&names, true) }),
        },
        _ => {}
    }
}

/// "`${A}` has no value", "`${A}` and `${B}` have no value", "`${A}`, `${B}` and `${C}` have…":
/// every missing name at once, so one run tells the user all the values to pass.
fn no_value(names: &[String], placeholder: bool) -> String {
    let shown: Vec<String> =
        names.iter().map(|n| if placeholder { format!("`${{{n}}}`") } else { format!("`{n}`") }).collect();
    match shown.as_slice() {
        [one] => format!("{one} has no value"),
        [init @ .., last] => format!("{} and {last} have no value", init.join(", ")),
        [] => "a value is missing".to_string(),
    }
}

fn intrinsic(m: &Map<String, Value>, vars: &Vars<'_>) -> Result<String, String> {
    let Some((name, arg)) = m.iter().next() else { return Err("empty intrinsic".into()) };
    let need = |n: &str| vars.lookup(n).ok_or_else(|| no_value(&[n.to_string()], false));
    match (name.as_str(), arg) {
        ("Ref", Value::String(n)) => need(n),
        ("Fn::GetAtt", Value::String(s)) => need(s),
        ("Fn::GetAtt", Value::Array(parts)) => {
            let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            need(&parts.join("."))
        }
        ("Fn::Sub", Value::String(s)) => substitute(s, vars, false, false).map_err(|n| no_value(&n, true)),
        ("Fn::Sub", Value::Array(parts)) => {
            let (Some(Value::String(s)), local) = (parts.first(), parts.get(1).and_then(Value::as_object)) else {
                return Err("`Fn::Sub` takes a string, or a string and a map".into());
            };
            let mut merged = vars.vars.clone();
            let mut problems = Vec::new();
            for (k, v) in local.into_iter().flatten() {
                let mut v = v.clone();
                let mut errs = Vec::new();
                resolve(&mut v, vars, &mut Vec::new(), &mut errs);
                match (v, errs.is_empty()) {
                    (Value::String(s), true) => {
                        merged.insert(k.clone(), s);
                    }
                    (_, false) => problems.extend(errs.into_iter().map(|e| e.message)),
                    (other, true) => {
                        merged.insert(k.clone(), other.to_string());
                    }
                }
            }
            let inner = Vars { vars: &merged, region: vars.region, keep_aws_variables: false };
            match substitute(s, &inner, false, false) {
                Ok(done) if problems.is_empty() => Ok(done),
                Ok(_) => Err(problems.join("; ")),
                Err(names) => {
                    problems.push(no_value(&names, true));
                    Err(problems.join("; "))
                }
            }
        }
        ("Fn::Join", Value::Array(parts)) => {
            let (Some(Value::String(sep)), Some(Value::Array(items))) = (parts.first(), parts.get(1)) else {
                return Err("`Fn::Join` takes a separator and a list".into());
            };
            let mut out = Vec::new();
            let mut problems: Vec<String> = Vec::new();
            for item in items {
                let mut item = item.clone();
                let mut errs = Vec::new();
                resolve(&mut item, vars, &mut Vec::new(), &mut errs);
                problems.extend(errs.into_iter().map(|e| e.message));
                out.push(match item {
                    Value::String(s) => s,
                    other => other.to_string(),
                });
            }
            if problems.is_empty() { Ok(out.join(sep)) } else { Err(problems.join("; ")) }
        }
        (other, _) => Err(format!("`{other}` cannot be resolved outside CloudFormation")),
    }
}

/// Replaces `${name}` with its value; `${!x}` is a literal `${x}`; API Gateway runtime
/// variables (`${stageVariables.x}`, `${request.…}`, `${context.…}`) stay as they are, and so,
/// in a mapping template, does every name neither given a value nor a pseudo parameter. The
/// error lists every name without a value, each once.
fn substitute(s: &str, vars: &Vars<'_>, keep_aws: bool, template: bool) -> Result<String, Vec<String>> {
    let mut missing: Vec<String> = Vec::new();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        let runtime = ["stageVariables.", "request.", "context.", "response."].iter().any(|p| name.starts_with(p));
        // A Velocity reference (`${body}` after `#set`), or `${!x}` written in one, is text.
        let velocity = template && !name.starts_with("AWS::") && !vars.vars.contains_key(name);
        if runtime || velocity || (keep_aws && name.starts_with("AWS::") && vars.lookup(name).is_none()) {
            out.push_str(&rest[i..i + 2 + end + 1]);
        } else if let Some(lit) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(lit);
            out.push('}');
        } else {
            match vars.lookup(name) {
                Some(v) => out.push_str(&v),
                None if !missing.iter().any(|m| m == name) => missing.push(name.to_string()),
                None => {}
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if missing.is_empty() { Ok(out) } else { Err(missing) }
}

/// After resolution, fields that are numbers or booleans on the wire get their type back
/// (a `Ref` resolves to text).
pub(crate) fn retype(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                match (k.as_str(), &*child) {
                    ("timeoutInMillis" | "authorizerResultTtlInSeconds" | "maxAge", Value::String(s)) => {
                        if let Ok(n) = s.trim().parse::<i64>() {
                            *child = Value::from(n);
                        }
                    }
                    ("enableSimpleResponses" | "allowCredentials" | "disableExecuteApiEndpoint", Value::String(s)) => {
                        if let Ok(b) = s.trim().parse::<bool>() {
                            *child = Value::Bool(b);
                        }
                    }
                    _ => retype(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(retype),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_intrinsics_and_placeholders() {
        let vars: BTreeMap<String, String> =
            [("Fn.Arn".to_string(), "arn:fn".to_string()), ("stage".into(), "prod".into())].into();
        let v = Vars { vars: &vars, region: Some("eu-west-1"), keep_aws_variables: false };
        let mut doc = json!({
            "a": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/functions/${Fn.Arn}/invocations"},
            "b": {"Fn::GetAtt": ["Fn", "Arn"]},
            "c": "https://${stageVariables.host}/${stage}/${!Literal}",
            "d": {"Fn::Join": ["-", ["a", {"Ref": "stage"}]]},
            "e": {"Fn::If": ["c", "x", "y"]},
            "f": {"Ref": "Missing"}
        });
        let mut errs = Vec::new();
        resolve(&mut doc, &v, &mut Vec::new(), &mut errs);
        assert_eq!(doc["a"], "arn:aws:apigateway:eu-west-1:lambda:path/functions/arn:fn/invocations");
        assert_eq!(doc["b"], "arn:fn");
        assert_eq!(doc["c"], "https://${stageVariables.host}/prod/${Literal}");
        assert_eq!(doc["d"], "a-prod");
        let paths: Vec<_> = errs.iter().map(|e| e.path.join("/")).collect();
        assert_eq!(paths, ["e", "f"]);
    }

    #[test]
    fn in_a_mapping_template_only_names_with_values_are_placeholders() {
        let vars: BTreeMap<String, String> = [("Team".to_string(), "blue".to_string())].into();
        let v = Vars { vars: &vars, region: Some("eu-west-1"), keep_aws_variables: false };
        let template = "#set($b = 1)${b} ${Team} ${!x} ${AWS::Region} ${stageVariables.s}";
        let mut doc = json!({
            "requestTemplates": {"application/json": template},
            "responses": {"default": {"responseTemplates": {"text/plain": "${b}"}}},
            "uri": "${b}"
        });
        let mut errs = Vec::new();
        resolve(&mut doc, &v, &mut Vec::new(), &mut errs);
        assert_eq!(
            doc["requestTemplates"]["application/json"],
            "#set($b = 1)${b} blue ${!x} eu-west-1 ${stageVariables.s}"
        );
        assert_eq!(doc["responses"]["default"]["responseTemplates"]["text/plain"], "${b}");
        let paths: Vec<_> = errs.iter().map(|e| e.path.join("/")).collect();
        assert_eq!(paths, ["uri"]);
    }
}
