//! AWS service integrations (`integrationSubtype`): known subtypes, their required and allowed
//! parameters, and the IAM role they need.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Integration, IntegrationKind, Val};

/// Each subtype with its required and optional request parameters (every one also takes
/// `Region`). From the AWS integration subtype reference.
const SUBTYPES: &[(&str, &[&str], &[&str])] = &[
    (
        "EventBridge-PutEvents",
        &["Detail", "DetailType", "Source"],
        &["Time", "EventBusName", "Resources", "TraceHeader"],
    ),
    (
        "SQS-SendMessage",
        &["QueueUrl", "MessageBody"],
        &["DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes"],
    ),
    (
        "SQS-ReceiveMessage",
        &["QueueUrl"],
        &[
            // AWS's integration subtype reference spells it `AttributeName`; the SQS API's own
            // name is `AttributeNames`. Both are accepted.
            "AttributeName",
            "AttributeNames",
            "MaxNumberOfMessages",
            "MessageAttributeNames",
            "ReceiveRequestAttemptId",
            "VisibilityTimeout",
            "WaitTimeSeconds",
        ],
    ),
    ("SQS-DeleteMessage", &["ReceiptHandle", "QueueUrl"], &[]),
    ("SQS-PurgeQueue", &["QueueUrl"], &[]),
    (
        "AppConfig-GetConfiguration",
        &["Application", "Environment", "Configuration", "ClientId"],
        &["ClientConfigurationVersion"],
    ),
    ("Kinesis-PutRecord", &["StreamName", "Data", "PartitionKey"], &["SequenceNumberForOrdering", "ExplicitHashKey"]),
    ("StepFunctions-StartExecution", &["StateMachineArn"], &["Name", "Input"]),
    ("StepFunctions-StartSyncExecution", &["StateMachineArn"], &["Name", "Input", "TraceHeader"]),
    ("StepFunctions-StopExecution", &["ExecutionArn"], &["Cause", "Error"]),
];

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for i in &input.api.integrations {
        let Some(sub) = &i.subtype else { continue };
        let at = i.pointer.child("integrationSubtype");
        if !matches!(i.kind, IntegrationKind::Service(_)) {
            if !matches!(i.kind, IntegrationKind::Other(_)) {
                out.push(
                    Diagnostic::new(Code::InvalidIntegrationSubtype, "`integrationSubtype` needs `type: aws_proxy`")
                        .at_key(&at, "subtype on a non-service integration")
                        .help("set `type: aws_proxy`, or remove `integrationSubtype`"),
                );
            }
            continue;
        }
        let Val::Lit(name) = sub else { continue };
        match SUBTYPES.iter().find(|(n, _, _)| *n == name) {
            None => {
                let near = SUBTYPES.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)).map(|(n, _, _)| *n);
                out.push(
                    Diagnostic::new(Code::InvalidIntegrationSubtype, format!("`{name}` is not an integration subtype"))
                        .at_value(&at, "unknown subtype")
                        .help(match near {
                            Some(n) => format!("did you mean `{n}`? subtypes are case-sensitive"),
                            None => format!(
                                "use one of {}",
                                SUBTYPES.iter().map(|(n, _, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                            ),
                        }),
                );
            }
            Some((_, required, optional)) => parameters(i, name, required, optional, out),
        }
        if i.credentials.is_none() {
            out.push(
                Diagnostic::new(
                    Code::MissingIntegrationCredentials,
                    format!("the `{name}` integration has no IAM role"),
                )
                .at_key(&i.pointer, "no `credentials` here")
                .help("set `credentials` to a role that API Gateway can assume and that may call the service action"),
            );
        }
    }
}

fn parameters(i: &Integration, name: &str, required: &[&str], optional: &[&str], out: &mut Vec<Diagnostic>) {
    let at = i.pointer.child("requestParameters");
    for r in required {
        if !i.request_parameters.contains_key(*r) {
            let d =
                Diagnostic::new(Code::MissingSubtypeParameter, format!("`{name}` needs the request parameter `{r}`"));
            let d = if i.request_parameters.is_empty() {
                d.at_key(&i.pointer, "no `requestParameters` here")
            } else {
                d.at_key(&at, "missing here")
            };
            out.push(d.help(format!(
                "add `{r}` to `requestParameters` (a static value or a mapping expression such as `$request.body.x`)"
            )));
        }
    }
    for key in i.request_parameters.keys() {
        if !required.contains(&key.as_str()) && !optional.contains(&key.as_str()) && key != "Region" {
            let all: Vec<String> =
                required.iter().chain(optional.iter()).chain(["Region"].iter()).map(|p| format!("`{p}`")).collect();
            out.push(
                Diagnostic::new(Code::UnknownSubtypeParameter, format!("`{key}` is not a parameter of `{name}`"))
                    .at_key(&at.child(key), "unknown parameter")
                    .help(format!("`{name}` takes {}", all.join(", "))),
            );
        }
    }
}
