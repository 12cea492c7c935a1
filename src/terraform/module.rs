//! A Terraform module is its folder: every primary `.tf` and `.tf.json` file of it is one
//! configuration, so an API, its routes and its stage may each be written in a file of their own.
//! The files' texts are joined in one position space ([`SourceFile::parts`], sorted by name as
//! Terraform loads them, each followed by a line break); each file is read with its own syntax
//! and its resources placed at its offsets in the joined text, so one file that does not parse
//! leaves the others read, and every finding is located in the file and line it is about.
//! Override files (`override.tf`, `*_override.tf`), which Terraform merges into the blocks of the
//! others, are not joined: [`role`] says which files are which.

use super::model::{Block, Linear, Resources, address};
use crate::source::{Part, SourceFile};
use std::ops::Range;

/// What Terraform makes of a file of a module's folder, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A configuration file read with the others (`.tf`, `.tf.json`).
    Primary,
    /// An override file, merged into the blocks the primary files define.
    Override,
    /// Not configuration: another extension, a hidden file or an editor's backup.
    Ignored,
}

/// The role of a file named `name` (the file name, without its folder), as Terraform's
/// `configs.Parser` decides it.
pub fn role(name: &str) -> Role {
    let stem = match name.strip_suffix(".tf.json").or_else(|| name.strip_suffix(".tf")) {
        Some(stem) => stem,
        None => return Role::Ignored,
    };
    // Hidden files, vim's `~` backups and emacs's `#…#` auto-saves.
    if name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#')) {
        return Role::Ignored;
    }
    if stem == "override" || stem.ends_with("_override") { Role::Override } else { Role::Primary }
}

/// The files of a module's folder read as one configuration named `folder`: their texts joined,
/// sorted by name, each followed by a line break, each a part. One file is returned as it is.
pub fn join(folder: &str, mut files: Vec<SourceFile>) -> SourceFile {
    if files.len() == 1 {
        return files.remove(0);
    }
    files.sort_by(|a, b| a.name().cmp(b.name()));
    let mut text = String::with_capacity(files.iter().map(|f| f.text().len() + 1).sum());
    let mut parts = Vec::with_capacity(files.len());
    for f in &files {
        let start = text.len();
        text.push_str(f.text());
        parts.push(Part { name: f.name().to_string(), range: start..text.len() });
        text.push('\n');
    }
    SourceFile::joined(folder, text, parts)
}

/// The resources of a configuration (a file, or the files of a module each read with its own
/// syntax, placed in the joined text), and each file that cannot be read: the parser's message
/// and the offset it points at in `source`.
pub(crate) fn read(source: &SourceFile) -> (Resources, Vec<(String, usize)>) {
    if source.parts().is_empty() {
        return match super::read_one(source.name(), source.text()) {
            Ok(r) => (r, Vec::new()),
            Err(e) => (Resources::default(), vec![e]),
        };
    }
    let mut all = Resources::default();
    let mut broken = Vec::new();
    for p in source.parts() {
        let text = source.text().get(p.range.clone()).unwrap_or("");
        match super::read_one(&p.name, text) {
            Ok(r) => all.resources.extend(r.resources.into_iter().map(|mut b| {
                shift(&mut b, p.range.start);
                b
            })),
            Err((message, at)) => broken.push((message, p.range.start + at)),
        }
    }
    (all, broken)
}

/// Moves every span of a block read alone by `by` bytes: to where its file is in the joined text.
fn shift(b: &mut Block, by: usize) {
    let to = |r: &Range<usize>| r.start + by..r.end + by;
    b.head = to(&b.head);
    b.span = to(&b.span);
    for (_, key, value) in &mut b.attributes {
        *key = to(key);
        value.relocate(&to, &|m: &mut Linear| m.0.iter_mut().for_each(|(_, s)| *s += by));
    }
    b.blocks.iter_mut().for_each(|n| shift(n, by));
}

