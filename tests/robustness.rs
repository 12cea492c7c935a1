//! No input makes gatewright panic: every fixture truncated at many points and mutated byte by
//! byte (Terraform configurations and CloudFormation templates also as such; every fixture also
//! as a WebSocket API, which the AsyncAPI fixtures of `fixtures/websocket/` exercise most), plus
//! hostile shapes (deep nesting, alias bombs, huge keys), all analyzed and rendered, and what a
//! WebSocket document lowers to compiled by every backend.

use gatewright::diagnostics::render::{self, HumanStyle};
use gatewright::emit::{EmitOptions, Target};
use gatewright::kind::{ApiChoice, ApiKind};
use gatewright::source::SourceFile;
use gatewright::{Options, analyze};

/// Analyses the input as the `auto` rule decides, as a REST API and as a WebSocket API, and
/// renders everything (a WebSocket API's views with a JSON and a non-JSON message).
fn exercise(name: &str, bytes: Vec<u8>) {
    for api in [ApiChoice::Auto, ApiChoice::Fixed(ApiKind::Rest), ApiChoice::Fixed(ApiKind::WebSocket)] {
        let result = std::panic::catch_unwind(|| {
            let a = analyze(SourceFile::from_bytes(name, bytes.clone()), &Options { api, ..Options::default() });
            let _ = render::render_human(&a.source, a.tree.as_ref(), &a.diagnostics, HumanStyle::plain());
            let _ = render::file_json(&a.source, a.tree.as_ref(), a.diagnostics.clone());
            if let Some(api) = &a.api {
                let _ = gatewright::http::view::routes_json(api);
                let _ = gatewright::http::view::routes_table(api);
            }
            if let (Some(rest), Some(tree)) = (&a.rest, &a.tree) {
                let _ = gatewright::rest::view::json(rest, tree);
                let _ = gatewright::rest::view::tree(rest);
                let s = gatewright::rest::simulate::select(rest, "GET", "/a/b/c");
                let _ = gatewright::rest::simulate::selection_json(&s);
            }
            if let Some(ws) = &a.websocket {
                let _ = gatewright::websocket::view::routes_json(ws);
                let _ = gatewright::websocket::view::routes_table(ws);
                for message in [r#"{"action": "sendMessage", "a": {"b": 1}}"#, "not json"] {
                    let s = gatewright::websocket::simulate::select(ws, message);
                    let _ = gatewright::websocket::simulate::selection_text(ws, &s);
                    let _ = gatewright::websocket::simulate::selection_json(ws, &s);
                }
            }
            if a.websocket.is_some() && name.contains("websocket") {
                // Every backend on what a WebSocket document lowered to (refused or written).
                for target in [Target::AwsCli, Target::CloudFormation, Target::Terraform, Target::Plan] {
                    let again =
                        analyze(SourceFile::from_bytes(name, bytes.clone()), &Options { api, ..Options::default() });
                    let opts = EmitOptions { target, ..EmitOptions::default() };
                    let _ = gatewright::compile_analysis(again, &opts, &mut Vec::new());
                }
            }
        });
        assert!(result.is_ok(), "panic on {name} ({api:?})");
    }
    if name.contains(".tf") {
        // A configuration: its bodies read, files answered by a small document.
        let result = std::panic::catch_unwind(|| {
            let read = |p: &str| Ok(SourceFile::new(p, "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n"));
            let source = SourceFile::from_bytes(name.split(['[', ' ']).next().unwrap_or(name), bytes.clone());
            for c in gatewright::terraform::check(source, &Options::default(), &read) {
                let _ = render::render_human(&c.source, None, &c.diagnostics, HumanStyle::plain());
            }
        });
        assert!(result.is_ok(), "panic on {name} (Terraform)");
    }
    if name.contains("cloudformation") {
        // A template: its bodies read, files answered by a small document.
        let result = std::panic::catch_unwind(|| {
            let read = |p: &str| Ok(SourceFile::new(p, "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n"));
            let source = SourceFile::from_bytes(name.split(['[', ' ']).next().unwrap_or(name), bytes.clone());
            let _ = gatewright::cfn_template::is_template(&source);
            for c in gatewright::cfn_template::check(source, &Options::default(), &read) {
                let _ = render::render_human(&c.source, None, &c.diagnostics, HumanStyle::plain());
            }
        });
        assert!(result.is_ok(), "panic on {name} (CloudFormation)");
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![crate::support::root().join("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((crate::support::rel(&p), b));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn truncated_documents() {
    for (name, bytes) in fixtures() {
        let step = (bytes.len() / 40).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            exercise(&format!("{name}[..{cut}]"), bytes[..cut].to_vec());
        }
    }
}

#[test]
fn mutated_documents() {
    const INSERTS: &[&[u8]] = &[
        b"{", b"}", b"[", b"]", b":", b",", b"-", b"*a", b"&a ", b"<<: ", b"'", b"\"", b"\n", b"\t", b"$ref", b"\xff",
        b"~1", b"!Sub ", b"${", b"$${", b"%{", b"<<EOT\n", b"<<-X\n", b"\\", b"\\u12",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (name, bytes) in fixtures() {
        for i in 0..60 {
            let mut b = bytes.clone();
            let at = rng.below(b.len());
            match rng.below(3) {
                0 => {
                    b.remove(at.min(b.len().saturating_sub(1)).min(b.len()));
                }
                1 => {
                    let ins = INSERTS[rng.below(INSERTS.len())];
                    b.splice(at..at, ins.iter().copied());
                }
                _ => {
                    if !b.is_empty() {
                        let j = rng.below(b.len());
                        b[at] = b[j];
                    }
                }
            }
            exercise(&format!("{name} mutation {i} at {at}"), b);
        }
    }
}

#[test]
fn hostile_shapes() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_yaml = "- ".repeat(5_000) + "x\n";
    let deep_flow = format!("openapi: 3.0.1\nx: {}{}\n", "{a: ".repeat(3_000), "}".repeat(3_000));
    let mut bomb =
        String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    bomb.push_str("paths:\n  /p:\n    get:\n      x-amazon-apigateway-integration: *a9\n");
    let self_merge = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: &p\n  <<: *p\n";
    let huge_key =
        format!("openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n  /{}: {{}}\n", "a".repeat(200_000));
    let many_dups = format!("{{\"openapi\": \"3.0.1\", {}\"paths\": {{}}}}", "\"x\": 1, ".repeat(2_000));
    for (name, text) in [
        ("deep json", deep_json),
        ("deep yaml", deep_yaml),
        ("deep flow", deep_flow),
        ("alias bomb", bomb),
        ("self merge", self_merge.to_string()),
        ("huge key", huge_key),
        ("many duplicates", many_dups),
        ("nul", "openapi: 3.0.1\0\n".to_string()),
        (
            "asyncapi reference cycles",
            "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels: {c: {$ref: '#/channels/c'}}\noperations:\n  o: {action: receive, channel: {$ref: '#/channels/c'}, messages: [{$ref: '#/operations/o/messages/0'}]}\n  p: {$ref: '#/operations/p'}\n".to_string(),
        ),
        ("bom", "\u{feff}{\"openapi\": \"3.0.1\"}".to_string()),
    ] {
        exercise(name, text.into_bytes());
    }
}
