//! YAML output for CloudFormation templates and OpenAPI documents (`--emit openapi`): block
//! style, two-space indent, sequences at their key's indent, strings plain only where every YAML
//! 1.1 and 1.2 reader (PyYAML in cfn-lint, CloudFormation itself) reads them back as the same
//! string, double-quoted otherwise, and literal blocks (`|`) for multi-line text. Written directly from JSON values, one pass, no
//! intermediate events: the granular template of 100k routes is written at memory speed.

use serde_json::{Map, Value};

/// Writes YAML into a string.
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Writer { out: String::with_capacity(n) }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// `key: value` at `indent` spaces.
    pub(crate) fn entry(&mut self, indent: usize, key: &str, value: &Value) {
        self.pad(indent);
        self.scalar_text(key);
        self.out.push(':');
        self.value_after_key(indent, value);
    }

    /// `key: text` at `indent` spaces, for a string that is never a literal block.
    pub(crate) fn entry_str(&mut self, indent: usize, key: &str, text: &str) {
        debug_assert!(!literal_block(text));
        self.pad(indent);
        self.scalar_text(key);
        self.out.push_str(": ");
        self.scalar_text(text);
        self.out.push('\n');
    }

    /// `key:` opening a mapping whose entries follow at `indent + 2`.
    pub(crate) fn open(&mut self, indent: usize, key: &str) {
        self.pad(indent);
        self.scalar_text(key);
        self.out.push_str(":\n");
    }

    /// A whole document whose root is `value`.
    pub(crate) fn document(&mut self, value: &Value) {
        match value {
            Value::Object(m) if !m.is_empty() => self.map(0, m, false),
            Value::Array(a) if !a.is_empty() => self.seq(0, a),
            other => {
                self.inline(other);
                self.out.push('\n');
            }
        }
    }

    /// Grows a large text by a quarter at a time, exactly, instead of doubling it: the last
    /// doubling of a 60 MB template would hold 60 MB for nothing. (glibc grows large blocks in
    /// place, so this costs no copying.)
    fn room(&mut self) {
        const FREE: usize = 64 * 1024;
        if self.out.capacity() - self.out.len() < FREE {
            self.out.reserve_exact((self.out.capacity() / 4).max(4 * FREE));
        }
    }

    /// Starts a line: `indent` spaces (with room for the line first).
    fn pad(&mut self, indent: usize) {
        const SPACES: &str = "                                ";
        self.room();
        let mut left = indent;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// What follows `key:` (the colon is written).
    fn value_after_key(&mut self, indent: usize, value: &Value) {
        match value {
            Value::Object(m) if !m.is_empty() => {
                self.out.push('\n');
                self.map(indent + 2, m, false);
            }
            Value::Array(a) if !a.is_empty() => {
                self.out.push('\n');
                self.seq(indent, a);
            }
            Value::String(s) if literal_block(s) => self.literal(indent + 2, s),
            other => {
                self.out.push(' ');
                self.inline(other);
                self.out.push('\n');
            }
        }
    }

    /// The entries of a mapping at `indent`; with `first_padded` the first key follows a `- `
    /// already written.
    fn map(&mut self, indent: usize, m: &Map<String, Value>, first_padded: bool) {
        for (i, (k, v)) in m.iter().enumerate() {
            if i > 0 || !first_padded {
                self.pad(indent);
            }
            self.scalar_text(k);
            self.out.push(':');
            self.value_after_key(indent, v);
        }
    }

    /// The items of a sequence, each `- ` at `indent`.
    fn seq(&mut self, indent: usize, items: &[Value]) {
        self.seq_items(indent, items, false);
    }

    /// The items of a sequence; with `first_padded` the first `-` follows a `- ` already written.
    fn seq_items(&mut self, indent: usize, items: &[Value], first_padded: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !first_padded {
                self.pad(indent);
            }
            self.out.push('-');
            match item {
                Value::Object(m) if !m.is_empty() => {
                    self.out.push(' ');
                    self.map(indent + 2, m, true);
                }
                Value::Array(a) if !a.is_empty() => {
                    self.out.push(' ');
                    self.seq_items(indent + 2, a, true);
                }
                Value::String(s) if literal_block(s) => self.literal(indent + 2, s),
                other => {
                    self.out.push(' ');
                    self.inline(other);
                    self.out.push('\n');
                }
            }
        }
    }

    /// A scalar, or an empty collection, on the current line.
    fn inline(&mut self, v: &Value) {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => self.out.push_str(&n.to_string()),
            Value::String(s) => self.scalar_text(s),
            Value::Array(_) => self.out.push_str("[]"),
            Value::Object(_) => self.out.push_str("{}"),
        }
    }

    /// A string as a plain or double-quoted scalar.
    fn scalar_text(&mut self, s: &str) {
        if plain(s) {
            self.out.push_str(s);
        } else {
            self.double_quoted(s);
        }
    }

    fn double_quoted(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\t' => self.out.push_str("\\t"),
                '\r' => self.out.push_str("\\r"),
                c if needs_escape(c) => {
                    use std::fmt::Write as _;
                    let _ = write!(self.out, "\\u{:04X}", u32::from(c));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// ` |` (with the chomping indicator the text's end needs) and its lines at `indent`.
    fn literal(&mut self, indent: usize, s: &str) {
        let body = s.trim_end_matches('\n');
        let chomp = match s.len() - body.len() {
            0 => "-",
            1 => "",
            _ => "+",
        };
        self.out.push_str(" |");
        self.out.push_str(chomp);
        self.out.push('\n');
        for line in body.split('\n') {
            if !line.is_empty() {
                self.pad(indent);
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
        // Keep (`+`) the trailing line breaks beyond the first.
        for _ in 1..s.len() - body.len() {
            self.out.push('\n');
        }
    }
}

/// Characters written as `\uXXXX` inside double quotes: controls, YAML 1.1's extra line breaks
/// (NEL, LS, PS), the byte order mark and the non-characters.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Multi-line text that reads back exactly from a literal block: no line that starts or ends
/// with blanks would be misread, nothing needs escaping, and it does not start with a space.
fn literal_block(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.chars().any(|c| c != '\n' && (needs_escape(c) || c == '\t'))
        && s.split('\n').all(|l| l == l.trim_end_matches(' '))
}

/// A string that every YAML reader takes back as the same string when written plain: ASCII
/// letters, digits and a few punctuation marks, not starting with a digit or an indicator, not a
/// word that YAML 1.1 reads as a boolean or null, and no `: ` or trailing `:`.
fn plain(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if !(first.is_ascii_alphabetic() || matches!(first, b'/' | b'$' | b'_')) {
        return false;
    }
    if bytes.last() == Some(&b' ') || bytes.last() == Some(&b':') {
        return false;
    }
    let mut prev = 0u8;
    for &b in bytes {
        let ok = PLAIN[usize::from(b)] || (b == b' ' && prev != b':') || (b == b'#' && prev != b' ');
        if !ok {
            return false;
        }
        prev = b;
    }
    const WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    s.len() > 5 || !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Bytes that may appear anywhere in a plain scalar: ASCII letters, digits and these marks.
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let marks = b"_./:$@+=,()-{}[]'~;*&!?%<>|^";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = true;
        }
        b += 1;
    }
    t
};

/// The whole of `value` as a YAML document.
pub(crate) fn to_string(value: &Value) -> String {
    let mut w = Writer::with_capacity(4096);
    w.document(value);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_that_yaml_would_read_as_something_else_are_quoted() {
        for s in [
            "",
            "true",
            "No",
            "null",
            "y",
            "4711",
            "2010-09-09",
            "3.0.1",
            "-x",
            "a: b",
            "a:",
            " a",
            "a ",
            "#c",
            "*",
            "a #b",
            "<<",
        ] {
            assert!(!plain(s), "{s:?} must be quoted");
        }
        for s in [
            "Api",
            "$default",
            "arn:aws:lambda:us-east-1:1:function:f",
            "/pets/{id}",
            "GET /pets",
            "a-b_c.d",
            "it's",
            "a#b",
        ] {
            assert!(plain(s), "{s:?} can be plain");
        }
    }

    #[test]
    fn layout_matches_block_style() {
        let v = json!({"A": {"B": [1, "x", {"c": "d", "e": []}], "F": {}}, "G": "line 1\nline 2\n", "H": "é\u{2028}\"q\"", "I": [["a", "b"], "c"]});
        assert_eq!(
            to_string(&v),
            "A:\n  B:\n  - 1\n  - x\n  - c: d\n    e: []\n  F: {}\nG: |\n  line 1\n  line 2\nH: \"é\\u2028\\\"q\\\"\"\nI:\n- - a\n  - b\n- c\n"
        );
    }

    #[test]
    fn literal_blocks_keep_their_line_breaks() {
        let mut w = Writer::with_capacity(0);
        w.entry(0, "k", &json!("a\n\nb\n\n"));
        assert_eq!(w.finish(), "k: |+\n  a\n\n  b\n\n");
        assert!(!literal_block("  indented\nx"));
        assert!(!literal_block("trailing \nx"));
    }

    #[test]
    fn every_string_reads_back_as_itself() {
        let strings = [
            "",
            " ",
            "a: b",
            "a:b",
            "- x",
            "? x",
            "x #y",
            "x#y",
            "'q'",
            "\"q\"",
            "\\",
            "\t",
            "\r\n",
            "\u{0}",
            "\u{1b}]0;t\u{7}",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "é",
            "ünï",
            "0x1F",
            "0o17",
            "1e3",
            ".inf",
            "~",
            "Null",
            "yes",
            "ON",
            "1:20",
            "2001-12-14",
            "---",
            "...",
            "<<",
            "=",
            "!Ref x",
            "&a",
            "*a",
            "%x",
            "@x",
            "`x`",
            "{a: 1}",
            "[1]",
            "|",
            ">",
            "a\nb",
            "a\nb\n",
            "a\n\nb\n\n\n",
            "\nlead",
            "  lead\nx",
            "trail \nx",
            "a\n  b",
            "#x\n#y",
            "x\n- y",
        ];
        let v = serde_json::Value::Object(
            strings.iter().enumerate().map(|(i, s)| (format!("{s}{i}"), json!([s, {*s: s}]))).collect(),
        );
        let text = to_string(&v);
        let tree = crate::tree::parse(&std::sync::Arc::from(text.as_str()), crate::source::Format::Yaml)
            .expect("the output parses");
        let back: serde_json::Value = crate::tree::de::decode(tree.root().expect("a root")).expect("it decodes");
        assert_eq!(back, v, "{text}");
    }
}
