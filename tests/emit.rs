//! `compile`: every lowering fixture through every backend (snapshots of the artifacts), import
//! mode, compile-time diagnostics, byte-identical output, atomic writes, and scripts that pass
//! `bash -n` and shellcheck.

use crate::support::{gatewright, input, rel, render, root, snapshots};
use gatewright::Options;
use gatewright::diagnostics::Code;
use gatewright::emit::{EmitOptions, Mode, Target};
use gatewright::source::SourceFile;

fn compile(path: &std::path::Path, target: Target, mode: Mode) -> gatewright::Compiled {
    let bytes = std::fs::read(path).expect("fixture");
    let opts = EmitOptions { target, mode, region: Some("us-east-1".into()), ..EmitOptions::default() };
    gatewright::compile(SourceFile::from_bytes(rel(path), bytes), &Options::default(), &opts)
}

#[test]
fn every_backend_on_every_lowering_fixture() {
    snapshots(|| {
        insta::glob!("../fixtures", "{lower,examples}/*.*", |path| {
            let mut body = String::new();
            for (label, target) in
                [("aws-cli", Target::AwsCli), ("cloudformation", Target::CloudFormation), ("plan", Target::Plan)]
            {
                let c = compile(path, target, Mode::Granular);
                let out = match c.output {
                    Some(text) => text,
                    None => format!("(not emitted)\n{}", render(&c.analysis)),
                };
                body.push_str(&format!("----- {label}\n{out}"));
            }
            insta::assert_snapshot!(body);
        });
    });
}

#[test]
fn import_mode_of_the_example() {
    let path = root().join("fixtures/examples/petstore.yaml");
    snapshots(|| {
        for (label, target) in
            [("aws_cli", Target::AwsCli), ("cloudformation", Target::CloudFormation), ("plan", Target::Plan)]
        {
            let out = compile(&path, target, Mode::Import).output.expect("emitted");
            insta::assert_snapshot!(format!("import_{label}"), out);
        }
    });
}

#[test]
fn compile_fixtures() {
    snapshots(|| {
        insta::glob!("../fixtures", "compile/**/*.*", |path| {
            let folder =
                path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let code = Code::find(folder.split('-').next().unwrap_or_default()).expect("known code");
            let c = compile(path, Target::Plan, Mode::Granular);
            let fired = c.analysis.diagnostics.iter().any(|d| d.code == code);
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let rendered = render(&c.analysis);
            if file.starts_with("invalid-") {
                assert!(
                    fired && c.output.is_none(),
                    "{file} must fire {} and write nothing; got:\n{rendered}",
                    code.id()
                );
            } else {
                assert!(!fired && c.output.is_some(), "{file} must compile; got:\n{rendered}");
            }
            insta::assert_snapshot!(format!("----- INPUT\n{}\n----- DIAGNOSTICS\n{rendered}", input(path)));
        });
    });
}

#[test]
fn output_is_byte_identical_across_runs() {
    for target in ["aws-cli", "cloudformation", "plan"] {
        for mode in ["granular", "import"] {
            let run = || {
                gatewright(&["compile", "fixtures/examples/petstore.yaml", "--emit", target, "--mode", mode])
                    .output()
                    .expect("runs")
                    .stdout
            };
            let first = run();
            assert!(!first.is_empty(), "{target} {mode} emitted nothing");
            assert_eq!(first, run(), "{target} {mode} differs between runs");
        }
    }
}

#[test]
fn a_failed_gate_writes_nothing_and_exits_1() {
    let dir = crate::support::scratch("gate");
    let out = dir.join("out.sh");
    std::fs::write(&out, "previous content").expect("write");
    let bad = "fixtures/check/GW201-route-variable-conflict/invalid-across-methods.yaml";
    let o = out.to_string_lossy().into_owned();
    let status = gatewright(&["compile", bad, "--emit", "aws-cli", "-o", &o]).output().expect("runs").status.code();
    assert_eq!(status, Some(1));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "previous content", "the old file is untouched");
    // An AWS warning (GW311) fails under --fail-on-warnings, as FailOnWarnings would.
    let warn = "fixtures/check/GW311-unknown-subtype-parameter/invalid-misspelt-parameter.yaml";
    let with_flag = gatewright(&["compile", warn, "--emit", "plan", "--fail-on-warnings"]).output().expect("runs");
    assert_eq!(
        (with_flag.status.code(), with_flag.stdout.is_empty()),
        (Some(1), true),
        "warnings fail only with the flag"
    );
    // gatewright's advice (GW303) does not: AWS imports it silently.
    let advice = "fixtures/check/GW303-missing-payload-format-version/invalid-lambda-without-version.yaml";
    let advised = gatewright(&["compile", advice, "--emit", "plan", "--fail-on-warnings"]).output().expect("runs");
    assert_eq!(advised.status.code(), Some(0), "advice never fails --fail-on-warnings");
    let without = gatewright(&["compile", warn, "--emit", "plan"]).output().expect("runs");
    assert_eq!((without.status.code(), without.stdout.is_empty()), (Some(0), false));
    let ok = gatewright(&["compile", "fixtures/examples/petstore.yaml", "--emit", "aws-cli", "-o", &o])
        .output()
        .expect("runs");
    assert_eq!(ok.status.code(), Some(0));
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.starts_with("#!/usr/bin/env bash") && written.ends_with("printf '%s\\n' \"$API_ID\"\n"));
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).expect("dir").flatten().filter(|e| e.file_name() != "out.sh").collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind: {leftovers:?}");
}

