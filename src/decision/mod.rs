//! The one verification decision. Every way of checking a token — `Verifier::verify`, the JS
//! `verifySync()` and `verify()`, `verifyCompact(Sync)` and the inspection report — runs this
//! sequence, written once here:
//!
//! 1. parse the compact JWS strictly ([`UntrustedToken`], private fields); then, when the options
//!    name types, the header's `typ` ([`crate::provider::check_typ`]);
//! 2. resolve the header's `alg` once (it then travels with the token) and select the candidate
//!    keys by the allow-list, `kid` and key kind;
//! 3. check each candidate signature's shape (length, ECDSA `r`/`s` range) before any arithmetic;
//! 4. ask a *primitive* about the signature bytes, candidate by candidate ([`Pending`]);
//! 5. only then release the token as a [`SignedToken`], the one value the claim checks take.
//!
//! The whole order, claim checks included, is written down in docs/DECISION.md.
//!
//! The primitive ([`crate::primitive`]) is the only thing that differs between paths: the
//! pure-Rust one, or the runtime's crypto reached through the binding layer, bytes in and an
//! answer out. Two drivers, and only they, step a [`Pending`] decision: [`Pending::decide`] for a
//! primitive that answers now and [`Pending::decide_async`] for one that answers later. A primitive
//! answers [`Answer::Valid`], [`Answer::Invalid`] (final: a native `false` is a rejection) or
//! [`Answer::Failed`] (it threw), and only in the last case does the pure-Rust primitive decide, on
//! the same bytes, inside the driver.

mod released;
pub use released::{SignedToken, Verified};

use crate::error::{Error, ErrorCode, Result};
use crate::jws::{Header, UntrustedToken};
pub use crate::key_source::{KeyHolder, Keys};
use crate::keys::Algorithm;
pub use crate::primitive::Answer;
use crate::primitive::{AsyncPrimitive, Primitive, Pure, VerifyInput};
use crate::rules::VerifyOptions;
use crate::time::NumericDate;
use std::future::Future;
use std::task::Poll;

/// The error for a signature that does not verify (every path uses it).
pub fn bad_signature(alg: Algorithm) -> Error {
    Error::new(
        ErrorCode::SignatureInvalid,
        format!(
            "{alg} signature does not verify: the token was altered or signed with another key"
        ),
    )
}

/// Resolves the header's `alg` against the allow-list, once.
pub fn resolve_algorithm(header: &Header, algorithms: &[Algorithm]) -> Result<Algorithm> {
    let Some(alg) = Algorithm::from_name(header.alg()) else {
        return Err(Error::new(
            ErrorCode::AlgNotAllowed,
            format!(
                "alg {:?} is not supported",
                crate::error::clip(header.alg(), crate::error::MAX_ALG_EXCERPT)
            ),
        ));
    };
    if !algorithms.contains(&alg) {
        let allowed: Vec<&str> = algorithms.iter().map(|a| a.name()).collect();
        return Err(Error::new(
            ErrorCode::AlgNotAllowed,
            format!("alg {alg} is not allowed (allowed: {})", allowed.join(", ")),
        ));
    }
    Ok(alg)
}

/// A token whose candidate keys are selected, waiting for signature answers. Only the two
/// drivers below step it ([`Pending::decide`], [`Pending::decide_async`]).
#[derive(Debug)]
pub struct Pending<K> {
    keys: K,
    token: UntrustedToken,
    alg: Algorithm,
    candidates: Vec<usize>,
    next: usize,
    verified_by: Option<usize>,
}

/// Steps 1–3 without a `typ` rule: [`begin_with`] with `typ` `None`.
pub fn begin<K: KeyHolder>(
    keys: K,
    token: &str,
    algorithms: Option<&[Algorithm]>,
    max_len: usize,
    require_payload: bool,
) -> Result<Pending<K>> {
    begin_with(keys, token, algorithms, None, max_len, require_payload)
}

/// Steps 1–3: parse, check the header's `typ` (when `typ` names types), resolve `alg`, select
/// candidates. `require_payload`: JWTs need a non-empty payload; `verifyCompact` accepts any.
pub fn begin_with<K: KeyHolder>(
    keys: K,
    token: &str,
    algorithms: Option<&[Algorithm]>,
    typ: Option<&[String]>,
    max_len: usize,
    require_payload: bool,
) -> Result<Pending<K>> {
    let token = UntrustedToken::parse(token, max_len)?;
    if require_payload && token.payload_is_empty() {
        return Err(Error::malformed("the JWT payload is empty"));
    }
    if let Some(expected) = typ {
        crate::provider::check_typ(token.header(), expected)?;
    }
    let ks = keys.keys();
    let algs = ks.algorithms(algorithms);
    let alg = resolve_algorithm(token.header(), &algs)?;
    let candidates = ks.select(token.header().kid(), alg)?;
    if token.signature().is_empty() {
        return Err(Error::new(
            ErrorCode::SignatureInvalid,
            "the signature segment is empty",
        ));
    }
    Ok(Pending {
        keys,
        token,
        alg,
        candidates,
        next: 0,
        verified_by: None,
    })
}

