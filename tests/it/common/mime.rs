//! Just enough MIME to read a received digest back: the decoded text/plain part.

/// The body of the first `text/plain` part of a raw message, with its transfer
/// encoding (quoted-printable, base64, 7bit or 8bit) undone.
pub fn decoded_text(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let start = raw.find("Content-Type: text/plain").expect("a text/plain part");
    let part = &raw[start..];
    let (headers, body) = part.split_once("\n\n").expect("part headers");
    let body = body.split("\n--").next().unwrap_or(body);
    let encoding = headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Transfer-Encoding:"))
        .map(|e| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match encoding.as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => String::from_utf8(base64(body)).expect("UTF-8 text"),
        _ => body.to_owned(),
    }
}

fn quoted_printable(body: &str) -> String {
    let mut bytes = Vec::with_capacity(body.len());
    let joined = body.replace("=\n", "");
    let mut input = joined.bytes();
    while let Some(b) = input.next() {
        if b == b'=' {
            let hex: Vec<u8> = input.by_ref().take(2).collect();
            let text = std::str::from_utf8(&hex).expect("QP escape");
            bytes.push(u8::from_str_radix(text, 16).expect("QP hex"));
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).expect("UTF-8 text")
}

fn base64(body: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in body.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).expect("base64 character") as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}
