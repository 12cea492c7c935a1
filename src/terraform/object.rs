//! The objects given to `jsonencode({…})` and `yamlencode({…})`, and those an argument is set to
//! (`tags = {…}`), read by a scanner of gatewright's own. hcl-edit keeps an object's items in a
//! vector map that looks every new key up among the earlier ones, so an object of n keys costs n²
//! (20k keys: seconds). Here the object's structure (keys, separators, nested objects and
//! tuples) is scanned in one pass, and each leaf value is handed to hcl-edit alone, so it is read
//! exactly as before. What the scanner does not follow (a key that is a traversal, a value after
//! an object, a syntax error) is left to hcl-edit, which then reads the whole object and reports
//! what is wrong.

use super::model::{Expr, Node};
use std::ops::Range;

/// An object read ahead of hcl-edit: where it starts, and what it holds.
pub(crate) type Premade = Vec<(usize, Node)>;

/// The `jsonencode`/`yamlencode` and argument objects of `src` read by the scanner, and `src`
/// with their insides blanked (every byte but line breaks made a space, so offsets stay), for
/// hcl-edit to read as empty objects; None when there were none.
pub(crate) fn premade(src: &str) -> (Premade, Option<String>) {
    let b = src.as_bytes();
    let mut found = Premade::new();
    let mut blanked: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i, 0).unwrap_or(b.len()),
            b'<' if b.get(i + 1) == Some(&b'<') => i = heredoc_end(b, i).unwrap_or(i + 2),
            b'#' => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => i = comment_end(b, i),
            b'j' | b'y'
                if (i == 0 || !is_ident(b[i - 1])) && (ahead(b, i, "jsonencode") || ahead(b, i, "yamlencode")) =>
            {
                i += "jsonencode".len();
                let Some(open) = call_object(b, i) else { continue };
                i = read_ahead(src, open, &mut found, &mut blanked).unwrap_or(i);
            }
            // An argument's object (`tags = {…}`, a `locals` map): hcl-edit would be as slow.
            b'=' if is_assignment(b, i) => {
                let open = skip_blank(b, i + 1, false);
                let object = b.get(open) == Some(&b'{') && !is_for(b, open);
                i = object.then(|| read_ahead(src, open, &mut found, &mut blanked)).flatten().unwrap_or(i + 1);
            }
            _ => i += 1,
        }
    }
    // Whole characters were blanked, so the text stays UTF-8.
    (found, blanked.and_then(|v| String::from_utf8(v).ok()))
}

/// Reads the object at `open` ahead, blanks its inside, and returns the offset after it; None
/// when it is left to hcl-edit.
fn read_ahead(src: &str, open: usize, found: &mut Premade, blanked: &mut Option<Vec<u8>>) -> Option<usize> {
    let (node, end) = object(src, open, 0).ok()?;
    let out = blanked.get_or_insert_with(|| src.as_bytes().to_vec());
    out[open + 1..end - 1].iter_mut().filter(|c| **c != b'\n').for_each(|c| *c = b' ');
    found.push((open, node));
    Some(end)
}

/// The premade object that starts at `at`.
pub(crate) fn get(premade: &Premade, at: usize) -> Option<Node> {
    let i = premade.partition_point(|(s, _)| *s < at);
    premade.get(i).filter(|(s, _)| *s == at).map(|(_, n)| n.clone())
}

type Scanned<T> = Result<T, ()>;

/// Deeper nesting is left to hcl-edit, which rejects past 64 levels rather than overflow the
/// stack; the scanner recurses as deep as the text nests, so it stops there too.
const MAX_DEPTH: usize = 64;

fn ahead(b: &[u8], i: usize, word: &str) -> bool {
    b[i..].starts_with(word.as_bytes()) && !b.get(i + word.len()).is_some_and(|&c| is_ident(c))
}

