//! The linter with real tools: SARIF output validated against the official SARIF 2.1.0 schema,
//! and the repository's `.pre-commit-hooks.yaml` installed and run by the real `pre-commit`
//! (`try-repo`) in a throwaway git repository. Tools come from the e2e virtualenv (`e2e.rs`).

use crate::e2e::{tool, venv};
use crate::support::{gatewright, root};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    // Errors, warnings and infos, related locations, a parse failure and a clean file.
    let out = gatewright(&[
        "check",
        "--format",
        "sarif",
        "--no-config",
        "fixtures/lint/project",
        "fixtures/examples/petstore.yaml",
        "fixtures/check/GW001-invalid-syntax",
        "fixtures/check/GW002-duplicate-key",
        "fixtures/check/GW401-unknown-security-scheme",
    ])
    .output()
    .expect("gatewright runs");
    assert!(!out.stdout.is_empty());
    let mut python = Command::new(tool("python"))
        .arg(root().join("tests/e2e/validate_sarif.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python from the e2e virtualenv");
    python.stdin.take().expect("stdin").write_all(&out.stdout).expect("write SARIF");
    let done = python.wait_with_output().expect("validator finishes");
    assert!(
        done.status.success(),
        "SARIF is not valid:\n{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
}

/// A fresh folder under the target directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = root().join("target/e2e-scratch").join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(dir).output().expect("git is installed");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

const BROKEN: &str = "openapi: 3.0.1
info:
  title: orders
  version: '1'
paths:
  /orders/{id}:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://orders.example.com/{id}
        payloadFormatVersion: '1.0'
  /orders/{orderId}:
    delete:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: DELETE
        uri: https://orders.example.com/{orderId}
        payloadFormatVersion: '1.0'
";

#[test]
fn pre_commit_hook_runs_from_try_repo() {
    assert!(
        root().join(".git").exists(),
        "the pre-commit test needs a git checkout of gatewright (pre-commit installs hooks from git)"
    );
    let work = Scratch::new("pre-commit");
    let repo = work.0.join("project");
    std::fs::create_dir_all(&repo).expect("project");
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("api.yaml"), BROKEN).expect("api.yaml");
    std::fs::write(repo.join("compose.yaml"), "services:\n  web:\n    image: nginx\n").expect("compose.yaml");
    std::fs::write(repo.join("package.json"), "{\"name\": \"web\"}\n").expect("package.json");
    git(&repo, &["add", "."]);

    // pre-commit's environments are cached between runs. Its `cargo install` builds in the
    // workspace's own target directory, offline (so it resolves to the crates the lock file
    // already fetched): after `cargo build --release` (.ci/run does it first) the hook costs a link.
    let cache = venv().join("pre-commit-home");
    let run = || {
        let out = Command::new(tool("pre-commit"))
            .args(["try-repo", &root().to_string_lossy(), "gatewright", "--all-files", "--color", "never"])
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &cache)
            .env("CARGO_TARGET_DIR", root().join("target"))
            .env("CARGO_NET_OFFLINE", "true")
            .env("GIT_AUTHOR_NAME", "gatewright tests")
            .env("GIT_AUTHOR_EMAIL", "tests@gatewright.invalid")
            .env("GIT_COMMITTER_NAME", "gatewright tests")
            .env("GIT_COMMITTER_EMAIL", "tests@gatewright.invalid")
            .output()
            .expect("pre-commit runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let (code, text) = run();
    assert_eq!(code, Some(1), "the hook fails on a route conflict:\n{text}");
    assert!(text.contains("gatewright") && text.contains("Failed"), "{text}");
    assert!(text.contains("GW201") && text.contains("api.yaml:13:3"), "{text}");
    assert!(
        !text.contains("compose.yaml") && !text.contains("package.json"),
        "other YAML and JSON are passed over:\n{text}"
    );

    std::fs::write(
        repo.join("api.yaml"),
        BROKEN.replace("/orders/{orderId}:", "/orders/{id}/items:").replace("{orderId}", "{id}"),
    )
    .expect("fix");
    git(&repo, &["add", "."]);
    let (code, text) = run();
    assert_eq!(code, Some(0), "the hook passes once fixed:\n{text}");
    assert!(text.contains("Passed"), "{text}");
}
