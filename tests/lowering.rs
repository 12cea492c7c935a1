//! `fixtures/lower/` and `fixtures/examples/`: the API each document lowers to, as the `routes`
//! JSON. These documents import: the harness asserts they produce no error (warnings and infos
//! they carry on purpose are shown after the routes). `basepath-*` fixtures are lowered under
//! all three base path modes.

use crate::support::{analyze, input, render, snapshots};
use gatewright::BasePathMode;
use gatewright::Options;
use gatewright::diagnostics::Severity;
use gatewright::http::view;

fn lowered(path: &std::path::Path, mode: BasePathMode) -> String {
    let a = analyze(path, &Options { base_path_mode: mode, ..Options::default() });
    let rendered = render(&a);
    assert!(
        a.diagnostics.iter().all(|d| d.severity < Severity::Error),
        "{} must lower without errors; got:\n{rendered}",
        path.display()
    );
    let api = a.api.as_ref().unwrap_or_else(|| panic!("{} was not lowered", path.display()));
    let json = serde_json::to_string_pretty(&view::routes_json(api)).unwrap_or_default();
    if rendered.is_empty() { json } else { format!("{json}\n----- DIAGNOSTICS\n{rendered}") }
}

#[test]
fn lowering_fixtures() {
    snapshots(|| {
        let each = |path: &std::path::Path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mut body = format!("----- INPUT\n{}\n", input(path));
            if name.starts_with("basepath-") {
                for (label, mode) in [
                    ("ignore", BasePathMode::Ignore),
                    ("prepend", BasePathMode::Prepend),
                    ("split", BasePathMode::Split),
                ] {
                    body.push_str(&format!("----- ROUTES --basepath {label}\n{}\n", lowered(path, mode)));
                }
            } else {
                body.push_str(&format!("----- ROUTES\n{}\n", lowered(path, BasePathMode::Ignore)));
            }
            insta::assert_snapshot!(body);
        };
        insta::glob!("../fixtures", "{lower,examples}/*.*", each);
    });
}

#[test]
fn reusable_integrations_are_shared_and_inline_ones_are_not() {
    let path = crate::support::root().join("fixtures/lower/integrations-reusable-and-inline.json");
    let a = analyze(&path, &Options::default());
    let api = a.api.expect("lowered");
    let target = |key: &str| api.routes.iter().find(|r| r.key.to_string() == key).and_then(|r| r.target);
    assert_eq!(target("GET /"), target("GET /pets"), "both use integration1");
    assert_ne!(target("POST /pets"), target("PUT /pets"), "identical inline objects are two integrations");
    assert_eq!(api.integrations.len(), 4, "integration1, integration2 and two inline; the unused one is not created");
}

#[test]
fn numbers_keep_their_text() {
    let path = crate::support::root().join("fixtures/lower/info-tags-cors-endpoint.yaml");
    let api = analyze(&path, &Options::default()).api.expect("lowered");
    let v = view::routes_json(&api);
    assert_eq!(v["Api"]["Version"], "2.0", "YAML `version: 2.0` is the string 2.0");
}
