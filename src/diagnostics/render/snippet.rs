//! The source text as miette reads it for snippets, backed by the line table: each snippet costs
//! its own lines instead of a scan from the start of the file (which made thousands of findings
//! in a large document quadratic).

use crate::source::SourceFile;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A source file in miette's terms.
pub(super) struct Lined {
    file: SourceFile,
    /// The text with every control character a terminal would act on replaced by `?` bytes of the
    /// same length (so spans stay valid); only made when the text has such characters.
    shown: Option<Vec<u8>>,
}

impl Lined {
    pub(super) fn new(file: &SourceFile) -> Self {
        let text = file.text();
        // A CR that ends a line (CRLF) is a line break, not something to hide.
        let hidden = |c: char, next: Option<char>| super::is_hidden_control(c) && !(c == '\r' && next == Some('\n'));
        // One pass: the copy starts at the first hidden character, if there is one.
        let mut shown: Option<String> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let hide = hidden(c, chars.peek().map(|&(_, n)| n));
            if hide && shown.is_none() {
                shown = Some(String::with_capacity(text.len()) + &text[..at]);
            }
            if let Some(out) = &mut shown {
                if hide {
                    out.extend(std::iter::repeat_n('?', c.len_utf8()));
                } else {
                    out.push(c);
                }
            }
        }
        Lined { file: file.clone(), shown: shown.map(String::into_bytes) }
    }
}

impl SourceCode for Lined {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (first_line, _) = self.file.line_col(start);
        let (mut last_line, _) = self.file.line_col(end.saturating_sub(1).max(start));
        // Walk the context lines with the line table, not the text.
        let mut data_start = start;
        let mut line = first_line - 1;
        if context_lines_before > 0 {
            let mut at = self.file.line_range(start).start;
            for _ in 0..context_lines_before {
                if at == 0 {
                    break;
                }
                at = self.file.line_range(at - 1).start;
                line -= 1;
            }
            data_start = at;
        }
        let mut data_end = self.file.line_range(end.saturating_sub(1).max(start)).end;
        for _ in 0..context_lines_after {
            if data_end >= text.len() {
                break;
            }
            data_end = self.file.line_range(data_end + 1).end;
            last_line += 1;
        }
        let data_end =
            if context_lines_after == 0 && context_lines_before == 0 { end.max(data_start) } else { data_end };
        // miette's own reader reports the column in bytes when no context is asked for.
        let column = if context_lines_before == 0 { start - self.file.line_range(start).start } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name().to_string(),
            &self.shown.as_deref().unwrap_or(text.as_bytes())[data_start..data_end],
            (data_start, data_end - data_start).into(),
            line,
            column,
            // The snippet's own line count (miette's own reader counts from the start of the
            // file, so its graphical handler merged every label's snippet with the next and drew
            // all the lines between: two labels 40,000 lines apart printed 40,000 lines).
            // Labels whose snippets overlap or touch are still drawn as one.
            last_line - line,
        )))
    }
}
