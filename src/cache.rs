//! The verified-token cache (`TokenVerifier`'s `cache` option): a token that passed the whole
//! decision is kept, so that the same token seen again (a user's session token on every request)
//! skips the signature, never the rules that can change their answer.
//!
//! - **Keyed** by the whole token; each entry holds the identity of the key that verified it — the
//!   SHA-256 fingerprint of its material ([`VerifyingKey::fingerprint`], never its `kid`) — with the
//!   header's `kid` and resolved `alg`.
//! - **Served** only when, at the time of the call: the entry is younger than the cache's `ttl`; its
//!   `alg` is still allowed, and a key the current keys would try for this token (the decision's own
//!   selection, [`Keys::select`], by `kid` and `alg`) has the same fingerprint — so a key-set refresh
//!   that removes the key, or puts other material behind its `kid`, is never served; and every claim
//!   rule ([`crate::rules::check_claim_set`]: `exp`, `nbf`, `iat`, the lifetime policy,
//!   `maxTokenAge`, the application and provider rules) passes at `now`. Otherwise the entry is
//!   dropped and the caller runs the whole decision, which gives its own verdict and error.
//! - **Only successes** are stored: no failure, whatever it depends on, is ever cached.
//! - **Bounded**: at most `size` entries; when full, the least recently used eighth goes (at least
//!   one entry), so eviction stays cheap per insert.
//! - A hit hands out the value the caller stored with the token (the binding: the verified
//!   `{header, claims}` JSON text, from which it builds fresh objects on every call, so no caller
//!   can change what the cache holds).

use serde_json::{Map, Value};

use crate::decision::Verified;
use crate::error::{Error, Result};
use crate::key_source::Keys;
use crate::keys::{Algorithm, VerifyingKey};
use crate::rules::{check_claim_set, VerifyOptions};
use crate::time::NumericDate;

/// Entries kept when the option gives no `size` (fast-jwt's default too).
pub const DEFAULT_SIZE: usize = 1000;
/// The largest `size` accepted.
pub const MAX_SIZE: usize = 10_000;
/// How long an entry is served when the option gives no `ttl`: 10 minutes, in seconds.
pub const DEFAULT_TTL: i64 = 600;
/// The longest `ttl` accepted: 24 hours (a SCEYT token's longest lifetime), in seconds.
pub const MAX_TTL: i64 = 86_400;

/// The bounds of a cache: how many entries, and for how long each is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheOptions {
    size: usize,
    ttl: i64,
}

impl Default for CacheOptions {
    fn default() -> Self {
        Self {
            size: DEFAULT_SIZE,
            ttl: DEFAULT_TTL,
        }
    }
}

impl CacheOptions {
    /// `size` entries at most (1 to [`MAX_SIZE`]), each served `ttl` seconds at most after it was
    /// stored (1 to [`MAX_TTL`]).
    pub fn new(size: usize, ttl: i64) -> Result<Self> {
        if !(1..=MAX_SIZE).contains(&size) {
            return Err(size_error());
        }
        if !(1..=MAX_TTL).contains(&ttl) {
            return Err(Error::invalid_arg(
                "option \"cache.ttl\" must be from 1 s to 24 h",
            ));
        }
        Ok(Self { size, ttl })
    }
    /// Most entries kept.
    pub fn size(&self) -> usize {
        self.size
    }
    /// Seconds an entry is served after it was stored.
    pub fn ttl(&self) -> i64 {
        self.ttl
    }
}

/// The error for a `size` that is not a whole number from 1 to [`MAX_SIZE`].
pub fn size_error() -> Error {
    // MAX_SIZE written out: a literal costs no formatting code (tests/cache.rs checks they agree).
    Error::invalid_arg("option \"cache.size\" must be a whole number from 1 to 10000")
}

/// One verified token: what a hit re-checks, and `value`, what it hands out.
struct Cached<T> {
    token: Box<str>,
    hash: u64,
    fingerprint: [u8; 32],
    kid: Option<String>,
    alg: Algorithm,
    /// The claims, parsed once when stored (a hit re-checks them without reading text again).
    claims: Map<String, Value>,
    stored: NumericDate,
    used: u64,
    value: T,
}

impl<T> Cached<T> {
    /// Whether the entry may be served at `now` with `keys` under `opts` (module comment).
    fn servable(&self, keys: Keys<'_>, now: NumericDate, opts: &VerifyOptions, ttl: i64) -> bool {
        let same_key =
            |i: usize| keys.get(i).map(VerifyingKey::fingerprint) == Some(self.fingerprint);
        (self.stored..self.stored + ttl).contains(&now)
            && keys
                .algorithms(opts.algorithms.as_deref())
                .contains(&self.alg)
            && keys
                .select(self.kid.as_deref(), self.alg)
                .is_ok_and(|c| c.iter().any(|&i| same_key(i)))
            && check_claim_set(&self.claims, now, opts).is_ok()
    }
}

