//! A strict one-pass JSON scanner (RFC 8259) that builds the span tree directly.
//!
//! serde_json exposes no positions, and parsing into its `Value` costs more time and memory than
//! this scanner, which borrows every string that has no escape sequence.

use super::{Builder, Kind, SyntaxError, Tree};
use std::sync::Arc;

const MAX_DEPTH: usize = 512;

pub(super) fn parse(src: &Arc<str>) -> Result<Tree, SyntaxError> {
    // Every value but the first is preceded by `,` or opens with `{`/`[`: a cheap upper estimate
    // of the node count, so the arena is allocated once.
    let hint = src.bytes().filter(|b| matches!(b, b',' | b'{' | b'[')).count() + 1;
    let mut s = Scanner { b: src.as_bytes(), src, i: 0, out: Builder::new(src, hint) };
    if s.b.starts_with("\u{feff}".as_bytes()) {
        s.i = 3;
    }
    s.ws();
    s.value()?;
    s.ws();
    if s.i != s.b.len() {
        return Err(s.err("unexpected text after the JSON document"));
    }
    Ok(s.out.finish())
}

struct Scanner<'a> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    out: Builder,
}

impl Scanner<'_> {
    fn err(&self, message: &str) -> SyntaxError {
        let found = match self.b.get(self.i) {
            None => "end of file".to_string(),
            Some(_) => match self.src.get(self.i..).and_then(|s| s.chars().next()) {
                Some(c) if c.is_control() => format!("{c:?}"),
                Some(c) => format!("`{c}`"),
                None => "invalid text".to_string(),
            },
        };
        let len = self.src.get(self.i..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
        SyntaxError { span: self.i..self.i + len, message: format!("{message}, found {found}") }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<(), SyntaxError> {
        let start = self.i;
        match self.b.get(self.i) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let t = self.string()?;
                self.out.scalar(Kind::Str, t, (start, self.i));
                Ok(())
            }
            Some(b't') => self.literal("true", Kind::Bool),
            Some(b'f') => self.literal("false", Kind::Bool),
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<(), SyntaxError> {
        if !self.b[self.i..].starts_with(word.as_bytes()) {
            return Err(self.err("expected a JSON value"));
        }
        let start = self.i;
        self.i += word.len();
        let t = self.out.raw(start, self.i);
        self.out.scalar(kind, t, (start, self.i));
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while let Some(b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("expected a digit")),
        }
        let mut kind = Kind::Int;
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            kind = Kind::Float;
            if self.digits() == 0 {
                return Err(self.err("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            kind = Kind::Float;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("expected a digit in the exponent"));
            }
        }
        let t = self.out.raw(start, self.i);
        self.out.scalar(kind, t, (start, self.i));
        Ok(())
    }

    /// Scans a string at `self.i` (the opening quote); returns its text.
    fn string(&mut self) -> Result<super::Text, SyntaxError> {
        self.i += 1;
        let body = self.i;
        loop {
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    let t = self.out.raw(body, self.i);
                    self.i += 1;
                    return Ok(t);
                }
                Some(b'\\') => break,
                Some(c) if *c < 0x20 => return Err(self.err("control character in string")),
                Some(_) => self.i += 1,
            }
        }
        let mut out = String::from(&self.src[body..self.i]);
        loop {
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(self.out.pooled(&out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.b.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.err("invalid escape sequence")),
                    };
                    out.push(c);
                    self.i += 1;
                }
                Some(c) if *c < 0x20 => return Err(self.err("control character in string")),
                Some(_) => {
                    let from = self.i;
                    while let Some(c) = self.b.get(self.i) {
                        if *c == b'"' || *c == b'\\' || *c < 0x20 {
                            break;
                        }
                        self.i += 1;
                    }
                    out.push_str(&self.src[from..self.i]);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self.src.get(self.i..self.i + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let v = h.and_then(|h| u32::from_str_radix(h, 16).ok()).ok_or_else(|| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(cp).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn enter(&mut self, kind: Kind) -> Result<(), SyntaxError> {
        if self.out.depth() >= MAX_DEPTH {
            return Err(self.err("nesting deeper than 512 levels"));
        }
        self.out.open(kind, self.i);
        self.i += 1;
        self.ws();
        Ok(())
    }

    fn object(&mut self) -> Result<(), SyntaxError> {
        self.enter(Kind::Map)?;
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.out.close(self.i);
            return Ok(());
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let ks = self.i;
            let k = self.string()?;
            self.out.key(k, (ks, self.i), false);
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.err("expected `:` after the key"));
            }
            self.i += 1;
            self.ws();
            self.value()?;
            if self.after_member(b'}', "expected `,` or `}`")? {
                return Ok(());
            }
        }
    }

    /// After a member or item: consumes `,` (returns false: more follow) or the closing
    /// bracket (returns true: the container is closed).
    fn after_member(&mut self, close: u8, expected: &str) -> Result<bool, SyntaxError> {
        self.ws();
        match self.b.get(self.i) {
            Some(b',') => {
                self.i += 1;
                self.ws();
                Ok(false)
            }
            Some(c) if *c == close => {
                self.i += 1;
                self.out.close(self.i);
                Ok(true)
            }
            _ => Err(self.err(expected)),
        }
    }

    fn array(&mut self) -> Result<(), SyntaxError> {
        self.enter(Kind::Seq)?;
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.out.close(self.i);
            return Ok(());
        }
        loop {
            self.value()?;
            if self.after_member(b']', "expected `,` or `]`")? {
                return Ok(());
            }
        }
    }
}
