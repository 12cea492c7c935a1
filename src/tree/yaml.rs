//! Builds the span tree from granit-parser events (byte offsets, anchors, aliases, merge keys).
//!
//! Plain scalars are read with the YAML 1.2 core schema, so `on`, `yes` and `no` stay strings
//! (YAML 1.1 booleans are what PyYAML-era tools got wrong). Quoted scalars are strings.

use super::{Builder, Kind, NONE, NodeId, SyntaxError, Tree};
use granit_parser::{Event, Parser, ScalarStyle, Tag};
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
/// Events handed over at a time.
const BATCH: usize = 4096;

type Item<'a> = Result<(Event<'a>, granit_parser::Span), granit_parser::ScanError>;

pub(super) fn parse(src: &Arc<str>) -> Result<Tree, SyntaxError> {
    parse_with(src, src.len() >= PIPELINE_AT)
}

/// [`parse`], reading events on a second thread when `pipelined`.
pub(super) fn parse_with(src: &Arc<str>, pipelined: bool) -> Result<Tree, SyntaxError> {
    let hint = src.bytes().filter(|b| *b == b'\n').count() + 1;
    let mut b = Build { out: Builder::new(src, hint), anchors: HashMap::new(), documents: 0, src };
    if !pipelined {
        for item in Parser::new_from_str(src) {
            b.event(item)?;
        }
        return Ok(b.out.finish());
    }
    // Scanning is most of the work: it runs on its own thread, a few batches ahead at most. When
    // building stops at an error, the receiver is gone and the reader stops too.
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item<'_>>>(4);
        let text: &str = src;
        s.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for item in Parser::new_from_str(text) {
                let failed = item.is_err();
                batch.push(item);
                if batch.len() == BATCH || failed {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // Past an error there is nothing more to read; a closed receiver wants no more.
                    if tx.send(full).is_err() || failed {
                        return;
                    }
                }
            }
            let _ = tx.send(batch);
        });
        for batch in rx {
            for item in batch {
                b.event(item)?;
            }
        }
        Ok(b.out.finish())
    })
}

/// The tree being built, and what the events so far left to know.
struct Build<'s> {
    out: Builder,
    anchors: HashMap<usize, NodeId>,
    documents: usize,
    src: &'s str,
}

impl Build<'_> {
    fn event(&mut self, item: Item<'_>) -> Result<(), SyntaxError> {
        let (out, anchors, src) = (&mut self.out, &mut self.anchors, self.src);
        let (event, span) = item.map_err(|e| {
            let at = e.marker().byte_offset().unwrap_or(0);
            SyntaxError { span: at..at, message: lower_first(&e.info()) }
        })?;
        let s = span.start.byte_offset().unwrap_or(0);
        let e = span.end.byte_offset().unwrap_or(s).max(s);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        span: s..e.max(s + 3).min(src.len()),
                        message: "a second YAML document starts here; an OpenAPI file holds exactly one".into(),
                    });
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if out.expects_key() {
                    let merge = style == ScalarStyle::Plain && value == "<<";
                    let t = out.text_of(&value);
                    out.key(t, (s, e), merge);
                    return Ok(());
                }
                let cfn = tag.as_deref().and_then(cfn_name);
                if let Some(name) = cfn {
                    out.open_intrinsic(name, s);
                }
                let kind = scalar_kind(&value, style, tag.as_deref());
                let t = out.text_of(&value);
                let id = out.scalar(kind, t, (s, e));
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
                if cfn.is_some() {
                    out.close(e);
                }
            }
            Event::Alias(anchor) => {
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
            Event::MappingStart(_, anchor, ref tag) | Event::SequenceStart(_, anchor, ref tag) => {
                let kind = if matches!(event, Event::MappingStart(..)) { Kind::Map } else { Kind::Seq };
                if out.expects_key() {
                    return Err(SyntaxError {
                        span: s..e.max(s + 1).min(src.len()),
                        message: "a mapping or sequence used as a mapping key is not supported".into(),
                    });
                }
                if out.depth() >= MAX_DEPTH {
                    return Err(SyntaxError { span: s..e, message: "nesting deeper than 512 levels".into() });
                }
                let cfn = tag.as_deref().and_then(cfn_name);
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
            Event::MappingEnd | Event::SequenceEnd => out.close(e),
            _ => {}
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

fn scalar_kind(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> Kind {
    if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
        return match tag.suffix() {
            "null" => Kind::Null,
            "bool" => Kind::Bool,
            "int" => Kind::Int,
            "float" => Kind::Float,
            _ => Kind::Str,
        };
    }
    if style != ScalarStyle::Plain {
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
