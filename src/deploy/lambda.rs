//! The plan's Lambda permissions (`--lambda-permissions`), added after the API exists: for each
//! function and execute-api resource, a statement that lets `apigateway.amazonaws.com` invoke the
//! function from this API. The statement id is `gatewright-<API id>-<hash of the resource>`, so a
//! deploy finds the statements it added before and adds only what is missing (the function's
//! policy is read first). The account in the source ARN is the function's (from its ARN).

use super::client::{CallError, Client, Service};
use super::reconcile::Change;
use super::{Failure, seg};
use serde_json::{Value, json};

/// A statement id for `api_id` and `source`: stable, and 100 characters at most.
fn statement_id(api_id: &str, source: &str) -> String {
    use std::io::Write as _;
    let mut h = crate::emit::names::Fnv::default();
    // Writing to the hasher cannot fail.
    let _ = h.write_all(source.as_bytes());
    let id: String = api_id.chars().filter(char::is_ascii_alphanumeric).take(60).collect();
    format!("gatewright-{id}-{:016x}", h.0)
}

/// The statement ids in `function`'s policy (none when it has no policy yet).
fn statements(client: &mut Client, function: &str) -> Result<Vec<String>, CallError> {
    match client.call_service(Service::Lambda, "GET", &format!("/2015-03-31/functions/{}/policy", seg(function)), None)
    {
        Ok(v) => {
            let policy: Value = v["Policy"].as_str().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
            Ok(policy["Statement"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["Sid"].as_str().map(str::to_string))
                .collect())
        }
        Err(e) if e.is_not_found() => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Adds what is missing of `permissions` for the API `api_id`; the changes made (or, in a dry
/// run, that would be made) go into `done`.
pub(super) fn apply(
    client: &mut Client,
    permissions: &[Value],
    api_id: &str,
    dry_run: bool,
    done: &mut Vec<Change>,
) -> Result<(), Failure> {
    let fail = |message: String, done: &[Change], source: Option<&str>| Failure {
        message,
        request: None,
        source: source.map(str::to_string),
        api_id: Some(api_id.to_string()),
        api_exists: true,
        uncertain: None,
        done: done.to_vec(),
    };
    for p in permissions {
        let (function, source, what) = (
            p["function"].as_str().unwrap_or_default(),
            p["source"].as_str().unwrap_or_default(),
            p["for"].as_str().unwrap_or_default(),
        );
        let pointer = p["pointer"].as_str();
        let parts: Vec<&str> = function.split(':').collect();
        let Some(account) = parts.get(4).filter(|a| parts.len() >= 7 && parts[2] == "lambda" && !a.is_empty()) else {
            return Err(fail(
                format!(
                    "the function of {what} is not a Lambda function ARN (`{function}`): its account is needed for the permission"
                ),
                done,
                pointer,
            ));
        };
        let sid = statement_id(api_id, source);
        let existing = statements(client, function).map_err(|e| fail(e.to_string(), done, pointer))?;
        if existing.contains(&sid) {
            continue;
        }
        let change = Change::create("Lambda permission", &format!("for {what}"));
        if !dry_run {
            let region = client.region().to_string();
            let body = json!({
                "StatementId": sid,
                "Action": "lambda:InvokeFunction",
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": format!("arn:{}:execute-api:{region}:{account}:{api_id}{source}", crate::emit::partition(&region)),
            });
            let path = format!("/2015-03-31/functions/{}/policy", seg(function));
            client.call_service(Service::Lambda, "POST", &path, Some(&body)).map_err(|e| {
                let mut f = fail(e.to_string(), done, pointer);
                f.request = Some(format!("POST {path} (Lambda permission for {what})"));
                f
            })?;
        }
        done.push(change);
    }
    Ok(())
}
