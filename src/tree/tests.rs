//! Unit tests of the span tree: spans, YAML aliases and merges, duplicates, decoding.

use super::*;
use crate::pointer::Pointer;
use crate::source::Format;

fn yaml(s: &str) -> Tree {
    parse(&Arc::from(s), Format::Yaml).unwrap_or_else(|e| panic!("{e:?}"))
}

fn json(s: &str) -> Tree {
    parse(&Arc::from(s), Format::Json).unwrap_or_else(|e| panic!("{e:?}"))
}

use std::sync::Arc;

fn span_text<'a>(t: &'a Tree, ptr: &str) -> &'a str {
    let at = t.locate(&Pointer::from_escaped(ptr)).unwrap_or_else(|| panic!("no {ptr}"));
    assert!(at.exact, "{ptr} not exact");
    &t.source()[t.span(at.node)]
}

#[test]
fn yaml_scalar_spans_and_kinds() {
    let t = yaml("a: 1.0\nb: 'x y'\nc:\n  - on\n  - 2\n");
    assert_eq!(span_text(&t, "/a"), "1.0");
    assert_eq!(span_text(&t, "/b"), "'x y'");
    assert_eq!(span_text(&t, "/c/1"), "2");
    let root = t.root().unwrap();
    assert_eq!(root.get("a").unwrap().kind(), Kind::Float);
    assert_eq!(root.get("b").unwrap().as_str(), Some("x y"));
    assert_eq!(root.get("c").unwrap().items().next().unwrap().as_str(), Some("on"));
    let ks = t.key_span(t.locate(&Pointer::from_escaped("/b")).unwrap().node).unwrap();
    assert_eq!(&t.source()[ks], "b");
}

