//! Severity means what API Gateway does: the registry follows the policy, `--fail-on-warnings`
//! fails exactly where AWS's `FailOnWarnings` would, `--deny warnings` makes every warning fatal,
//! output says which findings are AWS's and which are gatewright's advice, and the bodies SAM's
//! translator generates are judged as AWS imports them.

use crate::support::{json, run};
use gatewright::diagnostics::{AwsLevel, Code, Severity};
use serde_json::Value;

#[test]
fn every_code_follows_the_severity_policy() {
    for c in Code::ALL {
        assert!(
            c.follows_the_severity_policy(),
            "{} defaults to {} while AWS's level is {}",
            c.id(),
            c.default_severity().as_str(),
            c.aws_level().as_str()
        );
        if c.aws_level() == AwsLevel::AcceptedSilently {
            assert!(c.default_severity() <= Severity::Warning, "{}: gatewright's advice is never an error", c.id());
        }
    }
}

#[test]
fn fail_on_warnings_fails_on_aws_warnings_only_and_deny_warnings_on_all() {
    // GW303 only: gatewright's advice, which AWS imports silently.
    let advice = "fixtures/check/GW303-missing-payload-format-version/invalid-lambda-without-version.yaml";
    let (code, stdout, _) = run(&["check", "--no-config", "--fail-on-warnings", advice]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("GW303(missing-payload-format-version) [advice: AWS accepts this]"), "{stdout}");
    let (code, stdout, _) = run(&["check", "--no-config", "--deny", "warnings", advice]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("× "), "a denied warning is shown as an error: {stdout}");
    // GW205: AWS's own warning, which FailOnWarnings fails on.
    let aws = "fixtures/sam/default-route-without-slash.yaml";
    assert_eq!(run(&["check", "--no-config", aws]).0, 0);
    let (code, stdout, _) = run(&["check", "--no-config", "--fail-on-warnings", aws]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("1 warning that AWS reports found and fail-on-warnings is set"), "{stdout}");
}

#[test]
fn machine_output_says_whose_finding_it_is() {
    let doc = "fixtures/check/GW303-missing-payload-format-version/invalid-lambda-without-version.yaml";
    let v = json(&["check", "--no-config", "--format", "json", doc]);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "GW303");
    assert_eq!(d["aws"], "accepted");
    let v = json(&["check", "--no-config", "--format", "json", "fixtures/sam/default-route-without-slash.yaml"]);
    assert_eq!(v["files"][0]["diagnostics"][0]["aws"], "warning");
    assert_eq!(v["summary"]["aws_warnings"], 1);
    let v = json(&["check", "--no-config", "--format", "sarif", doc]);
    assert_eq!(v["runs"][0]["results"][0]["properties"]["aws"], "accepted");
    // `explain` states the policy for the code.
    let (_, page, _) = run(&["explain", "GW303"]);
    assert!(page.contains("gatewright's advice") && page.contains("--fail-on-warnings never fails on it"), "{page}");
    let (_, page, _) = run(&["explain", "GW205"]);
    assert!(page.contains("--fail-on-warnings fails on it"), "{page}");
}

#[test]
fn bodies_sam_generates_import_without_errors() {
    for doc in [
        "fixtures/sam/default-route-without-slash.yaml",
        "fixtures/sam/auth-iam-jwt-and-none.yaml",
        "fixtures/sam/name-outside-the-body.yaml",
    ] {
        let v = json(&["check", "--no-config", "--format", "json", doc]);
        assert_eq!(v["summary"]["errors"], 0, "{doc}: {v}");
    }
    // Nothing AWS would warn about: passes as FailOnWarnings would.
    let (code, stdout, _) =
        run(&["check", "--no-config", "--fail-on-warnings", "fixtures/sam/auth-iam-jwt-and-none.yaml"]);
    assert_eq!(code, 0, "{stdout}");
    // `security: [{NONE: []}]` is an open route; `$default` without a slash is the default route.
    let v = json(&["routes", "--format", "json", "fixtures/sam/auth-iam-jwt-and-none.yaml"]);
    let health = v["Routes"].as_array().into_iter().flatten().find(|r| r["RouteKey"] == "GET /health").cloned();
    assert_eq!(health.map(|r| r["AuthorizationType"].clone()), Some(Value::from("NONE")));
    let v = json(&["routes", "--format", "json", "fixtures/sam/default-route-without-slash.yaml"]);
    assert_eq!(v["Routes"][0]["RouteKey"], "$default", "{v}");
}

#[test]
fn a_name_is_needed_only_when_nothing_supplies_one() {
    let doc = "fixtures/sam/name-outside-the-body.yaml";
    let (code, _, stderr) = run(&["compile", doc, "--emit", "plan"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("neither `info.title` nor `--name`"), "{stderr}");
    assert_eq!(run(&["compile", doc, "--emit", "plan", "--name", "items"]).0, 0);
    let (code, template, stderr) = run(&["compile", doc, "--emit", "cloudformation", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let t: Value = serde_json::from_str(&template).expect("JSON template");
    assert_eq!(t["Parameters"]["ApiName"]["Type"], "String");
    assert_eq!(t["Resources"]["Api"]["Properties"]["Name"]["Ref"], "ApiName");
}

#[test]
fn cors_without_a_key_aws_reads_creates_no_cors_configuration() {
    let doc = "fixtures/check/GW502-unknown-cors-key/invalid-snake-case.yaml";
    let v = json(&["routes", "--format", "json", doc]);
    assert!(v["Api"].get("CorsConfiguration").is_none(), "{v}");
    let (code, plan, stderr) = run(&["compile", doc, "--emit", "plan"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!plan.contains("corsConfiguration"), "{plan}");
}
