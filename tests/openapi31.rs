//! OpenAPI 3.1 input: each conversion rule as 3.1 in and 3.0 out (`compile --emit openapi`, with
//! the findings of `check`), the same API either way, and findings and fixes that land in the 3.1
//! file as written.

use crate::support::{gatewright, input, rel, root, scratch, snapshots};
use serde_json::Value;

fn stdout(args: &[&str]) -> (i32, String) {
    let o = gatewright(args).output().expect("runs");
    (o.status.code().unwrap_or(-1), String::from_utf8(o.stdout).expect("utf-8"))
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("fixtures/openapi31"))
        .expect("fixtures/openapi31")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn each_rule_converts_3_1_to_3_0() {
    snapshots(|| {
        for path in fixtures() {
            let file = rel(&path);
            let (code, document) =
                stdout(&["compile", &file, "--api", "rest", "--emit", "openapi", "--format", "yaml"]);
            assert_eq!(code, 0, "{file} compiles");
            assert!(document.starts_with("openapi: \"3.0.3\"\n"), "{file}: {document}");
            let (_, findings) = stdout(&["check", &file, "--api", "rest", "--format", "concise"]);
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            insta::assert_snapshot!(
                format!("openapi31@{name}"),
                format!(
                    "----- 3.1\n{}\n----- 3.0 (compile --emit openapi)\n{document}\n----- check\n{findings}",
                    input(&path)
                )
            );
        }
    });
}

#[test]
fn a_3_1_document_builds_the_api_its_3_0_conversion_builds() {
    let dir = scratch("openapi31-routes");
    let source = root().join("fixtures/openapi31/document-level.yaml").to_string_lossy().into_owned();
    for api in ["http", "rest"] {
        let converted = dir.join(format!("{api}.json"));
        let out = converted.to_string_lossy().into_owned();
        let (code, _) = stdout(&["compile", &source, "--api", api, "--emit", "openapi", "-o", &out]);
        assert_eq!(code, 0);
        let routes = |f: &str| -> Value {
            let (code, text) = stdout(&["routes", f, "--api", api, "--format", "json"]);
            assert_eq!(code, 0, "{f}: {text}");
            serde_json::from_str(&text).expect("json")
        };
        let (from_31, from_30) = (routes(&source), routes(&out));
        assert_eq!(from_31, from_30, "{api}");
        let text = from_31.to_string();
        assert!(
            text.contains("GET /pets/{id}") || text.contains("\"/pets/{id}\""),
            "{api}: the path written in paths: {text}"
        );
        assert!(
            text.contains("\"GET /pets\"") || text.contains("\"/pets\""),
            "{api}: the path item from components.pathItems: {text}"
        );
    }
}

#[test]
fn findings_and_fixes_land_in_the_3_1_file() {
    let dir = scratch("openapi31-fix");
    let file = dir.join("api.yaml");
    let text = "openapi: 3.1.0
info: {title: pets, version: \"1\"}
paths:
  pets:
    get:
      parameters:
        - {name: q, in: query, schema: {type: [string, \"null\"], prefixItems: [{type: string}]}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:lambda:us-east-1:123456789012:function:pets
";
    std::fs::write(&file, text).expect("write");
    let f = file.to_string_lossy().into_owned();
    let (_, json) = stdout(&["check", &f, "--format", "json"]);
    let report: Value = serde_json::from_str(&json).expect("json");
    let at = |code: &str| -> (u64, u64) {
        let d = report["files"][0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {json}"));
        (d["line"].as_u64().expect("line"), d["column"].as_u64().expect("column"))
    };
    assert_eq!(at("GW013"), (1, 10), "on the 3.1 version");
    assert_eq!(at("GW014"), (7, 65), "on `prefixItems` as written");
    assert_eq!(at("GW205"), (4, 3), "the path without its slash, in the 3.1 file");
    assert_eq!(at("GW303"), (8, 7), "the integration without payloadFormatVersion");
    let (code, _) = stdout(&["check", "--fix", &f]);
    assert_eq!(code, 0, "both fixes applied, nothing else is an error");
    let fixed = std::fs::read_to_string(&file).expect("read");
    // The fixer writes a new entry first in its mapping, as in a 3.0 document.
    let expected = text
        .replace("  pets:\n", "  /pets:\n")
        .replace("        type: aws_proxy\n", "        payloadFormatVersion: \"2.0\"\n        type: aws_proxy\n");
    assert_eq!(fixed, expected, "only the fixes changed: the file is still 3.1");
}
