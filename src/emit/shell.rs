//! Shell quoting: the one place where strings from the document enter a generated script.

/// `s` as one single-quoted shell word; a `'` inside becomes `'\''`. Nothing in a single-quoted
/// word is expanded (`$(…)`, backticks, `$x`, newlines are all literal).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// `log '…'`: a line of a script's log. Every control character of `text`, newline and tab
/// included, is written `\u{…}`, so a name from the document can neither forge a log line nor
/// act on the terminal.
pub(crate) fn log(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            line.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            line.push(c);
        }
    }
    format!("log {}", quote(&line))
}

/// A shell word under construction: JSON text, single-quoted when done, with shell variables
/// (`"$VAR"`) between the quoted pieces. Used for `--cli-input-json`: no value from the document
/// is ever a command-line word of its own.
#[derive(Default)]
pub(crate) struct Word {
    pub(crate) out: String,
    pub(crate) text: String,
}

impl Word {
    /// The value of shell variable `name`, at this point of the text.
    pub(crate) fn var(&mut self, name: &str) {
        self.out.push_str(&quote(&std::mem::take(&mut self.text)));
        self.out.push_str(&format!("\"${name}\""));
    }

    /// `"k":`.
    pub(crate) fn key(&mut self, k: &str) {
        self.text.push_str(&serde_json::Value::from(k).to_string());
        self.text.push(':');
    }

    /// The finished word.
    pub(crate) fn finish(mut self) -> String {
        if !self.text.is_empty() || self.out.is_empty() {
            self.out.push_str(&quote(&self.text));
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn log_lines_stay_one_line() {
        assert_eq!(
            super::log("key a\nerror: forged\r\u{1b}[2J\t'"),
            "log 'key a\\u{a}error: forged\\u{d}\\u{1b}[2J\\u{9}'\\'''"
        );
    }

    #[test]
    fn quotes_hostile_strings() {
        assert_eq!(quote("plain"), "'plain'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("$(rm -rf /) `id` $HOME\nnext"), "'$(rm -rf /) `id` $HOME\nnext'");
    }
}
