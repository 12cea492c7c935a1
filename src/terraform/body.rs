//! What a `body` argument holds, read without running Terraform: a string or heredoc written in
//! the file, `jsonencode`/`yamlencode` of an HCL object, or a document file through `file()` or
//! `templatefile()` with a path under `path.module`; anything else is said to be unknown.

use super::encode::{Encoded, encode};
use super::model::{Expr, Linear, Node};

/// The document a `body` deploys.
#[derive(Debug)]
pub enum Body {
    /// Text written in the configuration itself, with the map from its offsets to the file's.
    Inline(String, Relocation),
    /// A file, relative to the configuration's folder; for `templatefile`, its variables (the
    /// value of those given as plain strings).
    File(String, Option<Vec<(String, Option<String>)>>),
    /// Known only when Terraform runs: why.
    Unknown(String),
}

/// From offsets of an inline document to offsets of the configuration.
#[derive(Debug)]
pub enum Relocation {
    /// A decoded string: runs copied as written.
    Linear(Linear),
    /// An encoded HCL object: each key and value.
    Encoded(Encoded),
}

impl Relocation {
    /// Where the document's range `r` was written in the configuration.
    pub fn source(&self, r: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        match self {
            Relocation::Linear(m) => {
                let start = m.source(r.start);
                let end = if r.end > r.start { m.source(r.end - 1) + 1 } else { start };
                Some(start..end.max(start))
            }
            Relocation::Encoded(e) => e.source(r),
        }
    }
}

/// Reads the `body` expression `n` of a file whose text is `src`.
pub fn read(src: &str, n: &Node) -> Body {
    match &n.expr {
        Expr::Str(t) => Body::Inline(t.value.clone(), Relocation::Linear(t.map.clone())),
        Expr::Call(f, args) if f == "jsonencode" || f == "yamlencode" => match args.first() {
            Some(arg @ Node { expr: Expr::Object(_), .. }) => {
                let e = encode(src, arg);
                Body::Inline(e.text.clone(), Relocation::Encoded(e))
            }
            _ => Body::Unknown(format!("`{f}` of something other than an object written here")),
        },
        Expr::Call(f, args) if f == "file" || f == "templatefile" => {
            let path = match args.first().map(|a| module_path(f, a)) {
                Some(Ok(path)) => path,
                Some(Err(why)) => return Body::Unknown(why),
                None => return Body::Unknown(format!("`{f}` is given no path")),
            };
            if f == "file" {
                return Body::File(path, None);
            }
            let vars = match args.get(1).map(|v| &v.expr) {
                Some(Expr::Object(entries)) => {
                    entries.iter().map(|(k, _, v)| (k.clone(), v.as_str().map(str::to_string))).collect()
                }
                _ => Vec::new(),
            };
            Body::File(path, Some(vars))
        }
        Expr::Call(f, _) => Body::Unknown(format!("the result of `{f}(…)` is known only when Terraform runs")),
        Expr::Other(text) => Body::Unknown(format!(
            "`{}` is known only when Terraform runs",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )),
        _ => Body::Unknown("the body is not a string".into()),
    }
}

/// The prefixes a path may start with: in a configuration read as a root module that Terraform
/// runs in its own folder, as it usually is, each names that folder.
const PREFIXES: [&str; 3] = ["${path.module}", "${path.root}", "${path.cwd}"];

