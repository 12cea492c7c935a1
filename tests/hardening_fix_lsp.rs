//! `gatewright lsp` given a broken or out-of-order conversation, byte for byte on its stdin: a
//! body that is not a message is answered (ParseError, InvalidRequest) and the server goes on; a
//! broken frame (a header that cannot be read, a length past the cap) ends it with exit 2 and the
//! reason on stderr, never a panic or an allocation of the announced size; `exit` is 0 only after
//! `shutdown` (1 otherwise), and a request after `shutdown` is refused.

use crate::support::gatewright;
use serde_json::{Value, json};
use std::io::Write;
use std::process::Stdio;

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize() -> Vec<u8> {
    frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).to_string())
}

fn exit() -> Vec<u8> {
    frame(r#"{"jsonrpc": "2.0", "method": "exit"}"#)
}

/// Runs the server on `input` (then the end of input): exit status, the messages it wrote, stderr.
fn serve(input: &[u8]) -> (i32, Vec<Value>, String) {
    let cache = tempfile::tempdir().unwrap();
    let mut child = gatewright(&["lsp", "--no-config"])
        .env("XDG_CACHE_HOME", cache.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gatewright lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    // The server may stop reading before the end (a broken frame): a closed pipe is expected.
    let _ = stdin.write_all(input);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let mut messages = Vec::new();
    let mut rest = out.stdout.as_slice();
    while !rest.is_empty() {
        let text = String::from_utf8_lossy(rest);
        let (header, _) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("a frame: {text}"));
        let length: usize = header.strip_prefix("Content-Length: ").unwrap().parse().unwrap();
        let body = &rest[header.len() + 4..header.len() + 4 + length];
        messages.push(serde_json::from_slice(body).unwrap());
        rest = &rest[header.len() + 4 + length..];
    }
    (out.status.code().unwrap_or(-1), messages, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn lsp_answers_bodies_that_are_not_messages_and_goes_on() {
    let input = [
        initialize(),
        frame("{not json"),
        frame(r#"[{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}]"#),
        frame(r#"{"jsonrpc": "2.0", "id": 6}"#),
        frame(r#"{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}"#),
        frame(r#"{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {}}"#),
        frame(r#"{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {}}"#),
        exit(),
    ]
    .concat();
    let (code, messages, stderr) = serve(&input);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // Bodies that are not messages are answered as they are read, the server's answers as it
    // makes them: the two may interleave either way.
    let by_id = |id: Value| messages.iter().filter(move |m| m["id"] == id);
    let codes = |id: Value| by_id(id).map(|m| m["error"]["code"].clone()).collect::<Vec<_>>();
    assert_eq!(messages.len(), 6, "{messages:#?}");
    assert!(by_id(json!(1)).all(|m| m["result"]["capabilities"].is_object()));
    assert_eq!(codes(Value::Null), [json!(-32700), json!(-32600)]);
    assert_eq!(codes(json!(6)), [json!(-32600)]);
    assert!(
        by_id(Value::Null).nth(1).unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("a batch (a JSON array) is not part of LSP")
    );
    assert_eq!(by_id(json!(2)).collect::<Vec<_>>(), [&json!({"jsonrpc": "2.0", "id": 2, "result": null})]);
    let after = by_id(json!(3)).next().unwrap();
    assert_eq!(after["error"]["code"], -32600);
    assert_eq!(after["error"]["message"], "`textDocument/hover` after `shutdown`: only `exit` is expected");
}

#[test]
fn lsp_exits_2_when_the_framing_breaks() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"Content-Length: 18446744073709551615\r\n\r\n",
            "a frame announces 18446744073709551615 bytes, more than the 256 MiB gatewright reads",
        ),
        (
            b"Content-Length: 10000000000000\r\n\r\n{}",
            "a frame announces 10000000000000 bytes, more than the 256 MiB gatewright reads",
        ),
        (b"Content-Length: 100000\r\n\r\n{}", "the input ended inside a frame (2 of the 100000 bytes announced)"),
        (b"Content-Length: 2\n\n{}", "broken frame: a header line that does not end in CRLF: \"Content-Length: 2\\n\""),
        (
            b"Content-Length 2\r\n\r\n{}",
            "broken frame: a header line that is not `Name: value`: \"Content-Length 2\\r\\n\"",
        ),
        (b"Content-Type: application/json\r\n\r\n{}", "broken frame: no `Content-Length` header"),
    ];
    for (broken, why) in cases {
        let (code, messages, stderr) = serve(&[initialize(), broken.to_vec()].concat());
        assert_eq!((code, stderr.as_str()), (2, format!("error: gatewright lsp: {why}\n").as_str()));
        assert_eq!(messages.len(), 1, "the initialize result, then nothing: {messages:?}");
        // Before `initialize` too.
        let (code, messages, stderr) = serve(broken);
        assert_eq!((code, messages.len(), stderr.as_str()), (2, 0, format!("error: gatewright lsp: {why}\n").as_str()));
    }
}

#[test]
fn lsp_exit_without_shutdown_is_1() {
    // After initialize; before it (a request before it is refused, ServerNotInitialized); and an
    // input that ends without `exit`.
    let early = frame(r#"{"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {}}"#);
    for (input, answers) in [
        ([initialize(), exit()].concat(), vec![(json!(1), Value::Null)]),
        ([early.clone(), exit()].concat(), vec![(json!(4), json!(-32002))]),
        (initialize(), vec![(json!(1), Value::Null)]),
    ] {
        let (code, messages, _) = serve(&input);
        let shape: Vec<(Value, Value)> =
            messages.iter().map(|m| (m["id"].clone(), m["error"]["code"].clone())).collect();
        assert_eq!((code, shape), (1, answers));
    }
    let shut = frame(r#"{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}"#);
    assert_eq!(serve(&[initialize(), shut, exit()].concat()).0, 0);
}
