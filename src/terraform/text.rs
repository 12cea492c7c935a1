//! Terraform strings decoded with a map back to where each character was written: quoted
//! strings (HCL and `.tf.json`, whose strings are templates too) and heredocs.

use super::model::{Linear, Text};
use std::ops::Range;

/// Builds a decoded text and its offset map.
struct Builder {
    value: String,
    map: Vec<(usize, usize)>,
    interpolated: bool,
    /// The source offset the next copied byte comes from, when it continues the current run.
    next: Option<usize>,
}

impl Builder {
    fn new() -> Self {
        Builder { value: String::new(), map: Vec::new(), interpolated: false, next: None }
    }

    /// Appends `s`, written at source offset `at` (`len` source bytes).
    fn push(&mut self, s: &str, at: usize, len: usize) {
        if self.next != Some(at) {
            self.map.push((self.value.len(), at));
        }
        self.value.push_str(s);
        // Only a verbatim copy continues a run; an escape breaks it.
        self.next = (s.len() == len).then_some(at + len);
    }

    fn finish(self) -> Text {
        Text { value: self.value, interpolated: self.interpolated, map: Linear(self.map) }
    }
}

/// Length of the `${…}` or `%{…}` starting at `raw[0]`, nested braces and quoted strings inside
/// included (the whole rest when it is not closed).
pub(crate) fn interpolation_len(raw: &str) -> usize {
    let b = raw.as_bytes();
    let (mut depth, mut i, mut quoted) = (0usize, 1, false);
    while i < b.len() {
        match b[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'{' if !quoted => depth += 1,
            b'}' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    raw.len()
}

/// How backslashes are read.
#[derive(Clone, Copy, PartialEq)]
enum Escapes {
    /// Not at all (heredocs).
    None,
    /// Outside interpolations (HCL quoted strings: an interpolation's own strings are HCL).
    Outside,
    /// Everywhere (`.tf.json`: the JSON string is decoded before the template is read).
    Everywhere,
}

/// Decodes the template text `raw` (written at `base`): `$${` and `%%{` unescaped,
/// interpolations kept, backslash escapes as `escapes` says.
fn decode(raw: &str, base: usize, escapes: Escapes, out: &mut Builder) {
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            out.push(&rest[1..3], base + i, 3);
            i += 3;
        } else if (rest.starts_with("${") || rest.starts_with("%{")) && escapes != Escapes::Everywhere {
            let n = interpolation_len(rest);
            out.interpolated = true;
            out.push(&rest[..n], base + i, n);
            i += n;
        } else if rest.starts_with("${") || rest.starts_with("%{") {
            out.interpolated = true;
            out.push(&rest[..2], base + i, 2);
            i += 2;
        } else if escapes != Escapes::None && rest.starts_with('\\') {
            let (s, n) = escape(rest);
            out.push(&s, base + i, n);
            i += n;
        } else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push(&rest[..c], base + i, c);
            i += c;
        }
    }
}

/// The text of the backslash escape at the start of `rest`, and its length.
fn escape(rest: &str) -> (String, usize) {
    let hex = |n: usize| {
        rest.get(2..2 + n)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
            .map(|c| (c.to_string(), 2 + n))
    };
    match rest.as_bytes().get(1) {
        Some(b'n') => ("\n".into(), 2),
        Some(b'r') => ("\r".into(), 2),
        Some(b't') => ("\t".into(), 2),
        Some(b'b') => ("\u{8}".into(), 2),
        Some(b'f') => ("\u{c}".into(), 2),
        Some(b'u') => hex(4).unwrap_or_else(|| ("\\".into(), 1)),
        Some(b'U') => hex(8).unwrap_or_else(|| ("\\".into(), 1)),
        Some(&c) if c.is_ascii() => ((c as char).to_string(), 2),
        _ => ("\\".into(), 1),
    }
}

/// An HCL quoted string written at `span` of `src` (the quotes included).
pub(crate) fn quoted(src: &str, span: Range<usize>) -> Text {
    quoted_with(src, span, Escapes::Outside)
}

/// A `.tf.json` string written at `span` of `src` (the quotes included).
pub(crate) fn json_string(src: &str, span: Range<usize>) -> Text {
    quoted_with(src, span, Escapes::Everywhere)
}

fn quoted_with(src: &str, span: Range<usize>, escapes: Escapes) -> Text {
    let mut out = Builder::new();
    if let Some(raw) = src.get(span.start + 1..span.end.saturating_sub(1)) {
        decode(raw, span.start + 1, escapes, &mut out);
    }
    out.finish()
}

/// A heredoc written at `span` of `src` (`<<EOT` … `EOT`, or `<<-EOT` with the common
/// indentation of its lines removed).
pub(crate) fn heredoc(src: &str, span: Range<usize>) -> Text {
    let mut out = Builder::new();
    let Some(raw) = src.get(span.clone()) else { return out.finish() };
    let strip = raw.starts_with("<<-");
    let Some(first) = raw.find('\n') else { return out.finish() };
    let body_end = raw.trim_end().rfind('\n').map_or(first, |i| i + 1);
    let body = raw.get(first + 1..body_end).unwrap_or("");
    let indent = if strip {
        body.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0)
    } else {
        0
    };
    let mut at = span.start + first + 1;
    for line in body.split_inclusive('\n') {
        let cut = indent.min(line.len() - line.trim_start().len());
        decode(&line[cut..], at + cut, Escapes::None, &mut out);
        at += line.len();
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_map_back_past_escapes() {
        let src = r#"x = "a\"b$${c}${var.d}\n""#;
        let t = quoted(src, 4..src.len());
        assert_eq!(t.value, "a\"b${c}${var.d}\n");
        assert!(t.interpolated);
        // `b` is the third decoded byte, written after the two-byte escape.
        assert_eq!(&src[t.map.source(2)..=t.map.source(2)], "b");
        assert_eq!(&src[t.map.source(6)..=t.map.source(6)], "}");
        let plain = quoted(src, 4..9);
        assert_eq!(plain.value, "a\"");
    }

    #[test]
    fn indented_heredocs_lose_their_indentation() {
        let src = "body = <<-EOT\n    openapi: 3.0.1\n      paths: {}\n    EOT\n";
        let start = src.find("<<").unwrap();
        let t = heredoc(src, start..src.len() - 1);
        assert_eq!(t.value, "openapi: 3.0.1\n  paths: {}\n");
        assert_eq!(&src[t.map.source(0)..t.map.source(0) + 7], "openapi");
        assert_eq!(&src[t.map.source(17)..t.map.source(17) + 5], "paths");
    }
}
