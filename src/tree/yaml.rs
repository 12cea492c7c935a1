//! Builds the span tree from granit-parser events (byte offsets, anchors, aliases, merge keys).
//!
//! Plain scalars are read with the YAML 1.2 core schema, so `on`, `yes` and `no` stay strings
//! (YAML 1.1 booleans are what PyYAML-era tools got wrong). Quoted scalars are strings.

use super::{Builder, Kind, NONE, NodeId, SyntaxError, Tree};
use granit_parser::{Event, Parser, ScalarStyle, StructureStyle, Tag};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

const MAX_DEPTH: usize = 512;

/// CloudFormation short-form tags and the long-form key each stands for.
const CFN_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
    ("And", "Fn::And"),
    ("Equals", "Fn::Equals"),
    ("If", "Fn::If"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// From this size on, events are read on a second thread while the tree is built from them.
const PIPELINE_AT: usize = 1 << 20;
/// From this size on, the second half of `paths` is also read apart, on a third thread.
const SPLIT_AT: usize = 4 << 20;
/// Events handed over at a time.
const BATCH: usize = 4096;

type Item<'a> = Result<(Event<'a>, granit_parser::Span), granit_parser::ScanError>;

/// Parses YAML into a tree; only the first syntax error is reported.
pub(super) fn parse(src: &Arc<str>) -> Result<Tree, SyntaxError> {
    let size = src.len();
    parse_with(src, size >= PIPELINE_AT, if size >= SPLIT_AT { size / 8 } else { usize::MAX })
}

/// [`parse`], reading events on a second thread when `pipelined`, and the second half of the
/// `paths` mapping on a third when that half is at least `split_from` bytes (see [`find_split`]).
/// The tree is the same either way, event for event.
pub(super) fn parse_with(src: &Arc<str>, pipelined: bool, split_from: usize) -> Result<Tree, SyntaxError> {
    if !pipelined {
        let mut b = Build::new(src);
        for item in Parser::new_from_str(src) {
            b.event(reduce(item, 0, src)?)?;
        }
        return Ok(b.out.finish());
    }
    read_pipelined(src, find_split(src, split_from))
}

/// [`pipeline`] with `split`, and again in one piece when the rest of the document could not be
/// read apart.
fn read_pipelined(src: &Arc<str>, split: Option<Split>) -> Result<Tree, SyntaxError> {
    pipeline(src, split)
        .or_else(|| pipeline(src, None))
        // Read in one piece, `pipeline` always has an answer.
        .unwrap_or_else(|| Err(SyntaxError { span: 0..0, message: "invalid YAML".into() }))
}

/// What the reading thread hands to the builder.
enum Msg {
    Events(Vec<Result<Ev, SyntaxError>>),
    /// The events of the split-off part of `paths`, to build here.
    Part(Vec<Vec<Ev>>),
    /// The document after `paths` could not be read apart: start again without a split.
    Again,
}

/// Scanning is most of the work: it runs on its own thread, a few batches ahead at most. When
/// building stops at an error, the receiver is gone and the reader stops too. With a `split`, a
/// third thread reads the second part of `paths` meanwhile; the reader stops where that part
/// begins (once its own events prove the part starts a key of a block mapping two levels down),
/// hands the part over and reads the rest of the document after `paths` on its own. `None`: that
/// rest could not be read apart.
fn pipeline(src: &Arc<str>, split: Option<Split>) -> Option<Result<Tree, SyntaxError>> {
    let mut b = Build::new(src);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Msg>(4);
        let text: &str = src;
        let (part_tx, part_rx) = std::sync::mpsc::channel::<Option<Vec<Vec<Ev>>>>();
        if let Some(sp) = split {
            s.spawn(move || {
                let _ = part_tx.send(read_part(text, sp));
            });
        }
        s.spawn(move || read_events(text, split, &part_rx, &tx));
        for msg in rx {
            let built = match msg {
                Msg::Events(batch) => batch.into_iter().try_for_each(|ev| ev.and_then(|ev| b.event(ev))),
                Msg::Part(batches) => batches.into_iter().flatten().try_for_each(|ev| b.event(ev)),
                Msg::Again => return None,
            };
            if let Err(e) = built {
                return Some(Err(e));
            }
        }
        Some(Ok(b.out.finish()))
    })
}

