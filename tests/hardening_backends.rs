//! Hardening of the REST backends (issue 21): an API key value never on a command line and
//! checked before anything is sent; one variable per key in every backend; placeholders of keys,
//! plans and models resolved by Terraform as by the script; a Velocity reference in a mapping
//! template left alone by every backend; a key name that cannot forge a log line. The scripts
//! run with bash and a stand-in `aws` that records what it was given.

use crate::support::run;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Three keys whose names differ in case and punctuation, one whose name has a newline,
/// `${Team}` in a key, a plan, a model and a mapping template that also has a Velocity
/// reference (`${body}` after `#set`).
const DOC: &str = r##"openapi: 3.0.1
info: {title: Keys, version: "1"}
paths:
  /orders:
    post:
      security: [{key: []}]
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: "#set($body = 'x')\n{\"statusCode\": 200, \"b\": \"${body}\", \"t\": \"${Team}\"}"
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: "#set($n = 1)${n}"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  securitySchemes:
    key: {type: apiKey, name: x-api-key, in: header}
  schemas:
    Order: {type: object, description: "an order of ${Team}"}
x-gatewright-api-keys:
  partner-a: {description: "Partner ${Team}", customerId: "c-${Team}"}
  partner_a: {}
  Partner-A: {}
  "evil\nerror: forged": {}
x-gatewright-usage-plans:
  "plan-${Team}": {description: "for ${Team}", keys: [partner-a, partner_a, Partner-A]}
"##;

const VALUES: [&str; 6] = [
    "--var",
    "apikey.partner-a=AAAAAAAAAAAAAAAAAAAAAAAA",
    "--var",
    "apikey.partner_a=BBBBBBBBBBBBBBBBBBBBBBBB",
    "--var",
    "apikey.Partner-A=CCCCCCCCCCCCCCCCCCCCCCCC",
];

/// The document in a scratch folder.
fn doc(dir: &Path) -> String {
    let path = dir.join("keys.yaml");
    std::fs::write(&path, DOC).unwrap();
    path.to_string_lossy().into_owned()
}

/// `gatewright compile DOC ARGS…` with the key values: its exit status, output and errors.
fn compile(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let doc = doc(dir);
    let mut all = vec!["compile", doc.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&VALUES);
    run(&all)
}

fn compiled(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = compile(dir, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// A stand-in `aws`: records each call's arguments, and the mode and text of each file it is
/// handed (`file://…`), then prints an id.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
{ printf 'ARGV'; printf ' %s' "$@"; printf '\n'; } >> "$FAKE_AWS_LOG"
for a in "$@"; do
  case "$a" in file://*) f=${a#file://}; printf 'FILE %s %s %s\n' "$f" "$(stat -c %a "$f")" "$(cat "$f")" >> "$FAKE_AWS_LOG" ;; esac
done
echo id1
"#;

/// What a script did when run with `env`: its exit status, its log (stderr), and the stand-in
/// CLI's record.
fn run_script(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    std::fs::set_permissions(&aws, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = dir.join("script.sh");
    std::fs::write(&path, script).unwrap();
    let log = dir.join("aws.log");
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new("bash");
    cmd.arg(&path)
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()))
        .env("FAKE_AWS_LOG", &log)
        .env("TMPDIR", dir)
        .env_remove("APIKEY_PARTNER_A")
        .env_remove("APIKEY_PARTNER_A2")
        .env_remove("APIKEY_PARTNER_A3");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&log).unwrap_or_default(),
    )
}

const GOOD: [(&str, &str); 3] = [
    ("APIKEY_PARTNER_A", "Secret1Secret1Secret1Secret1"),
    ("APIKEY_PARTNER_A2", "Secret2Secret2Secret2Secret2"),
    ("APIKEY_PARTNER_A3", "Secret3Secret3Secret3Secret3"),
];

