//! Documents in several files: findings placed in the file where each thing is written, the one
//! self-contained body every backend imports, the same API either way, and the references that
//! must never be followed (out of the folder, through a link, to a device, a FIFO, a URL, a huge
//! file), chains, fan-outs and cycles, none of which may hang.

use crate::hardening::{mkfifo, run_bounded};
use crate::support::{gatewright, input, rel, root, scratch, snapshots};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The split documents of `fixtures/split/`: their roots.
fn roots() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("fixtures/split")).expect("fixtures/split") {
        let dir = dir.expect("entry").path();
        for name in ["openapi.yaml", "openapi.json", "swagger.yaml"] {
            if dir.join(name).is_file() {
                out.push(dir.join(name));
            }
        }
    }
    out.sort();
    out
}

/// Every file of a split document's folder, as the snapshot shows them.
fn files_of(dir: &Path) -> String {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("a folder").map(|e| e.expect("entry").path()) {
            if e.is_dir() { walk(&e, out) } else { out.push(e) }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files.iter().map(|f| format!("--- {}\n{}", rel(f), input(f))).collect()
}

fn stdout(args: &[&str]) -> (i32, String) {
    let o = gatewright(args).output().expect("runs");
    (o.status.code().unwrap_or(-1), String::from_utf8(o.stdout).expect("utf-8"))
}

fn kind_of(path: &Path) -> &'static str {
    // The path under the repository: the checkout's own folder may say `rest`.
    let p = rel(path);
    if p.contains("rest") { "rest" } else { "http" }
}

#[test]
fn split_documents_are_checked_where_written_and_bundled() {
    snapshots(|| {
        for path in roots() {
            let file = rel(&path);
            let api = kind_of(&path);
            let (_, findings) = stdout(&["check", &file, "--api", api, "--format", "concise"]);
            let (code, body) = stdout(&["compile", &file, "--api", api, "--emit", "openapi", "--format", "yaml"]);
            assert_eq!(code, 0, "{file} compiles");
            assert!(
                !body.contains("$ref: \"paths") && !body.contains(".yaml"),
                "{file}: a reference left to a file:\n{body}"
            );
            let dir = path.parent().expect("a folder");
            let name = dir.file_name().expect("a name").to_string_lossy().into_owned();
            insta::assert_snapshot!(
                format!("bundle@{name}"),
                format!(
                    "{}----- check --format concise\n{findings}\n----- compile --emit openapi\n{body}",
                    files_of(dir)
                )
            );
        }
    });
}

#[test]
fn a_split_document_builds_the_api_its_bundle_builds() {
    let dir = scratch("bundle-routes");
    for path in roots() {
        let file = rel(&path);
        let api = kind_of(&path);
        let out =
            dir.join(format!("{}.json", path.parent().and_then(Path::file_name).expect("name").to_string_lossy()));
        let out = out.to_string_lossy().into_owned();
        let (code, _) = stdout(&["compile", &file, "--api", api, "--emit", "openapi", "-o", &out]);
        assert_eq!(code, 0, "{file}");
        let routes = |f: &str| -> Value {
            let (code, text) = stdout(&["routes", f, "--api", api, "--format", "json"]);
            assert_eq!(code, 0, "{f}: {text}");
            serde_json::from_str(&text).expect("json")
        };
        assert_eq!(routes(&file), routes(&out), "{file}");
    }
}

