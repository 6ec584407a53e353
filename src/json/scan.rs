//! A strict JSON object read without building its tree: the verifier's path through a header and a
//! payload. It accepts a text only when [`super::parse_object`] accepts it too, with the same
//! values: valid UTF-8 and JSON syntax, no member name twice in any object (names compared after
//! their escapes are decoded), no number beyond ±(2^53 − 1). It keeps the top-level members as
//! spans of the text; a rule that reads a member gets it from its span.
//!
//! It is a fast path, never a second judge: for any text it does not accept — a syntax error, a
//! duplicate, a number it cannot bound without converting it (an exponent, more than 15 integer
//! digits beside a fraction), an escaped surrogate, nesting deeper than 64 — it answers `None`, and
//! the caller asks [`super::parse_object`], whose answer and message stand. So a gap here can cost
//! speed, never a verdict or a message. `tests/json_scan.rs` compares the two on every kind of
//! value and on mutated texts by the thousand.

use serde_json::Value;

use crate::time::MAX_SAFE_INTEGER;

/// Deepest nesting the scanner follows (the full parser allows 128; deeper texts go to it).
const MAX_DEPTH: u32 = 64;

/// What a member's value is, as far as the rules need to know without converting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`, `true` or `false`.
    Literal,
    /// An integer within ±(2^53 − 1), its value (never `-0`, which JSON parsers read as a float).
    Int(i64),
    /// Any other number (a fraction), within the bound.
    Number,
    /// A string; `true` when it has an escape.
    String(bool),
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A strict JSON object, its top-level members as spans of its text: each member's name (a span,
/// or its escapes decoded), where its value starts and ends, and its kind.
#[derive(Debug, Clone)]
pub struct Scanned<'a> {
    text: &'a str,
    members: Vec<Found>,
}

impl<'a> Scanned<'a> {
    /// The object in `bytes`, or `None` when the scanner does not accept it (module comment: the
    /// full parser then decides).
    pub fn scan(bytes: &'a [u8]) -> Option<Scanned<'a>> {
        let text = core::str::from_utf8(bytes).ok()?;
        let mut s = Scanner {
            b: bytes,
            i: 0,
            depth: 0,
        };
        s.ws();
        if s.peek()? != b'{' {
            return None;
        }
        let mut members = Vec::with_capacity(8);
        s.object(Some(&mut members))?;
        s.ws();
        if s.i != bytes.len() {
            return None;
        }
        Some(Scanned { text, members })
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The number of top-level members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the object has no member.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    fn find(&self, name: &str) -> Option<&Found> {
        let (text, name) = (self.text.as_bytes(), name.as_bytes());
        let mut i = 0;
        while i < self.members.len() {
            if same(name_of(text, &self.members[i].0), name) {
                return Some(&self.members[i]);
            }
            i += 1;
        }
        None
    }

    /// Whether the object has a member of this name.
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The kind of the member of this name.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.find(name).map(|m| m.3)
    }

    /// The member's string value when it has no escape (borrowed from the text).
    pub fn plain_str(&self, name: &str) -> Option<&'a str> {
        let &(_, start, end, kind) = self.find(name)?;
        match kind {
            Kind::String(false) => Some(&self.text[start + 1..end - 1]),
            _ => None,
        }
    }

    /// The member's value as the full parser builds it (parsed from its span).
    pub fn value(&self, name: &str) -> Option<Value> {
        let &(_, start, end, _) = self.find(name)?;
        super::parse_value(&self.text.as_bytes()[start..end]).ok()
    }

    /// Whether every member is a string, number, boolean or null, and none is named `__proto__`.
    pub fn is_flat(&self) -> bool {
        self.members.iter().all(|m| {
            name_of(self.text.as_bytes(), &m.0) != b"__proto__"
                && !matches!(m.3, Kind::Array | Kind::Object)
        })
    }
}

/// A member name: a slice of the text, or its escapes decoded.
#[derive(Debug, Clone)]
enum Name {
    Plain(usize, usize),
    Decoded(String),
}

type Found = (Name, usize, usize, Kind);

struct Scanner<'b> {
    b: &'b [u8],
    i: usize,
    depth: u32,
}