#[test]
fn key_values_go_to_the_cli_in_a_private_file_never_on_a_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["granular", "import"] {
        let script = compiled(dir.path(), &["--emit", "aws-cli", "--mode", mode, "--var", "Team=blue"]);
        let (code, err, record) = run_script(dir.path(), &script, &GOOD);
        assert_eq!(code, 0, "{mode}: {err}");
        let argv: Vec<&str> = record.lines().filter(|l| l.starts_with("ARGV")).collect();
        assert!(argv.len() > 5, "{mode}: {record}");
        for (_, value) in GOOD {
            assert!(!argv.iter().any(|l| l.contains(value)), "{mode}: a value on a command line: {record}");
            assert!(!script.contains(value), "{mode}: a value in the script");
        }
        // Each key with a value is created from a file only its owner can read, holding JSON.
        let files: Vec<Vec<&str>> =
            record.lines().filter_map(|l| l.strip_prefix("FILE ")).map(|l| l.splitn(3, ' ').collect()).collect();
        let keys: Vec<Value> = files
            .iter()
            .filter(|f| f[0].contains("tmp."))
            .map(|f| {
                assert_eq!(f[1], "600", "{mode}: {record}");
                serde_json::from_str(f[2]).unwrap_or_else(|e| panic!("{mode}: {e}: {}", f[2]))
            })
            .collect();
        let created: Vec<(&str, &str)> =
            keys.iter().map(|k| (k["name"].as_str().unwrap(), k["value"].as_str().unwrap())).collect();
        assert_eq!(created, [("Partner-A", GOOD[0].1), ("partner-a", GOOD[1].1), ("partner_a", GOOD[2].1),], "{mode}");
        assert_eq!(keys[1]["enabled"], true);
        // The file is gone once the script has ended.
        for f in &files {
            assert!(!Path::new(f[0]).exists(), "{mode}: {} left behind", f[0]);
        }
    }
}

#[test]
fn a_key_value_aws_would_refuse_stops_the_script_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let script = compiled(dir.path(), &["--emit", "aws-cli", "--mode", "granular", "--var", "Team=blue"]);
    let injected = "AAAAAAAAAAAAAAAAAAAA\",\"enabled\":false,\"x\":\"";
    let cases: [(&str, Option<&str>); 5] = [
        ("unset", None),
        ("a quote", Some(injected)),
        ("too short", Some("Short1")),
        ("not alphanumeric", Some("AAAAAAAAAAAAAAAAAAAAAAAA-")),
        ("a newline", Some("AAAAAAAAAAAAAAAAAAAAAAAA\nB")),
    ];
    for (what, value) in cases {
        let mut env = GOOD.to_vec();
        env.retain(|(k, _)| *k != "APIKEY_PARTNER_A2");
        if let Some(v) = value {
            env.push(("APIKEY_PARTNER_A2", v));
        }
        let (code, err, record) = run_script(dir.path(), &script, &env);
        assert_eq!(code, 1, "{what}: {err}");
        assert_eq!(record, "", "{what}: the CLI was called");
        assert_eq!(
            err.trim_end(),
            "error: set APIKEY_PARTNER_A2 to the value of API key partner-a (20 to 128 letters and digits)",
            "{what}"
        );
    }
}

#[test]
fn a_newline_in_a_key_name_cannot_forge_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let script = compiled(dir.path(), &["--emit", "aws-cli", "--mode", "granular", "--var", "Team=blue"]);
    let (code, err, _) = run_script(dir.path(), &script, &GOOD);
    assert_eq!(code, 0, "{err}");
    assert!(err.lines().any(|l| l == "creating API key evil\\u{a}error: forged"), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("error")), "{err}");
}

/// The variables of a configuration in JSON syntax, and each key's `value`.
fn terraform_json(dir: &Path, mode: &str) -> Value {
    let out = dir.join(format!("{mode}.tf.json"));
    let o = out.to_string_lossy().into_owned();
    let (code, _, err) = compile(dir, &["--emit", "terraform", "--mode", mode, "--var", "Team=blue", "-o", &o]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

#[test]
fn terraform_declares_one_string_variable_per_key() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["import", "granular"] {
        let tf = terraform_json(dir.path(), mode);
        let vars = tf["variable"].as_object().unwrap();
        let names: Vec<&str> = vars.keys().map(String::as_str).collect();
        assert_eq!(names, ["apikey_partner_a", "apikey_partner_a_2", "apikey_partner_a_3"], "{mode}");
        for v in vars.values() {
            assert_eq!(v["type"], "string", "{mode}");
            assert_eq!(v["sensitive"], true, "{mode}");
        }
        let keys = tf["resource"]["aws_api_gateway_api_key"].as_object().unwrap();
        let mut used: Vec<(&str, &str)> =
            keys.values().filter_map(|k| Some((k["name"].as_str()?, k.get("value")?.as_str()?))).collect();
        used.sort();
        assert_eq!(
            used,
            [
                ("Partner-A", "${var.apikey_partner_a}"),
                ("partner-a", "${var.apikey_partner_a_2}"),
                ("partner_a", "${var.apikey_partner_a_3}"),
            ],
            "{mode}"
        );
    }
    let hcl = compiled(dir.path(), &["--emit", "terraform", "--mode", "granular", "--var", "Team=blue"]);
    for name in ["apikey_partner_a", "apikey_partner_a_2", "apikey_partner_a_3"] {
        assert_eq!(hcl.matches(&format!("variable \"{name}\" {{")).count(), 1, "{hcl}");
    }
    assert!(hcl.contains("  type        = string\n"), "{hcl}");
}

#[test]
fn cloudformation_key_parameters_never_share_a_logical_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.yaml");
    std::fs::write(
        &path,
        "openapi: 3.0.1\ninfo: {title: X, version: '1'}\npaths: {}\nx-gatewright-api-keys:\n  x: {}\n  x-value: {}\n",
    )
    .unwrap();
    let p = path.to_string_lossy().into_owned();
    let (code, out, err) = run(&[
        "compile",
        &p,
        "--emit",
        "cloudformation",
        "--format",
        "json",
        "--var",
        "apikey.x=AAAAAAAAAAAAAAAAAAAAAAAA",
        "--var",
        "apikey.x-value=BBBBBBBBBBBBBBBBBBBBBBBB",
    ]);
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_str(&out).unwrap();
    let params: Vec<&String> = t["Parameters"].as_object().unwrap().keys().collect();
    let resources = t["Resources"].as_object().unwrap();
    assert_eq!(params.len(), 2);
    for p in params {
        assert!(!resources.contains_key(p), "`{p}` is a parameter and a resource");
    }
    let refs: Vec<&Value> = resources.values().filter_map(|r| r["Properties"].get("Value")).collect();
    assert_eq!(refs.len(), 2);
    assert_ne!(refs[0], refs[1]);
}

