//! Terraform configurations that try to make gatewright read what the user did not point it at
//! (`file()` and `templatefile()` paths with `..`, absolute paths, symbolic links, FIFOs and
//! oversize files), and configurations saved with a UTF-8 byte order mark.

use crate::support::{json, run};
use serde_json::Value;
use std::path::Path;

/// A fake access key: it must appear in no output.
const SECRET: &str = "AKIAFAKESECRET0000042";

/// The codes of every finding in a `check --format json` report, with the file each is in.
fn findings(report: &Value) -> Vec<(String, String)> {
    let files = report["files"].as_array().cloned().unwrap_or_default();
    files
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap_or("").to_string();
            let diags = f["diagnostics"].as_array().cloned().unwrap_or_default();
            diags.into_iter().map(move |d| (path.clone(), d["code"].as_str().unwrap_or("").to_string()))
        })
        .collect()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
    std::fs::write(path, text).expect("written");
}

#[cfg(unix)]
#[test]
fn terraform_body_files_outside_the_module_are_never_read() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let (secret, module) = (dir.path().join("secret"), dir.path().join("mod"));
    write(&secret.join("credentials"), &format!("[default]\naws_access_key_id = {SECRET}\n"));
    // A document with a finding, reached through a link that stays in the module: still read.
    write(
        &module.join("api.yaml"),
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'https://example.com', payloadFormatVersion: '1.0', timeoutInMillis: 99999999}\n",
    );
    symlink(secret.join("credentials"), module.join("link.body")).expect("link");
    symlink(&secret, module.join("dirlink")).expect("folder link");
    symlink("api.yaml", module.join("inside.body")).expect("inside link");
    let fifo = std::process::Command::new("mkfifo").arg(module.join("fifo.yaml")).status();
    assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
    // Larger than gatewright reads: refused from its size, before it is opened (a sparse file).
    let big = std::fs::File::create(module.join("big.body")).expect("big file");
    big.set_len(257 * 1024 * 1024).expect("sized");
    let absolute = secret.join("credentials").display().to_string();
    let bodies = [
        "file(\"../secret/credentials\")".to_string(),
        format!("file(\"{absolute}\")"),
        "file(\"${path.module}/link.body\")".to_string(),
        "templatefile(\"${path.module}/sub/../../secret/credentials\", {})".to_string(),
        "file(\"${path.root}/dirlink/credentials\")".to_string(),
        "file(\"fifo.yaml\")".to_string(),
        "file(\"big.body\")".to_string(),
        "file(\"${path.module}/inside.body\")".to_string(),
    ];
    let config: String = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| format!("resource \"aws_apigatewayv2_api\" \"a{i}\" {{\n  name = \"a\"\n  body = {b}\n}}\n"))
        .collect();
    write(&module.join("main.tf"), &config);
    let file = module.join("main.tf").display().to_string();
    let folder = module.display().to_string();
    for target in [&file, &folder] {
        for format in ["human", "json", "sarif"] {
            let (_, stdout, stderr) = run(&["check", "--no-config", "--format", format, target]);
            assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET), "{format} of {target}:\n{stdout}{stderr}");
            assert!(!stdout.contains("aws_access_key_id"), "{format} of {target}:\n{stdout}");
        }
        let found = findings(&json(&["check", "--no-config", "--format", "json", target]));
        let not_checked = found.iter().filter(|(_, code)| code == "GW900").count();
        assert_eq!(not_checked, 7, "{found:?}");
        // The document behind the link inside the module is checked, as the resource deploys it.
        assert!(found.iter().any(|(path, code)| path.ends_with("inside.body") && code != "GW900"), "{found:?}");
        assert!(!found.iter().any(|(path, _)| path.contains("credentials")), "{found:?}");
    }
    let (_, messages, _) = run(&["check", "--no-config", "--format", "json", &file]);
    assert!(messages.contains("`../secret/credentials` is outside the module's folder"), "{messages}");
    assert!(messages.contains(&format!("`{absolute}` is outside the module's folder")), "{messages}");
    assert!(messages.contains("leads out of the module's folder through a symbolic link"), "{messages}");
    assert!(messages.contains("not a regular file"), "{messages}");
    assert!(messages.contains("larger than 256 MiB"), "{messages}");
}

