//! Just enough HTTP to talk to the emulator's own API on loopback: a GET, answered in full.
//!
//! HTTP/1.0 on purpose: the server then sends the body as is (no chunked encoding) and closes the
//! connection, so reading to the end is reading the answer. Pulling in an HTTP client crate for two
//! loopback calls would cost more build time than these lines.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// An HTTP answer: status code and body.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// GETs `path` from `host:port` (no scheme).
pub(crate) fn get(authority: &str, path: &str) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: */*\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let header_end = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("the answer has no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..header_end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line in {head:?}")))?;
    Ok(Answer {
        status,
        body: raw[header_end + 4..].to_vec(),
    })
}
