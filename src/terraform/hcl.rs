//! `.tf` files (HCL native syntax), parsed with `hcl-edit`, which keeps every item's byte span.

use super::model::{Block, Expr, Node, Resources};
use super::object::{self, Premade};
use super::text;
use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body, Structure};
use std::ops::Range;

/// The resources of a `.tf` file, or the parser's error and its offset.
pub(crate) fn read(src: &str) -> Result<Resources, (String, usize)> {
    read_with(src, true)
}

/// [`read`], with objects read ahead by the scanner when `ahead` (tests compare both ways).
fn read_with(src: &str, ahead: bool) -> Result<Resources, (String, usize)> {
    // Terraform's native syntax skips a UTF-8 byte order mark at the start (HCL's scanner strips
    // it, since hashicorp/terraform#19715); hcl-edit does not, so it is read as three spaces,
    // which keeps every offset.
    let padded;
    let text = match src.strip_prefix('\u{feff}') {
        Some(rest) => {
            padded = format!("   {rest}");
            padded.as_str()
        }
        None => src,
    };
    let (pre, blanked) = if ahead { object::premade(text) } else { (Premade::new(), None) };
    let body = hcl_edit::parser::parse_body(blanked.as_deref().unwrap_or(text)).map_err(|e| {
        let (line, column) = (e.location().line(), e.location().column());
        (e.message().to_string(), offset_of(text, line, column))
    })?;
    let resources =
        blocks(src, &body, &pre).into_iter().filter(|b| b.kind == "resource" && b.labels.len() == 2).collect();
    Ok(Resources { resources })
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(src: &str, line: usize, column: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = src.get(start..).unwrap_or("");
    start + rest.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum::<usize>()
}

fn span(s: Option<Range<usize>>) -> Range<usize> {
    s.unwrap_or(0..0)
}

/// The expression `text` (a `.tf.json` string's `${…}`), or None when it is not one.
pub(crate) fn expression(text: &str) -> Option<Node> {
    let (pre, blanked) = object::premade(text);
    let e = hcl_edit::parser::parse_expr(blanked.as_deref().unwrap_or(text)).ok()?;
    Some(node_of(text, &e, &pre))
}

fn blocks(src: &str, body: &Body, pre: &Premade) -> Vec<Block> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) => Some(block(src, b, pre)),
            Structure::Attribute(_) => None,
        })
        .collect()
}

fn block(src: &str, b: &hcl_edit::structure::Block, pre: &Premade) -> Block {
    let labels = b
        .labels
        .iter()
        .map(|l| match l {
            BlockLabel::Ident(i) => i.as_str().to_string(),
            BlockLabel::String(s) => s.as_str().to_string(),
        })
        .collect();
    let start = span(b.ident.span()).start;
    let head_end = b.labels.last().and_then(|l| l.span()).map_or(span(b.ident.span()).end, |s| s.end);
    let attributes = b
        .body
        .iter()
        .filter_map(|s| match s {
            Structure::Attribute(a) => {
                Some((a.key.as_str().to_string(), span(a.key.span()), node_of(src, &a.value, pre)))
            }
            Structure::Block(_) => None,
        })
        .collect();
    Block {
        kind: b.ident.as_str().to_string(),
        labels,
        head: start..head_end,
        span: span(b.span()),
        attributes,
        blocks: blocks(src, &b.body, pre),
    }
}

