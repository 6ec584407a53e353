//! The strict scanner (`json::Scanned`, the verifier's path through headers and payloads) against
//! the full strict parser (`json::parse_object`), which stays the judge: whatever the scanner
//! accepts, the parser accepts with the same members and values; whatever the parser refuses, the
//! scanner refuses. Checked on every kind of value at its edges and on 60,000 mutated texts, with
//! counts that prove both the scanner's accept path and its refusals ran. The claim readers
//! (`ClaimSource`) answer alike, message for message, over both.

use std::borrow::Cow;

use sceyt_token::claims::ClaimSource;
use sceyt_token::json::parse_object;
use sceyt_token::json::scan::Kind;
use sceyt_token::json::scan::Scanned;
use sceyt_token::provider::{check_aud, check_client, check_iss, check_typ};
use serde_json::{Map, Value};

/// What the comparison saw for one text.
#[derive(Debug, PartialEq)]
enum Seen {
    /// Both accept, with the same members.
    Both,
    /// The parser accepts, the scanner leaves it to the parser.
    ParserOnly,
    /// Both refuse.
    Neither,
}

fn flat(m: &Map<String, Value>) -> bool {
    !m.contains_key("__proto__") && m.values().all(|x| !x.is_object() && !x.is_array())
}

/// The property, for one text; panics with the text when it fails.
fn compare(text: &[u8]) -> Seen {
    let scanned = Scanned::scan(text);
    let parsed = parse_object(text);
    let show = || String::from_utf8_lossy(text).into_owned();
    match (scanned, parsed) {
        (Some(_), Err(e)) => panic!(
            "the scanner accepts what the parser refuses ({e}): {:?}",
            show()
        ),
        (None, Err(_)) => Seen::Neither,
        (None, Ok(_)) => Seen::ParserOnly,
        (Some(s), Ok(m)) => {
            assert_eq!(s.text().as_bytes(), text, "the scanned text");
            assert_eq!(s.is_empty(), m.is_empty());
            assert_eq!(s.len(), m.len(), "member count of {:?}", show());
            assert_eq!(s.is_flat(), flat(&m), "flatness of {:?}", show());
            for (k, v) in &m {
                assert!(s.has(k), "{k:?} missing from the scan of {:?}", show());
                assert_eq!(s.value(k).as_ref(), Some(v), "{k:?} in {:?}", show());
                match s.kind(k) {
                    Some(Kind::Int(i)) => assert_eq!(v.as_i64(), Some(i), "{k:?} in {:?}", show()),
                    Some(Kind::String(false)) => {
                        assert_eq!(s.plain_str(k), v.as_str(), "{k:?} in {:?}", show())
                    }
                    Some(Kind::String(true)) => assert!(v.is_string()),
                    Some(Kind::Array) => assert!(v.is_array()),
                    Some(Kind::Object) => assert!(v.is_object()),
                    Some(Kind::Number) => assert!(v.is_f64(), "{k:?} in {:?}", show()),
                    Some(Kind::Literal) => assert!(v.is_null() || v.is_boolean()),
                    None => unreachable!(),
                }
                // Every claim reader answers alike, message for message.
                let err = |e: sceyt_token::Error| (e.code(), e.to_string());
                assert_eq!(
                    s.time_claim(k).map_err(err),
                    m.time_claim(k).map_err(err),
                    "time claim {k:?} of {:?}",
                    show()
                );
                assert_eq!(
                    s.string_claim(k)
                        .map(|o| o.map(Cow::into_owned))
                        .map_err(err),
                    m.string_claim(k)
                        .map(|o| o.map(Cow::into_owned))
                        .map_err(err),
                    "string claim {k:?} of {:?}",
                    show()
                );
            }
            for absent in ["exp", "sub", "zz-absent"] {
                assert_eq!(s.has(absent), m.contains_key(absent));
            }
            let expected = ["https://issuer.example".to_owned(), "web".to_owned()];
            let err = |r: sceyt_token::Result<()>| r.map_err(|e| (e.code(), e.to_string()));
            assert_eq!(err(check_iss(&s, &expected)), err(check_iss(&m, &expected)));
            assert_eq!(err(check_aud(&s, &expected)), err(check_aud(&m, &expected)));
            assert_eq!(
                err(check_client(&s, &expected)),
                err(check_client(&m, &expected))
            );
            assert_eq!(err(check_typ(&s, &expected)), err(check_typ(&m, &expected)));
            Seen::Both
        }
    }
}

