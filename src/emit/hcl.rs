//! Terraform configurations as data, written as HCL the way `terraform fmt` formats it, or as
//! Terraform's JSON syntax (`.tf.json`). Every string from the document is a literal: `${` and
//! `%{` are escaped (`$${`, `%%{`) in both syntaxes, quotes and control characters in HCL's
//! escapes, so no value from the document is ever evaluated as an expression.

use serde_json::{Map, Value, json};

/// A value of an argument.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tf {
    /// A literal string.
    Str(String),
    /// An expression written as it is (`aws_apigatewayv2_api.pets.id`, `file("…")`); only
    /// gatewright writes these, never the document.
    Expr(String),
    /// A number or boolean, as written.
    Raw(String),
    /// A type constraint (`string`): bare in HCL, a string in JSON, where Terraform reads the
    /// string as the type expression (an interpolation there is "Invalid type specification").
    Type(String),
    /// A string template of literal parts and gatewright's own interpolations
    /// (`integrations/${aws_apigatewayv2_integration.pets.id}`).
    Template(Vec<Part>),
    /// Expressions between an opening and a closing text (`sha1(jsonencode([` … `]))`), on one
    /// line when short, else one per line.
    Wrapped(String, Vec<Tf>, String),
    /// `[a, b]`.
    List(Vec<Tf>),
    /// `{ key = value }`.
    Map(Vec<(String, Tf)>),
}

impl Tf {
    /// A JSON value from the document: strings literal, objects as maps.
    pub(crate) fn from_json(v: &Value) -> Tf {
        match v {
            Value::String(s) => Tf::Str(s.clone()),
            Value::Array(items) => Tf::List(items.iter().map(Tf::from_json).collect()),
            Value::Object(m) => Tf::Map(m.iter().map(|(k, v)| (k.clone(), Tf::from_json(v))).collect()),
            Value::Null => Tf::Expr("null".into()),
            other => Tf::Raw(other.to_string()),
        }
    }
}

/// A piece of a [`Tf::Template`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// Literal text (escaped when written).
    Lit(String),
    /// An expression, interpolated.
    Expr(String),
}

/// A template as an HCL quoted string.
pub(crate) fn template(parts: &[Part]) -> String {
    let mut out = String::from("\"");
    for p in parts {
        match p {
            Part::Lit(s) => {
                let q = quoted(s);
                out.push_str(&q[1..q.len() - 1]);
            }
            Part::Expr(e) => out.push_str(&format!("${{{e}}}")),
        }
    }
    out.push('"');
    out
}

/// A block: `resource "type" "name" { … }` or a nested `lifecycle { … }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Block {
    pub(crate) kind: String,
    pub(crate) labels: Vec<String>,
    pub(crate) attributes: Vec<(String, Tf)>,
    pub(crate) blocks: Vec<Block>,
}

impl Block {
    pub(crate) fn new(kind: &str, labels: &[&str]) -> Self {
        Block { kind: kind.into(), labels: labels.iter().map(|l| l.to_string()).collect(), ..Block::default() }
    }

    /// Adds an argument.
    pub(crate) fn set(&mut self, name: &str, value: Tf) -> &mut Self {
        self.attributes.push((name.into(), value));
        self
    }

    /// Adds a nested block.
    pub(crate) fn nest(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }
}

/// A whole file: a comment, then blocks.
#[derive(Clone, Debug, Default)]
pub(crate) struct File {
    pub(crate) comment: Vec<String>,
    pub(crate) blocks: Vec<Block>,
}