/// The node of `e`, written in `src`; objects in `pre` were read ahead (hcl-edit saw them empty).
pub(crate) fn node_of(src: &str, e: &Expression, pre: &Premade) -> Node {
    let at = span(e.span());
    let written = || src.get(at.clone()).unwrap_or("").to_string();
    let expr = match e {
        Expression::Null(_) => Expr::Null,
        Expression::Bool(b) => Expr::Bool(*b.value()),
        Expression::Number(_) => Expr::Number(written()),
        Expression::String(_) | Expression::StringTemplate(_) => Expr::Str(text::quoted(src, at.clone())),
        Expression::HeredocTemplate(_) => Expr::Str(text::heredoc(src, at.clone())),
        Expression::Array(a) => Expr::Array(a.iter().map(|v| node_of(src, v, pre)).collect()),
        Expression::Object(_) if let Some(n) = object::get(pre, at.start) => return n,
        Expression::Object(o) => Expr::Object(
            o.iter()
                .map(|(k, v)| {
                    let (key, key_span) = match k {
                        ObjectKey::Ident(i) => (i.as_str().to_string(), span(i.span())),
                        ObjectKey::Expression(x) => {
                            let n = node_of(src, x, pre);
                            let key = match &n.expr {
                                Expr::Str(t) => t.value.clone(),
                                _ => src.get(n.span.clone()).unwrap_or("").to_string(),
                            };
                            (key, n.span)
                        }
                    };
                    (key, key_span, node_of(src, v.expr(), pre))
                })
                .collect(),
        ),
        Expression::FuncCall(f) => {
            Expr::Call(f.name.name.as_str().to_string(), f.args.iter().map(|a| node_of(src, a, pre)).collect())
        }
        Expression::Parenthesis(p) => return node_of(src, p.inner(), pre),
        _ => Expr::Other(written()),
    };
    Node { span: at, expr }
}

#[cfg(test)]
mod tests {
    #[test]
    fn resources_with_their_arguments_and_blocks() {
        let src = "resource \"aws_apigatewayv2_api\" \"api\" {\n  name = \"pets\"\n  body = file(\"${path.module}/api.yaml\")\n  cors_configuration {\n    max_age = 10\n  }\n}\nvariable \"x\" {}\n";
        let r = super::read(src).expect("parses");
        assert_eq!(r.resources.len(), 1);
        let api = &r.resources[0];
        assert_eq!(api.labels, ["aws_apigatewayv2_api", "api"]);
        assert_eq!(&src[api.head.clone()], "resource \"aws_apigatewayv2_api\" \"api\"");
        assert_eq!(api.attribute("name").and_then(|n| n.as_str()), Some("pets"));
        let super::Expr::Call(f, args) = &api.attribute("body").unwrap().expr else { panic!() };
        assert_eq!(f, "file");
        let super::Expr::Str(t) = &args[0].expr else { panic!() };
        assert_eq!(t.value, "${path.module}/api.yaml");
        assert!(api.block("cors_configuration").is_some());
        let e = super::read("resource \"a\" {\n  x = \n}\n").unwrap_err();
        assert!(e.1 > 0, "{e:?}");
    }

    /// Every `.tf` under `dir`.
    fn configurations(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                configurations(&path, out);
            } else if path.extension().is_some_and(|e| e == "tf") {
                out.push(path);
            }
        }
    }

    #[test]
    fn objects_read_ahead_change_nothing_hcl_edit_reads() {
        let mut files = Vec::new();
        configurations(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut files);
        configurations(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"), &mut files);
        assert!(files.len() >= 5, "{files:?}");
        let mut texts: Vec<String> = files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect();
        texts.push("locals {\n  routes = {\n    \"GET /a\" = { fn = aws_lambda_function.a.arn }\n    b = [1, { c = \"${d}\" }]\n  }\n  e = { for k, v in local.routes : k => v }\n}\nresource \"aws_apigatewayv2_api\" \"api\" {\n  tags = { a = \"b\" } # c\n  body = jsonencode({ openapi = \"3.0.1\", x = { y = 1 } == {} ? 1 : 2 })\n  cors_configuration {\n    allow_origins = [\"*\"]\n  }\n}\n".into());
        for text in &texts {
            let (ahead, plain) = (super::read_with(text, true), super::read_with(text, false));
            let same = match (&ahead, &plain) {
                (Ok(a), Ok(p)) => a.resources == p.resources,
                (Err(a), Err(p)) => a == p,
                _ => false,
            };
            assert!(same, "{text}\n{ahead:?}\n{plain:?}");
        }
    }
}