#[test]
fn findings_are_reported_in_the_file_that_has_them() {
    let (_, json) = stdout(&["check", "fixtures/split/pets/openapi.yaml", "--format", "json"]);
    let report: Value = serde_json::from_str(&json).expect("json");
    let files = report["files"].as_array().expect("files");
    let pet =
        files.iter().find(|f| f["path"] == "fixtures/split/pets/paths/pet.yaml").expect("a report for paths/pet.yaml");
    assert_eq!(pet["part_of"], "fixtures/split/pets/openapi.yaml");
    let d = &pet["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("GW303"), Some(10), Some(3)));
    assert_eq!(files.iter().filter(|f| f["path"] == "fixtures/split/pets/openapi.yaml").count(), 1, "the root once");
    // SARIF names the file of each result.
    let (_, sarif) = stdout(&["check", "fixtures/split/pets/openapi.yaml", "--format", "sarif"]);
    assert!(sarif.contains("\"uri\": \"fixtures/split/pets/paths/pet.yaml\""), "{sarif}");
}

/// A folder with a root document whose `/a` path item is `$ref: REF`, and a secret beside the
/// folder that no output may show.
fn hostile(reference: &str) -> (crate::support::Scratch, String) {
    let dir = scratch("bundle-hostile");
    std::fs::write(dir.join("secret.yaml"), "get: {summary: SECRET-MARKER-4471}\n").expect("write");
    std::fs::create_dir(dir.join("api")).expect("mkdir");
    let doc = format!(
        "openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    $ref: '{reference}'\n  /b:\n    get:\n      x-amazon-apigateway-integration: {{type: http_proxy, httpMethod: GET, uri: 'https://example.com', payloadFormatVersion: '1.0'}}\n"
    );
    std::fs::write(dir.join("api/openapi.yaml"), doc).expect("write");
    let root = dir.join("api/openapi.yaml").to_string_lossy().into_owned();
    (dir, root)
}

/// Runs check (JSON), routes and compile on `root` within the time bound: every output, and the
/// GW103 messages of check.
fn outputs(root: &str) -> (String, Vec<String>) {
    let mut all = String::new();
    let mut messages = Vec::new();
    for args in [
        vec!["check", root, "--format", "json"],
        vec!["routes", root],
        vec!["compile", root, "--emit", "openapi"],
        vec!["check", root],
    ] {
        let (_, out, err) = run_bounded(&args);
        if args[args.len() - 1] == "json" {
            let v: Value = serde_json::from_str(&out).unwrap_or_default();
            for f in v["files"].as_array().into_iter().flatten() {
                for d in f["diagnostics"].as_array().into_iter().flatten() {
                    if d["code"] == "GW103" || d["code"] == "GW102" {
                        messages.push(d["message"].as_str().unwrap_or_default().to_string());
                    }
                }
            }
        }
        all.push_str(&out);
        all.push_str(&err);
    }
    (all, messages)
}

fn refused(reference: &str, setup: impl FnOnce(&Path), why: &str) {
    let (dir, root) = hostile(reference);
    setup(&dir);
    let (all, messages) = outputs(&root);
    assert!(!all.contains("SECRET-MARKER"), "{reference}: the secret was read:\n{all}");
    assert!(messages.iter().any(|m| m.contains(why)), "{reference}: expected GW103 saying `{why}`, got {messages:?}");
}

#[test]
fn references_out_of_the_folder_are_never_read() {
    refused("../secret.yaml", |_| {}, "leads out of the root document's folder");
    refused("/etc/passwd", |_| {}, "absolute path");
    refused("/dev/zero", |_| {}, "absolute path");
    refused("https://example.com/secret.yaml", |_| {}, "is a URL");
    refused("file:///etc/passwd", |_| {}, "is a URL");
    refused(
        "link.yaml",
        |dir| std::os::unix::fs::symlink(dir.join("secret.yaml"), dir.join("api/link.yaml")).expect("symlink"),
        "symbolic link",
    );
}

#[test]
fn special_and_huge_files_are_refused_without_waiting() {
    refused("fifo.yaml", |dir| mkfifo(&dir.join("api/fifo.yaml")), "not a regular file");
    refused(
        "huge.yaml",
        |dir| {
            let f = std::fs::File::create(dir.join("api/huge.yaml")).expect("create");
            f.set_len(300 * 1024 * 1024).expect("a sparse file");
        },
        "larger",
    );
    refused("missing.yaml", |_| {}, "does not exist");
}

#[test]
fn cycles_chains_and_fan_outs_end() {
    // A cycle of path items: a.yaml is b.yaml is a.yaml.
    let (dir, root) = hostile("a.yaml");
    std::fs::write(dir.join("api/a.yaml"), "$ref: b.yaml\n").expect("write");
    std::fs::write(dir.join("api/b.yaml"), "$ref: a.yaml\n").expect("write");
    let (_, messages) = outputs(&root);
    assert!(messages.iter().any(|m| m.contains("a cycle")), "{messages:?}");

    // A chain of 300 files, each the next one's path item.
    let (dir, root) = hostile("c0.yaml");
    for i in 0..300 {
        std::fs::write(dir.join(format!("api/c{i}.yaml")), format!("$ref: c{}.yaml\n", i + 1)).expect("write");
    }
    std::fs::write(dir.join("api/c300.yaml"), "get: {responses: {'200': {description: end}}}\n").expect("write");
    let (code, out, err) = run_bounded(&["routes", &root, "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.contains("GET /a"), "the end of the chain is the route: {out}{err}");

    // A fan-out: 2,000 path items in as many files.
    let dir = scratch("bundle-fan");
    let mut doc = String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..2000 {
        doc.push_str(&format!("  /p{i}:\n    $ref: 'p/{i}.yaml'\n"));
    }
    std::fs::create_dir(dir.join("p")).expect("mkdir");
    for i in 0..2000 {
        let item = format!(
            "get:\n  x-amazon-apigateway-integration: {{type: http_proxy, httpMethod: GET, uri: 'https://example.com/{i}', payloadFormatVersion: '1.0'}}\n"
        );
        std::fs::write(dir.join(format!("p/{i}.yaml")), item).expect("write");
    }
    std::fs::write(dir.join("openapi.yaml"), doc).expect("write");
    let root = dir.join("openapi.yaml").to_string_lossy().into_owned();
    let quotas = ["--allow", "too-many-routes", "--allow", "too-many-integrations"];
    let (code, out, err) = run_bounded(&[&["routes", root.as_str(), "--format", "json"][..], &quotas].concat());
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["Routes"].as_array().map(Vec::len), Some(2000));
}

#[test]
fn a_part_that_is_not_yaml_is_a_located_error() {
    let (dir, root) = hostile("broken.yaml");
    std::fs::write(dir.join("api/broken.yaml"), "get: {responses: [\n").expect("write");
    let (_, out, _) = run_bounded(&["check", &root, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    let files = v["files"].as_array().expect("files");
    let broken =
        files.iter().find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("broken.yaml"))).expect("its own report");
    assert_eq!(broken["diagnostics"][0]["code"], "GW001", "{out}");
}

#[test]
fn fixes_land_in_the_file_that_has_the_finding() {
    let dir = scratch("bundle-fix");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
        std::fs::copy(from, to).expect("copy");
    };
    let source = root().join("fixtures/split/pets");
    for f in
        ["openapi.yaml", "common.yaml", "paths/pets.yaml", "paths/pet.yaml", "schemas/pet.yaml", "schemas/owner.json"]
    {
        copy(&source.join(f), &dir.join(f));
    }
    let root_file = dir.join("openapi.yaml").to_string_lossy().into_owned();
    let (code, diff, _) = run_bounded(&["check", "--fix", "--diff", &root_file]);
    assert_eq!(code, 1, "pending fixes: {diff}");
    assert!(diff.contains("paths/pet.yaml\n") && diff.contains("+    payloadFormatVersion: \"2.0\""), "{diff}");
    let (code, _, err) = run_bounded(&["check", "--fix", &root_file]);
    assert_eq!(code, 0, "{err}");
    let fixed = std::fs::read_to_string(dir.join("paths/pet.yaml")).expect("read");
    let before = std::fs::read_to_string(source.join("paths/pet.yaml")).expect("read");
    assert_eq!(
        fixed,
        before.replace("    type: aws_proxy\n", "    payloadFormatVersion: \"2.0\"\n    type: aws_proxy\n")
    );
    for f in ["openapi.yaml", "common.yaml", "paths/pets.yaml", "schemas/pet.yaml", "schemas/owner.json"] {
        assert_eq!(
            std::fs::read(dir.join(f)).expect("read"),
            std::fs::read(source.join(f)).expect("read"),
            "{f} untouched"
        );
    }
}

/// The `file:` URI of an absolute path (the test's scratch paths need no escapes).
fn uri(path: &Path) -> String {
    format!("file://{}", std::fs::canonicalize(path).expect("exists").display())
}

#[test]
fn the_editor_shows_each_file_its_findings_and_follows_references_across_files() {
    use serde_json::json;
    let dir = scratch("bundle-lsp");
    std::fs::create_dir(dir.join("paths")).expect("mkdir");
    let root_text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: paths/pets.yaml\n";
    let part = "get:\n  x-amazon-apigateway-integration:\n    type: aws_proxy\n    uri: arn:aws:lambda:us-east-1:123456789012:function:pets\n";
    std::fs::write(dir.join("openapi.yaml"), root_text).expect("write");
    std::fs::write(dir.join("paths/pets.yaml"), part).expect("write");
    let (root_uri, part_uri) = (uri(&dir.join("openapi.yaml")), uri(&dir.join("paths/pets.yaml")));
    let mut c = crate::lsp::Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    c.expect("initialize result", |m| m["id"] == 1);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": root_uri, "languageId": "yaml", "version": 1, "text": root_text}}}));
    // The root's finding about the part is published for the part, where it is written.
    let found = c.diagnostics(&part_uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "GW303");
    assert_eq!(found[0]["range"]["start"], json!({"line": 1, "character": 2}));
    // Go to definition on the reference opens the part.
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition",
        "params": {"textDocument": {"uri": root_uri}, "position": {"line": 4, "character": 12}}}));
    let def = c.expect("definition", |m| m["id"] == 2);
    assert_eq!(def["result"]["uri"], part_uri, "{def}");
    // Editing the part (open in the editor, not saved) checks the root again with its text.
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": part_uri, "languageId": "yaml", "version": 1, "text": part}}}));
    let fixed = part.replace("    type: aws_proxy\n", "    type: aws_proxy\n    payloadFormatVersion: '2.0'\n");
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": part_uri, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    let after = c.expect("the part's findings after the change", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == part_uri
            && m["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    assert!(after["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty));
    // Closing the root clears what it published for the part.
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": root_uri}}}));
    assert!(c.diagnostics(&part_uri).is_empty());
    c.shut_down(3);
}

