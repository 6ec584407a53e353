//! What a token is verified against: one key or a key set, in one shape. [`OneOrSet`] is generic
//! over what holds the key and the set, so the owned form ([`KeySource`], held by a `Verifier`),
//! the borrowed view ([`Keys`], what the decision reads) and the binding layer's form (cells that
//! also own native key handles) are one enum with one `match` each for "the key at index `i`",
//! the default allow-list and candidate selection. [`KeyHolder`] is how the decision borrows any
//! of them.

use crate::error::{Error, ErrorCode, Result};
use crate::keys::{Algorithm, KeySet, VerifyingKey};

/// One key, or a set selected by `kid` and algorithm; `K` and `S` say how each is held.
#[derive(Debug, Clone, Copy)]
pub enum OneOrSet<K, S> {
    /// One key.
    One(K),
    /// A key set, selected by `kid` and algorithm.
    Set(S),
}

/// What a verifier checks tokens against (owned).
pub type KeySource = OneOrSet<VerifyingKey, KeySet>;

/// Where verification keys come from (borrowed): what the decision reads.
pub type Keys<'a> = OneOrSet<&'a VerifyingKey, &'a KeySet>;

impl<K, S> OneOrSet<K, S> {
    /// The same keys, borrowed.
    pub fn as_ref(&self) -> OneOrSet<&K, &S> {
        match self {
            OneOrSet::One(k) => OneOrSet::One(k),
            OneOrSet::Set(s) => OneOrSet::Set(s),
        }
    }

    /// The same shape with the key mapped by `one` or the set by `set`.
    pub fn map<K2, S2>(
        self,
        one: impl FnOnce(K) -> K2,
        set: impl FnOnce(S) -> S2,
    ) -> OneOrSet<K2, S2> {
        match self {
            OneOrSet::One(k) => OneOrSet::One(one(k)),
            OneOrSet::Set(s) => OneOrSet::Set(set(s)),
        }
    }
}

impl<'a, K, S> OneOrSet<&'a K, &'a S> {
    /// What belongs to the key at `index`: index 0 of a single key, or the set's entry `index`
    /// (`member` gives the set's entries, in the set's order). The one numbering of candidates:
    /// the decision's [`Keys::get`] and the binding layer's native handles both go through it.
    pub fn at<T>(
        self,
        index: usize,
        one: impl FnOnce(&'a K) -> &'a T,
        member: impl FnOnce(&'a S) -> &'a [T],
    ) -> Option<&'a T> {
        match self {
            OneOrSet::One(k) => (index == 0).then(|| one(k)),
            OneOrSet::Set(s) => member(s).get(index),
        }
    }
}

impl<'a> Keys<'a> {
    /// The key at `index` (0 for a single key).
    pub fn get(&self, index: usize) -> Option<&'a VerifyingKey> {
        self.at(index, |k| k, KeySet::keys)
    }

    /// The default allow-list: the key's own algorithm (each key's, for a set).
    pub fn default_algorithms(&self) -> Vec<Algorithm> {
        match self {
            OneOrSet::One(k) => vec![k.algorithm()],
            OneOrSet::Set(s) => {
                let mut v: Vec<Algorithm> = Vec::new();
                for k in s.keys() {
                    if !v.contains(&k.algorithm()) {
                        v.push(k.algorithm());
                    }
                }
                v
            }
        }
    }

    /// The allow-list: `configured`, else the keys' own algorithms.
    pub fn algorithms(&self, configured: Option<&[Algorithm]>) -> Vec<Algorithm> {
        match configured {
            Some(a) => a.to_vec(),
            None => self.default_algorithms(),
        }
    }

    /// The indices of the keys that may verify a token with this `kid` and resolved `alg`.
    pub fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<Vec<usize>> {
        match *self {
            OneOrSet::One(k) => {
                if !k.accepts(alg) {
                    return Err(Error::new(
                        ErrorCode::AlgNotAllowed,
                        format!(
                            "the token says {alg}, but the key is {} for {}",
                            k.kind().name(),
                            k.algorithm()
                        ),
                    ));
                }
                Ok(vec![0])
            }
            OneOrSet::Set(s) => s.candidates(kid, alg),
        }
    }
}

/// Anything that holds verification keys: the core's own holders and the binding layer's (which
/// also own native key handles per key).
pub trait KeyHolder {
    /// The per-key store a primitive keeps its imported handles in (`()` for the core's holders:
    /// the pure-Rust primitive keeps none).
    type Handles: ?Sized;
    /// The keys, borrowed.
    fn keys(&self) -> Keys<'_>;
    /// The handle store of the key at `index` (numbered as [`Keys::get`] numbers them).
    fn handles(&self, index: usize) -> Option<&Self::Handles>;
}

impl KeyHolder for Keys<'_> {
    type Handles = ();
    fn keys(&self) -> Keys<'_> {
        *self
    }
    fn handles(&self, _: usize) -> Option<&()> {
        Some(&())
    }
}

impl KeyHolder for KeySource {
    type Handles = ();
    fn keys(&self) -> Keys<'_> {
        self.as_ref()
    }
    fn handles(&self, _: usize) -> Option<&()> {
        Some(&())
    }
}

impl<T: KeyHolder + ?Sized> KeyHolder for &T {
    type Handles = T::Handles;
    fn keys(&self) -> Keys<'_> {
        (**self).keys()
    }
    fn handles(&self, index: usize) -> Option<&T::Handles> {
        (**self).handles(index)
    }
}
