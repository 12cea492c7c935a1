//! Lambda invoke permissions (`--lambda-permissions`), for every API kind; each kind lists its
//! own beside its backends (`lambda_permissions` in `http/emit/`, `rest/emit/`,
//! `websocket/emit/`). Without a resource policy statement that lets `apigateway.amazonaws.com`
//! invoke the function, a Lambda route answers 500 and a Lambda authorizer denies every call.
//! One permission per function and route (and one per function used by an authorizer), scoped to
//! this API, as SAM's translator scopes them: any stage, the route's method (`*` for `ANY`), the
//! path with each `{variable}` as `*`; an authorizer's function gets `…/authorizers/*`.

use super::names::{UniqueIds, words};
use super::shell::{Word, log, quote};
use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// One permission to add.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Permission {
    /// The function: its ARN, or the expression that gives it.
    pub(crate) function: Value,
    /// The execute-api resource after the API id: `/*/GET/pets/*`, `/authorizers/*`.
    pub(crate) source: String,
    /// What it is for (`GET /pets/{id}`, `authorizer auth`), for ids and messages.
    pub(crate) what: String,
    /// The integration or authorizer it is for.
    pub(crate) pointer: Pointer,
}

/// `/*/METHOD/path` for a route: any stage, `*` for `ANY`, variables (greedy too) as `*`, no
/// trailing slash.
pub(crate) fn route_source(method: &str, path: &str) -> String {
    let method = if method.eq_ignore_ascii_case("ANY") { "*" } else { method };
    let mut p: String = path
        .split('/')
        .map(|s| if s.starts_with('{') && s.ends_with('}') { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/");
    if p.len() > 1 && p.ends_with('/') {
        p.pop();
    }
    format!("/*/{method}{p}")
}

pub(crate) fn push(out: &mut Vec<Permission>, uri: Value, source: String, what: String, pointer: &Pointer) {
    let mut function = uri;
    function_arn(&mut function);
    if !out.iter().any(|p| p.function == function && p.source == source) {
        out.push(Permission { function, source, what, pointer: pointer.clone() });
    }
}

/// A Lambda invocation URI (`arn:aws:apigateway:…:lambda:path/2015-03-31/functions/<ARN>/invocations`)
/// as the function ARN that CreateIntegration takes; also inside an `Fn::Sub` template, so a
/// CloudFormation-built URI gets the same treatment.
pub(crate) fn function_arn(v: &mut Value) {
    fn cut(s: &str) -> Option<String> {
        s.split_once("/functions/").and_then(|(_, rest)| rest.strip_suffix("/invocations")).map(str::to_string)
    }
    match v {
        Value::String(s) => {
            if let Some(arn) = cut(s) {
                *s = arn;
            }
        }
        Value::Object(m) => match m.get_mut("Fn::Sub") {
            Some(Value::String(s)) => {
                if let Some(arn) = cut(s) {
                    *s = arn;
                }
            }
            Some(Value::Array(parts)) => {
                if let Some(Value::String(s)) = parts.first_mut()
                    && let Some(arn) = cut(s)
                {
                    *s = arn;
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Every function resolved with `--var`s (a script cannot leave intrinsics to CloudFormation).
pub(crate) fn resolved(
    mut perms: Vec<Permission>,
    opts: &super::EmitOptions,
) -> Result<Vec<Permission>, Vec<Diagnostic>> {
    let vars = super::vars(opts, false);
    let mut diags = Vec::new();
    for p in &mut perms {
        let mut found = Vec::new();
        super::values::resolve(&mut p.function, &vars, &mut Vec::new(), &mut found);
        diags.extend(
            found.iter().map(|u| super::unresolved(&p.pointer, &format!("the function of {}: {}", p.what, u.message))),
        );
    }
    if diags.is_empty() { Ok(perms) } else { Err(diags) }
}

/// Adds `perms` to a template held whole, on its API resource `api`.
pub(crate) fn add_to_template(template: &mut Value, perms: &[Permission], api: &str) {
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else { return };
    let mut ids = UniqueIds::with_capacity(resources.len() + perms.len());
    for k in resources.keys() {
        ids.take(k.clone());
    }
    for (id, r) in cloudformation(perms, api, &mut ids) {
        resources.insert(id, r);
    }
}

/// Whether an integration or authorizer URI invokes a Lambda function.
pub(crate) fn is_lambda_uri(uri: &Value) -> bool {
    let text = match uri {
        Value::String(s) => s.as_str(),
        Value::Object(m) => match m.get("Fn::Sub") {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Array(parts)) => parts.first().and_then(Value::as_str).unwrap_or_default(),
            _ => "",
        },
        _ => "",
    };
    text.contains(":lambda:path/") && text.contains("/functions/")
}

/// The plan's `lambdaPermissions`: each function (resolved), the execute-api resource after the
/// API id, what it is for and where it comes from.
pub(crate) fn plan_entries(perms: &[Permission]) -> Value {
    Value::Array(
        perms
            .iter()
            .map(|p| json!({"function": p.function, "source": p.source, "for": p.what, "pointer": p.pointer.as_str()}))
            .collect(),
    )
}

/// `AWS::Lambda::Permission` resources for `perms`, on the API whose logical id is `api`: the
/// logical id (unique against `ids`) and the resource.
pub(crate) fn cloudformation(perms: &[Permission], api: &str, ids: &mut UniqueIds) -> Vec<(String, Value)> {
    perms
        .iter()
        .map(|p| {
            let id = ids.take(format!("Permission{}", words(&p.what)));
            // `${` in the path would start a substitution: `${!` writes it literally.
            let source = p.source.replace("${", "${!");
            let arn =
                format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}{source}");
            let r = json!({"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": p.function,
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": {"Fn::Sub": arn},
            }});
            (id, r)
        })
        .collect()
}

/// The script's commands for `perms`, on the API whose id is in shell variable `api_var`:
/// the account and region first, then `aws lambda add-permission` per permission, each with a
/// statement id of its own for this API (re-running for the same API replaces the statement).
/// `region` is the script's ` --region=…` option, if any.
pub(crate) fn script(perms: &[Permission], api_var: &str, region: Option<&str>, out: &mut String) {
    if perms.is_empty() {
        return;
    }
    let region_option = region.map(|r| format!(" --region={}", quote(r))).unwrap_or_default();
    out.push_str("\nlog 'allowing API Gateway to invoke the Lambda functions'\n");
    let _ = writeln!(out, "ACCOUNT_ID=$(aws sts get-caller-identity{region_option} --query Account --output text)");
    match region {
        Some(r) => {
            let _ = writeln!(out, "REGION={}", quote(r));
        }
        None => out.push_str(
            "REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region || true)}}\n\
             [ -n \"$REGION\" ] || { log 'error: no region: set AWS_REGION or pass --region to gatewright'; exit 1; }\n",
        ),
    }
    out.push_str(
        "case \"$REGION\" in cn-*) PARTITION=aws-cn ;; us-gov-*) PARTITION=aws-us-gov ;; *) PARTITION=aws ;; esac\n",
    );
    for (n, p) in perms.iter().enumerate() {
        let _ = writeln!(out, "{}", log(&format!("permission for {}", p.what)));
        let statement = |w: &mut Word| {
            w.text.push_str("\"StatementId\":\"gatewright-");
            w.var(api_var);
            w.text.push_str(&format!("-{}\"", n + 1));
        };
        let function = p.function.as_str().map(str::to_string).unwrap_or_else(|| p.function.to_string());
        // `{"FunctionName":…,"StatementId":…` for both commands.
        let head = || {
            let mut w = Word::default();
            w.text.push('{');
            w.key("FunctionName");
            w.text.push_str(&Value::from(function.as_str()).to_string());
            w.text.push(',');
            statement(&mut w);
            w
        };
        // Removed first, so that a re-run for the same API does not fail on an existing statement.
        let mut remove = head();
        remove.text.push('}');
        let _ = writeln!(
            out,
            "aws lambda remove-permission{region_option} --cli-input-json {} >/dev/null 2>&1 || true",
            remove.finish()
        );
        let mut add = head();
        add.text.push_str(",\"Action\":\"lambda:InvokeFunction\",\"Principal\":\"apigateway.amazonaws.com\",");
        add.text.push_str("\"SourceArn\":\"arn:");
        add.var("PARTITION");
        add.text.push_str(":execute-api:");
        add.var("REGION");
        add.text.push(':');
        add.var("ACCOUNT_ID");
        add.text.push(':');
        add.var(api_var);
        // The source is JSON-escaped inside the string being written.
        let escaped = Value::from(p.source.as_str()).to_string();
        add.text.push_str(&escaped[1..escaped.len() - 1]);
        add.text.push_str("\"}");
        let _ = writeln!(out, "aws lambda add-permission{region_option} --cli-input-json {} >/dev/null", add.finish());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sources_as_sam_writes_them() {
        assert_eq!(super::route_source("GET", "/pets/{id}"), "/*/GET/pets/*");
        assert_eq!(super::route_source("ANY", "/{proxy+}"), "/*/*/*");
        assert_eq!(super::route_source("POST", "/a/"), "/*/POST/a");
        assert_eq!(super::route_source("GET", "/"), "/*/GET/");
    }
}
