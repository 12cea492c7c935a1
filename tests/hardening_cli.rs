//! Issue 21, the command line: far-apart labels drawn as separate snippets, `--format concise`,
//! `--statistics`, the pointer to `explain`, views of a failing document, and exit codes.

use crate::support::{gatewright, run};
use std::path::{Path, PathBuf};

const ERROR: &str = "fixtures/check/GW201-route-variable-conflict/invalid-same-method.yaml";
const CLEAN: &str = "fixtures/examples/petstore.yaml";
const REST: &str = "fixtures/rest/shop.yaml";

/// A GW201 whose two labels are about 1000 lines apart (a long description between them).
fn far_apart(dir: &Path) -> PathBuf {
    let mut text = String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a/{x}:\n    get:\n");
    text.push_str("      description: |\n");
    for i in 0..1000 {
        text.push_str(&format!("        filler line {i}\n"));
    }
    text.push_str("  /a/{y}/b:\n    get: {operationId: b}\n");
    let path = dir.join("far.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn far_apart_labels_are_drawn_as_separate_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let path = far_apart(dir.path());
    let (code, out, _) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("GW201"), "{out}");
    assert!(out.contains("`{x}` at the same level here") && out.contains("`{y}` here"), "{out}");
    assert!(!out.contains("filler line 500"), "the lines between the labels are not drawn:\n{out}");
    assert!(out.lines().count() < 80, "a short report, not the 1000 lines between: {} lines", out.lines().count());
    // Each label has its own snippet, with its own header.
    assert!(out.contains("far.yaml:4:3]") && out.contains("far.yaml:1007:3]"), "{out}");
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let (code, out, _) = run(&["check", "--format", "concise", ERROR]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            format!(
                "{ERROR}:5:5: info[GW605] [advice] route `GET /orgs/{{orgId}}/stages/{{stageId}}` has no integration"
            ),
            format!(
                "{ERROR}:6:3: error[GW201] route `GET /orgs/{{orgId}}/stages/{{stage_id}}/questions` names a path variable `{{stage_id}}` where `GET /orgs/{{orgId}}/stages/{{stageId}}` has `{{stageId}}`"
            ),
            format!(
                "{ERROR}:7:5: info[GW605] [advice] route `GET /orgs/{{orgId}}/stages/{{stage_id}}/questions` has no integration"
            ),
        ]
    );
    assert_eq!(lines[3], "1 file checked (HTTP API): 1 error, 0 warnings, 2 infos");
    assert_eq!(lines.len(), 4, "{out}");
}