#[test]
fn json_spans_and_escapes() {
    let t = json(r#"{"a\/b": {"x": "q\"\u00fc"}, "n": -1.5e3, "l": [true, null]}"#);
    let root = t.root().unwrap();
    assert_eq!(root.get("a/b").unwrap().get("x").unwrap().as_str(), Some("q\"ü"));
    assert_eq!(span_text(&t, "/a~1b/x"), r#""q\"\u00fc""#);
    assert_eq!(root.get("n").unwrap().kind(), Kind::Float);
    assert_eq!(span_text(&t, "/l/1"), "null");
}

#[test]
fn json_rejects_what_json_rejects() {
    for bad in ["{\"a\":1,}", "[1 2]", "{\"a\" 1}", "01", "1.", "\"\t\"", "{\"a\":tru}", "[1]x", "", "\"\\x\""] {
        assert!(parse(&Arc::from(bad), Format::Json).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn duplicates_keep_the_first_and_record_both() {
    let t = yaml("a: 1\nb: 2\na: 3\n");
    assert_eq!(t.root().unwrap().get("a").unwrap().text(), "1");
    let d = &t.duplicates()[0];
    assert_eq!((d.key.as_str(), d.first.start, d.second.start), ("a", 0, 10));
    let t = json(r#"{"k": 1, "k": 2}"#);
    assert_eq!(t.duplicates().len(), 1);
}

#[test]
fn many_keys_use_the_hash_index() {
    let mut s = String::from("{");
    for i in 0..40 {
        s.push_str(&format!("\"k{i}\": {i},"));
    }
    s.push_str("\"k7\": 0}");
    let t = json(&s);
    assert_eq!(t.duplicates().len(), 1);
    assert_eq!(t.root().unwrap().get("k39").unwrap().text(), "39");
}

#[test]
fn aliases_and_merges_read_through_and_locate_the_definition() {
    let src = "defs:\n  lambda: &l\n    type: aws_proxy\n    uri: arn\n  ops: &o\n    get: {x: 1}\npaths:\n  /p:\n    <<: *o\n    post:\n      i: *l\n";
    let t = yaml(src);
    let p = t.root().unwrap().get("paths").unwrap().get("/p").unwrap();
    let keys: Vec<_> = p.entries().iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["post", "get"]);
    assert_eq!(p.get("post").unwrap().get("i").unwrap().get("uri").unwrap().text(), "arn");
    let at = t.locate(&Pointer::from_escaped("/paths/~1p/post/i/uri")).unwrap();
    assert!(at.exact);
    assert_eq!(&src[t.span(at.node)], "arn");
    assert_eq!(&src[at.via[0].clone()], "*l");
    let at = t.locate(&Pointer::from_escaped("/paths/~1p/get/x")).unwrap();
    assert_eq!(&src[t.span(at.node)], "1");
    assert_eq!(&src[at.via[0].clone()], "*o");
}

#[test]
fn merge_lists_and_overrides() {
    let t = yaml("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 0\n");
    let c = t.root().unwrap().get("c").unwrap();
    let got: Vec<_> = c.entries().iter().map(|(k, v)| format!("{k}={}", v.text())).collect();
    assert_eq!(got, ["x=0", "y=1", "z=2"]);
}

#[test]
fn cloudformation_short_tags_become_long_form() {
    let t = yaml("uri: !Sub 'arn:${AWS::Region}'\nc: !If [cond, a, b]\nd: !GetAtt Fn.Arn\n");
    let r = t.root().unwrap();
    assert_eq!(r.get("uri").unwrap().get("Fn::Sub").unwrap().as_str(), Some("arn:${AWS::Region}"));
    assert_eq!(r.get("c").unwrap().get("Fn::If").unwrap().items().count(), 3);
    assert_eq!(r.get("d").unwrap().get("Fn::GetAtt").unwrap().as_str(), Some("Fn.Arn"));
    let v: serde_json::Value = de::decode(r).unwrap();
    assert_eq!(v["c"]["Fn::If"][2], "b");
}

#[test]
fn yaml_errors_carry_positions() {
    let e = parse(&Arc::from("a: [1, 2\nb: 3\n"), Format::Yaml).unwrap_err();
    assert!(e.span.start > 0, "{e:?}");
    let e = parse(&Arc::from("a: 1\n---\nb: 2\n"), Format::Yaml).unwrap_err();
    assert_eq!(e.span.start, 5);
    assert!(parse(&Arc::from("? [a]\n: 1\n"), Format::Yaml).is_err());
}

#[test]
fn decoding_reads_numbers_as_written_when_strings_are_wanted() {
    #[derive(serde::Deserialize)]
    struct S {
        v: String,
        n: u32,
        o: Option<String>,
    }
    let t = yaml("v: 2.0\nn: 30\no: ~\n");
    let s: S = de::decode(t.root().unwrap()).unwrap();
    assert_eq!((s.v.as_str(), s.n, s.o), ("2.0", 30, None));
}

#[test]
fn decoding_errors_name_the_failing_node() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct S {
        list: Vec<Inner>,
    }
    let t = yaml("list:\n  - n: 1\n  - n: x\n");
    let e = de::decode::<S>(t.root().unwrap()).unwrap_err();
    assert_eq!(e.relative_pointer().as_str(), "/list/1/n");
}

#[test]
fn alias_bombs_are_bounded() {
    let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let p = i - 1;
        s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    let t = yaml(&s);
    let e = de::decode::<serde_json::Value>(t.root().unwrap()).unwrap_err();
    assert!(e.message.contains("alias bomb"), "{e}");
}

#[test]
fn nodes_are_32_bytes() {
    assert_eq!(std::mem::size_of::<Node>(), 32);
}

#[test]
fn large_yaml_reads_the_same_on_two_threads() {
    use std::fmt::Write as _;
    let mut s = String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\nx-base: &base\n  type: mock\npaths:\n");
    for i in 0..20_000 {
        let _ = write!(
            s,
            "  /r{i}:\n    get:\n      summary: \"r\\u00e9 {i}\"\n      x-amazon-apigateway-integration:\n        <<: *base\n        uri: !Sub 'arn:${{AWS::Region}}:{i}'\n"
        );
    }
    let text: Arc<str> = Arc::from(s.as_str());
    let (one, two) = (
        super::yaml::parse_with(&text, false, usize::MAX).unwrap(),
        super::yaml::parse_with(&text, true, usize::MAX).unwrap(),
    );
    let decode = |t: &Tree| super::de::decode::<serde_json::Value>(t.root().unwrap()).unwrap();
    assert_eq!(decode(&one), decode(&two));
    assert_eq!(one.nodes.len(), two.nodes.len());
    let at = |t: &Tree| t.locate(&Pointer::from_escaped("/paths/~1r19999/get/summary")).map(|l| t.span(l.node));
    assert_eq!(at(&one), at(&two));
    // An error near the end: the same message at the same place.
    let bad: Arc<str> = Arc::from(format!("{s}  /broken: [unclosed\n").as_str());
    let (e1, e2) = (
        super::yaml::parse_with(&bad, false, usize::MAX).unwrap_err(),
        super::yaml::parse_with(&bad, true, usize::MAX).unwrap_err(),
    );
    assert_eq!((e1.span, e1.message), (e2.span, e2.message));
}

/// Reading the second part of `paths` apart gives the same tree, or the same first error, as
/// reading the document in one piece: wherever the part is taken to start (the reader must refuse
/// every place that is not a key of `paths`), and whatever the part and the rest hold.
#[test]
fn a_split_read_is_the_same_as_one_piece() {
    let paths = |extra: &str| {
        let mut s = String::from("openapi: 3.0.1\ninfo: &info\n  title: t\n  version: '1'\npaths:\n");
        for i in 0..6 {
            s.push_str(&format!("  /r{i}:\n    get:\n      summary: s{i}\n"));
            if i == 3 {
                s.push_str(extra);
            }
        }
        s
    };
    let cases = [
        paths("") + "components:\n  schemas: {}\n",
        paths(""),
        paths("  # a comment\n\n") + "# after\n\ncomponents:\n  x: 1\n# the end\n",
        paths("  /anchored: &op\n    get: {summary: a}\n  /aliased: *op\n") + "components:\n  x: 1\n",
        paths("  /uses-info: *info\n") + "components:\n  x: 1\n",
        paths("  /defines: &late\n    get: {}\n") + "components:\n  y: *late\n",
        paths("") + "components:\n  z: *info\n",
        paths("  /merge:\n    <<: &base {get: {summary: b}}\n  /merge2:\n    <<: *base\n"),
        paths("  /r0:\n    get: {}\n") + "paths: {}\n",
        paths("  /quoted:\n    get:\n      summary: \"a\n  /r9:\n    x\"\n"),
        paths("  /flow: {get: {summary: [a,\n  /r9: b]}}\n"),
        paths("  /block:\n    get:\n      description: |\n        text\n          /r9: not a key\n"),
        paths("  /tagged:\n    get:\n      x: !Sub '${A}'\n      y: !Ref B\n      z: !!str 1\n"),
        paths("  /broken: [unclosed\n"),
        paths(" /under: 1\n"),
        paths("  /tab:\n\tget: {}\n"),
        paths("") + "components:\n  x: [unclosed\n",
        paths("") + "---\nsecond: 1\n",
        paths("") + "- not a key\n",
        paths("  '/quoted-key':\n    get: {}\n  \"/dq\": {}\n") + "x-end: 1\n",
        "openapi: 3.0.1\npaths: {\n  /a: 1,\n  /b: 2\n}\ncomponents: {}\n".to_string(),
        "openapi: 3.0.1\nx: \"\npaths:\n  /a: 1\n  /b: 2\n\"\n".to_string(),
    ];
    let mut split_used = 0;
    let parts = || super::yaml::PARTS_READ.load(std::sync::atomic::Ordering::Relaxed);
    let before = parts();
    for doc in cases {
        let text: Arc<str> = Arc::from(doc.as_str());
        let one = super::yaml::parse_with(&text, false, usize::MAX);
        let starts = std::iter::once(0).chain(doc.match_indices('\n').map(|(i, _)| i + 1));
        for at in starts.flat_map(|l| [l, l + 1, l + 2]) {
            let Some(two) = super::yaml::parse_split_at(&text, at) else { continue };
            split_used += 1;
            match (&one, &two) {
                (Ok(a), Ok(b)) => assert_eq!(canonical(a), canonical(b), "split at {at} of:\n{doc}"),
                (Err(a), Err(b)) => {
                    assert_eq!((&a.span, &a.message), (&b.span, &b.message), "split at {at} of:\n{doc}")
                }
                _ => panic!("split at {at}: {:?} against {:?} for:\n{doc}", one.is_ok(), two.is_ok()),
            }
        }
        // The size rule picks a place of its own: the same again.
        let two = super::yaml::parse_with(&text, true, 0);
        assert_eq!(one.as_ref().map(canonical).ok(), two.as_ref().map(canonical).ok(), "{doc}");
    }
    assert!(split_used > 500, "{split_used}");
    // Some of those places were right: the part was read apart and used.
    assert!(parts() >= before + 20, "{}", parts() - before);
}

/// A large document in the usual layout is read in three parts (the thresholds of `parse`), and
/// the tree is the one read in one piece.
#[test]
fn a_large_document_is_read_in_parts() {
    let mut s = String::from("openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths:\n");
    let mut i = 0;
    while s.len() < (5 << 20) {
        s.push_str(&format!("  /r{i}/{{id}}:\n    get:\n      operationId: op{i}\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        uri: https://example.com/{i}\n"));
        i += 1;
    }
    s.push_str("components:\n  schemas:\n    A: {type: object}\n");
    let text: Arc<str> = Arc::from(s.as_str());
    let one = super::yaml::parse_with(&text, false, usize::MAX).unwrap();
    let before = super::yaml::PARTS_READ.load(std::sync::atomic::Ordering::Relaxed);
    let two = super::parse(&text, crate::source::Format::Yaml).unwrap();
    assert!(super::yaml::PARTS_READ.load(std::sync::atomic::Ordering::Relaxed) > before, "read in one piece");
    assert_eq!(canonical(&one), canonical(&two));
}

/// Everything a tree holds, its hash maps in key order.
fn canonical(t: &Tree) -> String {
    let sorted = |m: &std::collections::HashMap<u32, _>| {
        let mut v: Vec<_> = m.iter().map(|(k, v)| format!("{k}: {v:?}")).collect();
        v.sort();
        v
    };
    let merges: std::collections::HashMap<u32, String> = t.merges.iter().map(|(k, v)| (*k, format!("{v:?}"))).collect();
    let pooled: std::collections::HashMap<u32, String> =
        t.pooled_keys.iter().map(|(k, v)| (*k, format!("{v:?}"))).collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        t.nodes,
        t.pool,
        sorted(&merges),
        t.duplicates,
        t.root,
        sorted(&pooled)
    )
}
