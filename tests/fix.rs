//! `check --fix`: on every fixture with a fixable finding, the fixed file has none of the fixed
//! findings and no new ones (a fix that would bring one up is withheld, and said so), and the diff
//! `--fix --diff` prints is snapshotted. And the bytes on disk: a CRLF file stays CRLF, a file that
//! is not UTF-8, a read-only one and a hard-linked one are refused (exit 2, untouched) while the
//! others are fixed, a symbolic link is written through, and permissions are kept.

use crate::support::{gatewright, root, run, snapshots};
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
    let work = crate::support::scratch("fix");
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
    snapshots(|| insta::assert_snapshot!("check_fix_diffs", diffs));
}

/// A document with one fixable finding (GW303: the new `payloadFormatVersion` line) written with
/// `eol`, a comment ending its last line.
fn fixable(eol: &str, comment: &[u8]) -> Vec<u8> {
    let mut doc = [
        "openapi: 3.0.1",
        "info: {title: t, version: '1'}",
        "paths:",
        "  /pets:",
        "    get:",
        "      x-amazon-apigateway-integration:",
        "        type: aws_proxy",
        "        httpMethod: POST",
        "        uri: arn:aws:lambda:us-east-1:123456789012:function:pets # ",
    ]
    .join(eol)
    .into_bytes();
    doc.extend_from_slice(comment);
    doc.extend_from_slice(eol.as_bytes());
    doc
}

/// [`fixable`] as `--fix` writes it.
fn fixed(eol: &str, comment: &[u8]) -> Vec<u8> {
    let doc = fixable(eol, comment);
    let at = doc.windows(10).position(|w| w == b"        ty").unwrap();
    [&doc[..at], format!("        payloadFormatVersion: \"2.0\"{eol}").as_bytes(), &doc[at..]].concat()
}

fn fix(paths: &[&Path]) -> (i32, String) {
    let mut args = vec!["check".to_string(), "--fix".into(), "--no-config".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let (code, _, stderr) = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    (code, stderr)
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, fixable("\r\n", "café".as_bytes())).unwrap();
    let (code, stderr) = fix(&[&path]);
    assert_eq!((code, stderr.as_str()), (0, format!("fixed 1 finding in {}\n", path.display()).as_str()));
    assert_eq!(std::fs::read(&path).unwrap(), fixed("\r\n", "café".as_bytes()));
}

#[test]
fn fix_refuses_a_file_that_is_not_utf8_and_fixes_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (latin1, utf8) = (dir.path().join("latin1.yaml"), dir.path().join("utf8.yaml"));
    let original = fixable("\n", b"caf\xe9");
    std::fs::write(&latin1, &original).unwrap();
    std::fs::write(&utf8, fixable("\n", "café".as_bytes())).unwrap();
    let (code, stderr) = fix(&[&latin1, &utf8]);
    assert_eq!(code, 2, "{stderr}");
    let at = original.iter().position(|&b| b == 0xe9).unwrap();
    let refused = format!(
        "error: cannot fix `{}`: it is not valid UTF-8 (byte {at}, GW003); fixes are applied to UTF-8 files only, so nothing was changed",
        latin1.display()
    );
    assert!(stderr.contains(&refused), "{stderr}");
    assert_eq!(std::fs::read(&latin1).unwrap(), original);
    assert_eq!(std::fs::read(&utf8).unwrap(), fixed("\n", "café".as_bytes()));
    // `--diff` shows no change it would not make.
    let (code, stdout, stderr) = run(&["check", "--fix", "--diff", "--no-config", &latin1.display().to_string()]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains(&refused), "{stderr}");
    assert_eq!(std::fs::read(&latin1).unwrap(), original);
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_and_hard_linked_files() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let (locked, linked, other) =
        (dir.path().join("locked.yaml"), dir.path().join("linked.yaml"), dir.path().join("other.yaml"));
    let original = fixable("\n", b"c");
    for p in [&locked, &linked, &other] {
        std::fs::write(p, &original).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let twin = dir.path().join("twin.yaml");
    std::fs::hard_link(&linked, &twin).unwrap();
    let (code, stderr) = fix(&[&locked, &linked, &other]);
    assert_eq!(code, 2, "{stderr}");
    for want in [
        format!("error: cannot fix `{}`: it is read-only;", locked.display()),
        format!("error: cannot fix `{}`: it has 2 hard links, and replacing it would split them;", linked.display()),
    ] {
        assert!(stderr.contains(&want), "{want}\n{stderr}");
    }
    let meta = std::fs::metadata(&locked).unwrap();
    assert_eq!((std::fs::read(&locked).unwrap(), meta.permissions().mode() & 0o777), (original.clone(), 0o444));
    assert_eq!(std::fs::read(&linked).unwrap(), original);
    assert_eq!(std::fs::metadata(&linked).unwrap().ino(), std::fs::metadata(&twin).unwrap().ino());
    assert_eq!(std::fs::read(&other).unwrap(), fixed("\n", b"c"), "the other file is fixed");
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (target, link) = (dir.path().join("target.yaml"), dir.path().join("link.yaml"));
    std::fs::write(&target, fixable("\n", b"c")).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("target.yaml", &link).unwrap();
    let (code, stderr) = fix(&[&link]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), fixed("\n", b"c"));
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["link.yaml", "target.yaml"], "no temporary file is left");
}
