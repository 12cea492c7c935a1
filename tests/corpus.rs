//! `check` over every real-world document in `../shared/corpus`: no panic, exit 0 or 1. The
//! folder is optional: the test says so and passes when it is absent.

use crate::support::{gatewright, root, snapshots};
use std::path::PathBuf;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("corpus: skipped, {} is not present", dir.display());
        return None;
    }
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml" | "json"))
                && p.file_name().is_some_and(|n| n != "manifest.json")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn corpus_never_panics() {
    let Some(files) = corpus_files() else { return };
    let args: Vec<String> = files.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let mut cmd = gatewright(&["check", "--format", "json"]);
    cmd.args(&args);
    let out = cmd.output().expect("gatewright runs");
    let code = out.status.code();
    if !matches!(code, Some(0 | 1)) {
        // Find the culprits one by one, so the failure names them.
        let bad: Vec<String> = args
            .iter()
            .filter(|f| !matches!(gatewright(&["check", f]).output().ok().and_then(|o| o.status.code()), Some(0 | 1)))
            .cloned()
            .collect();
        panic!(
            "check exited with {code:?} on the corpus; failing files: {bad:#?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(files.len()));

    // What each AWS document gets, for review as the checks grow.
    let mut table = String::new();
    for f in v["files"].as_array().into_iter().flatten() {
        let path = f["path"].as_str().unwrap_or_default();
        let Some(name) = path.split("/corpus/").nth(1).filter(|n| n.starts_with("aws/")) else { continue };
        let mut codes: Vec<String> = f["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["severity"].as_str().unwrap_or("")))
            .collect();
        codes.dedup();
        table.push_str(&format!("{name}: {}\n", if codes.is_empty() { "clean".into() } else { codes.join(", ") }));
    }
    snapshots(|| insta::assert_snapshot!("corpus_aws_summary", table));
}