impl Scanner<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        if self.peek()? != c {
            return None;
        }
        self.i += 1;
        Some(())
    }

    fn value(&mut self) -> Option<Kind> {
        self.ws();
        match self.peek()? {
            b'{' => self.object(None).map(|()| Kind::Object),
            b'[' => self.array().map(|()| Kind::Array),
            b'"' => self.string().map(Kind::String),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<Kind> {
        if self.b.get(self.i..self.i + word.len())? != word {
            return None;
        }
        self.i += word.len();
        Some(Kind::Literal)
    }

    /// At `"`: past the closing quote; whether the string had an escape.
    fn string(&mut self) -> Option<bool> {
        let b = self.b;
        let mut i = self.i + 1;
        let mut escaped = false;
        loop {
            // The plain run: one comparison per byte, no call.
            while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
                i += 1;
            }
            let c = *b.get(i)?;
            i += 1;
            match c {
                b'"' => {
                    self.i = i;
                    return Some(escaped);
                }
                b'\\' => {
                    escaped = true;
                    match *b.get(i)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 1,
                        b'u' => {
                            let v = hex4(b.get(i + 1..i + 5)?)?;
                            // Surrogates (paired or lone) are left to the full parser.
                            if (0xD800..0xE000).contains(&v) {
                                return None;
                            }
                            i += 5;
                        }
                        _ => return None,
                    }
                }
                // A control character.
                _ => return None,
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)?` without an exponent, bounded without converting: an
    /// integer of at most 16 digits is compared with 2^53 − 1; a fraction may have at most 15
    /// integer digits (below 10^15). Anything else goes to the full parser.
    fn number(&mut self) -> Option<Kind> {
        let negative = self.peek()? == b'-';
        if negative {
            self.i += 1;
        }
        let start = self.i;
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        let digits = self.i - start;
        let fraction = self.peek() == Some(b'.');
        if fraction {
            self.i += 1;
            let f = self.i;
            while let Some(b'0'..=b'9') = self.peek() {
                self.i += 1;
            }
            if self.i == f {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            return None;
        }
        if fraction {
            return (digits <= 15).then_some(Kind::Number);
        }
        if digits > 16 {
            return None;
        }
        let v = self.b[start..self.i]
            .iter()
            .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
        if v > MAX_SAFE_INTEGER || (negative && v == 0) {
            return None;
        }
        Some(Kind::Int(if negative { -v } else { v }))
    }

    /// After an element or a member: past a `,` (another follows: `true`) or the closing `end`
    /// (`false`); anything else is not JSON.
    fn more(&mut self, end: u8) -> Option<bool> {
        self.ws();
        let c = self.peek()?;
        self.i += 1;
        if c == b',' {
            Some(true)
        } else if c == end {
            Some(false)
        } else {
            None
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn array(&mut self) -> Option<()> {
        self.enter()?;
        self.i += 1;
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
        } else {
            loop {
                self.value()?;
                if !self.more(b']')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// At `{`: past the closing brace. The top level passes `top`, which receives its members.
    fn object(&mut self, top: Option<&mut Vec<Found>>) -> Option<()> {
        self.enter()?;
        self.i += 1;
        let mut own = Vec::new();
        let found = match top {
            Some(t) => t,
            None => &mut own,
        };
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if self.peek()? != b'"' {
                    return None;
                }
                let n = self.i;
                let escaped = self.string()?;
                let name = if escaped {
                    Name::Decoded(unescape(&self.b[n + 1..self.i - 1])?)
                } else {
                    Name::Plain(n + 1, self.i - 1)
                };
                self.eat(b':')?;
                self.ws();
                let start = self.i;
                let kind = self.value()?;
                found.push((name, start, self.i, kind));
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        if has_duplicate(self.b, found) {
            return None;
        }
        self.depth -= 1;
        Some(())
    }
}

/// Whether two of the names are equal (after their escapes are decoded).
/// Whether two short byte strings are equal: a length check, then a plain loop (member names
/// are a few bytes; `==` on slices is a call to `memcmp` at opt-level "z").
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The bytes of a name.
#[inline(always)]
fn name_of<'x>(b: &'x [u8], n: &'x Name) -> &'x [u8] {
    match n {
        Name::Plain(a, z) => &b[*a..*z],
        Name::Decoded(s) => s.as_bytes(),
    }
}

fn has_duplicate(b: &[u8], found: &[Found]) -> bool {
    let name = name_of;
    if found.len() <= 16 {
        return found.iter().enumerate().any(|(i, x)| {
            found[..i]
                .iter()
                .any(|y| same(name(b, &x.0), name(b, &y.0)))
        });
    }
    let mut all: Vec<&[u8]> = found.iter().map(|f| name(b, &f.0)).collect();
    all.sort_unstable();
    all.windows(2).any(|w| w[0] == w[1])
}

fn hex4(h: &[u8]) -> Option<u32> {
    h.iter().try_fold(0u32, |v, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        Some(v << 4 | u32::from(d))
    })
}

/// The string between the quotes with its escapes decoded (the scanner checked them; surrogates
/// never reach here).
fn unescape(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let e = *raw.get(i)?;
        i += 1;
        let ch = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let v = hex4(raw.get(i..i + 4)?)?;
                i += 4;
                char::from_u32(v)?
            }
            _ => return None,
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    String::from_utf8(out).ok()
}