#[test]
fn statistics_count_findings_per_code() {
    let (code, out, _) = run(&["check", "--statistics", ERROR]);
    assert_eq!(code, 1, "the exit status is the check's");
    assert!(!out.contains("╭─["), "the findings are counted, not drawn:\n{out}");
    assert!(
        out.starts_with("2  GW605  route-without-integration [advice]\n1  GW201  route-variable-conflict\n"),
        "{out}"
    );
    let (_, concise, _) = run(&["check", "--statistics", "--format", "concise", ERROR]);
    assert!(concise.starts_with("2  GW605"), "{concise}");
    let v = crate::support::json(&["check", "--statistics", "--format", "json", ERROR]);
    assert_eq!(
        v["statistics"],
        serde_json::json!([
            {"code": "GW201", "name": "route-variable-conflict", "count": 1},
            {"code": "GW605", "name": "route-without-integration", "count": 2},
        ])
    );
    assert_eq!(v["files"][0]["diagnostics"].as_array().map(Vec::len), Some(3), "JSON keeps the findings");
    let plain = crate::support::json(&["check", "--format", "json", ERROR]);
    assert!(plain.get("statistics").is_none(), "only with --statistics");
    let (code, _, err) = run(&["check", "--statistics", "--format", "sarif", ERROR]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--statistics works with --format human, concise or json"), "{err}");
}

#[test]
fn human_output_says_where_explain_is() {
    let (_, out, _) = run(&["check", ERROR]);
    let hint = "run `gatewright explain CODE` for a code's documentation (codes shown: GW201, GW605)";
    assert_eq!(out.lines().last(), Some(hint), "{out}");
    assert_eq!(out.matches("gatewright explain").count(), 1, "once per run");
    let (_, clean, _) = run(&["check", CLEAN]);
    assert!(!clean.contains("explain"), "nothing shown, nothing to explain: {clean}");
}

#[test]
fn routes_of_a_failing_document_show_what_the_rest_would_build() {
    let (code, out, err) = run(&["routes", ERROR]);
    assert_eq!(code, 1);
    assert!(out.starts_with("IMPORT WOULD FAIL:"), "a header says so:\n{out}");
    assert!(out.contains("GET /orgs/{orgId}/stages/{stageId} "), "the routes are shown:\n{out}");
    assert!(err.contains(&format!("{ERROR}:6:3: error[GW201]")), "the errors a line each:\n{err}");
    assert!(!err.contains("╭─["), "not the whole report again:\n{err}");
    assert!(!err.contains("GW605"), "infos are left to `check`:\n{err}");
    let out = gatewright(&["routes", "--format", "json", ERROR]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ImportFails"], true);
    assert_eq!(v["Findings"][0]["code"], "GW201");
    assert_eq!(v["Routes"].as_array().map(Vec::len), Some(2));
    let clean = crate::support::json(&["routes", "--format", "json", CLEAN]);
    assert!(clean.get("ImportFails").is_none());
    // `route` answers too, marked.
    let (code, out, _) = run(&["route", ERROR, "GET /orgs/1/stages/2"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("IMPORT WOULD FAIL:") && out.contains("route        GET /orgs/{orgId}/stages/{stageId}"));
}

#[test]
fn route_without_a_match_exits_1() {
    let (code, out, _) = run(&["route", CLEAN, "GET /pets/7"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(&["route", "fixtures/lint/project/specs/nested/users.json", "DELETE /users/1"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no route: 404"), "{out}");
    let (code, out, _) = run(&["route", REST, "GET /nowhere"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no resource and method: 403"), "{out}");
    let (code, out, _) = run(&["route", REST, "GET /health"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn fix_diff_exits_1_with_pending_changes_or_remaining_errors() {
    let dir = tempfile::tempdir().unwrap();
    let fixable = dir.path().join("fixable.yaml");
    let original =
        "openapi: 3.0.1\ninfo: {title: t, version: \"1\"}\npaths:\n  /pets/:\n    get: {operationId: list}\n";
    std::fs::write(&fixable, original).unwrap();
    let (code, out, _) = run(&["check", "--fix", "--diff", fixable.to_str().unwrap()]);
    assert_eq!(code, 1, "a fix is pending:\n{out}");
    assert!(out.contains("+  /pets:"), "{out}");
    assert_eq!(std::fs::read_to_string(&fixable).unwrap(), original, "--diff writes nothing");
    let (code, out, _) = run(&["check", "--fix", "--diff", ERROR]);
    assert_eq!((code, out.as_str()), (1, ""), "no fix, but the error remains");
    let (code, out, _) = run(&["check", "--fix", "--diff", CLEAN]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn a_rest_method_behind_a_jwt_authorizer_is_a_warning_and_advice() {
    let doc = "fixtures/check/GW402-unsupported-security-scheme/invalid-jwt-authorizer.rest.yaml";
    let v = crate::support::json(&["check", "--no-config", "--api", "rest", "--format", "json", doc]);
    let found: Vec<&serde_json::Value> =
        v["files"][0]["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "GW402").collect();
    assert_eq!(found.len(), 2, "{v}");
    assert_eq!((found[0]["severity"].as_str(), found[0]["aws"].as_str()), (Some("warning"), Some("accepted")));
    assert!(found[0]["message"].as_str().unwrap().starts_with("GET /pets will be open to everyone"), "{v}");
    assert_eq!(found[0]["pointer"], "/security", "the root requirement the method inherits");
    assert!(found[1]["message"].as_str().unwrap().starts_with("POST /pets will be protected by its API key alone"));
    // Advice: --fail-on-warnings does not fail on it (AWS imports it silently).
    assert_eq!(run(&["check", "--no-config", "--api", "rest", "--fail-on-warnings", doc]).0, 0);
}

/// A server on 127.0.0.1 that reads every request and never answers; the requests it saw
/// (method and path), in order.
fn silent_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(20).flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let request: Vec<&str> = line.split_whitespace().take(2).collect();
            log.lock().unwrap().push(request.join(" "));
            held.push(stream);
        }
    });
    (port, seen)
}

#[test]
fn a_create_without_an_answer_is_followed_by_one_look_up() {
    let (port, seen) = silent_server();
    let url = format!("http://127.0.0.1:{port}");
    let out = gatewright(&[
        "deploy",
        CLEAN,
        "--region",
        "us-east-1",
        "--endpoint-url",
        &url,
        "--answer-timeout-ms",
        "300",
        "--timeout",
        "60",
    ])
    .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")
    .env_remove("AWS_PROFILE")
    .env_remove("AWS_SESSION_TOKEN")
    .stdin(std::process::Stdio::null())
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("may have been created"), "the same clear message: {stderr}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.iter().filter(|r| r.starts_with("POST /v2/apis")).count(), 1, "{seen:?}");
    // The look-up for the API the create may have made is one request: the server did not
    // answer the create, so it is not asked five times (five full waits) again.
    let lookups = seen.iter().filter(|r| r.starts_with("GET /v2/apis")).count();
    assert_eq!(lookups, 1, "{seen:?}");
}

#[test]
fn a_missing_file_is_worded_alike_everywhere() {
    let missing = "fixtures/does-not-exist.yaml";
    let expected = format!("error: cannot read `{missing}`: it does not exist\n");
    for args in [
        vec!["check", missing],
        vec!["check", "--fix", missing],
        vec!["routes", missing],
        vec!["route", missing, "GET /"],
        vec!["compile", missing, "--emit", "plan"],
        vec!["compile", CLEAN, "--emit", "plan", "--cors", missing],
        vec!["compile", CLEAN, "--emit", "plan", "--vars", missing],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.ends_with(&expected), "{args:?}: {err}");
    }
}

#[test]
fn a_named_file_that_is_not_openapi_is_no_kind_of_api() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, "name: not an API\n").unwrap();
    let p = path.to_str().unwrap();
    let (code, out, _) = run(&["check", p]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\n1 file checked: 1 error"), "not \"(HTTP API)\": {out}");
    let v = crate::support::json(&["check", "--format", "json", p]);
    assert!(v["files"][0].get("api").is_none(), "{v}");
    let (_, _, err) = run(&["routes", p]);
    assert!(err.contains("1 file checked: 1 error") && !err.contains("HTTP API"), "{err}");
}

#[test]
fn rest_routes_show_an_intrinsic_uri_as_http_routes_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cfn.yaml");
    let uri =
        r#"{"Fn::Sub":"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${PetsFn.Arn}/invocations"}"#;
    std::fs::write(
        &path,
        format!(
            "swagger: \"2.0\"\ninfo: {{title: t, version: \"1\"}}\npaths:\n  /pets:\n    get:\n      responses: {{\"200\": {{description: ok}}}}\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri: {uri}\n"
        ),
    )
    .unwrap();
    let (code, out, err) = run(&["routes", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("GET     NONE -> AWS_PROXY {uri}")), "{out}");
}

#[test]
fn compile_help_and_readme_say_what_is_written() {
    let (_, help, _) = run(&["--help"]);
    let line = help.lines().find(|l| l.trim_start().starts_with("compile")).unwrap_or_default();
    assert!(line.contains("Terraform"), "{line}");
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    assert!(!readme.contains("say they are not written yet"), "REST plan and deploy are written");
}