/// The reading thread: events of the whole document, or with a split, of the document up to the
/// part, then the part (from `part`), then the rest after `paths`.
fn read_events(
    text: &str,
    split: Option<Split>,
    part: &std::sync::mpsc::Receiver<Option<Vec<Vec<Ev>>>>,
    tx: &std::sync::mpsc::SyncSender<Msg>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut watch = split.map(|sp| Watch { at: sp.at, stack: Vec::new() });
    for item in Parser::new_from_str(text) {
        if let (Some(w), Some(sp)) = (&mut watch, split)
            && w.reaches_part(&item)
        {
            match part.recv() {
                Ok(Some(events)) => {
                    #[cfg(test)]
                    PARTS_READ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let _ = tx.send(Msg::Events(std::mem::take(&mut batch)));
                    let _ = tx.send(Msg::Part(events));
                    read_rest(text, sp, tx);
                    return;
                }
                // The part could not be read on its own: this reader reads on.
                _ => watch = None,
            }
        }
        let ev = reduce(item, 0, text);
        let failed = ev.is_err();
        batch.push(ev);
        if batch.len() == BATCH || failed {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            // Past an error there is nothing more to read; a closed receiver wants no more.
            if tx.send(Msg::Events(full)).is_err() || failed {
                return;
            }
        }
    }
    let _ = tx.send(Msg::Events(batch));
}

/// How many parts were read apart (tests see that a split happened).
#[cfg(test)]
pub(super) static PARTS_READ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Where the second part of a large `paths` mapping is read apart: from `line`, the start of the
/// line whose key of `paths` starts at `at`, to `end`, the start of the line after `paths` (the
/// next top-level key, or the end of the text).
#[derive(Clone, Copy, Debug)]
struct Split {
    line: usize,
    at: usize,
    end: usize,
}

/// A place to read the second part of `paths` apart, when the text has the usual block layout:
/// a `paths:` line at column 0, its keys indented by spaces, and after it, if anything, another
/// top-level key. Only a guess from the lines: the reader confirms it with its own events before
/// anything read apart is used, and the part and the rest must read without an error alone.
fn find_split(src: &str, from: usize) -> Option<Split> {
    // Anchor ids of the parts are kept apart by offsets beyond twice the text's length.
    if src.len() < from.saturating_mul(2) || src.len() >= (u32::MAX / 4) as usize {
        return None;
    }
    let starts_key = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'$' | b'\'' | b'"');
    let mut lines = Lines { src: src.as_bytes(), at: 0 };
    // The `paths:` line (nothing after the colon but blanks or a comment).
    loop {
        let (_, line) = lines.next()?;
        if let Some(rest) = line.strip_prefix(b"paths:")
            && rest.iter().position(|&b| b != b' ' && b != b'\r').is_none_or(|i| rest[i] == b'#')
        {
            break;
        }
    }
    let (mut indent, mut keys, mut end) = (0, Vec::new(), src.len());
    for (start, line) in lines {
        let Some(first) = line.iter().position(|&b| b != b' ') else { continue };
        if matches!(line[first], b'#' | b'\r') {
            continue;
        }
        if line[first] == b'\t' {
            return None;
        }
        if first == 0 {
            if !starts_key(line[0]) {
                return None;
            }
            end = start;
            break;
        }
        if indent == 0 {
            indent = first;
        }
        if first == indent && starts_key(line[first]) {
            keys.push((start, start + first));
        }
    }
    // The reader's share (before the part, and after `paths`) about equal to the part's.
    let target = end.saturating_sub(src.len() / 2);
    let (line, at) = *keys.iter().skip(1).find(|k| k.0 >= target)?;
    (end - line >= from).then_some(Split { line, at, end })
}

/// The document read with the part of `paths` split off at `at` (any offset: the reader's own
/// events decide whether it is used), to compare with the tree read in one piece.
#[cfg(test)]
pub(super) fn parse_split_at(src: &Arc<str>, at: usize) -> Option<Result<Tree, SyntaxError>> {
    let end = find_split(src, 0)?.end;
    let line = src[..at.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
    (at < end).then(|| read_pipelined(src, Some(Split { line, at, end })))
}

/// Lines of a text with their start offsets (without the line break).
struct Lines<'a> {
    src: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.src.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.src[start..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        self.at = start + len + 1;
        Some((start, &rest[..len]))
    }
}

/// Follows the reader's events to the split point: a plain key scalar that starts exactly at
/// `at`, in key position of a block mapping that is the value in a block mapping at the root.
struct Watch {
    at: usize,
    /// Open collections: (mapping, flow style, children so far).
    stack: Vec<(bool, bool, usize)>,
}

