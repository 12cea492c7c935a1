//! `check --fix`: on every fixture with a fixable finding, the fixed file has none of the fixed
//! findings and no new ones (a fix that would bring one up is withheld, and said so), and the diff
//! `--fix --diff` prints is snapshotted.

use crate::support::{gatewright, root, snapshots};
use gatewright::Options;
use gatewright::kind::{ApiChoice, ApiKind};
use gatewright::source::SourceFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Findings counted by code (a fix may change a finding's words: renaming `/pets/` renames the
/// route another finding names).
type Counts = BTreeMap<String, usize>;

/// The API kind a fixture is checked as: `NAME.rest.yaml` and `NAME.http.yaml` name theirs.
fn kind_args(path: &Path) -> &'static [&'static str] {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.contains(".rest.") {
        &["--api", "rest"]
    } else if name.contains(".http.") {
        &["--api", "http"]
    } else {
        &[]
    }
}

/// The findings, and those with a fix.
fn findings(path: &Path, original: &Path) -> (Counts, Counts) {
    let api = match kind_args(original) {
        [_, "rest"] => ApiChoice::Fixed(ApiKind::Rest),
        [_, _] => ApiChoice::Fixed(ApiKind::Http),
        _ => ApiChoice::Auto,
    };
    let options = Options { api, ..Options::default() };
    let a =
        gatewright::analyze(SourceFile::from_bytes(path.display().to_string(), std::fs::read(path).unwrap()), &options);
    let (mut all, mut fixable) = (BTreeMap::new(), BTreeMap::new());
    for d in &a.diagnostics {
        let key = d.code.id().to_string();
        if d.fix.is_some() {
            *fixable.entry(key.clone()).or_insert(0) += 1;
        }
        *all.entry(key).or_insert(0) += 1;
    }
    (all, fixable)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "json") {
            out.push(p);
        }
    }
}

#[test]
fn fix_removes_exactly_the_fixed_findings() {
    let mut files = Vec::new();
    yaml_files(&root().join("fixtures"), &mut files);
    let work = std::env::temp_dir().join(format!("gatewright-fix-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let mut diffs = String::new();
    let mut fixed_files = 0;
    for f in files {
        let (before, fixable) = findings(&f, &f);
        if fixable.is_empty() {
            continue;
        }
        fixed_files += 1;
        let copy = work.join(f.file_name().unwrap());
        std::fs::copy(&f, &copy).unwrap();
        let c = copy.to_string_lossy().into_owned();
        let kind = kind_args(&f);
        let diff = gatewright(&[&["check", "--fix", "--diff", "--no-config", &c], kind].concat()).output().unwrap();
        // A pending fix exits 1 (a withheld one leaves the status to the check).
        assert!(diff.stdout.is_empty() || diff.status.code() == Some(1), "a fix is pending");
        assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&f).unwrap(), "--diff wrote the file");
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        diffs.push_str(&String::from_utf8_lossy(&diff.stdout).replace(&c, &rel));
        let out = gatewright(&[&["check", "--fix", "--no-config", &c], kind].concat()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let withheld = err.matches(": not applied: ").count();
        assert!(err.contains("fixed ") || withheld > 0, "{err}");
        let (after, left) = findings(&copy, &f);
        assert_eq!(left.values().sum::<usize>(), withheld, "{rel}: fixable findings left are those withheld:\n{err}");
        // No new finding; the fixed ones are gone (fixing a name can also settle findings that
        // followed from it, such as a scheme that becomes an authorizer).
        for (k, n) in &after {
            let was = before.get(k).unwrap_or_else(|| panic!("{rel}: a new finding {k:?}"));
            assert!(n <= was, "{rel}: {k:?} grew");
        }
        assert!(
            after.values().sum::<usize>() + fixable.values().sum::<usize>()
                <= before.values().sum::<usize>() + withheld
        );
    }
    assert!(fixed_files >= 2, "fixtures with fixable findings: {fixed_files}");
    let _ = std::fs::remove_dir_all(&work);
    snapshots(|| insta::assert_snapshot!("check_fix_diffs", diffs));
}
