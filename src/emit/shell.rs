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

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_hostile_strings() {
        assert_eq!(quote("plain"), "'plain'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("$(rm -rf /) `id` $HOME\nnext"), "'$(rm -rf /) `id` $HOME\nnext'");
    }
}