impl Watch {
    fn reaches_part(&mut self, item: &Item<'_>) -> bool {
        let Ok((event, span)) = item else { return false };
        let start = span.start.byte_offset().unwrap_or(usize::MAX);
        if let Event::Scalar(..) = event
            && start == self.at
            && let [(true, false, _), (true, false, n)] = self.stack.as_slice()
            && n % 2 == 0
        {
            return true;
        }
        if start > self.at {
            // Past the place without seeing it there: no split.
            self.stack.clear();
            self.at = usize::MAX;
            return false;
        }
        let node =
            matches!(event, Event::Scalar(..) | Event::Alias(..) | Event::MappingStart(..) | Event::SequenceStart(..));
        if let (true, Some(top)) = (node, self.stack.last_mut()) {
            top.2 += 1;
        }
        match event {
            Event::MappingStart(style, ..) => self.stack.push((true, *style == StructureStyle::Flow, 0)),
            Event::SequenceStart(style, ..) => self.stack.push((false, *style == StructureStyle::Flow, 0)),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
        false
    }
}

/// The events of `text[line..end]` read alone, as the entries of the `paths` mapping and its
/// end, in batches (never one large block to regrow); `None` when it does not read alone as one
/// block mapping without an error.
fn read_part(text: &str, sp: Split) -> Option<Vec<Vec<Ev>>> {
    let mut parser = Parser::new_from_str(&text[sp.line..sp.end]);
    // Anchor ids of its own, never those of the rest of the document.
    parser.set_anchor_offset(text.len() + 1);
    let mut events = vec![Vec::with_capacity(BATCH)];
    // Inside the part's own mapping, once its head is read.
    let mut depth = 1usize;
    let mut open = true;
    for (i, item) in parser.enumerate() {
        let ev = reduce(item, sp.line, text).ok()?;
        match head(i, &ev) {
            Head::Skip => continue,
            Head::Wrong => return None,
            Head::Body => {}
        }
        if !open {
            // After the mapping: only the ends of the document and stream.
            if ev.what != What::Other {
                return None;
            }
            continue;
        }
        match ev.what {
            What::Map | What::Seq => depth += 1,
            What::End => {
                depth -= 1;
                open = depth > 0;
            }
            What::DocumentStart => return None,
            _ => {}
        }
        if events.last().is_none_or(|b| b.len() == BATCH) {
            events.push(Vec::with_capacity(BATCH));
        }
        events.last_mut()?.push(ev);
    }
    (!open).then_some(events)
}

/// After the part: the document after `paths` read alone (its entries continue the root
/// mapping), or the end of the root mapping when `paths` ends the text.
fn read_rest(text: &str, sp: Split, tx: &std::sync::mpsc::SyncSender<Msg>) {
    if sp.end >= text.len() {
        let len = text.len() as u32;
        let _ = tx.send(Msg::Events(vec![Ok(Ev::new(What::End, len, len))]));
        return;
    }
    let mut parser = Parser::new_from_str(&text[sp.end..]);
    parser.set_anchor_offset(2 * (text.len() + 1));
    let mut batch = Vec::with_capacity(BATCH);
    for (i, item) in parser.enumerate() {
        let read = reduce(item, sp.end, text).map(|ev| (head(i, &ev), ev));
        let ev = match read {
            Ok((Head::Skip, _)) => continue,
            Ok((Head::Body, ev)) => ev,
            Ok((Head::Wrong, _)) | Err(_) => {
                let _ = tx.send(Msg::Again);
                return;
            }
        };
        batch.push(Ok(ev));
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if tx.send(Msg::Events(full)).is_err() {
                return;
            }
        }
    }
    let _ = tx.send(Msg::Events(batch));
}

/// Where an event of a part read alone stands: in the stream, document and block mapping it
/// opens with (skipped: the whole document's own stand for them), in the mapping, or at the start
/// of something that is not one block mapping (the part cannot be read alone).
enum Head {
    Skip,
    Body,
    Wrong,
}

/// [`Head`] of the `i`th event of a part read alone.
fn head(i: usize, ev: &Ev) -> Head {
    match (i, ev.what) {
        (0, What::Other) | (1, What::DocumentStart) => Head::Skip,
        (2, What::Map) if ev.plain_or_block && ev.anchor == 0 && ev.tag.is_none() => Head::Skip,
        (0..=2, _) => Head::Wrong,
        _ => Head::Body,
    }
}

