//! Strict, table-driven base64url (RFC 4648 §5, no padding) for the public parts of a token:
//! the header, the payload, the signature and the signing input.
//!
//! base64ct, used for key material, is constant-time, which costs ~16 % of a whole `verifySync()`
//! call (the profile in benches/RESULTS.md); nothing a token carries is secret, so a lookup table
//! decodes it. The rules are base64ct's `Base64UrlUnpadded` exactly — the alphabet, no `=`, a
//! length that is not 1 mod 4, zero trailing bits — and a test compares the two on every input
//! length and on thousands of mutated inputs.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INVALID: u8 = 0xff;

/// The 6-bit value of each byte, or `INVALID`.
const DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Why a segment does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte outside the base64url alphabet, at this offset.
    Byte(usize),
    /// A length of 1 mod 4, or trailing bits that are not zero (a non-canonical encoding).
    NotCanonical,
}

/// Decodes `text`, or says why it is not strict base64url.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let input = text.as_bytes();
    if input.len() % 4 == 1 {
        // Report a bad byte first, as the character check of a segment does.
        if let Some(at) = input.iter().position(|b| DECODE[*b as usize] == INVALID) {
            return Err(DecodeError::Byte(at));
        }
        return Err(DecodeError::NotCanonical);
    }
    let full = input.len() / 4;
    let tail = input.len() % 4;
    let mut out = vec![0u8; full * 3 + tail.saturating_sub(1)];
    let sextet = |at: usize| -> Result<u32, DecodeError> {
        match DECODE[input[at] as usize] {
            INVALID => Err(DecodeError::Byte(at)),
            v => Ok(u32::from(v)),
        }
    };
    // The whole quads: four table reads and one check for all four (`INVALID` has the high bit,
    // no sextet has), no per-byte branch; the offset of a bad byte is looked for only when there
    // is one. Written without closures or adapters: the crate is built for size (opt-level "z"),
    // which does not inline them, and this loop is a quarter of a `verifySync()` call otherwise.
    let mut at = 0;
    let buf: &mut [u8] = &mut out;
    for o in buf.chunks_exact_mut(3) {
        let (a, b, c, d) = (
            DECODE[input[at] as usize],
            DECODE[input[at + 1] as usize],
            DECODE[input[at + 2] as usize],
            DECODE[input[at + 3] as usize],
        );
        if (a | b | c | d) & 0x80 != 0 {
            let bad = input[at..at + 4]
                .iter()
                .position(|x| DECODE[*x as usize] == INVALID);
            return Err(DecodeError::Byte(at + bad.unwrap_or(0)));
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        o[0] = (n >> 16) as u8;
        o[1] = (n >> 8) as u8;
        o[2] = n as u8;
        at += 4;
    }
    let o = full * 3;
    match tail {
        2 => {
            let n = sextet(at)? << 18 | sextet(at + 1)? << 12;
            if n & 0xffff != 0 {
                return Err(DecodeError::NotCanonical);
            }
            out[o] = (n >> 16) as u8;
        }
        3 => {
            let n = sextet(at)? << 18 | sextet(at + 1)? << 12 | sextet(at + 2)? << 6;
            if n & 0xff != 0 {
                return Err(DecodeError::NotCanonical);
            }
            out[o] = (n >> 16) as u8;
            out[o + 1] = (n >> 8) as u8;
        }
        _ => {}
    }
    Ok(out)
}

