//! The verified-token cache (`sceyt_token::cache`): what a hit re-checks, and what it never serves.
#![cfg(not(target_arch = "wasm32"))] // native only: the JS suite is tests/js/cache.test.mjs
mod common;
use common::*;
use sceyt_token::cache::{CacheOptions, TokenCache, MAX_SIZE, MAX_TTL};
use sceyt_token::key_source::KeyHolder;
use sceyt_token::*;

/// A key pair from a fixture, with `kid`.
fn key(file: &str, kid: &str) -> (SigningKey, VerifyingKey) {
    let o = KeyOptions {
        key_id: Some(kid.into()),
        ..Default::default()
    };
    let s = SigningKey::from_pem(&fixture(file), &o).unwrap();
    let v = VerifyingKey::from_pem(&fixture(file), &o).unwrap();
    (s, v)
}

/// The cache of these tests: each token with its header and claims texts as verified.
type Texts = TokenCache<(String, String)>;

fn opts() -> VerifyOptions {
    VerifyOptions {
        application_id: Some(APP.into()),
        ..Default::default()
    }
}

/// A token of `key` (header with its kid), `iat` = `nbf` = NOW, `exp` = NOW + 1 h.
fn token(key: &SigningKey, kid: &str, sub: &str) -> String {
    forge(
        key,
        &format!(r#"{{"alg":"RS256","typ":"JWT","kid":"{kid}"}}"#),
        &format!(
            r#"{{"iat":{NOW},"nbf":{NOW},"exp":{},"sub":"{sub}","aid":"{APP}"}}"#,
            NOW + 3600
        ),
    )
}

/// The whole decision for `t` at `now` with `set`, stored in `cache`.
fn verify_and_put(cache: &mut Texts, set: &KeySet, t: &str, now: i64) {
    let src = KeySource::Set(set.clone());
    let v = Verifier::new(src.clone(), opts()).unwrap();
    let verified = v.verify(t, now).unwrap();
    let texts = (verified.raw_header.clone(), verified.raw_claims.clone());
    cache.put(t, src.keys(), verified, now, texts);
}

fn get(cache: &mut Texts, set: &KeySet, t: &str, now: i64, o: &VerifyOptions) -> bool {
    cache.get(t, Keys::Set(set), now, o).is_some()
}

#[test]
fn a_hit_hands_out_the_texts_as_signed_and_counts() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let mut c = TokenCache::new(CacheOptions::default());
    let t = token(&a, "k1", "user-42");
    assert!(!get(&mut c, &set, &t, NOW, &opts()));
    verify_and_put(&mut c, &set, &t, NOW);
    let (h, claims) = c.get(&t, Keys::Set(&set), NOW + 5, &opts()).unwrap();
    assert_eq!(h, r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#);
    assert!(claims.contains(r#""sub":"user-42""#));
    assert_eq!((c.hits(), c.misses(), c.len()), (1, 1, 1));
    // A refreshed set holding the same material (new key objects) still serves.
    let (_, va2) = key("rsa2048.pkcs8.pem", "k1");
    assert!(get(&mut c, &KeySet::new(vec![va2]), &t, NOW + 6, &opts()));
    assert_eq!(c.hits(), 2);
    // Its Debug names counts, never a fingerprint or key bytes.
    let d = format!("{c:?}");
    assert!(!d.contains("fingerprint") && !d.contains("claims"), "{d}");
}

#[test]
fn an_expired_token_is_never_served() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let mut c = TokenCache::new(CacheOptions::new(10, MAX_TTL).unwrap());
    let t = token(&a, "k1", "u");
    verify_and_put(&mut c, &set, &t, NOW);
    assert!(get(&mut c, &set, &t, NOW + 3599, &opts()));
    assert!(!get(&mut c, &set, &t, NOW + 3600, &opts()), "served at exp");
    assert!(c.is_empty(), "a failed entry is dropped");
}

#[test]
fn a_not_yet_valid_token_is_never_served() {
    // Stored while clockTolerance (30 s) let it through 30 s before nbf; served with no tolerance
    // 20 s before nbf it must fail the nbf rule (not only the entry's age).
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let t = forge(
        &a,
        r#"{"alg":"RS256","kid":"k1"}"#,
        &format!(
            r#"{{"iat":{NOW},"nbf":{},"exp":{},"sub":"u","aid":"{APP}"}}"#,
            NOW + 60,
            NOW + 3600
        ),
    );
    let tolerant = VerifyOptions {
        clock_tolerance: 30,
        ..opts()
    };
    let src = KeySource::Set(set.clone());
    let verified = Verifier::new(src.clone(), tolerant.clone())
        .unwrap()
        .verify(&t, NOW + 30)
        .unwrap();
    let mut c = TokenCache::new(CacheOptions::default());
    c.put(&t, src.keys(), verified, NOW + 30, Default::default());
    assert!(get(&mut c, &set, &t, NOW + 40, &tolerant));
    assert!(
        !get(&mut c, &set, &t, NOW + 40, &opts()),
        "served before nbf"
    );
}

#[test]
fn the_lifetime_policy_and_max_token_age_are_checked_on_every_hit() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let t = token(&a, "k1", "u");
    let mut c = TokenCache::new(CacheOptions::default());
    verify_and_put(&mut c, &set, &t, NOW);
    let aged = VerifyOptions {
        max_token_age: Some(60),
        ..opts()
    };
    assert!(get(&mut c, &set, &t, NOW + 59, &aged));
    assert!(
        !get(&mut c, &set, &t, NOW + 61, &aged),
        "served past maxTokenAge"
    );
    verify_and_put(&mut c, &set, &t, NOW);
    let narrow = VerifyOptions {
        policy: Some(sceyt_token::policy::LifetimePolicy::new(7200, 86_400).unwrap()),
        ..opts()
    };
    assert!(
        !get(&mut c, &set, &t, NOW + 1, &narrow),
        "served outside the lifetime window"
    );
}

#[test]
fn a_rotated_out_key_is_never_served() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let (_, vb) = key("rsa2048b.pkcs8.pem", "k2");
    let set = KeySet::new(vec![va, vb.clone()]);
    let t = token(&a, "k1", "u");
    let mut c = TokenCache::new(CacheOptions::default());
    verify_and_put(&mut c, &set, &t, NOW);
    assert!(get(&mut c, &set, &t, NOW + 1, &opts()));
    assert!(
        !get(&mut c, &KeySet::new(vec![vb]), &t, NOW + 2, &opts()),
        "served after rotation"
    );
}

