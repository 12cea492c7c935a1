//! WebSocket APIs from AsyncAPI 3.0: `fixtures/websocket/` lowered to the `routes` JSON
//! (snapshots; each must lower without errors), the route a message selects (a table of
//! messages and the route keys AWS would pick), the commands around the kind: the choice
//! (`auto`, `--api websocket`), the version gate, `route`'s exit status; and every fixture through
//! every backend (snapshots), with what `compile` refuses for a WebSocket API (import mode, the
//! OpenAPI document, CORS) and why.

use crate::support::{analyze, input, json, rel, render, run, snapshots};
use gatewright::Options;
use gatewright::diagnostics::Severity;
use gatewright::emit::{EmitOptions, Target};
use gatewright::source::SourceFile;
use gatewright::websocket::{simulate, view};

const CHAT: &str = "fixtures/websocket/chat.yaml";
const ORDERS: &str = "fixtures/websocket/models-by-type.yaml";
const GAMES: &str = "fixtures/websocket/nested-selection.json";

#[test]
fn websocket_lowering_fixtures() {
    snapshots(|| {
        insta::glob!("../fixtures", "websocket/*.*", |path| {
            let a = analyze(path, &Options::default());
            let rendered = render(&a);
            assert!(
                a.diagnostics.iter().all(|d| d.severity < Severity::Error),
                "{} must lower without errors; got:\n{rendered}",
                path.display()
            );
            let api = a.websocket.as_ref().unwrap_or_else(|| panic!("{} was not lowered", path.display()));
            let routes = serde_json::to_string_pretty(&view::routes_json(api)).unwrap_or_default();
            let mut body = format!("----- INPUT\n{}\n----- ROUTES\n{routes}\n", input(path));
            if !rendered.is_empty() {
                body.push_str(&format!("----- DIAGNOSTICS\n{rendered}"));
            }
            insta::assert_snapshot!(body);
        });
    });
}

