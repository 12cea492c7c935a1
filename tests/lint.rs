//! `check` as a linter: folders, skipping non-OpenAPI files, stable order, gatewright.toml,
//! command-line severities, inline suppression, the GitHub and SARIF formats; and the `route`,
//! `completions` and `man` commands.

use crate::support::{json, run, snapshots, transcript};
use serde_json::Value;

const PROJECT: &str = "fixtures/lint/project";
const ORDERS: &str = "fixtures/lint/project/specs/orders.yaml";
const USERS: &str = "fixtures/lint/project/specs/nested/users.json";
const COMPOSE: &str = "fixtures/lint/project/specs/docker-compose.yml";
const DOCS_EXAMPLE: &str = "fixtures/route/aws-docs-example.yaml";

fn paths(report: &Value) -> Vec<String> {
    report["files"].as_array().expect("files").iter().map(|f| f["path"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn folders_are_searched_in_path_order_and_other_yaml_is_skipped() {
    let v = json(&["check", "--format", "json", PROJECT]);
    // Sorted by path; the hidden folder and docker-compose.yml are not reported.
    assert_eq!(paths(&v), [USERS, ORDERS]);
    let (_, text, _) = run(&["check", PROJECT]);
    assert!(
        text.contains("\n2 files checked (2 HTTP APIs; 1 file not OpenAPI, skipped): 1 error, 0 warnings, 1 info\n"),
        "{text}"
    );
    // Named files keep the order they were given in, without repeats.
    let v = json(&["check", "--format", "json", ORDERS, PROJECT, ORDERS]);
    assert_eq!(paths(&v), [ORDERS, USERS]);
}

#[test]
fn named_files_are_checked_and_only_openapi_passes_over_them() {
    // A file named on the command line is always checked.
    let (code, stdout, _) = run(&["check", COMPOSE]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("GW011(missing-openapi-version)"), "{stdout}");
    // The pre-commit hook's --only-openapi passes over it, as folder discovery does.
    let (code, stdout, stderr) = run(&["check", "--only-openapi", COMPOSE]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stderr.contains("note: no OpenAPI documents found (1 file passed over)"), "{stderr}");
    // --strict checks what a folder holds, OpenAPI or not.
    let v = json(&["check", "--strict", "--format", "json", PROJECT]);
    assert!(paths(&v).contains(&COMPOSE.to_string()), "{v}");
}

#[test]
fn parallel_checking_reports_the_same_bytes_every_time() {
    let args = ["check", "--format", "json", "--no-config", "fixtures/check"];
    let first = run(&args).1;
    assert!(paths(&serde_json::from_str(&first).expect("JSON")).len() > 100);
    for _ in 0..3 {
        assert_eq!(run(&args).1, first);
    }
}

#[test]
fn configuration_file_and_command_line_set_severities() {
    // gatewright.toml: GW303 off, and `warnings = "error"`, so the GW306 advice fails the run as
    // an error (fail-on-warnings alone would not: AWS imports it silently).
    let (code, stdout, _) = run(&["check", ORDERS]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("GW306") && !stdout.contains("GW303"), "{stdout}");
    assert!(stdout.contains("× Lambda is invoked with POST"), "{stdout}");
    // The command line wins over the file.
    assert_eq!(run(&["check", "--allow", "lambda-integration-method", ORDERS]).0, 0);
    // Without the file, GW303 is back and warnings do not fail, not even under
    // --fail-on-warnings: both are gatewright's advice.
    let (code, stdout, _) = run(&["check", "--no-config", ORDERS]);
    assert_eq!(code, 0);
    assert!(stdout.contains("GW303") && stdout.contains("GW306"), "{stdout}");
    assert_eq!(run(&["check", "--no-config", "--fail-on-warnings", ORDERS]).0, 0);
    assert_eq!(run(&["check", "--no-config", "--deny", "warnings", ORDERS]).0, 1);
    // --deny makes an info an error, and takes comma-separated lists.
    let (code, stdout, _) = run(&["check", "--deny", "GW605,GW303", USERS]);
    assert_eq!(code, 1);
    assert!(stdout.contains("× route `POST /users` has no integration"), "{stdout}");
    // Unknown codes and broken files are usage errors that say where.
    let (code, _, stderr) = run(&["check", "--warn", "GW999", USERS]);
    assert_eq!((code, stderr.trim()), (2, "error: `GW999` is not a diagnostic code (`gatewright rules` lists them)"));
    let (code, _, stderr) = run(&["check", "fixtures/lint/broken-config"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fixtures/lint/broken-config/gatewright.toml: `GW999` in [severity]"), "{stderr}");
}

#[test]
fn inline_suppression_silences_one_location() {
    let v = json(&["check", "--format", "json", USERS]);
    let diags = v["files"][0]["diagnostics"].as_array().expect("diagnostics");
    let pointers: Vec<&str> = diags.iter().filter_map(|d| d["pointer"].as_str()).collect();
    // `GET /users` carries `x-gatewright-ignore: [route-without-integration]`; `POST` does not.
    assert_eq!(pointers, ["/paths/~1users/post"]);
}

#[test]
fn github_format_writes_workflow_commands() {
    let (code, stdout, _) = run(&["check", "--format", "github", "--no-config", ORDERS]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(&format!(
            "::warning file={ORDERS},line=8,col=7,endLine=8,endColumn=38,title=GW303 missing-payload-format-version (advice%3A AWS accepts this)::"
        )),
        "{stdout}"
    );
    assert!(lines.iter().all(|l| !l[2..].contains('\n')));
}

#[test]
fn sarif_has_rules_results_and_regions() {
    let v = json(&["check", "--format", "sarif", "--no-config", ORDERS, USERS]);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), gatewright::diagnostics::Code::ALL.len());
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex points at the rule");
    }
    let first = &results[0];
    assert_eq!(first["ruleId"], "GW303");
    assert_eq!(first["level"], "warning");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(8), Some(7)));
    assert_eq!(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], ORDERS);
    assert_eq!(results[2]["level"], "note");
}