/// The name of the file that holds `offset` (a module's part, or the configuration itself), and
/// the 1-based line and column there.
pub(crate) fn locate(source: &SourceFile, offset: usize) -> (String, usize, usize) {
    match source.part_at(offset) {
        Some(p) => {
            let part = SourceFile::new(p.name.clone(), source.text().get(p.range.clone()).unwrap_or(""));
            let (line, column) = part.line_col(offset.saturating_sub(p.range.start));
            (p.name.clone(), line, column)
        }
        None => {
            let (line, column) = source.line_col(offset);
            (source.name().to_string(), line, column)
        }
    }
}

/// A file of the configuration, by whose folder its `file()` paths are read: the first of a
/// module (all are in one folder), or the file itself.
pub(crate) fn base_name(source: &SourceFile) -> &str {
    source.parts().first().map_or(source.name(), |p| p.name.as_str())
}

/// What a configuration file read alone refers to that may be written in another file of its
/// module: API Gateway resources its arguments name that it does not define, and WebSocket APIs
/// with no route in it. Empty when the file stands alone.
pub fn elsewhere(source: &SourceFile) -> Vec<String> {
    let (resources, _) = read(source);
    let defined: std::collections::HashSet<String> = resources.resources.iter().map(address).collect();
    let mut out = Vec::new();
    let mut said = std::collections::HashSet::new();
    for r in &resources.resources {
        for (_, _, value) in &r.attributes {
            let text = source.text().get(value.span.clone()).unwrap_or("");
            for named in super::websocket::addresses(text, "aws_api") {
                if !defined.contains(&named) && said.insert(named.clone()) {
                    out.push(format!("`{}` names `{named}`, which is not in it", address(r)));
                }
            }
        }
    }
    for api in super::websocket::route_less(&resources) {
        out.push(format!("`{api}` has no route in it"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Role, role};
    use crate::source::SourceFile;

    #[test]
    fn roles_are_terraforms() {
        assert_eq!(role("main.tf"), Role::Primary);
        assert_eq!(role("routes.tf.json"), Role::Primary);
        assert_eq!(role("override.tf"), Role::Override);
        assert_eq!(role("stage_override.tf.json"), Role::Override);
        assert_eq!(role("overrides.tf"), Role::Primary);
        assert_eq!(role(".main.tf"), Role::Ignored);
        assert_eq!(role("#main.tf#"), Role::Ignored);
        assert_eq!(role("api.yaml"), Role::Ignored);
        assert_eq!(role("main.tf.bak"), Role::Ignored);
    }

    #[test]
    fn files_are_joined_in_name_order_and_read_each_with_its_syntax() {
        let api = "resource \"aws_apigatewayv2_api\" \"a\" {\n  protocol_type = \"WEBSOCKET\"\n}\n";
        let route = r#"{"resource": {"aws_apigatewayv2_route": {"r": {"api_id": "${aws_apigatewayv2_api.a.id}"}}}}"#;
        let joined = super::join(
            "m",
            vec![
                SourceFile::new("m/routes.tf.json", route),
                SourceFile::new("m/broken.tf", "resource {"),
                SourceFile::new("m/main.tf", api),
            ],
        );
        let names: Vec<&str> = joined.parts().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["m/broken.tf", "m/main.tf", "m/routes.tf.json"]);
        let (resources, broken) = super::read(&joined);
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert_eq!(joined.part_at(broken[0].1).map(|p| p.name.as_str()), Some("m/broken.tf"));
        let heads: Vec<&str> = resources.resources.iter().map(|b| &joined.text()[b.head.clone()]).collect();
        assert_eq!(heads, ["resource \"aws_apigatewayv2_api\" \"a\"", "\"r\""]);
        let id = resources.resources[1].attribute("api_id").map(|n| &joined.text()[n.span.clone()]);
        assert_eq!(id, Some("\"${aws_apigatewayv2_api.a.id}\""));
        assert_eq!(super::locate(&joined, resources.resources[1].head.start), ("m/routes.tf.json".into(), 1, 42));
    }
}
