//! End to end, Lambda invoke permissions (`--lambda-permissions`) for both API kinds: the script
//! adds them with the real AWS CLI on moto (functions created there first), each function's
//! policy then holds one statement per route (and per authorizer) scoped to the new API; the
//! templates with `AWS::Lambda::Permission` pass cfn-lint; and `deploy` adds them through the
//! signature-verifying proxy (Lambda requests signed for `lambda`), once: a second deploy adds
//! nothing.

use crate::e2e::{Moto, Proxy, api_id_of, cfn_lint, compile_to, deploy, mutating, output, shellcheck, tool};
use crate::support::root;
use serde_json::Value;
use std::process::Command;

fn functions(moto: &Moto, args: &[&str]) -> String {
    let mut cmd = Command::new(tool("python"));
    cmd.arg(root().join("tests/e2e/lambda_functions.py")).arg(&moto.endpoint).args(args);
    moto.env(&mut cmd);
    output(&mut cmd, &format!("lambda_functions.py {}", args.join(" ")))
}

/// The source ARNs in a function's policy.
fn sources(moto: &Moto, function: &str) -> Vec<String> {
    let statements: Value = serde_json::from_str(&functions(moto, &["policy", function])).expect("policy JSON");
    let mut out: Vec<String> = statements
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            assert_eq!(s["Principal"]["Service"], "apigateway.amazonaws.com", "{s}");
            assert_eq!(s["Action"], "lambda:InvokeFunction", "{s}");
            s["Condition"]["ArnLike"]["AWS:SourceArn"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    out.sort();
    out
}

/// A function and the execute-api resources (after the API id) its policy allows.
type Expected<'a> = (&'a str, &'a [&'a str]);

#[test]
fn lambda_permissions_are_added_for_both_kinds() {
    let work = crate::support::scratch("e2e-lambda");
    let moto = Moto::start();
    functions(&moto, &["create", "pets", "delete-pet", "partner-auth", "auth"]);
    let cases: [(&str, &[&str], &[Expected]); 2] = [
        (
            "fixtures/examples/petstore.yaml",
            &[],
            &[
                ("pets", &["/*/GET/pets", "/*/GET/pets/*", "/*/POST/pets"]),
                ("delete-pet", &["/*/DELETE/pets/*"]),
                ("partner-auth", &["/authorizers/*"]),
            ],
        ),
        (
            "fixtures/rest/shop.yaml",
            &["--api", "rest", "--var", "apikey.partner-a=lambdaKey0123456789ab"],
            &[("auth", &["/authorizers/*"])],
        ),
    ];
    for (n, (fixture, extra, expected)) in cases.iter().enumerate() {
        let script = work.join(format!("lambda-{n}.sh"));
        let mut args = vec!["--emit", "aws-cli", "--lambda-permissions"];
        args.extend_from_slice(extra);
        compile_to(fixture, &args, &script);
        shellcheck(&script);
        let mut run = Command::new("bash");
        run.arg(&script).env("APIKEY_PARTNER_A", "lambdaKey0123456789ab");
        moto.env(&mut run);
        let stdout = output(&mut run, &format!("the script for {fixture}"));
        let api_id = stdout.lines().last().unwrap_or_default().trim().to_string();
        for (function, paths) in expected.iter() {
            let want: Vec<String> =
                paths.iter().map(|p| format!("arn:aws:execute-api:us-east-1:123456789012:{api_id}{p}")).collect();
            let got: Vec<String> = sources(&moto, function).into_iter().filter(|s| s.contains(&api_id)).collect();
            let mut want = want;
            want.sort();
            assert_eq!(got, want, "{fixture}: {function}");
        }
        for ext in ["yaml", "json"] {
            let template = work.join(format!("lambda-{n}.{ext}"));
            let mut args = vec!["--emit", "cloudformation", "--lambda-permissions"];
            args.extend_from_slice(extra);
            compile_to(fixture, &args, &template);
            cfn_lint(&template);
            let text = std::fs::read_to_string(&template).expect("template");
            assert_eq!(
                text.matches("AWS::Lambda::Permission").count(),
                expected.iter().map(|(_, p)| p.len()).sum::<usize>()
            );
        }
    }
}

#[test]
fn deploy_adds_lambda_permissions_once_for_both_kinds() {
    let work = crate::support::scratch("e2e-lambda-deploy");
    let moto = Moto::start();
    functions(&moto, &["create", "pets", "delete-pet", "partner-auth", "orders", "auth"]);
    let proxy = Proxy::start(&moto.endpoint, &work);
    let cases: [(&str, &[Expected]); 2] = [
        (
            "fixtures/examples/petstore.yaml",
            &[("pets", &["/*/GET/pets", "/*/GET/pets/*", "/*/POST/pets"]), ("partner-auth", &["/authorizers/*"])],
        ),
        ("fixtures/e2e/rest-lambda.yaml", &[("orders", &["/*/GET/orders/*"]), ("auth", &["/authorizers/*"])]),
    ];
    for (fixture, expected) in cases {
        let (code, out, err) = deploy(&proxy, &[fixture, "--lambda-permissions"]);
        assert_eq!(code, 0, "{out}\n{err}");
        assert!(proxy.requests().iter().all(|l| !l.ends_with(" 403")), "{:?}", proxy.requests());
        let id = api_id_of(&out);
        for (function, paths) in expected {
            let mut want: Vec<String> =
                paths.iter().map(|p| format!("arn:aws:execute-api:us-east-1:123456789012:{id}{p}")).collect();
            want.sort();
            let got: Vec<String> = sources(&moto, function).into_iter().filter(|s| s.contains(&id)).collect();
            assert_eq!(got, want, "{fixture}: {function}");
        }
        let before = proxy.requests().len();
        let (code, out, _) = deploy(&proxy, &[fixture, "--lambda-permissions", "--api-id", &id]);
        assert_eq!(code, 0);
        assert!(out.contains("no changes"), "{out}");
        assert!(mutating(&proxy.requests()[before..]).is_empty(), "a second deploy added a permission again");
    }
}