/// Encodes `bytes` as base64url without padding. Plain indexed loops into a buffer of the final
/// size: at opt-level "z" the `chunks_exact`/`extend_from_slice` form stayed out of line and was a
/// fifth of an `issueSync()` call.
pub fn encode(bytes: &[u8]) -> String {
    let full = bytes.len() / 3;
    let rest = bytes.len() % 3;
    let mut out = vec![0u8; full * 4 + if rest == 0 { 0 } else { rest + 1 }];
    // Indexing a slice is built in; indexing the `Vec` is a call at opt-level "z".
    let buf: &mut [u8] = &mut out;
    let (mut i, mut o) = (0, 0);
    while i + 3 <= bytes.len() {
        let n = u32::from(bytes[i]) << 16 | u32::from(bytes[i + 1]) << 8 | u32::from(bytes[i + 2]);
        buf[o] = sym(n, 18);
        buf[o + 1] = sym(n, 12);
        buf[o + 2] = sym(n, 6);
        buf[o + 3] = sym(n, 0);
        i += 3;
        o += 4;
    }
    if rest > 0 {
        let b = if rest == 2 {
            u32::from(bytes[i + 1]) << 8
        } else {
            0
        };
        let n = u32::from(bytes[i]) << 16 | b;
        buf[o] = sym(n, 18);
        buf[o + 1] = sym(n, 12);
        if rest == 2 {
            buf[o + 2] = sym(n, 6);
        }
    }
    // Every byte written comes from ALPHABET, which is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// The symbol of the six bits of `n` at `shift`.
#[inline(always)]
fn sym(n: u32, shift: u32) -> u8 {
    ALPHABET[(n >> shift & 63) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64ct::{Base64UrlUnpadded, Encoding};
    use rand_chacha::ChaCha20Rng;
    use rand_core::{RngCore, SeedableRng};

    /// Our verdict and base64ct's agree on `text` (bytes when both accept it).
    fn agree(text: &str) {
        let ours = decode(text);
        let theirs = Base64UrlUnpadded::decode_vec(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text:?}: ours {ours:?}, base64ct {theirs:?}"),
        }
    }

    #[test]
    fn round_trips_and_matches_base64ct_for_every_length() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        for len in 0..300 {
            let mut bytes = vec![0u8; len];
            rng.fill_bytes(&mut bytes);
            let text = encode(&bytes);
            assert_eq!(
                text,
                Base64UrlUnpadded::encode_string(&bytes),
                "encode of {len} bytes"
            );
            assert_eq!(decode(&text).unwrap(), bytes, "decode of {len} bytes");
        }
    }

    #[test]
    fn agrees_with_base64ct_on_mutated_inputs() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let pool = b"AQgw_-zZ09=+/ .\n\x7f";
        let mut rejected = 0;
        for i in 0..20_000 {
            let mut bytes = vec![0u8; (i % 40) + 1];
            rng.fill_bytes(&mut bytes);
            let mut text = encode(&bytes).into_bytes();
            // one to three edits: replace, insert or delete a byte
            for _ in 0..(rng.next_u32() % 3 + 1) {
                let at = rng.next_u32() as usize % (text.len() + 1);
                let b = pool[rng.next_u32() as usize % pool.len()];
                match rng.next_u32() % 3 {
                    0 if at < text.len() => text[at] = b,
                    1 => text.insert(at, b),
                    _ if at < text.len() => {
                        text.remove(at);
                    }
                    _ => {}
                }
            }
            let text = String::from_utf8(text).unwrap();
            if decode(&text).is_err() {
                rejected += 1;
            }
            agree(&text);
        }
        assert!(
            rejected > 5_000,
            "only {rejected} mutated inputs were rejected"
        );
    }

    #[test]
    fn names_the_first_bad_byte_and_non_canonical_tails() {
        assert_eq!(decode("ab=d"), Err(DecodeError::Byte(2)));
        assert_eq!(decode("abcd\u{e9}"), Err(DecodeError::Byte(4)));
        assert_eq!(decode("a"), Err(DecodeError::NotCanonical));
        assert_eq!(decode("a+"), Err(DecodeError::Byte(1)));
        // "AB" leaves 4 non-zero trailing bits; "AQ" (0x01) is canonical
        assert_eq!(decode("AB"), Err(DecodeError::NotCanonical));
        assert_eq!(decode("AQ"), Ok(vec![1]));
        assert_eq!(decode("AQF"), Err(DecodeError::NotCanonical));
        assert_eq!(decode("AQE"), Ok(vec![1, 1]));
        assert_eq!(decode(""), Ok(vec![]));
    }
}