#[test]
fn the_route_each_message_selects() {
    // (document, message, the route key AWS selects, or None: no route)
    let table: &[(&str, &str, Option<&str>)] = &[
        (CHAT, r#"{"action": "sendMessage", "text": "hi"}"#, Some("sendMessage")),
        (CHAT, r#"{"action": "joinRoom", "room": "a"}"#, Some("joinRoom")),
        (CHAT, r#"{"action": "leave"}"#, Some("$default")),
        (CHAT, r#"{"text": "no action"}"#, Some("$default")),
        (CHAT, r#"{"action": {"nested": true}}"#, Some("$default")),
        (CHAT, "plain text, not JSON", Some("$default")),
        (CHAT, r#"{"action": "$connect"}"#, Some("$default")),
        (CHAT, r#"{"action": "$disconnect"}"#, Some("$default")),
        (CHAT, r#"{"action": "SendMessage"}"#, Some("$default")),
        (CHAT, "[1, 2]", Some("$default")),
        (ORDERS, r#"{"action": "placeOrder", "type": "limit"}"#, Some("placeOrder")),
        (ORDERS, r#"{"action": "cancel"}"#, None),
        (ORDERS, "not json", None),
        (GAMES, r#"{"game": "chess", "move": {"kind": "move"}}"#, Some("chess/move")),
        (GAMES, r#"{"game": "chess", "move": {"kind": "resign"}}"#, Some("$default")),
        (GAMES, r#"{"game": "chess"}"#, Some("$default")),
    ];
    for (file, message, expected) in table {
        let a = analyze(&crate::support::root().join(file), &Options::default());
        let api = a.websocket.as_ref().expect("a WebSocket API");
        let s = simulate::select(api, message);
        assert_eq!(s.route.map(|r| r.key.as_str()), *expected, "{file}: {message}");
    }
}

#[test]
fn route_from_the_command_line() {
    let (code, out, _) = run(&["route", CHAT, r#"{"action":"sendMessage"}"#]);
    assert_eq!(code, 0);
    assert!(out.contains("route         sendMessage"), "{out}");
    let v = json(&["route", "--format", "json", CHAT, "hello"]);
    assert_eq!((v["RouteKey"].as_str(), v["Reason"].as_str()), (Some("$default"), Some("not-json")));
    let (code, out, _) = run(&["route", ORDERS, r#"{"action":"cancel"}"#]);
    assert_eq!(code, 1, "no route, no `$default`: exit 1 as grep does");
    assert!(out.contains("no route: no route has the key `cancel`"), "{out}");
}

#[test]
fn the_kind_and_the_version_gate() {
    let (code, out, _) = run(&["check", CHAT]);
    assert_eq!(code, 0);
    assert!(out.contains("(WebSocket API): no problems"), "{out}");
    let v = json(&["routes", "--format", "json", "--api", "websocket", CHAT]);
    assert_eq!(v["Api"]["ProtocolType"], "WEBSOCKET");
    let (code, out, _) = run(&["check", "--api", "websocket", "fixtures/examples/petstore.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("GW1001") && out.contains("an OpenAPI document describes an HTTP or REST API"), "{out}");
    let (code, out, _) = run(&["check", "--api", "http", CHAT]);
    assert_eq!(code, 1);
    assert!(out.contains("an AsyncAPI document describes a WebSocket API"), "{out}");
    let (code, out, _) = run(&[
        "check",
        "--format",
        "concise",
        "fixtures/check/GW1001-unsupported-asyncapi-version/invalid-asyncapi-2.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("error[GW1001] AsyncAPI 2.6.0 is not read: gatewright reads AsyncAPI 3.0"), "{out}");
}

#[test]
fn websocket_backends() {
    snapshots(|| {
        insta::glob!("../fixtures", "websocket/*.*", |path| {
            let mut body = String::new();
            for (label, target) in [
                ("aws-cli", Target::AwsCli),
                ("cloudformation", Target::CloudFormation),
                ("terraform", Target::Terraform),
                ("plan", Target::Plan),
            ] {
                let opts = EmitOptions {
                    target,
                    region: Some("us-east-1".into()),
                    lambda_permissions: true,
                    ..EmitOptions::default()
                };
                let bytes = std::fs::read(path).expect("fixture");
                let c = gatewright::compile(SourceFile::from_bytes(rel(path), bytes), &Options::default(), &opts);
                let out = c.output.unwrap_or_else(|| {
                    panic!("{} {label}: {:?}\n{}", path.display(), c.unsupported, render(&c.analysis))
                });
                body.push_str(&format!("----- {label}\n{out}"));
            }
            insta::assert_snapshot!(body);
        });
    });
}

#[test]
fn what_compile_refuses_for_a_websocket_api() {
    for (args, why) in [
        (&["compile", CHAT, "--emit", "aws-cli", "--mode", "import"][..], "takes HTTP APIs only"),
        (&["compile", CHAT, "--emit", "openapi"][..], "has no OpenAPI form"),
        (&["compile", CHAT, "--emit", "plan", "--endpoint-type", "edge"][..], "regional endpoints only"),
        (&["deploy", CHAT, "--region", "us-east-1", "--dry-run", "--mode", "import"][..], "takes HTTP APIs only"),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} wrote {out}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    // A dry run lists what a deploy creates, in order.
    let (code, out, err) = run(&["deploy", CHAT, "--region", "us-east-1", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    for line in ["create the API", "create route-response joinRoom $default", "create stage $default"] {
        assert!(out.contains(line) || err.contains(line), "{line}: {out}{err}");
    }
}

/// The script keeps in a variable only the ids something refers to: an unused variable is a
/// shellcheck warning (SC2034). An authorizer no route names, and models (named by name), get
/// none; a route does when a route response is created under it.
#[test]
fn the_script_keeps_only_the_ids_it_uses() {
    let dir = crate::support::scratch("ws-vars");
    let doc = dir.join("unused-authorizer.yaml");
    let text = std::fs::read_to_string(crate::support::root().join(CHAT)).expect("chat.yaml");
    let without = text.replace("    security:\n      - $ref: '#/components/securitySchemes/tokenAuthorizer'\n", "");
    assert_ne!(text, without);
    std::fs::write(&doc, without).expect("write");
    let (code, script, err) = run(&["compile", &doc.to_string_lossy(), "--emit", "aws-cli"]);
    assert_eq!(code, 0, "{err}");
    let assigned: Vec<&str> = script.lines().filter_map(|l| l.split_once("=$(aws ").map(|(v, _)| v)).collect();
    assert_eq!(assigned, ["API_ID", "INTEGRATION_1", "INTEGRATION_2", "INTEGRATION_3", "ROUTE_4"], "{script}");
    for var in &assigned[1..] {
        assert!(script.contains(&format!("\"${var}\"")), "{var} is never used:\n{script}");
    }
}
