//! `fixtures/check/<CODE>-<name>/`: every `invalid-*` file must fire the folder's code and every
//! `valid-*` file must not. A file named `*.http.*` or `*.rest.*` is checked as that API kind
//! (`--api`), any other by the `auto` rule; a Terraform file (`.tf`, `.tf.json`) is checked as a
//! configuration, and a CloudFormation template (known by its content) as a template, each with
//! its body files. Asserted before snapshotting, so a snapshot cannot quietly accept a
//! regression.

use crate::support::{analyze, input, render, snapshots};
use gatewright::Options;
use gatewright::diagnostics::Code;
use gatewright::kind::{ApiChoice, ApiKind};

#[test]
fn check_fixtures() {
    snapshots(|| {
        insta::glob!("../fixtures", "check/**/*.*", |path| {
            let folder =
                path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let id = folder.split('-').next().unwrap_or_default();
            let code = Code::find(id).unwrap_or_else(|| panic!("folder {folder} does not start with a known code"));
            assert!(folder.ends_with(code.name()), "folder {folder} must be named {}-{}", code.id(), code.name());
            // `NAME.http.yaml` / `NAME.rest.yaml` are checked with `--api http` / `--api rest`.
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let api = if name.contains(".http.") {
                ApiChoice::Fixed(ApiKind::Http)
            } else if name.contains(".rest.") {
                ApiChoice::Fixed(ApiKind::Rest)
            } else {
                ApiChoice::Auto
            };
            let options = Options { api, ..Options::default() };
            let (fired, rendered) = if gatewright::terraform::is_terraform(&name) {
                let (rendered, codes) = crate::support::terraform(path, &options);
                (codes.contains(&code), rendered)
            } else if crate::support::is_template(path) {
                let (rendered, codes) = crate::support::template(path, &options);
                (codes.contains(&code), rendered)
            } else {
                let a = analyze(path, &options);
                (a.diagnostics.iter().any(|d| d.code == code), render(&a))
            };
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if file.starts_with("invalid-") {
                assert!(fired, "{file} must fire {}; got:\n{rendered}", code.id());
            } else if file.starts_with("valid-") {
                assert!(!fired, "{file} must not fire {}; got:\n{rendered}", code.id());
            } else {
                panic!("{file}: fixture names start with invalid- or valid-");
            }
            insta::assert_snapshot!(format!("----- INPUT\n{}\n----- DIAGNOSTICS\n{rendered}", input(path)));
        });
    });
}

#[test]
fn every_code_has_a_firing_fixture_and_a_near_miss() {
    for code in Code::ALL {
        // Compilation codes (GW7xx) fire in `compile`, and have their fixtures apart.
        let pass = if code.id().starts_with("GW7") { "compile" } else { "check" };
        let folder = crate::support::root().join("fixtures").join(pass).join(format!("{}-{}", code.id(), code.name()));
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap_or_else(|_| panic!("missing fixture folder {}", folder.display()))
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        assert!(names.iter().any(|n| n.starts_with("invalid-")), "{}: no invalid-* fixture", code.id());
        assert!(names.iter().any(|n| n.starts_with("valid-")), "{}: no valid-* fixture", code.id());
    }
}
