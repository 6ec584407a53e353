//! The little unsigned big-integer arithmetic that RSA key import needs in the core module: the
//! consistency check of a private key (`n = p·q`, `d·e ≡ 1 (mod p−1)` and `(mod q−1)`, as the
//! `rsa` crate's `validate` checks it) and its CRT parameters (`d mod (p−1)`, `d mod (q−1)`,
//! `q⁻¹ mod p`), which the PKCS#8 handed to native backends carries. No signing or verification
//! happens here (that is the crypto module's), so nothing here needs to be constant-time: a key
//! is checked once, at import. Numbers are little-endian `u32` limbs with no high zero limb.

use std::cmp::Ordering;

/// An unsigned integer: little-endian limbs, normalised (no high zero limb; zero is empty).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Big(Vec<u32>);

impl Big {
    /// From big-endian bytes (leading zeros allowed).
    pub(crate) fn from_be(bytes: &[u8]) -> Big {
        let mut limbs = Vec::with_capacity(bytes.len() / 4 + 1);
        for chunk in bytes.rchunks(4) {
            let mut b = [0u8; 4];
            b[4 - chunk.len()..].copy_from_slice(chunk);
            limbs.push(u32::from_be_bytes(b));
        }
        Big(limbs).norm()
    }

    /// Minimal big-endian bytes (empty for zero).
    pub(crate) fn to_be(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self.0.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        let zeros = out.iter().take_while(|b| **b == 0).count();
        out.drain(..zeros);
        out
    }

    fn from_u32(v: u32) -> Big {
        Big(vec![v]).norm()
    }

    fn norm(mut self) -> Big {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn is_one(&self) -> bool {
        self.0 == [1]
    }

    fn is_even(&self) -> bool {
        self.0.first().is_none_or(|l| l & 1 == 0)
    }

    pub(crate) fn bits(&self) -> usize {
        match self.0.last() {
            None => 0,
            Some(top) => self.0.len() * 32 - top.leading_zeros() as usize,
        }
    }

    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }

