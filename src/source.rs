//! Source files: the text of one input document, its format, and byte offset → line/column mapping.

use std::sync::Arc;

/// The two input syntaxes, detected from the content rather than the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON text (first non-blank character is `{` or `[`).
    Json,
    /// YAML text (anything else).
    Yaml,
}

/// One file of a document written in several files, within the joined text of all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The file's name as reported.
    pub name: String,
    /// Its bytes in the joined text.
    pub range: std::ops::Range<usize>,
}

/// One input document.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    /// For a document written in several files: the text is theirs joined, the root first, and
    /// each file's place in it (empty for a document of one file).
    parts: Vec<Part>,
    text: Arc<str>,
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Characters before each 1 KiB block of the text, so columns on very long lines (minified
    /// JSON) cost a bounded scan instead of one from the line start.
    block_chars: std::sync::OnceLock<Vec<u32>>,
    /// Byte offset of the first invalid UTF-8 sequence, when the raw bytes were not UTF-8.
    invalid_utf8_at: Option<usize>,
}

impl SourceFile {
    /// Builds a source file from text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            parts: Vec::new(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
            block_chars: std::sync::OnceLock::new(),
            invalid_utf8_at: None,
        }
    }

    /// Builds a source file from raw bytes; invalid UTF-8 is replaced and remembered, so the
    /// parser can report it with a location instead of failing as an I/O error.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile::new(name, text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let mut file = SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
                file.invalid_utf8_at = Some(at);
                file
            }
        }
    }

    /// The joined text of a document written in several files, named for its root, with each
    /// file's place in it.
    pub fn joined(name: impl Into<String>, text: impl Into<Arc<str>>, parts: Vec<Part>) -> Self {
        let mut file = SourceFile::new(name, text);
        file.parts = parts;
        file
    }

    /// The files of a document written in several files (empty for one file).
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The file of the joined text that holds `offset`, when the document is in several files.
    pub fn part_at(&self, offset: usize) -> Option<&Part> {
        let i = self.parts.partition_point(|p| p.range.start <= offset);
        self.parts.get(i.checked_sub(1)?)
    }

    /// The name used in diagnostics (usually the path as given).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The shared text, for renderers that keep a reference.
    pub fn shared_text(&self) -> Arc<str> {
        self.text.clone()
    }

    /// Where the input stopped being valid UTF-8, if it did.
    pub fn invalid_utf8_at(&self) -> Option<usize> {
        self.invalid_utf8_at
    }

    /// JSON when the first non-blank character opens a JSON object or array, YAML otherwise; a
    /// file named `*.yaml` or `*.yml` is YAML whatever it starts with (a flow mapping is YAML).
    pub fn format(&self) -> Format {
        if self.name.ends_with(".yaml") || self.name.ends_with(".yml") {
            return Format::Yaml;
        }
        let first = self.text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']).bytes().next();
        if matches!(first, Some(b'{' | b'[')) { Format::Json } else { Format::Yaml }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts()[line] as usize;
        (line + 1, self.char_index(offset) - self.char_index(start) + 1)
    }

    /// Byte range of the line that holds `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = self.line_index(offset);
        let start = starts[line] as usize;
        let end = starts.get(line + 1).map_or(self.text.len(), |&n| n as usize - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') { end - 1 } else { end };
        start..end.max(start)
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(self.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
            v
        })
    }

    fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s as usize <= offset) - 1
    }

    /// Number of characters before byte `offset` (a character boundary).
    fn char_index(&self, offset: usize) -> usize {
        const BLOCK: usize = 1024;
        let blocks = self.block_chars.get_or_init(|| {
            let mut v = Vec::with_capacity(self.text.len() / BLOCK + 1);
            let mut chars = 0u32;
            for chunk in self.text.as_bytes().chunks(BLOCK) {
                v.push(chars);
                // Continuation bytes (10xxxxxx) do not start a character.
                chars += chunk.iter().filter(|b| (**b as i8) >= -0x40).count() as u32;
            }
            v.push(chars);
            v
        });
        // Pure ASCII (most documents): a character per byte.
        if blocks.last().is_some_and(|&n| n as usize == self.text.len()) {
            return offset;
        }
        let block = offset / BLOCK;
        let tail = &self.text.as_bytes()[block * BLOCK..offset];
        blocks[block] as usize + tail.iter().filter(|b| (**b as i8) >= -0x40).count()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x", "a: ü\nbb: 1\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        assert_eq!(f.line_col(3), (1, 4));
        assert_eq!(f.line_col(9), (2, 4));
        assert_eq!(f.line_range(7), 6..11);
        let long = SourceFile::new("x", format!("{}é{}\nz", "a".repeat(5000), "b".repeat(5000)));
        assert_eq!(long.line_col(5002), (1, 5002));
        assert_eq!(long.line_col(10003), (2, 1));
    }

    #[test]
    fn detects_format_from_content() {
        assert_eq!(SourceFile::new("a.json", "  {\"a\":1}").format(), Format::Json);
        assert_eq!(SourceFile::new("-", "  {\"a\":1}").format(), Format::Json);
        assert_eq!(SourceFile::new("a.json", "openapi: 3.0.1").format(), Format::Yaml);
        // A name that says YAML: a flow mapping is YAML, not broken JSON.
        assert_eq!(SourceFile::new("a.yaml", "{a: 1}").format(), Format::Yaml);
        assert_eq!(SourceFile::new("a.yml", "[1]").format(), Format::Yaml);
    }

    #[test]
    fn remembers_invalid_utf8() {
        let f = SourceFile::from_bytes("x", b"ab\xffcd".to_vec());
        assert_eq!(f.invalid_utf8_at(), Some(2));
    }
}