#[cfg(unix)]
#[test]
fn the_language_server_reads_no_body_file_outside_the_module() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (secret, module) = (dir.path().join("secret"), dir.path().join("mod"));
    write(&secret.join("api.yaml"), &format!("openapi: 3.0.1\ninfo: {{title: {SECRET}, version: '1'}}\npaths: {{}}\n"));
    std::fs::create_dir_all(&module).expect("module");
    std::os::unix::fs::symlink(secret.join("api.yaml"), module.join("link.yaml")).expect("link");
    let text = "resource \"aws_apigatewayv2_api\" \"a\" {\n  body = file(\"${path.module}/link.yaml\")\n}\nresource \"aws_apigatewayv2_api\" \"b\" {\n  body = file(\"../secret/api.yaml\")\n}\n";
    let mut c = crate::lsp::Client::start();
    c.send(serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    c.expect("initialize result", |m| m["id"] == 1);
    c.send(serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = format!("file://{}/main.tf", module.display());
    c.send(serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "terraform", "version": 1, "text": text}}}));
    let diags = c.diagnostics(&uri);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["GW900"; 2], "{diags:?}");
    assert!(!format!("{diags:?}").contains(SECRET));
    c.shut_down(2);
}

/// A Terraform configuration saved with a byte order mark, and a body with a finding in it.
const BOM_TF: &str = "\u{feff}resource \"aws_apigatewayv2_api\" \"api\" {\n  name = \"x\"\n  body = jsonencode({\n    openapi = \"3.0.1\"\n    info = { title = \"t\", version = \"1\" }\n    paths = { \"/a\" = { get = { x-amazon-apigateway-integration = { type = \"HTTP_PROXY\", httpMethod = \"GET\", uri = \"https://example.com\", payloadFormatVersion = \"1.0\", timeoutInMillis = 99999999 } } } }\n  })\n}\n";

#[test]
fn terraform_files_with_a_byte_order_mark_are_read_as_terraform_reads_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The native syntax skips the mark (Terraform does): the body is checked, its finding located.
    let tf = dir.path().join("main.tf");
    write(&tf, BOM_TF);
    let report = json(&["check", "--no-config", "--format", "json", &tf.display().to_string()]);
    let diags = report["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(!diags.iter().any(|d| d["code"] == "GW001"), "{report:#}");
    let timeout = diags.iter().find(|d| d["code"] == "GW305").unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!((timeout["line"].as_u64(), timeout["column"].as_u64()), (Some(6), Some(186)), "{report:#}");
    // Terraform's JSON syntax does not take one: an error saying so, at the start.
    let tf_json = dir.path().join("main.tf.json");
    write(
        &tf_json,
        "\u{feff}{\"resource\": {\"aws_apigatewayv2_api\": {\"api\": {\"name\": \"x\", \"body\": \"openapi: 3.0.1\"}}}}\n",
    );
    let (code, stdout, _) = run(&["check", "--no-config", &tf_json.display().to_string()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("GW001") && stdout.contains("byte order mark"), "{stdout}");
}

/// A folder given to `check` never makes it read a file outside it: a symbolic link in the
/// folder that leads out is passed over with a note (and nothing of its target is shown), one
/// that stays inside is checked, and a link named on the command line is read as named.
#[cfg(unix)]
#[test]
fn a_folder_check_follows_no_link_out_of_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (outside, project) = (dir.path().join("home"), dir.path().join("project"));
    write(&outside.join("credentials.yaml"), &format!("[default]\naws_secret_access_key = {SECRET}\n"));
    write(&project.join("specs/api.yaml"), "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n");
    std::os::unix::fs::symlink(outside.join("credentials.yaml"), project.join("creds.yaml")).expect("link out");
    std::os::unix::fs::symlink(project.join("specs/api.yaml"), project.join("inside.yaml")).expect("link in");
    let folder = project.to_str().expect("utf-8").to_string();
    for format in ["human", "json", "sarif"] {
        let (code, stdout, stderr) = run(&["check", "--no-config", "--strict", "--format", format, &folder]);
        assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET), "{format}: {stdout}{stderr}");
        assert!(!stdout.contains("creds.yaml"), "{format}: the link out was checked: {stdout}");
        let checked = match format {
            "human" => stdout.contains("2 files checked"),
            "json" => stdout.contains("inside.yaml"),
            _ => true,
        };
        assert!(checked, "{format}: the link inside was not checked: {stdout}");
        assert!(stderr.contains("creds.yaml` is a symbolic link to a file outside"), "{stderr}");
        assert_eq!(code, 0, "{format}: {stdout}{stderr}");
    }
    // Named, it is what the user pointed at: read (and reported as the non-OpenAPI file it is).
    let (code, _, _) = run(&["check", "--no-config", project.join("creds.yaml").to_str().expect("utf-8")]);
    assert_ne!(code, 0);
}