/// The token's hash for the index: FxHash of its length and last 32 bytes (the end of the
/// signature, which differs between any two stored tokens). Not keyed, which is safe here: only
/// tokens that passed the whole decision are stored, and a match compares the whole token.
fn hash(token: &str) -> u64 {
    let b = token.as_bytes();
    let (mut h, mut w) = (b.len() as u64, 0u64);
    for (i, &x) in b[b.len().saturating_sub(32)..].iter().enumerate() {
        w = w << 8 | u64::from(x);
        if i % 8 == 7 {
            h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A bounded cache of verified tokens (module comment), each with a value of the caller's.
/// Its `Debug` shows counts only.
pub struct TokenCache<T = ()> {
    options: CacheOptions,
    entries: Vec<Cached<T>>,
    /// Open addressing over `entries` (linear probing, at most half full): 0 is empty, `i + 1`
    /// is `entries[i]`. Rebuilt whenever entries leave.
    slots: Vec<u32>,
    tick: u64,
    hits: u64,
    misses: u64,
}

impl<T> core::fmt::Debug for TokenCache<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TokenCache")
            .field("options", &self.options)
            .field("entries", &self.entries.len())
            .field("hits", &self.hits)
            .field("misses", &self.misses)
            .finish()
    }
}

impl<T> TokenCache<T> {
    /// An empty cache.
    pub fn new(options: CacheOptions) -> Self {
        Self {
            options,
            entries: Vec::new(),
            slots: vec![0; (2 * options.size).next_power_of_two()],
            tick: 0,
            hits: 0,
            misses: 0,
        }
    }

    /// The cache's bounds.
    pub fn options(&self) -> CacheOptions {
        self.options
    }
    /// Entries held now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Lookups served from the cache.
    pub fn hits(&self) -> u64 {
        self.hits
    }
    /// Lookups not served (absent, or dropped by a check).
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// The entry of `token` (`Ok`), or the empty slot where it would go (`Err`).
    fn find(&self, h: u64, token: &str) -> core::result::Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut s = (h >> 32) as usize & mask;
        loop {
            match self.slots[s] as usize {
                0 => return Err(s),
                i if self.entries[i - 1].hash == h && *self.entries[i - 1].token == *token => {
                    return Ok(i - 1)
                }
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// Rebuilds the index after entries left.
    fn reindex(&mut self) {
        self.slots.fill(0);
        for i in 0..self.entries.len() {
            // No entry has an empty token: `find` stops at the first empty slot of its probe.
            if let Err(s) = self.find(self.entries[i].hash, "") {
                self.slots[s] = i as u32 + 1;
            }
        }
    }

    /// The value stored with `token`, when its cached verification may be served at `now` with
    /// the current `keys` under `opts`; else `None` (an entry that fails a check is dropped) and
    /// the caller runs the whole decision.
    pub fn get(
        &mut self,
        token: &str,
        keys: Keys<'_>,
        now: NumericDate,
        opts: &VerifyOptions,
    ) -> Option<&T> {
        let Ok(i) = self.find(hash(token), token) else {
            self.misses += 1;
            return None;
        };
        if !self.entries[i].servable(keys, now, opts, self.options.ttl) {
            self.entries[i].used = 0;
            self.drop_upto(0);
            self.misses += 1;
            return None;
        }
        self.hits += 1;
        self.tick += 1;
        let e = &mut self.entries[i];
        e.used = self.tick;
        Some(&e.value)
    }

    /// Stores `verified`, the outcome of the whole decision for `token` at `now` with `keys`
    /// (its `key_index` numbers them), with `value`, what a hit hands out (e.g. the verified texts).
    /// Call it with successes only.
    pub fn put(
        &mut self,
        token: &str,
        keys: Keys<'_>,
        verified: Verified,
        now: NumericDate,
        value: T,
    ) {
        let alg = verified.algorithm();
        let Some(key) = keys.get(verified.key_index) else {
            return;
        };
        let h = hash(token);
        let found = self.find(h, token);
        if found.is_err() && self.entries.len() >= self.options.size {
            self.evict();
        }
        self.tick += 1;
        let kid = verified.kid();
        let entry = Cached {
            token: token.into(),
            hash: h,
            fingerprint: key.fingerprint(),
            kid: kid.map(str::to_owned),
            alg,
            claims: verified.into_claims(),
            stored: now,
            used: self.tick,
            value,
        };
        match self.find(h, token) {
            Ok(i) => self.entries[i] = entry,
            Err(s) => {
                self.slots[s] = self.entries.len() as u32 + 1;
                self.entries.push(entry);
            }
        }
    }

    /// Drops the least recently used eighth of the entries (at least one): the cut is the
    /// smallest `used` tick with that many entries at or below it (ticks are distinct).
    fn evict(&mut self) {
        let n = (self.entries.len() / 8).max(1);
        let at_or_below = |t: u64| self.entries.iter().filter(|e| e.used <= t).count();
        let (mut lo, mut hi) = (0, self.tick);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if at_or_below(mid) >= n {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        self.drop_upto(lo);
    }

    /// Drops the entries last used at or before tick `cut` (0: those a check failed).
    fn drop_upto(&mut self, cut: u64) {
        self.entries.retain(|e| e.used > cut);
        self.reindex();
    }
}