#[test]
fn overrides_win_over_the_document() {
    let out = gatewright(&[
        "compile",
        "fixtures/examples/petstore.yaml",
        "--emit",
        "plan",
        "--name",
        "shop",
        "--api-version",
        "9",
        "--tag",
        "team=platform",
        "--tag",
        "env=prod",
        "--description",
        "from the command line",
    ])
    .output()
    .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan");
    let body = &v["requests"][0]["body"];
    assert_eq!((body["name"].as_str(), body["version"].as_str()), (Some("shop"), Some("9")));
    assert_eq!(body["description"], "from the command line");
    assert_eq!(body["tags"], serde_json::json!({"cost-center": "4711", "env": "prod", "team": "platform"}));
    let no_title = "fixtures/check/GW104-missing-api-name/invalid-no-title.yaml";
    let code = |args: &[&str]| gatewright(args).output().expect("runs").status.code();
    assert_eq!(code(&["compile", no_title, "--emit", "plan"]), Some(1));
    assert_eq!(
        code(&["compile", no_title, "--emit", "plan", "--name", "named"]),
        Some(0),
        "--name supplies the missing name"
    );
}

#[test]
fn vars_resolve_placeholders_except_for_cloudformation() {
    let f = "fixtures/lower/cloudformation-short-tags.yaml";
    let run = |args: &[&str]| gatewright(args).output().expect("runs");
    assert_eq!(run(&["compile", f, "--emit", "plan"]).status.code(), Some(1), "unresolved without values");
    let ok = run(&[
        "compile",
        f,
        "--emit",
        "plan",
        "--region",
        "eu-west-1",
        "--var",
        "AWS::StackName=shop",
        "--var",
        "ItemsFn.Arn=arn:aws:lambda:eu-west-1:123456789012:function:items",
        "--var",
        "ApiRole.Arn=arn:aws:iam::123456789012:role/api",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("plan");
    let reqs = v["requests"].as_array().expect("requests");
    assert_eq!(reqs[0]["body"]["name"], "shop-api");
    let integration = reqs.iter().find(|r| r["kind"] == "integration").expect("integration");
    assert_eq!(integration["body"]["integrationUri"], "arn:aws:lambda:eu-west-1:123456789012:function:items");
    assert_eq!(integration["body"]["credentialsArn"], "arn:aws:iam::123456789012:role/api");
    let cfn = run(&["compile", f, "--emit", "cloudformation"]);
    assert_eq!(cfn.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&cfn.stdout).contains("Fn::Sub"), "CloudFormation keeps intrinsics");
}

#[test]
fn cors_and_vars_files() {
    let dir = crate::support::scratch("files");
    let cors = dir.join("cors.yaml");
    std::fs::write(&cors, "allowOrigins: [https://app.example.com]\nmaxAge: 60\n").expect("write");
    let vars = dir.join("vars.json");
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:items";
    std::fs::write(
        &vars,
        format!(r#"{{"AWS::StackName": "shop", "ItemsFn.Arn": "{arn}", "ApiRole.Arn": "arn:aws:iam::1:role/r"}}"#),
    )
    .expect("write");
    let (c, v) = (cors.to_string_lossy().into_owned(), vars.to_string_lossy().into_owned());
    let out = gatewright(&[
        "compile",
        "fixtures/lower/cloudformation-short-tags.yaml",
        "--emit",
        "plan",
        "--region",
        "eu-west-1",
        "--vars",
        &v,
        "--cors",
        &c,
    ])
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan");
    assert_eq!(
        plan["requests"][0]["body"]["corsConfiguration"],
        serde_json::json!({"allowOrigins": ["https://app.example.com"], "maxAge": 60})
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(arn));
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "- not a mapping\n").expect("write");
    let b = bad.to_string_lossy().into_owned();
    let usage = gatewright(&["compile", "fixtures/examples/petstore.yaml", "--emit", "plan", "--vars", &b])
        .output()
        .expect("runs");
    assert_eq!(usage.status.code(), Some(2), "a malformed --vars file is a usage error");
}