/// Whether the `=` at `i` assigns (not `==`, `!=`, `<=`, `>=` or `=>`).
fn is_assignment(b: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| b.get(j));
    !matches!(b.get(i + 1), Some(b'=' | b'>')) && !matches!(before, Some(b'=' | b'!' | b'<' | b'>'))
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c >= 0x80
}

/// After a function's name at `i`: the offset of the `{` that opens its first argument.
fn call_object(b: &[u8], i: usize) -> Option<usize> {
    let i = skip_blank(b, i, false);
    (b.get(i) == Some(&b'(')).then_some(())?;
    let i = skip_blank(b, i + 1, true);
    (b.get(i) == Some(&b'{') && !is_for(b, i)).then_some(i)
}

/// Spaces and tabs, and with `lines` line breaks and comments too.
fn skip_blank(b: &[u8], mut i: usize, lines: bool) -> usize {
    while let Some(&c) = b.get(i) {
        i = match c {
            b' ' | b'\t' | b'\r' => i + 1,
            b'\n' if lines => i + 1,
            b'#' if lines => line_end(b, i),
            b'/' if lines && b.get(i + 1) == Some(&b'/') => line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => comment_end(b, i),
            _ => return i,
        };
    }
    i
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |n| i + n)
}

fn comment_end(b: &[u8], i: usize) -> usize {
    b[i + 2..].windows(2).position(|w| w == b"*/").map_or(b.len(), |n| i + 2 + n + 2)
}

/// Whether the bracket at `i` opens a `for` expression.
fn is_for(b: &[u8], i: usize) -> bool {
    let j = skip_blank(b, i + 1, true);
    ahead(b, j, "for")
}

/// The end of the quoted string at `i` (after its closing quote), interpolations included.
fn string_end(b: &[u8], mut i: usize, depth: usize) -> Scanned<usize> {
    i += 1;
    while let Some(&c) = b.get(i) {
        i = match c {
            b'\\' => i + 2,
            b'"' => return Ok(i + 1),
            b'\n' => return Err(()),
            b'$' | b'%' if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') => i + 3,
            b'$' | b'%' if b.get(i + 1) == Some(&b'{') => nested_end(b, i + 2, b'}', depth)?,
            _ => i + 1,
        };
    }
    Err(())
}

/// The end of the heredoc at `i` (`<<EOT` or `<<-EOT`): after its closing marker.
fn heredoc_end(b: &[u8], i: usize) -> Scanned<usize> {
    let start = i + 2 + usize::from(b.get(i + 2) == Some(&b'-'));
    let len = b[start..].iter().take_while(|&&c| is_ident(c)).count();
    let marker = &b[start..start + len];
    let mut at = skip_blank(b, start + len, false);
    if marker.is_empty() || b.get(at) != Some(&b'\n') {
        return Err(());
    }
    while at < b.len() {
        let line = at + 1;
        at = line_end(b, line);
        if b[line..at].trim_ascii() == marker {
            return Ok(line + b[line..at].trim_ascii_end().len());
        }
    }
    Err(())
}

/// The end of what opened before `i` and closes with `close`, after the closing byte.
fn nested_end(b: &[u8], mut i: usize, close: u8, depth: usize) -> Scanned<usize> {
    if depth >= MAX_DEPTH {
        return Err(());
    }
    loop {
        i = skip_blank(b, expr_end(b, i, false, depth + 1)?, true);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(&c) if c == close => return Ok(i + 1),
            _ => return Err(()),
        }
    }
}

/// Where the expression at `i` ends: before a `,`, a closing bracket, or (with `lines`) a line
/// break or comment, none of them nested; trailing spaces left out.
fn expr_end(b: &[u8], mut i: usize, lines: bool, depth: usize) -> Scanned<usize> {
    let start = i;
    while let Some(&c) = b.get(i) {
        i = match c {
            b'"' => string_end(b, i, depth)?,
            b'<' if b.get(i + 1) == Some(&b'<') => heredoc_end(b, i)?,
            b'(' => nested_end(b, i + 1, b')', depth)?,
            b'[' => nested_end(b, i + 1, b']', depth)?,
            b'{' => nested_end(b, i + 1, b'}', depth)?,
            b',' | b')' | b']' | b'}' => break,
            b'\n' | b'#' if lines => break,
            b'/' if lines && b.get(i + 1) == Some(&b'/') => break,
            b'\n' | b'#' | b'/' => skip_blank(b, i, true).max(i + 1),
            _ => i + 1,
        };
    }
    Ok(start + b[start..i.min(b.len())].trim_ascii_end().len())
}