impl<K: KeyHolder> Pending<K> {
    /// The resolved algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// Whether the signature's shape fits the key at `index` (step 3): a misfit is a rejection
    /// that needs no primitive.
    fn fits(&self, index: usize) -> bool {
        self.keys
            .keys()
            .get(index)
            .is_some_and(|k| k.signature_shape_ok(self.alg, self.token.signature()))
    }

    /// Skips candidates whose signature shape cannot fit.
    fn skip_misfits(&mut self) {
        while self.verified_by.is_none() && self.next < self.candidates.len() {
            if self.fits(self.candidates[self.next]) {
                return;
            }
            self.next += 1;
        }
    }

    /// The current candidate's handle store and the primitive's input, once misfits are
    /// skipped; `None` once a key verified or none is left.
    fn current(&self) -> Option<(&K::Handles, VerifyInput<'_>)> {
        if self.verified_by.is_some() {
            return None;
        }
        let index = *self.candidates.get(self.next)?;
        let key = self.keys.keys().get(index)?;
        let handles = self.keys.handles(index)?;
        Some((
            handles,
            VerifyInput {
                key: key.bytes(),
                alg: self.alg,
                message: self.token.signing_input().as_bytes(),
                signature: self.token.signature(),
            },
        ))
    }

    /// Records the primitive's answer for the current candidate. [`Answer::Failed`]: the
    /// pure-Rust primitive decides instead, on the same bytes.
    fn record(&mut self, answer: Answer) -> Result<()> {
        let Some(index) = self.candidates.get(self.next).copied() else {
            return Ok(());
        };
        let answer = match answer {
            Answer::Failed => match self.current() {
                Some((_, input)) => Answer::from(Pure::check(&input)?),
                None => Answer::Invalid,
            },
            a => a,
        };
        self.next += 1;
        if answer == Answer::Valid {
            self.verified_by = Some(index);
        }
        Ok(())
    }

    /// Step 5: the token, now signed by a held key — or the bad-signature error.
    fn finish(self) -> Result<SignedToken> {
        match self.verified_by {
            Some(key_index) => Ok(SignedToken {
                key_index,
                alg: self.alg,
                token: self.token,
            }),
            None => Err(bad_signature(self.alg)),
        }
    }

    /// The driver for a primitive that answers now: every candidate until one verifies.
    pub fn decide(mut self, leaf: &impl Primitive<K::Handles>) -> Result<SignedToken> {
        loop {
            self.skip_misfits();
            let answer = match self.current() {
                Some((handles, input)) => leaf.verify(handles, &input),
                None => break,
            };
            self.record(answer)?;
        }
        self.finish()
    }

    /// The driver for a primitive that answers later: the same steps as [`Pending::decide`],
    /// awaiting each answer, then `conclude` on the signed token (the claim checks and whatever
    /// the caller builds from them).
    ///
    /// While the last candidate's answer is pending (WebCrypto computes it on another thread),
    /// `conclude` runs on the token as it would be released, so that its work overlaps the native
    /// one instead of following it; its outcome is released only by a `Valid` answer (or, after a
    /// `Failed` one, by the pure-Rust primitive's), and an `Invalid` answer gives the bad-signature
    /// error whatever `conclude` said. `conclude` runs exactly once either way.
    pub async fn decide_async<T>(
        mut self,
        leaf: &impl AsyncPrimitive<K::Handles>,
        conclude: impl FnOnce(SignedToken) -> Result<T>,
    ) -> Result<T> {
        loop {
            self.skip_misfits();
            if self.last_fit() {
                return self.decide_last(leaf, conclude).await;
            }
            let answer = match self.current() {
                Some((handles, input)) => leaf.verify(handles, &input).await,
                None => break,
            };
            self.record(answer)?;
        }
        self.finish().and_then(conclude)
    }

    /// Whether the current candidate is the last one whose signature shape fits.
    fn last_fit(&self) -> bool {
        if self.verified_by.is_some() || self.next >= self.candidates.len() {
            return false;
        }
        !self.candidates[self.next + 1..]
            .iter()
            .any(|&i| self.fits(i))
    }