/// The example table of API Gateway's "Working with routes for HTTP APIs" page.
#[test]
fn route_follows_the_documented_priorities() {
    for (request, expected) in [
        ("GET /pets/dog/1", "GET /pets/dog/1"),
        ("GET /pets/dog/2", "GET /pets/dog/{id}"),
        ("GET /pets/cat/1", "GET /pets/{proxy+}"),
        ("POST /test/5", "ANY /{proxy+}"),
        // Beyond the table: a greedy variable needs a segment; `/` falls to $default.
        ("GET /pets", "ANY /{proxy+}"),
        ("GET /", "$default"),
        ("POST /pets/dog/1?x=1", "ANY /{proxy+}"),
    ] {
        let v = json(&["route", "--format", "json", DOCS_EXAMPLE, request]);
        assert_eq!(v["Route"]["RouteKey"], expected, "{request}");
    }
    let v = json(&["route", "--format", "json", DOCS_EXAMPLE, "GET /pets/cat/1"]);
    assert_eq!(v["Match"], "greedy");
    assert_eq!(v["PathParameters"]["proxy"], "cat/1");
    assert_eq!(v["Route"]["AuthorizationType"], "AWS_IAM");
    assert_eq!(v["Integration"]["IntegrationUri"], "https://pets.example.com/{proxy}");
}

#[test]
fn route_without_a_match_is_a_404() {
    let v = json(&["route", "--format", "json", "fixtures/lint/project/specs/nested/users.json", "GET /orders"]);
    assert_eq!(v["Status"], 404);
    assert_eq!(v["Route"], Value::Null);
    assert_eq!(run(&["route", DOCS_EXAMPLE, "GET"]).0, 2);
    assert_eq!(run(&["route", DOCS_EXAMPLE, "FETCH pets"]).0, 2);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, _) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(stdout.contains("fail-on-warnings"), "{shell}");
    }
    let (code, man, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(man.starts_with(".ie \\n(.g .ds Aq \\(aq") || man.contains(".TH gatewright"), "{man}");
    assert!(man.contains("check"));
}

#[test]
fn transcripts() {
    snapshots(|| {
        for (name, args) in [
            ("lint_project", vec!["check", PROJECT]),
            ("lint_github", vec!["check", "--format", "github", PROJECT]),
            ("route_greedy", vec!["route", DOCS_EXAMPLE, "GET /pets/cat/1"]),
            ("route_jwt", vec!["route", DOCS_EXAMPLE, "GET /pets/dog/2"]),
            ("route_not_found", vec!["route", USERS, "DELETE /users/1"]),
        ] {
            let (_, text) = transcript(&args);
            insta::assert_snapshot!(name, text);
        }
    });
}

#[test]
fn compile_takes_variables_from_the_configuration_file() {
    let items = "fixtures/lint/vars/items.yaml";
    let from_file = "arn:aws:lambda:us-east-1:123456789012:function:items";
    let (code, stdout, _) = run(&["compile", items, "--emit", "plan"]);
    assert_eq!(code, 0);
    assert!(stdout.contains(&format!("\"integrationUri\": \"{from_file}\"")), "{stdout}");
    let other = "arn:aws:lambda:us-east-1:123456789012:function:other";
    let (code, stdout, _) = run(&["compile", items, "--emit", "plan", "--var", &format!("ItemsFn.Arn={other}")]);
    assert_eq!(code, 0);
    assert!(stdout.contains(other) && !stdout.contains(from_file), "--var wins over the file");
    let (code, stdout, stderr) = run(&["compile", items, "--emit", "plan", "--no-config"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("GW700(unresolved-value)"), "{stderr}");
}
