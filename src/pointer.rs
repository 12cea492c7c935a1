//! JSON pointers (RFC 6901): the currency in which IR nodes and diagnostics name document locations.

use std::fmt;

/// A JSON pointer such as `/paths/~1pets/get`, the empty string being the document root.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

impl Pointer {
    /// The document root.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Wraps an already escaped pointer string.
    pub fn from_escaped(s: impl Into<String>) -> Self {
        Pointer(s.into())
    }

    /// This pointer extended by one unescaped segment.
    pub fn child(&self, segment: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + segment.len() + 1);
        s.push_str(&self.0);
        push_segment(&mut s, segment);
        Pointer(s)
    }

    /// The pointer one level up (the root stays the root).
    pub fn parent(&self) -> Self {
        Pointer(self.0.rfind('/').map_or_else(String::new, |i| self.0[..i].to_string()))
    }

    /// This pointer extended by a sequence index.
    pub fn index(&self, i: usize) -> Self {
        Pointer(format!("{}/{i}", self.0))
    }

    /// This pointer extended by a relative pointer (already escaped, starting with `/` or empty).
    pub fn join(&self, relative: &Pointer) -> Self {
        Pointer(format!("{}{}", self.0, relative.0))
    }

    /// The escaped text of the pointer.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments, root first.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The unescaped segments, borrowed where no escape needs decoding (most of them): for hot
    /// lookups.
    pub fn segments_borrowed(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| if s.contains('~') { std::borrow::Cow::Owned(unescape(s)) } else { std::borrow::Cow::Borrowed(s) })
    }

    /// The last segment, unescaped (empty for the root).
    pub fn last(&self) -> String {
        self.segments().last().unwrap_or_default()
    }

    /// The last segment as written in the pointer (`~0` and `~1` escapes kept): for comparisons
    /// that need no decoded copy.
    pub fn last_escaped(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(_, last)| last)
    }

    /// Whether `self` is `other` or lies below it.
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.0 == other.0 || (self.0.starts_with(&other.0) && self.0[other.0.len()..].starts_with('/'))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() { f.write_str("#") } else { write!(f, "#{}", self.0) }
    }
}

/// Appends `/segment` to `ptr`, escaping `~` and `/`.
pub(crate) fn push_segment(ptr: &mut String, segment: &str) {
    ptr.push('/');
    if !segment.contains(['~', '/']) {
        ptr.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            c => ptr.push(c),
        }
    }
}

/// Undoes RFC 6901 escaping of one segment.
pub(crate) fn unescape(segment: &str) -> String {
    if segment.contains('~') { segment.replace("~1", "/").replace("~0", "~") } else { segment.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_round_trips() {
        let p = Pointer::root().child("paths").child("/a~b/{c}").child("get");
        assert_eq!(p.as_str(), "/paths/~1a~0b~1{c}/get");
        assert_eq!(p.segments().collect::<Vec<_>>(), ["paths", "/a~b/{c}", "get"]);
        assert_eq!(p.to_string(), "#/paths/~1a~0b~1{c}/get");
        assert!(p.starts_with(&Pointer::root().child("paths")));
        assert!(!Pointer::from_escaped("/pathsx").starts_with(&Pointer::root().child("paths")));
    }
}