/// The object whose `{` is at `open`, and the offset after its `}`.
fn object(src: &str, open: usize, depth: usize) -> Scanned<(Node, usize)> {
    if depth >= MAX_DEPTH {
        return Err(());
    }
    let b = src.as_bytes();
    let mut entries = Vec::new();
    let mut i = open + 1;
    loop {
        i = skip_blank(b, i, true);
        if b.get(i) == Some(&b'}') {
            return Ok((Node { span: open..i + 1, expr: Expr::Object(entries) }, i + 1));
        }
        let (key, key_span) = match b.get(i) {
            Some(b'"') => {
                let n = leaf(src, i..string_end(b, i, depth)?)?;
                (n.as_str().ok_or(())?.to_string(), n.span)
            }
            Some(&c) if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let len = b[i..].iter().take_while(|&&c| is_ident(c)).count();
                (src.get(i..i + len).ok_or(())?.to_string(), i..i + len)
            }
            _ => return Err(()),
        };
        i = skip_blank(b, key_span.end, false);
        match (b.get(i), b.get(i + 1)) {
            (Some(b'='), Some(b'=')) => return Err(()),
            (Some(b'=' | b':'), _) => i = skip_blank(b, i + 1, false),
            _ => return Err(()),
        }
        let (value, end) = value(src, i, true, depth + 1)?;
        entries.push((key, key_span, value));
        i = skip_blank(b, end, false);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b'\n' | b'}' | b'#') => {}
            Some(b'/') if b.get(i + 1) == Some(&b'/') => {}
            _ => return Err(()),
        }
    }
}

/// The tuple whose `[` is at `open`, and the offset after its `]`.
fn tuple(src: &str, open: usize, depth: usize) -> Scanned<(Node, usize)> {
    if depth >= MAX_DEPTH {
        return Err(());
    }
    let b = src.as_bytes();
    let mut items = Vec::new();
    let mut i = skip_blank(b, open + 1, true);
    while b.get(i) != Some(&b']') {
        let (item, end) = value(src, i, false, depth + 1)?;
        items.push(item);
        i = skip_blank(b, end, true);
        match b.get(i) {
            Some(b',') => i = skip_blank(b, i + 1, true),
            Some(b']') => {}
            _ => return Err(()),
        }
    }
    Ok((Node { span: open..i + 1, expr: Expr::Array(items) }, i + 1))
}

/// The value at `i` (in an object when `lines`, where a line break ends it) and where it ends.
fn value(src: &str, i: usize, lines: bool, depth: usize) -> Scanned<(Node, usize)> {
    let b = src.as_bytes();
    let nested = match b.get(i) {
        Some(b'{') if !is_for(b, i) => Some(object(src, i, depth)?),
        Some(b'[') if !is_for(b, i) => Some(tuple(src, i, depth)?),
        _ => None,
    };
    // A bracket followed by more (`{…}.a`, `[…][0]`) is an expression hcl-edit reads.
    if let Some((node, end)) = nested {
        let next = skip_blank(b, end, false);
        if matches!(b.get(next), None | Some(b',' | b'\n' | b'}' | b']' | b'#' | b'/')) {
            return Ok((node, end));
        }
    }
    let end = expr_end(b, i, lines, depth)?;
    Ok((leaf(src, i..end)?, end))
}