fn identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A string as an HCL quoted literal.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string as a literal in Terraform's JSON syntax, where every string is a template.
pub(crate) fn literal(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

fn key(k: &str) -> String {
    if identifier(k) { k.to_string() } else { quoted(k) }
}

/// The longest value written on one line; longer lists go one item per line.
const LINE: usize = 100;

/// A value on one line, when it fits on one (no maps, no long lists).
fn inline(v: &Tf) -> Option<String> {
    let text = one_line(v)?;
    match v {
        Tf::List(_) | Tf::Wrapped(..) if text.len() > LINE => None,
        _ => Some(text),
    }
}

fn one_line(v: &Tf) -> Option<String> {
    match v {
        Tf::Str(s) => Some(quoted(s)),
        Tf::Expr(e) | Tf::Raw(e) | Tf::Type(e) => Some(e.clone()),
        Tf::Template(parts) => Some(template(parts)),
        Tf::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(inline).collect();
            parts.map(|p| format!("[{}]", p.join(", ")))
        }
        Tf::Wrapped(open, items, close) => {
            let parts: Option<Vec<String>> = items.iter().map(inline).collect();
            parts.map(|p| format!("{open}{}{close}", p.join(", ")))
        }
        Tf::Map(m) if m.is_empty() => Some("{}".into()),
        Tf::Map(_) => None,
    }
}

/// Writes `key = value` lines, `=` aligned within each run of one-line arguments as
/// `terraform fmt` aligns them; a multi-line value is not aligned and ends the run.
fn attributes(out: &mut String, attrs: &[(String, Tf)], indent: usize) {
    let pad = " ".repeat(indent);
    let mut i = 0;
    while i < attrs.len() {
        // The run: consecutive one-line arguments, and a multi-line one that closes it.
        let mut j = i;
        while j < attrs.len() && inline(&attrs[j].1).is_some() {
            j += 1;
        }
        let end = if j < attrs.len() { j + 1 } else { j };
        let width = attrs[i..j].iter().map(|(k, _)| key(k).chars().count()).max().unwrap_or(0);
        for (k, v) in &attrs[i..end] {
            let k = key(k);
            match inline(v) {
                Some(text) => {
                    let gap = " ".repeat(width.saturating_sub(k.chars().count()));
                    out.push_str(&format!("{pad}{k}{gap} = {text}\n"));
                }
                None => {
                    out.push_str(&format!("{pad}{k} = "));
                    multiline(out, v, indent);
                    out.push('\n');
                }
            }
        }
        i = end;
    }
}

/// A map over several lines (its closing brace at `indent`).
fn multiline(out: &mut String, v: &Tf, indent: usize) {
    match v {
        Tf::Map(m) => {
            out.push_str("{\n");
            attributes(out, m, indent + 2);
            out.push_str(&format!("{}}}", " ".repeat(indent)));
        }
        Tf::List(items) => items_lines(out, "[", items, "]", indent),
        Tf::Wrapped(open, items, close) => items_lines(out, open, items, close, indent),
        other => out.push_str(&inline(other).unwrap_or_default()),
    }
}

/// `open`, one item per line, `close` (at `indent`).
fn items_lines(out: &mut String, open: &str, items: &[Tf], close: &str, indent: usize) {
    out.push_str(open);
    out.push('\n');
    for item in items {
        out.push_str(&" ".repeat(indent + 2));
        match inline(item) {
            Some(t) => out.push_str(&t),
            None => multiline(out, item, indent + 2),
        }
        out.push_str(",\n");
    }
    out.push_str(&format!("{}{close}", " ".repeat(indent)));
}

fn block(out: &mut String, b: &Block, indent: usize) {
    let pad = " ".repeat(indent);
    let labels: String = b.labels.iter().map(|l| format!(" {}", quoted(l))).collect();
    if b.attributes.is_empty() && b.blocks.is_empty() {
        out.push_str(&format!("{pad}{}{labels} {{}}\n", b.kind));
        return;
    }
    out.push_str(&format!("{pad}{}{labels} {{\n", b.kind));
    attributes(out, &b.attributes, indent + 2);
    for (i, nested) in b.blocks.iter().enumerate() {
        if i > 0 || !b.attributes.is_empty() {
            out.push('\n');
        }
        block(out, nested, indent + 2);
    }
    out.push_str(&format!("{pad}}}\n"));
}

