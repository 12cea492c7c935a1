//! The server's stdio: LSP frames (headers ending in an empty line, `Content-Length` among them,
//! then a JSON body) read from standard input by a thread of their own and handed to the server as
//! `lsp-server` messages, and the server's messages written to standard output by another.
//!
//! `lsp-server`'s own stdio reader is not used: it allocates the length a header announces before
//! reading a byte of the body (`Content-Length: 10000000000000` aborts the process, a length past
//! `usize` panics), and it ends on any broken frame without a word, which the server took for the
//! end of its input (exit 0). Here a frame is read as it arrives, at most [`MAX_FRAME`] bytes. A
//! broken header loses the framing: the reader stops and the server exits 2, the reason on stderr.
//! A well-framed body that is not a message is answered, and the server goes on: with a JSON-RPC
//! ParseError (-32700) when it is not JSON, with InvalidRequest (-32600) when it is a batch (LSP has
//! none) or JSON that is no request, notification or response.

use lsp_server::{Connection, Message};
use std::io::{BufRead, Read, Write};
use std::sync::{Arc, Mutex};

/// The largest frame read: the largest document gatewright reads, which a frame carries.
pub(super) const MAX_FRAME: u64 = crate::io::input::MAX_INPUT;

/// The longest header line read (the headers LSP defines take a few dozen bytes).
const MAX_HEADER_LINE: u64 = 1024;

/// The threads behind [`stdio`], and why the input stopped when it broke.
pub(super) struct Stdio {
    writer: std::thread::JoinHandle<()>,
    broken: Arc<Mutex<Option<String>>>,
}

impl Stdio {
    /// Waits until everything the server sent is written (call once the server's connection is
    /// dropped); the reason the input broke off, if it did. The reader is not waited for: after
    /// `exit` it has stopped, and otherwise it may be blocked on an input that never ends.
    pub(super) fn finish(self) -> Option<String> {
        let _ = self.writer.join();
        self.broken.lock().ok().and_then(|mut b| b.take())
    }
}

/// The server's connection over standard input and output.
pub(super) fn stdio() -> (Connection, Stdio) {
    let (server, client) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client;
    let broken = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&broken);
    std::thread::spawn(move || {
        let result = read_messages(&mut std::io::stdin().lock(), |m| to_server.send(m).is_ok());
        if let (Err(e), Ok(mut slot)) = (result, slot.lock()) {
            *slot = Some(e);
        }
        // Only now, the reason recorded, does the server see its input end.
        drop(to_server);
    });
    let writer = std::thread::spawn(move || {
        for m in from_server {
            let mut out = std::io::stdout().lock();
            if m.write(&mut out).and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    (server, Stdio { writer, broken })
}

/// Reads frames from `input` and hands each message to `deliver` (false: the server is gone) until
/// the input ends or `exit` is delivered; the error says how the framing broke.
fn read_messages(input: &mut impl BufRead, mut deliver: impl FnMut(Message) -> bool) -> Result<(), String> {
    while let Some(body) = read_frame(input)? {
        match message(&body) {
            Ok(m) => {
                let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                if !deliver(m) || exit {
                    return Ok(());
                }
            }
            Err(answer) => {
                let text = answer.to_string();
                let mut out = std::io::stdout().lock();
                let _ = write!(out, "Content-Length: {}\r\n\r\n{text}", text.len()).and_then(|()| out.flush());
            }
        }
    }
    Ok(())
}

/// The body of the next frame, None at the end of the input.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        input
            .by_ref()
            .take(MAX_HEADER_LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if line.is_empty() {
            return if first { Ok(None) } else { Err("the input ended inside a frame's headers".into()) };
        }
        first = false;
        let shown = String::from_utf8_lossy(&line[..line.len().min(80)]).into_owned();
        let Some(header) = line.strip_suffix(b"\r\n") else {
            return Err(format!("broken frame: a header line that does not end in CRLF: {shown:?}"));
        };
        if header.is_empty() {
            break;
        }
        let header = std::str::from_utf8(header).unwrap_or_default();
        let Some((name, value)) = header.split_once(':') else {
            return Err(format!("broken frame: a header line that is not `Name: value`: {shown:?}"));
        };
        if name.eq_ignore_ascii_case("Content-Length") {
            let value = value.trim();
            let n =
                value.parse::<u64>().map_err(|_| format!("broken frame: `Content-Length: {value}` is not a length"))?;
            length = Some(n);
        }
    }
    let length = length.ok_or("broken frame: no `Content-Length` header")?;
    if length > MAX_FRAME {
        return Err(format!(
            "a frame announces {length} bytes, more than the {} MiB gatewright reads",
            MAX_FRAME / 1024 / 1024
        ));
    }
    // Grown as the bytes arrive, never sized from the header alone.
    let mut body = Vec::with_capacity(usize::try_from(length.min(64 * 1024)).unwrap_or(0));
    input.take(length).read_to_end(&mut body).map_err(|e| format!("cannot read standard input: {e}"))?;
    if body.len() as u64 != length {
        return Err(format!("the input ended inside a frame ({} of the {length} bytes announced)", body.len()));
    }
    Ok(Some(body))
}

/// The message a frame's body holds, or the JSON-RPC error answering it.
fn message(body: &[u8]) -> Result<Message, serde_json::Value> {
    let error = |id: serde_json::Value, code: i32, message: String| serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| error(serde_json::Value::Null, PARSE_ERROR, format!("the message is not JSON: {e}")))?;
    if value.is_array() {
        let why = "a batch (a JSON array) is not part of LSP: send one message per frame";
        return Err(error(serde_json::Value::Null, INVALID_REQUEST, why.into()));
    }
    let id = value.get("id").filter(|id| id.is_string() || id.is_number()).cloned().unwrap_or_default();
    serde_json::from_value(value).map_err(|e| {
        error(id, INVALID_REQUEST, format!("the message is not a JSON-RPC request, notification or response: {e}"))
    })
}

/// JSON-RPC's code for a body that is not JSON.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's code for JSON that is not a valid request (LSP's InvalidRequest).
pub(super) const INVALID_REQUEST: i32 = -32600;

#[cfg(test)]
mod tests {
    use super::read_frame;

    fn frame(input: &[u8]) -> Result<Option<Vec<u8>>, String> {
        read_frame(&mut std::io::Cursor::new(input))
    }

    #[test]
    fn a_frame_is_read_as_it_arrives_and_capped() {
        assert_eq!(frame(b"Content-Length: 2\r\n\r\n{}"), Ok(Some(b"{}".to_vec())));
        assert_eq!(frame(b"content-length:2\r\nContent-Type: x\r\n\r\n{}"), Ok(Some(b"{}".to_vec())));
        assert_eq!(frame(b""), Ok(None));
        // Announced far past what arrives, or past the cap: an error, no allocation of that size.
        assert!(frame(b"Content-Length: 10000000\r\n\r\n{}").unwrap_err().contains("2 of the 10000000 bytes"));
        assert!(frame(b"Content-Length: 18446744073709551615\r\n\r\n").unwrap_err().contains("more than the 256 MiB"));
        assert!(frame(b"Content-Length: 18446744073709551616\r\n\r\n").unwrap_err().contains("is not a length"));
        assert!(frame(b"Content-Length: 2\n\n{}").unwrap_err().contains("does not end in CRLF"));
        assert!(frame(b"Content-Type: x\r\n\r\n{}").unwrap_err().contains("no `Content-Length`"));
        assert!(frame(&[b'x'; 5000]).unwrap_err().contains("does not end in CRLF"));
    }
}