/// An event as the tree builder reads it: what the tree keeps of it, with byte offsets in the
/// whole text. Small (40 bytes): the split-off part of a large document is held as these.
#[derive(Debug)]
struct Ev {
    what: What,
    /// A plain scalar; a block collection.
    plain_or_block: bool,
    anchor: u32,
    s: u32,
    e: u32,
    /// A scalar's text.
    text: Scalar,
    tag: Option<Box<Tag>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    DocumentStart,
    Scalar,
    Alias,
    Map,
    Seq,
    End,
    /// Stream start and end, document end.
    Other,
}

impl Ev {
    /// An event of kind `what` from `s` to `e`, with no text, anchor or tag.
    fn new(what: What, s: u32, e: u32) -> Self {
        Ev { what, plain_or_block: false, anchor: 0, s, e, text: Scalar::Source(0, 0), tag: None }
    }
}

/// A scalar's text: a range of the source, or decoded (escapes, folded lines).
#[derive(Debug)]
enum Scalar {
    Source(u32, u32),
    Decoded(Box<str>),
}

/// `item` as an [`Ev`]: its offsets moved by `offset` (where the text it was read from starts in
/// `whole`), anchor ids as the parser gave them.
fn reduce(item: Item<'_>, offset: usize, whole: &str) -> Result<Ev, SyntaxError> {
    let (event, span) = item.map_err(|e| {
        let at = e.marker().byte_offset().unwrap_or(0) + offset;
        SyntaxError { span: at..at, message: lower_first(&e.info()) }
    })?;
    let s = span.start.byte_offset().unwrap_or(0);
    let e = span.end.byte_offset().unwrap_or(s).max(s);
    let mut ev = Ev::new(What::Other, (s + offset) as u32, (e + offset) as u32);
    let tag = |t: Option<Cow<'_, Tag>>| t.map(|t| Box::new(t.into_owned()));
    let anchor = |a: usize| u32::try_from(a).unwrap_or(u32::MAX);
    match event {
        Event::DocumentStart(..) => ev.what = What::DocumentStart,
        Event::Scalar(value, style, a, t) => {
            let base = whole.as_ptr() as usize;
            let p = value.as_ptr() as usize;
            ev.text = match value {
                Cow::Borrowed(v) if p >= base && p + v.len() <= base + whole.len() => {
                    Scalar::Source((p - base) as u32, (p - base + v.len()) as u32)
                }
                v => Scalar::Decoded(v.into_owned().into_boxed_str()),
            };
            (ev.what, ev.plain_or_block, ev.anchor, ev.tag) =
                (What::Scalar, style == ScalarStyle::Plain, anchor(a), tag(t));
        }
        Event::Alias(a) => (ev.what, ev.anchor) = (What::Alias, anchor(a)),
        Event::MappingStart(style, a, t) => {
            (ev.what, ev.plain_or_block, ev.anchor, ev.tag) =
                (What::Map, style == StructureStyle::Block, anchor(a), tag(t));
        }
        Event::SequenceStart(style, a, t) => {
            (ev.what, ev.plain_or_block, ev.anchor, ev.tag) =
                (What::Seq, style == StructureStyle::Block, anchor(a), tag(t));
        }
        Event::MappingEnd | Event::SequenceEnd => ev.what = What::End,
        _ => {}
    }
    Ok(ev)
}

/// The tree being built, and what the events so far left to know.
struct Build<'s> {
    out: Builder,
    anchors: HashMap<usize, NodeId>,
    documents: usize,
    src: &'s str,
}

impl<'s> Build<'s> {
    fn new(src: &'s Arc<str>) -> Self {
        let hint = src.bytes().filter(|b| *b == b'\n').count() + 1;
        Build { out: Builder::new(src, hint), anchors: HashMap::new(), documents: 0, src }
    }