#[test]
fn a_named_part_is_checked_through_the_root_that_includes_it() {
    // As the pre-commit hook names the files a commit changes: a part, not a document itself.
    let (_, json) = stdout(&["check", "--only-openapi", "--format", "json", "fixtures/split/pets/paths/pet.yaml"]);
    let report: Value = serde_json::from_str(&json).expect("json");
    let paths: Vec<&str> =
        report["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(paths.contains(&"fixtures/split/pets/openapi.yaml"), "the root is checked: {paths:?}");
    let part = report["files"].as_array().unwrap().iter().find(|f| f["path"] == "fixtures/split/pets/paths/pet.yaml");
    assert_eq!(part.expect("the part's findings")["diagnostics"][0]["code"], "GW303");
    assert_eq!(paths.iter().filter(|p| p.ends_with("openapi.yaml")).count(), 1, "the root once: {paths:?}");
}

#[test]
fn a_part_written_as_a_flow_mapping_is_yaml_and_routes_name_the_file_of_each_finding() {
    let (dir, root) = hostile("item.yaml");
    // A flow mapping: valid YAML, not JSON (unquoted keys); the name says YAML.
    std::fs::write(dir.join("api/item.yaml"), "{get: {x-amazon-apigateway-integration: {type: aws_proxy, uri: 'arn:aws:lambda:us-east-1:123456789012:function:f'}}}\n")
        .expect("write");
    let (code, out, err) = run_bounded(&["routes", &root, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["Routes"].as_array().map(Vec::len), Some(2), "{out}");
    // A failing split document: each finding of the routes view names its file.
    std::fs::write(dir.join("api/item.yaml"), "{get: {x-amazon-apigateway-integration: {type: nope, uri: x}}}\n")
        .expect("write");
    let (code, out, _) = run_bounded(&["routes", &root, "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    let findings = v["Findings"].as_array().expect("findings");
    assert!(!findings.is_empty() && findings.iter().all(|f| f["path"].is_string()), "{out}");
    let part = findings
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("api/item.yaml")))
        .expect("in the part");
    assert_eq!(part["line"], 1, "{part}");
}