    /// The last candidate, with `conclude` overlapping a pending answer ([`Pending::decide_async`]).
    async fn decide_last<T>(
        self,
        leaf: &impl AsyncPrimitive<K::Handles>,
        conclude: impl FnOnce(SignedToken) -> Result<T>,
    ) -> Result<T> {
        let Pending {
            keys,
            token,
            alg,
            candidates,
            next,
            ..
        } = self;
        let key_index = candidates[next];
        let (Some(key), Some(handles)) = (keys.keys().get(key_index), keys.handles(key_index))
        else {
            return Err(bad_signature(alg));
        };
        // The leaf borrows copies of the signed bytes, so that the token itself can move into
        // the outcome computed while the answer is pending.
        let message = token.signing_input().as_bytes().to_vec();
        let signature = token.signature().to_vec();
        let input = VerifyInput {
            key: key.bytes(),
            alg,
            message: &message,
            signature: &signature,
        };
        // `conclude` runs once: on the token as it would be released, while the answer is
        // pending, or after a valid answer that came at once.
        let (mut token, mut conclude) = (Some(token), Some(conclude));
        let mut concluded = || {
            let (token, conclude) = (token.take()?, conclude.take()?);
            Some(conclude(SignedToken {
                key_index,
                alg,
                token,
            }))
        };
        let mut answer = std::pin::pin!(leaf.verify(handles, &input));
        let first = std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await;
        let (answer, outcome) = match first {
            Poll::Ready(a) => (a, None),
            Poll::Pending => {
                let outcome = concluded();
                (answer.await, outcome)
            }
        };
        let valid = match answer {
            Answer::Valid => true,
            Answer::Invalid => false,
            Answer::Failed => Pure::check(&input)?,
        };
        if !valid {
            return Err(bad_signature(alg));
        }
        match outcome.or_else(concluded) {
            Some(o) => o,
            None => Err(bad_signature(alg)),
        }
    }
}

/// How far a token got through the sequence before it was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Parsing.
    Structure,
    /// The header's `typ` (only when the options name types).
    Type,
    /// Algorithm resolution and key selection.
    Algorithm,
    /// The signature.
    Signature,
    /// The claims (the signature verified).
    Claims,
    /// Everything passed.
    Done,
}

/// The outcome of the whole sequence, and how far the token got.
#[derive(Debug)]
pub struct Outcome {
    /// The verified token, or the first failure.
    pub result: Result<Verified>,
    /// The stage that decided (`Done` on success).
    pub stage: Stage,
    /// The key whose signature verified, when one did.
    pub key_index: Option<usize>,
}

/// The whole sequence with a synchronous primitive.
pub fn verify_with<K: KeyHolder>(
    keys: K,
    token: &str,
    now: NumericDate,
    opts: &VerifyOptions,
    leaf: &impl Primitive<K::Handles>,
) -> Outcome {
    let fail = |e: Error, stage, key_index| Outcome {
        result: Err(e),
        stage,
        key_index,
    };
    let pending = match begin_with(
        keys,
        token,
        opts.algorithms.as_deref(),
        opts.typ.as_deref(),
        opts.max_token_length,
        true,
    ) {
        Ok(p) => p,
        Err(e) => {
            let stage = stage_of_begin_error(&e);
            return fail(e, stage, None);
        }
    };
    let signed = match pending.decide(leaf) {
        Ok(s) => s,
        Err(e) => return fail(e, Stage::Signature, None),
    };
    let key_index = Some(signed.key_index());
    match signed.check_claims(now, opts) {
        Ok(v) => Outcome {
            result: Ok(v),
            stage: Stage::Done,
            key_index,
        },
        Err(e) => fail(e, Stage::Claims, key_index),
    }
}

/// Which stage a [`begin`] error belongs to.
pub fn stage_of_begin_error(e: &Error) -> Stage {
    match e.code() {
        ErrorCode::TypeMismatch => Stage::Type,
        ErrorCode::AlgNotAllowed | ErrorCode::KeyNotFound => Stage::Algorithm,
        ErrorCode::SignatureInvalid => Stage::Signature,
        _ => Stage::Structure,
    }
}

/// Verifies any compact JWS (the payload need not be JSON, and may be empty) with the pure-Rust
/// primitive, with no header rule beyond the algorithm's ([`verify_compact_with`] adds `typ`).
pub fn verify_compact(
    token: &str,
    keys: Keys<'_>,
    algorithms: Option<&[Algorithm]>,
    max_len: usize,
) -> Result<(Header, Vec<u8>)> {
    verify_compact_with(token, keys, algorithms, None, max_len)
}

/// [`verify_compact`] with the header rule `typ` (checked before the signature); no claim is read.
pub fn verify_compact_with(
    token: &str,
    keys: Keys<'_>,
    algorithms: Option<&[Algorithm]>,
    typ: Option<&[String]>,
    max_len: usize,
) -> Result<(Header, Vec<u8>)> {
    let signed = begin_with(keys, token, algorithms, typ, max_len, false)?.decide(&Pure)?;
    Ok(signed.into_parts())
}