#[test]
fn every_kind_of_value_at_its_edges() {
    let accepted = [
        r#"{}"#,
        r#" { } "#,
        "\t{\n\"a\"\r:\n1 }\n",
        r#"{"a":null,"b":true,"c":false}"#,
        r#"{"n":9007199254740991,"m":-9007199254740991,"z":0,"o":-1}"#,
        r#"{"f":1.5,"g":-0.25,"h":123456789012345.5,"i":0.0}"#,
        r#"{"s":"","t":"plain","u":"caf\u00e9 \u20ac","v":"\"\\\/\b\f\n\r\t"}"#,
        r#"{"a\u0062":1,"ab\u0063":2}"#,
        r#"{"upper":"caf\u00E9 \u20AC","lower":"caf\u00e9","n\u00C9":1}"#,
        r#"{"a\"":1,"a\\":2,"a\/":3,"a\b":4,"a\f":5,"a\n":6,"a\r":7,"a\t":8,"a":9}"#,
        r#"{"emoji":"😀","cjk":"漢字","raw\u007f":"\u007f"}"#,
        r#"{"arr":[],"arr2":[1,[2,[3]],{"x":[]}],"obj":{"a":{"b":{}}}}"#,
        r#"{"__proto__":{"x":1}}"#,
        r#"{"__proto__":1}"#,
        r#"{"aud":["web","other"],"azp":"web","iss":"https://issuer.example","typ":"JWT"}"#,
        r#"{"aud":[],"client_id":"","iss":""}"#,
        r#"{"exp":-5,"nbf":1.0,"iat":"1","sub":7,"aid":""}"#,
        r#"{"a":{"a":1,"b":{"a":2}},"b":[{"a":1},{"a":1}]}"#,
    ];
    for t in accepted {
        assert_eq!(compare(t.as_bytes()), Seen::Both, "{t}");
    }
    // Refused by both: syntax, duplicates at any depth (also after escapes), numbers beyond 2^53.
    let refused = [
        "",
        "{",
        "}",
        "[]",
        "1",
        "\"s\"",
        "null",
        r#"{"a":1,}"#,
        r#"{"a":1 "b":2}"#,
        r#"{,}"#,
        r#"{"a"}"#,
        r#"{"a":}"#,
        r#"{a:1}"#,
        r#"{'a':1}"#,
        r#"{"a":01}"#,
        r#"{"a":1.}"#,
        r#"{"a":.5}"#,
        r#"{"a":+1}"#,
        r#"{"a":-}"#,
        r#"{"a":tru}"#,
        r#"{"a":nul}"#,
        r#"{"a":[1,]}"#,
        r#"{"a":[,1]}"#,
        r#"{"a":"\x"}"#,
        r#"{"a":"\u12"}"#,
        r#"{"a":"\u12G4"}"#,
        "{\"a\":\"\u{1}\"}",
        "{\"a\":\"tab\there\"}",
        r#"{"a":1}x"#,
        r#"{"a":1}{}"#,
        "\u{feff}{}",
        r#"{"a":1,"a":2}"#,
        r#"{"a":1,"\u0061":2}"#,
        r#"{"a/":1,"a\/":2}"#,
        r#"{"t\t":1,"t\u0009":2}"#,
        r#"{"x":{"b":1,"b":2}}"#,
        r#"{"x":[{"c":1,"c":1}]}"#,
        r#"{"n":9007199254740992}"#,
        r#"{"n":-9007199254740992}"#,
        r#"{"n":1e400}"#,
        r#"{"n":99999999999999999999}"#,
        r#"{"n":1e16}"#,
        r#"{"n":9007199254740993.0}"#,
        r#"{"a":"\ud800"}"#,
        r#"{"a":"\udc00x"}"#,
    ];
    for t in refused {
        assert_eq!(compare(t.as_bytes()), Seen::Neither, "{t}");
    }
    // Accepted by the parser, left to it by the scanner (its gaps cost speed, never a verdict).
    let left = [
        r#"{"n":1e5}"#,
        r#"{"n":1E+2}"#,
        r#"{"n":-0}"#,
        r#"{"n":1234567890123456.5}"#,
        r#"{"n":12345678901234567e-2}"#,
        r#"{"a":"\ud83d\ude00"}"#,
    ];
    for t in left {
        assert_eq!(compare(t.as_bytes()), Seen::ParserOnly, "{t}");
    }
    // Not UTF-8.
    assert_eq!(compare(b"{\"a\":\"\xff\"}"), Seen::Neither);
    assert_eq!(compare(b"{\"\xc3\x28\":1}"), Seen::Neither);
    // Nesting: the scanner follows 64 levels, the parser 128.
    let nest = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    assert_eq!(compare(nest(64).as_bytes()), Seen::Both);
    assert_eq!(compare(nest(65).as_bytes()), Seen::ParserOnly);
    assert_eq!(compare(nest(200).as_bytes()), Seen::Neither);
    let arrays = |n: usize| format!("{{\"a\":{}{}}}", "[".repeat(n), "]".repeat(n));
    assert_eq!(compare(arrays(63).as_bytes()), Seen::Both);
    assert_eq!(compare(arrays(64).as_bytes()), Seen::ParserOnly);
    // Depth is counted per path, not per text: 40 siblings each 3 deep stay well inside 64.
    let siblings: Vec<String> = (0..40)
        .map(|i| format!("\"k{i}\":{{\"x\":[{{}}]}}"))
        .collect();
    assert_eq!(
        compare(format!("{{{}}}", siblings.join(",")).as_bytes()),
        Seen::Both
    );
    let arrays_side_by_side = format!("{{\"a\":[{}]}}", vec!["[[]]"; 40].join(","));
    assert_eq!(compare(arrays_side_by_side.as_bytes()), Seen::Both);
    // Many members: the sorted duplicate check (more than 16 names) in both directions.
    let many: Vec<String> = (0..40).map(|i| format!("\"m{i}\":{i}")).collect();
    assert_eq!(
        compare(format!("{{{}}}", many.join(",")).as_bytes()),
        Seen::Both
    );
    let dup = format!("{{{},\"m7\":0}}", many.join(","));
    assert_eq!(compare(dup.as_bytes()), Seen::Neither);
    let nested_dup = format!("{{\"x\":{{{},\"m\\u0037\":0}}}}", many.join(","));
    assert_eq!(compare(nested_dup.as_bytes()), Seen::Neither);
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn mutated_texts_by_the_thousand() {
    let seeds: [&[u8]; 6] = [
        br#"{"iat":1700000000,"nbf":1700000000,"exp":1700021600,"sub":"user-42","aid":"app-1"}"#,
        br#"{"alg":"RS256","typ":"JWT","kid":"key-2024"}"#,
        br#"{"sub":"u","aid":"a","exp":1,"roles":["admin","dev"],"meta":{"a":1,"b":[true,null]},"x":-2.5}"#,
        br#"{"iss":"https://issuer.example","aud":["web","api"],"azp":"web","client_id":"c","scope":"a b"}"#,
        br#"{"n\u0061me":"\u00e9\n","s":"\"q\"","e":"","z":0,"big":9007199254740991}"#,
        br#"{ "a" : [ 1 , 2 , { "b" : { "c" : [ ] } } ] , "d" : "caf\u00e9" }"#,
    ];
    // Bytes a mutation inserts: JSON's own, and the ones that break it in interesting ways.
    let alphabet: &[u8] = b"{}[]:,\"\\ 0123456789-+.eEtrufalsn\x01\x7fu\xc3\xa9abz_";
    let mut rng = Rng(0x5ce7_70ce_d00d_f00d);
    let (mut both, mut parser_only, mut neither) = (0, 0, 0);
    for round in 0..60_000 {
        let mut t = seeds[round % seeds.len()].to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(t.len() + 1);
            match rng.below(6) {
                0 if at < t.len() => {
                    t.remove(at);
                }
                1 if at < t.len() => t[at] = alphabet[rng.below(alphabet.len())],
                2 => t.insert(at, alphabet[rng.below(alphabet.len())]),
                3 => {
                    // Duplicate a slice (often a whole member: a duplicate name).
                    let a = rng.below(t.len());
                    let z = (a + 1 + rng.below(24)).min(t.len());
                    let piece = t[a..z].to_vec();
                    let at = at.min(t.len());
                    t.splice(at..at, piece);
                }
                4 if at < t.len() => {
                    // A digit run made long (numbers across 2^53).
                    let digits = b"9007199254740993";
                    t.splice(
                        at..at,
                        digits[..1 + rng.below(digits.len())].iter().copied(),
                    );
                }
                _ => {
                    let a = rng.below(t.len());
                    let z = (a + rng.below(8)).min(t.len());
                    t.drain(a..z);
                }
            }
        }
        match compare(&t) {
            Seen::Both => both += 1,
            Seen::ParserOnly => parser_only += 1,
            Seen::Neither => neither += 1,
        }
    }
    eprintln!("mutated texts: {both} accepted by both, {parser_only} left to the parser, {neither} refused by both");
    // Both paths ran, each many times: the accept path and the refusals.
    assert!(
        both > 8_000,
        "only {both} texts reached the scanner's accept path"
    );
    assert!(neither > 20_000, "only {neither} texts were refused");
    // The scanner takes almost everything the parser accepts (a gap costs speed).
    assert!(
        parser_only * 20 < both,
        "{parser_only} left to the parser against {both}"
    );
}