impl File {
    /// The configuration in HCL, as `terraform fmt` leaves it.
    pub(crate) fn hcl(&self) -> String {
        let mut out = String::new();
        for line in &self.comment {
            out.push_str(&format!("# {line}\n"));
        }
        for b in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            block(&mut out, b, 0);
        }
        out
    }

    /// The configuration in Terraform's JSON syntax.
    pub(crate) fn json(&self) -> Value {
        let mut root = Map::new();
        if !self.comment.is_empty() {
            root.insert("//".into(), json!(self.comment.join(" ")));
        }
        for b in &self.blocks {
            // `resource "type" "name"` nests as resource → type → name.
            let mut slot = root.entry(b.kind.clone()).or_insert_with(|| json!({}));
            for l in &b.labels {
                let Value::Object(m) = slot else { break };
                slot = m.entry(l.clone()).or_insert_with(|| json!({}));
            }
            *slot = body_json(b);
        }
        Value::Object(root)
    }
}

fn value_json(v: &Tf) -> Value {
    match v {
        Tf::Str(s) => json!(literal(s)),
        Tf::Expr(e) => json!(format!("${{{e}}}")),
        Tf::Raw(r) => serde_json::from_str(r).unwrap_or_else(|_| json!(r)),
        Tf::Type(t) => json!(t),
        Tf::Wrapped(..) => json!(format!("${{{}}}", one_line(v).unwrap_or_default())),
        Tf::Template(parts) => json!(
            parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => literal(s),
                    Part::Expr(e) => format!("${{{e}}}"),
                })
                .collect::<String>()
        ),
        Tf::List(items) => Value::Array(items.iter().map(value_json).collect()),
        Tf::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), value_json(v))).collect()),
    }
}

fn body_json(b: &Block) -> Value {
    let mut m: Map<String, Value> = b.attributes.iter().map(|(k, v)| (k.clone(), value_json(v))).collect();
    for nested in &b.blocks {
        let v = body_json(nested);
        match m.get_mut(&nested.kind) {
            Some(Value::Array(list)) => list.push(v),
            Some(first) => *first = json!([first.clone(), v]),
            None => {
                m.insert(nested.kind.clone(), v);
            }
        }
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_is_aligned_and_escaped() {
        let mut r = Block::new("resource", &["aws_apigatewayv2_api", "pets"]);
        r.set("name", Tf::Str("pets \"${x}\" %{y}\n".into()))
            .set("protocol_type", Tf::Str("HTTP".into()))
            .set(
                "tags",
                Tf::Map(vec![("team".into(), Tf::Str("a".into())), ("cost-centre".into(), Tf::Str("b".into()))]),
            )
            .set("body", Tf::Expr("file(\"${path.module}/api.json\")".into()));
        let mut lifecycle = Block::new("lifecycle", &[]);
        lifecycle.set("create_before_destroy", Tf::Raw("true".into()));
        r.nest(lifecycle);
        let f = File { comment: vec!["made by gatewright".into()], blocks: vec![r] };
        assert_eq!(
            f.hcl(),
            "# made by gatewright\n\nresource \"aws_apigatewayv2_api\" \"pets\" {\n  name          = \"pets \\\"$${x}\\\" %%{y}\\n\"\n  protocol_type = \"HTTP\"\n  tags = {\n    team        = \"a\"\n    cost-centre = \"b\"\n  }\n  body = file(\"${path.module}/api.json\")\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n"
        );
        let j = f.json();
        assert_eq!(j["resource"]["aws_apigatewayv2_api"]["pets"]["name"], "pets \"$${x}\" %%{y}\n");
        assert_eq!(j["resource"]["aws_apigatewayv2_api"]["pets"]["body"], "${file(\"${path.module}/api.json\")}");
        assert_eq!(j["resource"]["aws_apigatewayv2_api"]["pets"]["lifecycle"]["create_before_destroy"], true);
    }
}
