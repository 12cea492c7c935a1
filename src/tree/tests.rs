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
    let (one, two) = (super::yaml::parse_with(&text, false).unwrap(), super::yaml::parse_with(&text, true).unwrap());
    let decode = |t: &Tree| super::de::decode::<serde_json::Value>(t.root().unwrap()).unwrap();
    assert_eq!(decode(&one), decode(&two));
    assert_eq!(one.nodes.len(), two.nodes.len());
    let at = |t: &Tree| t.locate(&Pointer::from_escaped("/paths/~1r19999/get/summary")).map(|l| t.span(l.node));
    assert_eq!(at(&one), at(&two));
    // An error near the end: the same message at the same place.
    let bad: Arc<str> = Arc::from(format!("{s}  /broken: [unclosed\n").as_str());
    let (e1, e2) =
        (super::yaml::parse_with(&bad, false).unwrap_err(), super::yaml::parse_with(&bad, true).unwrap_err());
    assert_eq!((e1.span, e1.message), (e2.span, e2.message));
}