    /// `self · other`.
    pub(crate) fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                let t = u64::from(a) * u64::from(b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            let mut k = i + other.0.len();
            while carry != 0 {
                let t = u64::from(out[k]) + carry;
                out[k] = t as u32;
                carry = t >> 32;
                k += 1;
            }
        }
        Big(out).norm()
    }

    /// `self − other`, for `self ≥ other`.
    fn sub(&self, other: &Big) -> Big {
        let mut out = self.0.clone();
        let mut borrow = 0i64;
        for (i, limb) in out.iter_mut().enumerate() {
            let t = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(t < 0);
            *limb = (t + (borrow << 32)) as u32;
        }
        Big(out).norm()
    }

    /// `self + other`.
    fn add(&self, other: &Big) -> Big {
        let n = self.0.len().max(other.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let t = u64::from(self.0.get(i).copied().unwrap_or(0))
                + u64::from(other.0.get(i).copied().unwrap_or(0))
                + carry;
            out.push(t as u32);
            carry = t >> 32;
        }
        out.push(carry as u32);
        Big(out).norm()
    }

    /// `self / 2`.
    fn half(&self) -> Big {
        let mut out = self.0.clone();
        let mut carry = 0u32;
        for limb in out.iter_mut().rev() {
            let next = *limb & 1;
            *limb = (*limb >> 1) | (carry << 31);
            carry = next;
        }
        Big(out).norm()
    }

    /// `2·self + bit`.
    fn double_plus(&self, bit: bool) -> Big {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = u32::from(bit);
        for &limb in &self.0 {
            out.push((limb << 1) | carry);
            carry = limb >> 31;
        }
        out.push(carry);
        Big(out).norm()
    }

    /// `self − 1`, for `self ≥ 1`.
    pub(crate) fn minus_one(&self) -> Big {
        self.sub(&Big::from_u32(1))
    }

    /// `self mod m`, `None` for `m = 0`.
    pub(crate) fn rem(&self, m: &Big) -> Option<Big> {
        if m.is_zero() {
            return None;
        }
        let mut r = Big(Vec::new());
        for i in (0..self.bits()).rev() {
            r = r.double_plus(self.bit(i));
            if r >= *m {
                r = r.sub(m);
            }
        }
        Some(r)
    }

    /// `self⁻¹ mod m` for an odd `m > 1`; `None` when `m` is even or 1, or `self` has no inverse.
    pub(crate) fn inverse_mod(&self, m: &Big) -> Option<Big> {
        if m.is_even() || m.bits() < 2 {
            return None;
        }
        // Binary extended Euclid (HAC 14.61, odd modulus): u·x1 ≡ self·… and v·x2 kept so that
        // x1·self ≡ u and x2·self ≡ v (mod m).
        let mut u = self.rem(m)?;
        let mut v = m.clone();
        let mut x1 = Big::from_u32(1);
        let mut x2 = Big(Vec::new());
        let halve = |x: &Big| {
            if x.is_even() {
                x.half()
            } else {
                x.add(m).half()
            }
        };
        while !u.is_one() && !v.is_one() {
            if u.is_zero() || v.is_zero() {
                return None; // gcd(self, m) > 1
            }
            while u.is_even() {
                u = u.half();
                x1 = halve(&x1);
            }
            while v.is_even() {
                v = v.half();
                x2 = halve(&x2);
            }
            if u >= v {
                u = u.sub(&v);
                x1 = if x1 >= x2 {
                    x1.sub(&x2)
                } else {
                    x1.add(m).sub(&x2)
                };
            } else {
                v = v.sub(&u);
                x2 = if x2 >= x1 {
                    x2.sub(&x1)
                } else {
                    x2.add(m).sub(&x1)
                };
            }
        }
        if u.is_one() {
            x1.rem(m)
        } else {
            x2.rem(m)
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

/// Never prints a number (they are key material).
impl std::fmt::Debug for Big {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Big({} bits)", self.bits())
    }
}

impl Drop for Big {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::Big;
    use num_bigint_dig::{BigUint, ModInverse};
    use rand_core::{RngCore, SeedableRng};

    fn big(b: &BigUint) -> Big {
        Big::from_be(&b.to_bytes_be())
    }
    fn num(b: &Big) -> BigUint {
        BigUint::from_bytes_be(&b.to_be())
    }

    /// Every operation against num-bigint-dig (the `rsa` crate's arithmetic) on 1,000 pairs of
    /// random numbers of every size from 0 to 2,100 bits, with leading zero bytes and small values among them.
    #[test]
    fn agrees_with_num_bigint_dig() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(27);
        let random = |rng: &mut rand_chacha::ChaCha20Rng| {
            let len = (rng.next_u32() % 264) as usize;
            let mut bytes = vec![0u8; len];
            rng.fill_bytes(&mut bytes);
            if len > 0 && rng.next_u32() % 4 == 0 {
                bytes[0] = 0; // a leading zero byte
            }
            bytes
        };
        let (mut inverses, mut none) = (0, 0);
        for _ in 0..1000 {
            let (a, b) = (random(&mut rng), random(&mut rng));
            let (na, nb) = (BigUint::from_bytes_be(&a), BigUint::from_bytes_be(&b));
            let (ba, bb) = (Big::from_be(&a), Big::from_be(&b));
            assert_eq!(num(&ba), na);
            assert_eq!(
                ba.to_be(),
                if na == BigUint::from(0u8) {
                    vec![]
                } else {
                    na.to_bytes_be()
                }
            );
            assert_eq!(num(&ba.mul(&bb)), &na * &nb);
            assert_eq!(ba.cmp(&bb), na.cmp(&nb));
            assert_eq!(num(&ba.add(&bb)), &na + &nb);
            if na >= nb {
                assert_eq!(num(&ba.sub(&bb)), &na - &nb);
            }
            match ba.rem(&bb) {
                Some(r) => assert_eq!(num(&r), &na % &nb),
                None => assert!(bb.is_zero()),
            }
            let odd = &nb | BigUint::from(1u8);
            let ours = ba.inverse_mod(&big(&odd));
            let theirs = if odd > BigUint::from(1u8) {
                (&na % &odd).mod_inverse(&odd).and_then(|i| i.to_biguint())
            } else {
                None
            };
            match (&ours, &theirs) {
                (Some(o), Some(t)) => {
                    inverses += 1;
                    assert_eq!(&num(o), t);
                    assert_eq!((&na * t) % &odd, BigUint::from(1u8));
                }
                (None, None) => none += 1,
                _ => panic!(
                    "inverse_mod disagrees: ours {ours:?}, theirs {}",
                    theirs.is_some()
                ),
            }
        }
        assert!(
            inverses > 500 && none > 100,
            "{inverses} inverses, {none} without"
        );
    }

    #[test]
    fn small_cases() {
        let n = |v: u64| Big::from_be(&v.to_be_bytes());
        assert_eq!(n(3).inverse_mod(&n(7)), Some(n(5)));
        assert_eq!(n(0).inverse_mod(&n(7)), None);
        assert_eq!(n(14).inverse_mod(&n(7)), None);
        assert_eq!(n(3).inverse_mod(&n(8)), None);
        assert_eq!(n(3).inverse_mod(&n(1)), None);
        assert_eq!(n(10).rem(&n(0)), None);
        assert!(n(1).is_one() && !n(0).is_one() && n(0).is_zero());
        assert_eq!(n(0x1_0000_0000).minus_one(), n(0xffff_ffff));
        assert_eq!(format!("{:?}", n(255)), "Big(8 bits)");
    }
}
