//! WebSocket selection expressions, as the developer guide's "WebSocket selection expressions"
//! describes them: text with variables (`$request.body.action`, or `${request.body.action}`
//! with explicit bounds), `\$` for a literal dollar sign, evaluated once (no recursion).

use serde_json::Value;

/// One piece of an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text.
    Lit(String),
    /// A variable, without its `$` (`request.body.action`).
    Var(String),
}

/// Reads an expression; why it cannot be read otherwise.
pub fn parse(text: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|(_, n)| *n == '$') => {
                lit.push('$');
                chars.next();
            }
            '$' => {
                let name = if chars.peek().is_some_and(|(_, n)| *n == '{') {
                    chars.next();
                    let rest = &text[i + 2..];
                    let Some(end) = rest.find('}') else {
                        return Err(format!("`${{` at byte {i} is not closed by `}}`"));
                    };
                    for _ in rest[..=end].chars() {
                        chars.next();
                    }
                    rest[..end].to_string()
                } else {
                    let mut name = String::new();
                    while let Some((_, n)) = chars.peek().copied().filter(|(_, n)| is_name_char(*n)) {
                        name.push(n);
                        chars.next();
                    }
                    name
                };
                if name.is_empty() || !name.chars().all(is_name_char) {
                    return Err(format!("`$` at byte {i} is not followed by a variable name"));
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::Var(name));
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        parts.push(Part::Lit(lit));
    }
    Ok(parts)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// The body path a variable names (`request.body.a.b` → `["a", "b"]`), if it names one.
pub fn body_path(var: &str) -> Option<Vec<&str>> {
    let path: Vec<&str> = var.strip_prefix("request.body.")?.split('.').collect();
    path.iter().all(|s| !s.is_empty()).then_some(path)
}

/// Why `text` is not an expression that selects by the message body (route and model
/// selection): the variables must be `request.body.PATH`, and there must be one.
pub fn body_selection_problem(text: &str) -> Option<String> {
    let parts = match parse(text) {
        Ok(p) => p,
        Err(e) => return Some(e),
    };
    let vars: Vec<&str> =
        parts.iter().filter_map(|p| if let Part::Var(v) = p { Some(v.as_str()) } else { None }).collect();
    if vars.is_empty() {
        return Some("it has no variable, so every message gives the same key".into());
    }
    vars.iter()
        .find(|v| body_path(v).is_none())
        .map(|v| format!("`${v}` is not a variable of the message body (`$request.body.NAME`)"))
}

/// Evaluates a body selection expression on a JSON message: the key, or None when a variable
/// names nothing that has a text value (a missing property, an object, `null`).
pub fn evaluate(parts: &[Part], body: &Value) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::Var(v) => {
                let path = body_path(v)?;
                let value = path.iter().try_fold(body, |at, seg| at.get(seg))?;
                out.push_str(&scalar_text(value)?);
            }
        }
    }
    Some(out)
}

/// A JSON scalar as selection text: a string as it is, a number or boolean as written.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse("$request.body.action"), Ok(vec![Part::Var("request.body.action".into())]));
        assert_eq!(
            parse("${request.body.version}-beta"),
            Ok(vec![Part::Var("request.body.version".into()), Part::Lit("-beta".into())])
        );
        assert_eq!(parse("\\$default"), Ok(vec![Part::Lit("$default".into())]));
        assert!(parse("${request.body.a").is_err());
        assert!(parse("a $ b").is_err());
        assert!(body_selection_problem("$request.body.action").is_none());
        assert!(body_selection_problem("$request.method $request.path").is_some());
        assert!(body_selection_problem("action").is_some());
        assert!(body_selection_problem("$request.body.").is_some());
    }

    #[test]
    fn evaluates_on_a_body() {
        let parts = parse("${request.body.service}/${request.body.op.name}").unwrap_or_default();
        assert_eq!(evaluate(&parts, &json!({"service": "chat", "op": {"name": "send"}})), Some("chat/send".into()));
        assert_eq!(evaluate(&parts, &json!({"service": "chat"})), None);
        let n = parse("$request.body.v").unwrap_or_default();
        assert_eq!(evaluate(&n, &json!({"v": 2})), Some("2".into()));
        assert_eq!(evaluate(&n, &json!({"v": {"a": 1}})), None);
    }
}
