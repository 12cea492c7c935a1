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
            let Some(path) = args.first().and_then(path) else {
                return Body::Unknown(format!(
                    "the path given to `{f}` is known only when Terraform runs (gatewright reads paths under `path.module`)"
                ));
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

/// A path relative to the module's folder, when it is written as one.
fn path(n: &Node) -> Option<String> {
    let Expr::Str(t) = &n.expr else { return None };
    let mut p = t.value.clone();
    for prefix in ["${path.module}", "${path.root}", "${path.cwd}"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest.trim_start_matches('/').to_string();
        }
    }
    (!p.is_empty() && !p.contains("${") && !p.contains("%{")).then_some(p)
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
}