/// A value hcl-edit reads alone, placed at `at` of `src`.
fn leaf(src: &str, at: Range<usize>) -> Scanned<Node> {
    let text = src.get(at.clone()).ok_or(())?;
    let e = hcl_edit::parser::parse_expr(text).map_err(|_| ())?;
    let mut n = super::hcl::node_of(text, &e, &Premade::new());
    let by = at.start;
    n.relocate(&|r| r.start + by..r.end + by, &|m| m.0.iter_mut().for_each(|(_, s)| *s += by));
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::super::hcl::node_of;

    /// The node hcl-edit alone makes of `text`, and the one made with the scanner, which must
    /// have read the object ahead (`ahead`) or left it to hcl-edit.
    fn both(text: &str, ahead: bool) {
        let e = hcl_edit::parser::parse_expr(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let plain = node_of(text, &e, &super::Premade::new());
        assert_eq!(super::super::hcl::expression(text), Some(plain), "{text}");
        assert_eq!(super::premade(text).0.len(), usize::from(ahead), "{text}");
    }

    #[test]
    fn objects_read_ahead_are_the_objects_hcl_edit_reads() {
        for text in [
            "jsonencode({})",
            "jsonencode({ a = 1, b = \"x\" })",
            "jsonencode({\n  openapi = \"3.0.1\" # a comment\n  info = { title = \"t\", version = \"1\" } // another\n  /* block */ paths = {\n    \"/pets/{id}\" = {\n      get = { uri = aws_lambda_function.f.invoke_arn, n = 1.5e3, ok = true, no = null }\n    },\n  }\n})",
            "yamlencode(\n  {\r\n    a: [1, 2,\n      3, { b = [] }, ],\r\n    \"c\" = \"${var.x}-${jsonencode({ d = \"}\" })}\\\"$${e}\"\n  }\n)",
            "jsonencode({ a = <<EOT\nline ${x}\n  EOT\n  b = <<-EOT\n    indented\n    EOT\n})",
            "jsonencode({ a = var.x ? \"y\" : \"z\", b = [for s in var.l : upper(s)], c = {for k, v in var.m : k => v} })",
            "jsonencode({ a = merge({ x = 1 }, var.y), b = (1 + 2), é = \"ü\", x-amazon-apigateway-cors = { allowOrigins = [\"*\"] } })",
            "jsonencode({ a = \"//not a comment\", b = \"#nor this\" })",
            // A value after an object is read by hcl-edit alone.
            "jsonencode({ a = { b = 1 }.b })",
        ] {
            both(text, true);
        }
        // What the scanner does not follow is hcl-edit's to read.
        for text in ["jsonencode({ var.x = 1 })", "jsonencode({ 1 = 2 })", "jsonencode({ (var.k) = 2 })"] {
            both(text, false);
        }
    }

    #[test]
    fn objects_hcl_edit_rejects_are_left_to_it() {
        for text in
            ["jsonencode({ a = })", "jsonencode({ a = 1 b = 2 })", "jsonencode({ a = \"x })", "jsonencode({ a = 1,, })"]
        {
            assert!(super::premade(text).0.is_empty(), "{text}");
        }
        // Nesting past hcl-edit's limit is for it to reject, not for the scanner to recurse into.
        let deep = format!("jsonencode({}1{})", "{ a = ".repeat(100), " }".repeat(100));
        assert!(super::premade(&deep).0.iter().all(|(at, _)| *at > "jsonencode(".len()));
        let deep = format!("jsonencode({{ a = \"${{{}1{}}}\" }})", "(".repeat(100), ")".repeat(100));
        assert!(super::premade(&deep).0.is_empty());
        // Every cut of a configuration is scanned without a panic.
        let text = "x = jsonencode({\n  a = [1, { b = \"${c(\"}\")}\" }] # c\n  d = <<-EOT\n    e\n    EOT\n  /* f */ g = {for h in i : h => h}\n})\n";
        for cut in (0..=text.len()).filter(|&n| text.is_char_boundary(n)) {
            let _ = super::premade(&text[..cut]);
        }
        assert_eq!(super::premade(text).0.len(), 1);
    }
}
