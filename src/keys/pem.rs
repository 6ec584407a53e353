//! PEM clean-up, decoding and encoding.
//!
//! Keys arrive through environment variables and secret stores, which mangle PEMs: newlines
//! become literal `\n`, CRLF, or spaces; the whole value gets quoted. [`decode`] undoes all of
//! that, then finds the first key block (skipping `EC PARAMETERS`, which `openssl ecparam`
//! writes before an EC key) and returns its label and DER bytes.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::error::{quote_label, Error, ErrorCode, Result};

/// Largest PEM text accepted (a 4096-bit RSA PKCS#1 key with a certificate chain fits easily).
pub const MAX_PEM_LEN: usize = 64 * 1024;

/// Longest text taken as a PEM label between `-----BEGIN ` and `-----`.
const MAX_LABEL_LEN: usize = 64;

/// A decoded PEM block. The DER is zeroized on drop since it may hold a private key.
pub struct Block {
    /// The label, e.g. `PRIVATE KEY`.
    pub label: String,
    /// The DER bytes.
    pub der: Zeroizing<Vec<u8>>,
}

/// Whether `text` looks like PEM armour (used to refuse PEMs as HMAC secrets).
pub fn looks_like_pem(text: &[u8]) -> bool {
    text.windows(10).any(|w| w == b"-----BEGIN")
}

/// Undoes what environment variables do to PEM text.
pub fn normalise(input: &str) -> Zeroizing<String> {
    let mut s = input.trim();
    // Strip one or two layers of matching quotes (a JSON-encoded value in a quoted .env line).
    for _ in 0..2 {
        let b = s.as_bytes();
        if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
            s = s[1..s.len() - 1].trim();
        }
    }
    let mut out = Zeroizing::new(String::with_capacity(s.len()));
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('n') | Some('r')) => {
                if chars.next() == Some('n') {
                    out.push('\n');
                }
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Decodes the first key block of a PEM text (after [`normalise`]).
pub fn decode(input: &str) -> Result<Block> {
    if input.len() > MAX_PEM_LEN {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "PEM text is {} bytes, more than the {MAX_PEM_LEN} accepted",
                input.len()
            ),
        ));
    }
    let text = normalise(input);
    let mut rest: &str = &text;
    loop {
        let Some(begin) = rest.find("-----BEGIN ") else {
            return Err(Error::key_invalid(if rest.len() == text.len() {
                "not a PEM: no \"-----BEGIN ...-----\" line found"
            } else {
                "the PEM holds no key block"
            }));
        };
        let after = &rest[begin + 11..];
        // The label ends at the BEGIN line's closing dashes, on the same line and within a few
        // dozen characters. A BEGIN line without its closing dashes would otherwise take the
        // base64 body up to the END line for its label (and quote it).
        let label_end = after
            .find("-----")
            .filter(|&i| i <= MAX_LABEL_LEN && !after[..i].contains('\n'));
        let Some(label_end) = label_end else {
            return Err(Error::key_invalid(
                "PEM BEGIN line is not terminated by -----",
            ));
        };
        let label = after[..label_end].trim();
        let quoted = quote_label(label);
        let body_and_rest = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_and_rest.find(&end_marker) else {
            return Err(Error::key_invalid(format!(
                "PEM block {quoted} has no matching \"-----END ...-----\" line"
            )));
        };
        let body = &body_and_rest[..end];
        rest = &body_and_rest[end + end_marker.len()..];
        if label == "EC PARAMETERS" {
            continue;
        }
        if body.contains(':') {
            return Err(Error::key_unsupported(format!(
                "PEM block {quoted} is encrypted (it has Proc-Type/DEK-Info headers); decrypt it first, e.g. with `openssl pkey`"
            )));
        }
        if body.contains('\\') {
            return Err(Error::key_invalid(format!(
                "PEM block {quoted} holds backslashes: its line breaks look escaped twice (\"\\\\n\" where \"\\n\" or a real line break belongs, e.g. JSON inside an environment variable). Unescape the value once more (JSON.parse it), or store the key with real line breaks"
            )));
        }
        let b64: Zeroizing<Vec<u8>> =
            Zeroizing::new(body.bytes().filter(|b| !b.is_ascii_whitespace()).collect());
        let mut der = Zeroizing::new(vec![0u8; b64.len() / 4 * 3 + 3]);
        let len = Base64::decode(&b64[..], &mut der[..])
            .map_err(|_| {
                Error::key_invalid(format!("PEM block {quoted} body is not valid base64"))
            })?
            .len();
        der.truncate(len);
        if der.is_empty() {
            return Err(Error::key_invalid(format!("PEM block {quoted} is empty")));
        }
        return Ok(Block {
            label: label.to_owned(),
            der,
        });
    }
}

/// Encodes DER as PEM with 64-column lines and LF endings.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = Zeroizing::new(Base64::encode_string(der));
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_env_mangling() {
        let pem = encode("PUBLIC KEY", b"hello world, this is not DER but fine");
        let escaped = format!("\"{}\"", pem.replace('\n', "\\n"));
        let crlf = pem.replace('\n', "\r\n");
        let spaced = format!("  '{}'  ", pem.trim().replace('\n', " "));
        for variant in [pem.clone(), escaped, crlf, spaced] {
            let b = decode(&variant).unwrap();
            assert_eq!(b.label, "PUBLIC KEY");
            assert_eq!(&b.der[..], b"hello world, this is not DER but fine");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(decode("hello").err().unwrap().code(), ErrorCode::KeyInvalid);
        assert_eq!(
            decode("-----BEGIN X-----\nAAAA\n").err().unwrap().code(),
            ErrorCode::KeyInvalid
        );
        assert_eq!(
            decode("-----BEGIN X-----\n!!!!\n-----END X-----")
                .err()
                .unwrap()
                .code(),
            ErrorCode::KeyInvalid
        );
        let enc = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----";
        assert_eq!(decode(enc).err().unwrap().code(), ErrorCode::KeyUnsupported);
        let big = "A".repeat(MAX_PEM_LEN + 1);
        assert_eq!(
            decode(&big).err().unwrap().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn skips_ec_parameters() {
        let text = format!(
            "{}{}",
            encode("EC PARAMETERS", b"\x06\x08abc"),
            encode("EC PRIVATE KEY", b"xyz")
        );
        assert_eq!(decode(&text).unwrap().label, "EC PRIVATE KEY");
    }
}
