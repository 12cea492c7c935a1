//! Helpers shared by the test modules.

use gatewright::diagnostics::render::{self, HumanStyle};
use gatewright::source::SourceFile;
use gatewright::{Analysis, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `path` relative to the repository root, with `/` separators.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Runs insta with snapshots in the top-level `snapshots/` folder.
pub fn snapshots<R>(f: impl FnOnce() -> R) -> R {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots");
    s.set_prepend_module_to_snapshot(false);
    s.bind(f)
}

/// Analyzes a fixture, named by its path relative to the repository root.
pub fn analyze(path: &Path, opts: &Options) -> Analysis {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    gatewright::analyze(SourceFile::from_bytes(rel(path), bytes), opts)
}

/// The deterministic human rendering (no colour, width 80, no links).
pub fn render(a: &Analysis) -> String {
    render::render_human(&a.source, a.tree.as_ref(), &a.diagnostics, HumanStyle::plain())
}

/// A Terraform configuration checked as `check` does (body files read from disk, relative to
/// the repository root), every report rendered, and its codes.
pub fn terraform(path: &Path, opts: &Options) -> (String, Vec<gatewright::diagnostics::Code>) {
    deploying(path, opts, gatewright::terraform::check)
}

/// Whether the file is a CloudFormation template (by content, as `check` decides).
pub fn is_template(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    gatewright::cfn_template::is_template(&SourceFile::from_bytes(rel(path), bytes))
}

/// A CloudFormation template checked as `check` does, like [`terraform`].
pub fn template(path: &Path, opts: &Options) -> (String, Vec<gatewright::diagnostics::Code>) {
    deploying(path, opts, gatewright::cfn_template::check)
}

type Deploying = fn(SourceFile, &Options, gatewright::deployed::Reader<'_>) -> Vec<gatewright::deployed::Checked>;

fn deploying(path: &Path, opts: &Options, check: Deploying) -> (String, Vec<gatewright::diagnostics::Code>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let read = |p: &str| {
        std::fs::read(root().join(p))
            .map(|b| SourceFile::from_bytes(p, b))
            .map_err(|e| format!("cannot read `{p}`: {e}"))
    };
    let reports = check(SourceFile::from_bytes(rel(path), bytes), opts, &read);
    let mut text = String::new();
    let mut codes = Vec::new();
    for r in &reports {
        if let Some(v) = &r.via {
            text.push_str(&format!(
                "{}: the body of `{}` ({}:{}:{})\n",
                r.source.name(),
                v.resource,
                v.path,
                v.line,
                v.column
            ));
        }
        text.push_str(&render::render_human(&r.source, None, &r.diagnostics, HumanStyle::plain()));
        codes.extend(r.diagnostics.iter().map(|d| d.code));
    }
    (text, codes)
}

/// The input as the snapshot shows it.
pub fn input(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The built `gatewright` binary, run from the repository root.
pub fn gatewright(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gatewright"));
    c.args(args).current_dir(root()).env_remove("NO_COLOR").env("COLUMNS", "80");
    c
}

/// Exit status, stdout and stderr of a finished command, as a snapshot body.
pub fn transcript(args: &[&str]) -> (i32, String) {
    let out = gatewright(args).output().expect("gatewright runs");
    let code = out.status.code().unwrap_or(-1);
    let text = format!(
        "$ gatewright {}\n----- EXIT {code}\n----- STDOUT\n{}----- STDERR\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (code, text)
}

/// Runs gatewright: exit status, stdout and stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = gatewright(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs gatewright and reads stdout as one JSON value.
pub fn json(args: &[&str]) -> serde_json::Value {
    let (_, stdout, stderr) = run(args);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout}{stderr}"))
}

/// A scratch folder for one test, removed when dropped (also when the test fails), so a test
/// run leaves nothing in the temporary directory.
pub struct Scratch(tempfile::TempDir);

/// A new scratch folder whose name starts with `gatewright-<what>-`.
pub fn scratch(what: &str) -> Scratch {
    let dir = tempfile::Builder::new().prefix(&format!("gatewright-{what}-")).tempdir();
    Scratch(dir.unwrap_or_else(|e| panic!("a scratch folder for {what}: {e}")))
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}