/// The path a `file()` or `templatefile()` argument names, relative to the module's folder, or
/// why it is not read: it is known only when Terraform runs, or it is absolute or climbs out of
/// the folder with `..` (files outside what the user pointed gatewright at are never read). The
/// reader still resolves symbolic links and refuses what leads out of the folder.
fn module_path(f: &str, n: &Node) -> Result<String, String> {
    let unknown = || {
        format!(
            "the path given to `{f}` is known only when Terraform runs (gatewright reads paths under `path.module`)"
        )
    };
    let Expr::Str(t) = &n.expr else { return Err(unknown()) };
    let mut p = t.value.as_str();
    if let Some(rest) = PREFIXES.iter().find_map(|prefix| p.strip_prefix(prefix)) {
        // `${path.module}/a` is `a`; `${path.module}a` names no file gatewright can place.
        p = rest.strip_prefix('/').ok_or_else(unknown)?;
    } else if p.starts_with(['/', '\\']) || p.as_bytes().get(1) == Some(&b':') {
        return Err(outside(p));
    }
    if p.contains("${") || p.contains("%{") {
        return Err(unknown());
    }
    let mut depth = 0usize;
    for part in p.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => depth = depth.checked_sub(1).ok_or_else(|| outside(&t.value))?,
            _ => depth += 1,
        }
    }
    if depth == 0 {
        return Err(format!("`{}` names the module's folder, not a file", t.value));
    }
    Ok(p.to_string())
}

fn outside(p: &str) -> String {
    format!("`{p}` is outside the module's folder, and gatewright reads only files under it")
}

/// `text` with `templatefile`'s plain variables substituted (`${name}`) and `$${` unescaped,
/// and the map back to `text`'s offsets; other interpolations are kept.
pub fn render_template(text: &str, vars: &[(String, Option<String>)]) -> (String, Linear) {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![(0, 0)];
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let replaced = if rest.starts_with("$${") {
            Some(("${".to_string(), 3))
        } else if rest.starts_with("${") {
            let n = super::text::interpolation_len(rest);
            let name = rest.get(2..n.saturating_sub(1)).unwrap_or("").trim();
            vars.iter().find(|(k, _)| k == name).and_then(|(_, v)| v.clone()).map(|v| (v, n))
        } else {
            None
        };
        match replaced {
            Some((value, n)) => {
                map.push((out.len(), i));
                out.push_str(&value);
                i += n;
                map.push((out.len(), i));
            }
            None => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..c]);
                i += c;
            }
        }
    }
    (out, Linear(map))
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_substitute_plain_variables_only() {
        let text = "uri: ${lambda_arn}\nx: ${other}\ny: $${stageVariables.v}\n";
        let vars = vec![("lambda_arn".to_string(), Some("arn:aws:lambda:f".to_string())), ("other".to_string(), None)];
        let (out, map) = super::render_template(text, &vars);
        assert_eq!(out, "uri: arn:aws:lambda:f\nx: ${other}\ny: ${stageVariables.v}\n");
        let at = out.find("x:").unwrap();
        assert_eq!(&text[map.source(at)..map.source(at) + 2], "x:");
        let at = out.find("stage").unwrap();
        assert_eq!(&text[map.source(at)..map.source(at) + 5], "stage");
        // An interpolation left open at the end is kept as written.
        assert_eq!(super::render_template("a: ${", &vars).0, "a: ${");
        assert_eq!(super::render_template("a: ${lambda_arn", &vars).0, "a: ${lambda_arn");
    }

    #[test]
    fn only_paths_under_the_module_folder_are_read() {
        let path = |p: &str| {
            let n = super::Node {
                span: 0..0,
                expr: super::Expr::Str(super::super::model::Text { value: p.into(), ..Default::default() }),
            };
            super::module_path("file", &n)
        };
        assert_eq!(path("${path.module}/api.yaml"), Ok("api.yaml".into()));
        assert_eq!(path("${path.root}/a/../api.yaml"), Ok("a/../api.yaml".into()));
        assert_eq!(path("./api.yaml"), Ok("./api.yaml".into()));
        for outside in ["../api.yaml", "${path.module}/../x", "a/../../x", "/etc/passwd", "C:\\x", "\\\\host\\x"] {
            assert!(path(outside).is_err_and(|e| e.contains("outside the module's folder")), "{outside}");
        }
        for unknown in ["${var.dir}/api.yaml", "${path.module}api.yaml", "${path.module}/${var.f}"] {
            assert!(path(unknown).is_err_and(|e| e.contains("known only when Terraform runs")), "{unknown}");
        }
        assert!(path("${path.module}/a/..").is_err_and(|e| e.contains("not a file")));
    }
}