#[test]
fn placeholders_of_keys_plans_and_models_are_resolved_as_the_script_resolves_them() {
    let dir = tempfile::tempdir().unwrap();
    for (emit, mode) in
        [("terraform", "import"), ("terraform", "granular"), ("aws-cli", "granular"), ("plan", "import")]
    {
        // Terraform's import mode needs a file to write its body beside.
        let file = dir.path().join("out.tf");
        let o = file.to_string_lossy().into_owned();
        let (code, out, err) = compile(dir.path(), &["--emit", emit, "--mode", mode, "--var", "Team=blue", "-o", &o]);
        assert_eq!((code, out.as_str()), (0, ""), "{emit} {mode}: {err}");
        let out = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        for resolved in ["Partner blue", "c-blue", "plan-blue", "for blue"] {
            assert!(out.contains(resolved), "{emit} {mode}: no `{resolved}`:\n{out}");
        }
        if mode == "granular" {
            assert!(out.contains("an order of blue"), "{emit} {mode}: the model's schema:\n{out}");
        }
        // (The plan names where each key and plan is written: that stays as written.)
        let left = out.lines().filter(|l| l.contains("{Team}") && !l.contains("\"source\": ")).count();
        assert_eq!(left, 0, "{emit} {mode}: `${{Team}}` left:\n{out}");
        // Without a value: GW700, for each place, and nothing written.
        let (code, out, err) = compile(dir.path(), &["--emit", emit, "--mode", mode, "-o", &o]);
        assert_eq!((code, out.as_str(), file.exists()), (1, "", false), "{emit} {mode}: {err}");
        for place in ["`description`: `${Team}` has no value", "`customerId`", "`name`: `${Team}`"] {
            assert!(err.contains(place), "{emit} {mode}: no `{place}`:\n{err}");
        }
        if mode == "granular" {
            assert!(err.contains("`schema.description`: `${Team}`"), "{emit} {mode}: {err}");
        }
        assert!(err.contains("GW700"), "{err}");
    }
}

#[test]
fn a_velocity_reference_in_a_mapping_template_is_not_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    for (emit, mode) in [
        ("aws-cli", "granular"),
        ("aws-cli", "import"),
        ("terraform", "granular"),
        ("cloudformation", "granular"),
        ("cloudformation", "import"),
        ("plan", "import"),
    ] {
        let (code, out, err) = compile(dir.path(), &["--emit", emit, "--mode", mode, "--var", "Team=blue"]);
        assert_eq!(code, 0, "{emit} {mode}: {err}");
        // Terraform writes `$${` for a literal `${`; the script and JSON escape the quotes.
        let text = out.replace("$${", "${").replace("\\\"", "\"");
        assert!(text.contains("\"b\": \"${body}\""), "{emit} {mode}: {out}");
        assert!(text.contains("#set($n = 1)${n}"), "{emit} {mode}: {out}");
        if emit != "cloudformation" {
            // A name the user gave a value is still a placeholder there.
            assert!(text.contains("\"t\": \"blue\""), "{emit} {mode}: {out}");
        }
    }
    // Terraform's import mode writes the body beside the configuration.
    let o = dir.path().join("api.tf").to_string_lossy().into_owned();
    compiled(dir.path(), &["--emit", "terraform", "--mode", "import", "--var", "Team=blue", "-o", &o]);
    let body = std::fs::read_to_string(dir.path().join("api.openapi.json")).unwrap();
    assert!(body.contains("\\\"b\\\": \\\"${body}\\\""), "{body}");
}