    fn event(&mut self, ev: Ev) -> Result<(), SyntaxError> {
        let (out, anchors, src) = (&mut self.out, &mut self.anchors, self.src);
        let (s, e) = (ev.s as usize, ev.e as usize);
        let anchor = ev.anchor as usize;
        match ev.what {
            What::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        span: s..e.max(s + 3).min(src.len()),
                        message: "a second YAML document starts here; an OpenAPI file holds exactly one".into(),
                    });
                }
            }
            What::Scalar => {
                let (value, t) = match &ev.text {
                    Scalar::Source(a, b) => {
                        (src.get(*a as usize..*b as usize).unwrap_or(""), out.raw(*a as usize, *b as usize))
                    }
                    Scalar::Decoded(v) => (&**v, out.pooled(v)),
                };
                if out.expects_key() {
                    let merge = ev.plain_or_block && value == "<<";
                    out.key(t, (s, e), merge);
                    return Ok(());
                }
                let cfn = ev.tag.as_deref().and_then(cfn_name);
                if let Some(name) = cfn {
                    out.open_intrinsic(name, s);
                }
                let kind = scalar_kind(value, ev.plain_or_block, ev.tag.as_deref());
                let id = out.scalar(kind, t, (s, e));
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
                if cfn.is_some() {
                    out.close(e);
                }
            }
            What::Alias => {
                if out.expects_key() {
                    return Err(SyntaxError {
                        span: s..e,
                        message: "an alias used as a mapping key is not supported".into(),
                    });
                }
                let target = anchors.get(&anchor).copied().unwrap_or(NONE);
                if target == NONE {
                    return Err(SyntaxError {
                        span: s..e,
                        message: "this alias names no anchor defined before it".into(),
                    });
                }
                out.alias(target, (s, e));
            }
            What::Map | What::Seq => {
                let kind = if ev.what == What::Map { Kind::Map } else { Kind::Seq };
                if out.expects_key() {
                    return Err(SyntaxError {
                        span: s..e.max(s + 1).min(src.len()),
                        message: "a mapping or sequence used as a mapping key is not supported".into(),
                    });
                }
                if out.depth() >= MAX_DEPTH {
                    return Err(SyntaxError { span: s..e, message: "nesting deeper than 512 levels".into() });
                }
                let cfn = ev.tag.as_deref().and_then(cfn_name);
                if let Some(name) = cfn {
                    out.open_intrinsic(name, s);
                }
                let id = out.open(kind, s);
                if cfn.is_some() {
                    out.close_parent_with_top();
                }
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
            }
            What::End => out.close(e),
            What::Other => {}
        }
        Ok(())
    }
}

fn cfn_name(tag: &Tag) -> Option<&'static str> {
    if tag.handle() != "!" {
        return None;
    }
    CFN_TAGS.iter().find(|(short, _)| *short == tag.suffix()).map(|(_, long)| *long)
}

fn scalar_kind(value: &str, plain: bool, tag: Option<&Tag>) -> Kind {
    if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
        return match tag.suffix() {
            "null" => Kind::Null,
            "bool" => Kind::Bool,
            "int" => Kind::Int,
            "float" => Kind::Float,
            _ => Kind::Str,
        };
    }
    if !plain {
        return Kind::Str;
    }
    core_schema(value)
}

/// The YAML 1.2 core schema reading of a plain scalar.
pub(crate) fn core_schema(v: &str) -> Kind {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Kind::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Kind::Float,
        _ => {}
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Kind::Int;
    }
    if let Some(h) = v.strip_prefix("0x")
        && !h.is_empty()
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Kind::Int;
    }
    if let Some(o) = v.strip_prefix("0o")
        && !o.is_empty()
        && o.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return Kind::Int;
    }
    if is_float(digits) { Kind::Float } else { Kind::Str }
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(v: &str) -> bool {
    let (mantissa, exp) = match v.find(['e', 'E']) {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => all_digits(int) && all_digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && all_digits(int),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exp_ok && (frac.is_some() || exp.is_some())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => "invalid YAML".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::core_schema;
    use crate::tree::Kind;

    #[test]
    fn events_are_small() {
        // The split-off part of a large document is held as these, a million at a time.
        assert_eq!(std::mem::size_of::<super::Ev>(), 40);
    }

    #[test]
    fn core_schema_reading() {
        for (v, k) in [
            ("1.0", Kind::Float),
            ("2", Kind::Int),
            ("-3", Kind::Int),
            ("1e3", Kind::Float),
            (".5", Kind::Float),
            ("on", Kind::Str),
            ("yes", Kind::Str),
            ("True", Kind::Bool),
            ("~", Kind::Null),
            ("3.0.1", Kind::Str),
            ("0x1F", Kind::Int),
            ("1.", Kind::Float),
            (".", Kind::Str),
            ("-", Kind::Str),
        ] {
            assert_eq!(core_schema(v), k, "{v}");
        }
    }
}
