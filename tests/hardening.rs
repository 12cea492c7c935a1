//! Failures that must never pass as success, and inputs that must never hang: special files on
//! the command line, an input over the cap, failed writes to stdout, `-o` on devices, links and
//! existing files, control characters on the terminal, undecodable files in folders, and every
//! unresolved placeholder named at once.

use crate::support::{gatewright, root};
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

const PETSTORE: &str = "fixtures/examples/petstore.yaml";

/// A fresh folder, removed when the test ends.
fn scratch(name: &str) -> crate::support::Scratch {
    crate::support::scratch(name)
}

/// Waits at most 20 s for `child` (reading its output meanwhile); a command that does not finish
/// fails the test instead of hanging it.
fn bounded(child: Child, what: &str) -> Output {
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = std::process::Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("{what} did not finish within 20 s");
        }
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_bounded(args)
}

/// Runs gatewright with `args` within the time bound: exit code, stdout, stderr.
pub(crate) fn run_bounded(args: &[&str]) -> (i32, String, String) {
    let child = gatewright(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let out = bounded(child.expect("spawns"), &format!("{args:?}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub(crate) fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    assert!(ok, "mkfifo is needed for this test (coreutils)");
}

#[test]
fn fifos_and_devices_are_refused_not_waited_on() {
    let dir = scratch("fifo");
    let fifo = dir.join("api.yaml");
    mkfifo(&fifo);
    for path in [fifo.to_str().unwrap_or_default(), "/dev/zero"] {
        let (code, _, stderr) = run(&["check", path]);
        assert_eq!(code, 2, "{path}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{path}: {stderr}");
    }
    // The JSON report lists the file with its error and fails.
    let (code, stdout, _) = run(&["check", "--format", "json", fifo.to_str().unwrap_or_default(), PETSTORE]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(v["files"][0]["error"].as_str().is_some_and(|e| e.contains("not a regular file")), "{v}");
    assert_eq!(v["files"][1]["path"], PETSTORE);
    assert_eq!(v["summary"]["failed"], true);
    // SARIF says the run did not succeed.
    let (_, stdout, _) = run(&["check", "--format", "sarif", fifo.to_str().unwrap_or_default()]);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF");
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false, "{v}");
}

#[test]
fn input_over_the_cap_is_refused() {
    let dir = scratch("cap");
    let big = dir.join("api.yaml");
    // Sparse: no disk is used.
    std::fs::File::create(&big).and_then(|f| f.set_len(257 * 1024 * 1024)).expect("sparse file");
    let (code, _, stderr) = run(&["check", big.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("larger than 256 MiB"), "{stderr}");
}

#[test]
fn dash_reads_standard_input() {
    let text = std::fs::read(root().join(PETSTORE)).expect("example");
    let mut child = gatewright(&["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(&text).expect("writes");
    }
    let out = bounded(child, "check -");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_failed_write_to_stdout_is_exit_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: /dev/full is not available here");
        return;
    };
    let commands: [&[&str]; 8] = [
        &["rules"],
        &["explain", "GW201"],
        &["completions", "bash"],
        &["man"],
        &["check", "--format", "sarif", PETSTORE],
        &["check", "--format", "json", PETSTORE],
        &["routes", "--format", "json", PETSTORE],
        &["compile", PETSTORE, "--emit", "aws-cli"],
    ];
    for args in commands {
        let out = full.try_clone().expect("clone");
        let child = gatewright(args).stdout(out).stderr(Stdio::piped()).spawn().expect("spawns");
        let done = bounded(child, &format!("{args:?}"));
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write to standard output"), "{args:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn output_files_keep_devices_links_and_permissions() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = scratch("output");
    let d = |n: &str| dir.join(n).to_str().unwrap_or_default().to_string();
    // A FIFO is written into, not replaced.
    let fifo = dir.join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap_or_default())
    };
    let (code, _, stderr) = run(&["compile", PETSTORE, "--emit", "plan", "-o", &d("out.fifo")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(reader.join().unwrap_or_default().contains("gatewright-plan/1"));
    assert!(std::fs::metadata(&fifo).expect("fifo").file_type().is_fifo(), "the FIFO was replaced");
    // A symbolic link is written through; the link stays a link.
    std::fs::write(dir.join("real.json"), "old").expect("write");
    std::os::unix::fs::symlink("real.json", dir.join("link.json")).expect("symlink");
    assert_eq!(run(&["compile", PETSTORE, "--emit", "plan", "-o", &d("link.json")]).0, 0);
    assert!(std::fs::symlink_metadata(dir.join("link.json")).expect("link").file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.join("real.json")).expect("read").contains("gatewright-plan/1"));
    // An existing file keeps its mode; a new script gets 0777 & !umask.
    std::fs::write(dir.join("kept.sh"), "old").expect("write");
    std::fs::set_permissions(dir.join("kept.sh"), std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert_eq!(run(&["compile", PETSTORE, "--emit", "aws-cli", "-o", &d("kept.sh")]).0, 0);
    let mode = |n: &str| std::fs::metadata(dir.join(n)).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode("kept.sh"), 0o640);
    let bin = env!("CARGO_BIN_EXE_gatewright");
    let status = std::process::Command::new("sh")
        .args(["-c", "umask 027; exec \"$0\" compile \"$1\" --emit aws-cli -o \"$2\"", bin, PETSTORE, &d("new.sh")])
        .current_dir(root())
        .status()
        .expect("sh");
    assert!(status.success());
    assert_eq!(mode("new.sh"), 0o750);
    // A link planted under a name a temporary file might take is never followed, and no
    // temporary file is left behind.
    std::fs::write(dir.join("victim"), "secret").expect("write");
    std::fs::set_permissions(dir.join("victim"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::os::unix::fs::symlink("victim", dir.join(format!(".plan.json.gatewright-{}", std::process::id() + 1)))
        .expect("symlink");
    assert_eq!(run(&["compile", PETSTORE, "--emit", "plan", "-o", &d("plan.json")]).0, 0);
    assert_eq!(std::fs::read_to_string(dir.join("victim")).expect("victim"), "secret");
    assert_eq!(mode("victim"), 0o600);
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".gatewright-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // `-o -` is stdout.
    let (code, stdout, _) = run(&["compile", PETSTORE, "--emit", "plan", "-o", "-"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("gatewright-plan/1"));
    // A folder that cannot be made (a file stands where it would be): an error, nothing written.
    std::fs::write(dir.join("a-file"), "kept").expect("write");
    let (code, _, stderr) = run(&["compile", PETSTORE, "--emit", "plan", "-o", &d("a-file/plan.json")]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("a-file")).expect("read"), "kept");
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let doc = "fixtures/check/GW509-control-character/invalid-nul-and-escape.json";
    // gatewright's advice (AWS documents nothing about these characters): a warning.
    let (code, stdout, _) = run(&["check", doc]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("GW509(control-character)"), "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\0'), "{stdout:?}");
    // Allowed anyway, the document's text stays out of the terminal in `route` and in the script.
    let allow = ["--allow", "control-character"];
    let (_, stdout, _) = run(&[&["route", doc, "GET /orders"][..], &allow].concat());
    assert!(stdout.contains("GET /orders") && !stdout.contains('\u{1b}'), "{stdout:?}");
    let (code, script, stderr) = run(&[&["compile", doc, "--emit", "aws-cli"][..], &allow].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(!script.contains('\u{1b}') && !script.contains('\0'), "{script:?}");
}

#[test]
fn files_that_cannot_be_read_are_reported_wherever_they_are() {
    let dir = scratch("undecodable");
    // UTF-16 with a byte order mark, a broken JSON file, an empty YAML file and a YAML file that
    // is not OpenAPI.
    std::fs::write(dir.join("utf16.yaml"), b"\xff\xfeo\x00p\x00e\x00n\x00a\x00p\x00i\x00:\x00").expect("write");
    std::fs::write(dir.join("broken.json"), "{\"openapi\": ").expect("write");
    std::fs::write(dir.join("empty.yaml"), "").expect("write");
    std::fs::write(dir.join("compose.yml"), "services: {}\n").expect("write");
    let (code, stdout, _) = run(&["check", "--format", "json", dir.to_str().unwrap_or_default()]);
    assert_eq!(code, 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let paths: Vec<&str> = v["files"].as_array().into_iter().flatten().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("broken.json") && paths[1].ends_with("utf16.yaml"), "{paths:?}");
    // Named, every file is checked: the empty one is GW004.
    let (code, stdout, _) = run(&["check", dir.join("empty.yaml").to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("GW004(empty-document)"), "{stdout}");
}

#[test]
fn a_folder_without_documents_says_so() {
    let dir = scratch("no-documents");
    std::fs::write(dir.join("compose.yml"), "services: {}\n").expect("write");
    let (code, _, stderr) = run(&["check", dir.to_str().unwrap_or_default()]);
    assert_eq!(code, 0);
    assert!(stderr.contains("no OpenAPI documents found"), "{stderr}");
    let empty = scratch("empty-folder");
    let (code, _, stderr) = run(&["check", "--strict", empty.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error: no OpenAPI documents found"), "{stderr}");
}

#[test]
fn every_unresolved_placeholder_of_a_value_is_named() {
    let doc = "fixtures/compile/GW700-unresolved-value/invalid-sub-without-vars.yaml";
    let (code, _, stderr) = run(&["compile", doc, "--emit", "plan"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("`${AWS::Region}` and `${ItemsFn.Arn}` have"), "{stderr}");
}

#[test]
fn routes_shows_what_its_summary_counts() {
    let doc = "fixtures/check/GW201-route-variable-conflict/invalid-same-method.yaml";
    let (code, _, stderr) = run(&["routes", doc]);
    assert_eq!(code, 1);
    // Import would fail: the errors and warnings a line each (the infos are left to `check`).
    let shown = [": error[", ": warning["].iter().map(|m| stderr.matches(m).count()).sum::<usize>();
    let line = stderr.lines().find(|l| l.contains("file checked")).expect("summary line");
    let counted: usize = line
        .split([':', ','])
        .skip(1)
        .filter(|part| !part.contains("info"))
        .filter_map(|part| part.split_whitespace().next().and_then(|n| n.parse::<usize>().ok()))
        .sum();
    assert_eq!(shown, counted, "{stderr}");
}

#[test]
fn man_all_writes_a_page_per_command() {
    let dir = scratch("man");
    assert_eq!(run(&["man", "--all", dir.to_str().unwrap_or_default()]).0, 0);
    for page in ["gatewright.1", "gatewright-check.1", "gatewright-compile.1", "gatewright-deploy.1"] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".SH"), "{page}");
    }
    let check = std::fs::read_to_string(dir.join("gatewright-check.1")).expect("page");
    assert!(check.contains("Exit status") && check.contains("Examples"), "{check}");
}

/// `-o` into folders that do not exist yet makes them (the README's `-o infra/api.tf`); a run
/// that writes nothing leaves none of them behind.
#[test]
fn output_into_missing_folders_makes_them_only_when_written() {
    let dir = scratch("missing-folders");
    let d = |n: &str| dir.join(n).to_str().unwrap_or_default().to_string();
    let (code, _, stderr) = run(&["compile", PETSTORE, "--emit", "terraform", "-o", &d("infra/eu/api.tf")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(dir.join("infra/eu/api.tf")).expect("written").contains("aws_apigatewayv2_api"));
    // A document that fails its checks: exit 1, and no folder was made for it.
    let failing = "fixtures/check/GW200-duplicate-route-key/invalid-default-route-twice.yaml";
    let (code, _, _) = run(&["compile", failing, "--emit", "terraform", "-o", &d("other/deep/api.tf")]);
    assert_eq!(code, 1);
    assert!(!dir.join("other").exists(), "a folder was left behind by a run that wrote nothing");
}

/// A Terraform configuration in import mode needs its body file beside it: without `-o`, that
/// is said before anything is printed (was: the configuration on stdout, then exit 2).
#[test]
fn terraform_import_to_stdout_prints_nothing_and_says_why() {
    let (code, stdout, stderr) = run(&["compile", PETSTORE, "--emit", "terraform", "--mode", "import"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "", "the configuration was printed although it cannot be used");
    assert!(stderr.contains("give `-o PATH.tf`"), "{stderr}");
    // Granular mode has no body file: it prints as before.
    let (code, stdout, _) = run(&["compile", PETSTORE, "--emit", "terraform"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("resource \"aws_apigatewayv2_api\""));
}
