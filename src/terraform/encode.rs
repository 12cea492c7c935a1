//! `jsonencode({…})` and `yamlencode({…})` of an HCL object, done as Terraform would, into JSON
//! text (which is YAML too) with, for every key and value written, the span of the HCL it came
//! from: findings in the document are then located in the `.tf`. What only `terraform apply`
//! knows (a reference, a function call) becomes a `${…}` placeholder, which checks keep as it is.

use super::model::{Expr, Node};
use std::ops::Range;

/// JSON text, and (JSON range, source range) of every key and value.
#[derive(Debug, Default)]
pub struct Encoded {
    /// The document.
    pub text: String,
    /// Where each part came from, ordered by JSON offset.
    pub map: Vec<(Range<usize>, Range<usize>)>,
}

impl Encoded {
    /// The source range of the JSON range `r`: the part that starts there (a binary search: no
    /// two parts start at the same offset), else the innermost part holding it.
    pub fn source(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let at = self.map.partition_point(|(j, _)| j.start < r.start);
        if let Some((j, s)) = self.map.get(at)
            && j.start == r.start
        {
            return Some(s.clone());
        }
        // The parts before `at` start earlier; the nearest one that holds `r` is the innermost.
        self.map[..at].iter().rev().find(|(j, _)| r.end <= j.end).map(|(_, s)| s.clone())
    }
}

/// Encodes `n`.
pub fn encode(src: &str, n: &Node) -> Encoded {
    let mut out = Encoded::default();
    value(src, n, &mut out);
    // Written children first; looked up by where each part starts.
    out.map.sort_by_key(|(j, _)| j.start);
    out
}

fn string(s: &str, out: &mut String) {
    out.push_str(&serde_json::Value::String(s.to_string()).to_string());
}

fn value(src: &str, n: &Node, out: &mut Encoded) {
    let start = out.text.len();
    match &n.expr {
        Expr::Null => out.text.push_str("null"),
        Expr::Bool(b) => out.text.push_str(if *b { "true" } else { "false" }),
        Expr::Number(t) => match t.parse::<f64>() {
            Ok(_) if serde_json::from_str::<serde_json::Value>(t).is_ok() => out.text.push_str(t),
            _ => string(t, &mut out.text),
        },
        Expr::Str(t) => string(&t.value, &mut out.text),
        Expr::Object(entries) => {
            out.text.push('{');
            for (i, (k, key_span, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.text.push_str(", ");
                }
                let key_start = out.text.len();
                string(k, &mut out.text);
                out.map.push((key_start..out.text.len(), key_span.clone()));
                out.text.push_str(": ");
                value(src, v, out);
            }
            out.text.push('}');
        }
        Expr::Array(items) => {
            out.text.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.text.push_str(", ");
                }
                value(src, v, out);
            }
            out.text.push(']');
        }
        Expr::Call(..) | Expr::Other(_) => {
            let written = src.get(n.span.clone()).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
            string(&format!("${{{written}}}"), &mut out.text);
        }
    }
    out.map.push((start..out.text.len(), n.span.clone()));
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_hcl_object_becomes_json_with_its_spans() {
        let src = "x = {\n  openapi = \"3.0.1\"\n  paths = { \"/pets\" = { get = { uri = aws_lambda_function.f.invoke_arn, n = 1 } } }\n}\n";
        let r = super::super::hcl::read(&format!("resource \"a\" \"b\" {{\n{src}}}\n")).unwrap();
        let wrapped = format!("resource \"a\" \"b\" {{\n{src}}}\n");
        let n = r.resources[0].attribute("x").unwrap();
        let e = super::encode(&wrapped, n);
        assert_eq!(
            e.text,
            r#"{"openapi": "3.0.1", "paths": {"/pets": {"get": {"uri": "${aws_lambda_function.f.invoke_arn}", "n": 1}}}}"#
        );
        let at = e.text.find("\"/pets\"").unwrap();
        let s = e.source(&(at..at + 7)).unwrap();
        assert_eq!(&wrapped[s], "\"/pets\"");
        let at = e.text.find("\"${aws").unwrap();
        let s = e.source(&(at..at + 5)).unwrap();
        assert_eq!(&wrapped[s], "aws_lambda_function.f.invoke_arn");
    }
}
