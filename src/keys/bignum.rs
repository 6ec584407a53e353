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

    /// `self −= other`, for `self ≥ other`.
    fn sub_assign(&mut self, other: &Big) {
        let mut borrow = false;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let o = other.0.get(i).copied().unwrap_or(0);
            if i >= other.0.len() && !borrow {
                break;
            }
            let (d, b1) = limb.overflowing_sub(o);
            let (d, b2) = d.overflowing_sub(u32::from(borrow));
            *limb = d;
            borrow = b1 || b2;
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self += other`.
    fn add_assign(&mut self, other: &Big) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            if i >= other.0.len() && carry == 0 {
                break;
            }
            let t = u64::from(*limb) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self /= 2`.
    fn half_assign(&mut self) {
        let mut carry = 0u32;
        for limb in self.0.iter_mut().rev() {
            let next = *limb & 1;
            *limb = (*limb >> 1) | (carry << 31);
            carry = next;
        }
        if self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self − 1`, for `self ≥ 1`.
    pub(crate) fn minus_one(&self) -> Big {
        let mut out = self.clone();
        out.sub_assign(&Big::from_u32(1));
        out
    }

    /// `self mod m`, `None` for `m = 0`: schoolbook long division a limb at a time (Knuth's
    /// algorithm D, as Hacker's Delight `divmnu` writes it), remainder only.
    pub(crate) fn rem(&self, m: &Big) -> Option<Big> {
        let (u, v) = (&self.0, &m.0);
        let n = v.len();
        if n == 0 {
            return None;
        }
        if *self < *m {
            return Some(self.clone());
        }
        if n == 1 {
            let d = u64::from(v[0]);
            let r = u
                .iter()
                .rev()
                .fold(0u64, |r, &l| ((r << 32) | u64::from(l)) % d);
            return Some(Big(vec![r as u32]).norm());
        }
        // Normalise: the divisor's top bit set; the dividend gets one more limb.
        let shift = v[n - 1].leading_zeros();
        let shl = |x: &[u32], extra: bool| -> Vec<u32> {
            let mut out = Vec::with_capacity(x.len() + 1);
            let mut carry = 0u32;
            for &l in x {
                out.push(if shift == 0 { l } else { (l << shift) | carry });
                carry = if shift == 0 { 0 } else { l >> (32 - shift) };
            }
            if extra {
                out.push(carry);
            }
            out
        };
        let vn = Big(shl(v, false));
        let mut un = Big(shl(u, true));
        let (vn, un_) = (&vn.0, &mut un.0);
        let (top, next) = (u64::from(vn[n - 1]), u64::from(vn[n - 2]));
        const B: u64 = 1 << 32;
        for j in (0..=u.len() - n).rev() {
            let num = (u64::from(un_[j + n]) << 32) | u64::from(un_[j + n - 1]);
            let (mut qhat, mut rhat) = (num / top, num % top);
            while qhat >= B || qhat * next > ((rhat << 32) | u64::from(un_[j + n - 2])) {
                qhat -= 1;
                rhat += top;
                if rhat >= B {
                    break;
                }
            }
            // un[j..=j+n] -= qhat · vn
            let mut borrow = 0i64;
            for i in 0..n {
                let p = qhat * u64::from(vn[i]);
                let t = i64::from(un_[i + j]) - borrow - (p & 0xffff_ffff) as i64;
                un_[i + j] = t as u32;
                borrow = (p >> 32) as i64 - (t >> 32);
            }
            let t = i64::from(un_[j + n]) - borrow;
            un_[j + n] = t as u32;
            if t < 0 {
                // qhat was one too large: add the divisor back.
                #[cfg(test)]
                tests::ADD_BACKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let mut carry = 0u64;
                for i in 0..n {
                    let t = u64::from(un_[i + j]) + u64::from(vn[i]) + carry;
                    un_[i + j] = t as u32;
                    carry = t >> 32;
                }
                un_[j + n] = un_[j + n].wrapping_add(carry as u32);
            }
        }
        // The remainder is un[0..n] shifted back.
        let r = (0..n)
            .map(|i| {
                if shift == 0 {
                    un_[i]
                } else {
                    (un_[i] >> shift) | (un_[i + 1] << (32 - shift))
                }
            })
            .collect();
        Some(Big(r).norm())
    }

    /// `self⁻¹ mod m` for an odd `m > 1`; `None` when `m` is even or 1, or `self` has no inverse.
    pub(crate) fn inverse_mod(&self, m: &Big) -> Option<Big> {
        if m.is_even() || m.bits() < 2 {
            return None;
        }
        // Binary extended Euclid (HAC 14.61, odd modulus), in place: x1·self ≡ u and
        // x2·self ≡ v (mod m) throughout, until u or v is 1.
        let room = m.0.len() + 2;
        let mut u = self.rem(m)?;
        let mut v = m.clone();
        let mut x1 = Big(Vec::with_capacity(room));
        x1.0.push(1);
        let mut x2 = Big(Vec::with_capacity(room));
        let halve = |x: &mut Big| {
            if !x.is_even() {
                x.add_assign(m);
            }
            x.half_assign();
        };
        while !u.is_one() && !v.is_one() {
            if u.is_zero() || v.is_zero() {
                return None; // gcd(self, m) > 1
            }
            while u.is_even() {
                u.half_assign();
                halve(&mut x1);
            }
            while v.is_even() {
                v.half_assign();
                halve(&mut x2);
            }
            if u >= v {
                u.sub_assign(&v);
                if x1 < x2 {
                    x1.add_assign(m);
                }
                x1.sub_assign(&x2);
            } else {
                v.sub_assign(&u);
                if x2 < x1 {
                    x2.add_assign(m);
                }
                x2.sub_assign(&x1);
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
            let mut sum = ba.clone();
            sum.add_assign(&bb);
            assert_eq!(num(&sum), &na + &nb);
            if na >= nb {
                let mut diff = ba.clone();
                diff.sub_assign(&bb);
                assert_eq!(num(&diff), &na - &nb);
            }
            let mut half = ba.clone();
            half.half_assign();
            assert_eq!(num(&half), &na >> 1usize);

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

    /// How many times `rem` added the divisor back (a rare step: random numbers never reach it).
    pub(super) static ADD_BACKS: std::sync::atomic::AtomicUsize =
        std::sync::atomic::AtomicUsize::new(0);

    /// Hacker's Delight's cases for `divmnu` (there with 16-bit digits), with 32-bit limbs: the
    /// ones that need the divisor added back, the ones whose multiply-subtract must not be
    /// read as signed, and the ones where the estimate is corrected twice.
    #[test]
    fn long_division_corner_cases() {
        let limbs = |l: &[u32]| Big(l.to_vec()).norm();
        let cases: [(&[u32], &[u32]); 7] = [
            (&[0, 0xffff_fffe, 0x8000_0000], &[0xffff_ffff, 0x8000_0000]),
            (&[3, 0, 0x8000_0000], &[1, 0, 0x2000_0000]),
            (&[0, 0, 0x8000_0000, 0x7fff_ffff], &[1, 0, 0x8000_0000]),
            (&[0, 0xffff_fffe, 0, 0x8000_0000], &[0xffff, 0, 0x8000_0000]),
            (&[0, 0, 0x8000_0000], &[1, 0x8000_0000]),
            (
                &[0xffff_ffff, 0xffff_ffff, 0xffff_ffff],
                &[0xffff_ffff, 0xffff_ffff],
            ),
            (
                &[0x1234_5678, 0x9abc_def0, 0x0fed_cba9, 0x8765_4321],
                &[0xffff_fffe, 0x0000_ffff],
            ),
        ];
        let before = ADD_BACKS.load(std::sync::atomic::Ordering::Relaxed);
        for (u, v) in cases {
            let (a, b) = (limbs(u), limbs(v));
            assert_eq!(
                num(&a.rem(&b).unwrap()),
                num(&a) % num(&b),
                "{u:x?} mod {v:x?}"
            );
        }
        let added_back = ADD_BACKS.load(std::sync::atomic::Ordering::Relaxed) - before;
        assert!(added_back >= 2, "the add-back step ran {added_back} times");
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