#[test]
fn the_same_kid_with_new_material_is_never_served() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let (_, other) = key("rsa2048b.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let t = token(&a, "k1", "u");
    let mut c = TokenCache::new(CacheOptions::default());
    verify_and_put(&mut c, &set, &t, NOW);
    assert!(!get(
        &mut c,
        &KeySet::new(vec![other]),
        &t,
        NOW + 1,
        &opts()
    ));
    // Nor an algorithm the options no longer allow.
    verify_and_put(&mut c, &set, &t, NOW);
    let es = VerifyOptions {
        algorithms: Some(vec![Algorithm::Es256]),
        ..opts()
    };
    assert!(!get(&mut c, &set, &t, NOW + 1, &es));
}

#[test]
fn entries_live_ttl_seconds_and_the_least_recently_used_goes_first() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let mut c = TokenCache::new(CacheOptions::new(2, 60).unwrap());
    let [t1, t2, t3] = ["a", "b", "c"].map(|s| token(&a, "k1", s));
    verify_and_put(&mut c, &set, &t1, NOW);
    assert!(get(&mut c, &set, &t1, NOW + 59, &opts()));
    assert!(
        !get(&mut c, &set, &t1, NOW + 60, &opts()),
        "served after ttl"
    );
    assert!(
        !get(&mut c, &set, &t1, NOW - 1, &opts()),
        "served before it was stored"
    );
    verify_and_put(&mut c, &set, &t1, NOW);
    verify_and_put(&mut c, &set, &t2, NOW);
    assert!(get(&mut c, &set, &t1, NOW, &opts())); // t2 is now the least recently used
    verify_and_put(&mut c, &set, &t3, NOW);
    assert_eq!(c.len(), 2);
    assert!(get(&mut c, &set, &t1, NOW, &opts()));
    assert!(get(&mut c, &set, &t3, NOW, &opts()));
    assert!(
        !get(&mut c, &set, &t2, NOW, &opts()),
        "the LRU entry was kept"
    );
}

#[test]
fn a_full_cache_drops_its_least_recently_used_eighth() {
    let (a, va) = key("rsa2048.pkcs8.pem", "k1");
    let set = KeySet::new(vec![va]);
    let mut c = TokenCache::new(CacheOptions::new(16, 60).unwrap());
    let t: Vec<String> = (0..17).map(|i| token(&a, "k1", &format!("u{i}"))).collect();
    for x in &t[..16] {
        verify_and_put(&mut c, &set, x, NOW);
    }
    verify_and_put(&mut c, &set, &t[0], NOW); // stored again: replaced, not added
    assert_eq!(c.len(), 16);
    for x in &t[2..6] {
        assert!(get(&mut c, &set, x, NOW, &opts()));
    }
    verify_and_put(&mut c, &set, &t[16], NOW); // full: the two least recently used go (u1, u6)
    assert_eq!(c.len(), 15);
    for (i, x) in t.iter().enumerate() {
        let kept = !matches!(i, 1 | 6); // u1 was used before u0 was stored again
        assert_eq!(get(&mut c, &set, x, NOW, &opts()), kept, "u{i}");
    }
}

#[test]
fn the_bounds_are_checked() {
    assert_eq!(CacheOptions::default().size(), 1000);
    assert_eq!(CacheOptions::default().ttl(), 600);
    for (size, ttl) in [(0, 60), (MAX_SIZE + 1, 60), (1, 0), (1, MAX_TTL + 1)] {
        let e = CacheOptions::new(size, ttl).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(
            e.message().starts_with("option \"cache."),
            "{}",
            e.message()
        );
    }
    assert!(CacheOptions::new(MAX_SIZE, MAX_TTL).is_ok());
    let e = CacheOptions::new(0, 60).unwrap_err();
    assert!(
        e.message().ends_with(&format!("from 1 to {MAX_SIZE}")),
        "{}",
        e.message()
    );
}
