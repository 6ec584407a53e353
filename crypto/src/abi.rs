//! The raw exports of the crypto module (feature `abi`), what the package's JS calls
//! (`pkg/entries/crypto.mjs`): no wasm-bindgen, no classes, no error registry, no heap of JS
//! objects. The caller copies its inputs into memory it asked for with [`sceyt_alloc`], calls,
//! reads a result from [`sceyt_out_ptr`] / [`sceyt_out_len`], then frees what it asked for with
//! [`sceyt_free`] (which zeroes it first: a private key passes through that memory) and clears the
//! result with [`sceyt_out_clear`] (a generated key is a secret).
//!
//! Status codes: 1 yes / done, 0 no / could not (bad bytes, unknown code), never a trap for any
//! input the caller can build.

use std::cell::RefCell;

use zeroize::{Zeroize, Zeroizing};

use crate::{Alg, Form};

thread_local! {
    /// The last result (a signature or a generated key), until the next call or `sceyt_out_clear`.
    static OUT: RefCell<Zeroizing<Vec<u8>>> = RefCell::new(Zeroizing::new(Vec::new()));
}

fn set_out(bytes: Option<Vec<u8>>) -> u32 {
    let ok = bytes.is_some();
    OUT.with(|o| *o.borrow_mut() = Zeroizing::new(bytes.unwrap_or_default()));
    u32::from(ok)
}

/// Reads `len` bytes at `ptr` (memory from [`sceyt_alloc`]).
///
/// # Safety
/// `ptr..ptr + len` must be memory of this module's that the caller wrote.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Reads the 32-byte seed at `ptr`.
///
/// # Safety
/// As [`bytes`], for 32 bytes.
unsafe fn seed(ptr: *const u8) -> [u8; 32] {
    let mut s = [0u8; 32];
    // SAFETY: the caller's contract.
    s.copy_from_slice(unsafe { bytes(ptr, 32) });
    s
}

/// `len` bytes for the caller to write into (never null; 1-aligned).
#[no_mangle]
pub extern "C" fn sceyt_alloc(len: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len.max(1)));
    v.as_mut_ptr()
}

/// Zeroes and frees memory from [`sceyt_alloc`].
///
/// # Safety
/// `ptr` and `len` must be those of one earlier [`sceyt_alloc`] call, freed once.
#[no_mangle]
pub unsafe extern "C" fn sceyt_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's contract: this is the allocation `sceyt_alloc(len)` made.
    let mut v = unsafe { Vec::from_raw_parts(ptr, len.max(1), len.max(1)) };
    v.zeroize();
}

/// 1 when the signature verifies with the key under the algorithm, else 0.
///
/// # Safety
/// Each pointer and length must be memory from [`sceyt_alloc`] that the caller wrote.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sceyt_verify(
    alg: u32,
    form: u32,
    key: *const u8,
    key_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> u32 {
    let (Some(alg), Some(form)) = (Alg::from_code(alg), Form::from_code(form)) else {
        return 0;
    };
    // SAFETY: the caller's contract.
    let (key, message, signature) = unsafe {
        (
            bytes(key, key_len),
            bytes(message, message_len),
            bytes(signature, signature_len),
        )
    };
    u32::from(crate::verify(alg, form, key, message, signature))
}

/// 1 and the signature as the result, or 0.
///
/// # Safety
/// Each pointer and length must be memory from [`sceyt_alloc`] that the caller wrote; `seed`
/// points at 32 bytes.
#[no_mangle]
pub unsafe extern "C" fn sceyt_sign(
    alg: u32,
    key: *const u8,
    key_len: usize,
    message: *const u8,
    message_len: usize,
    seed_ptr: *const u8,
) -> u32 {
    let Some(alg) = Alg::from_code(alg) else {
        return set_out(None);
    };
    // SAFETY: the caller's contract.
    let (key, message, seed) = unsafe {
        (
            bytes(key, key_len),
            bytes(message, message_len),
            seed(seed_ptr),
        )
    };
    set_out(crate::sign(alg, key, message, seed))
}

/// 1 and a new RSA key's PKCS#8 DER as the result, or 0.
///
/// # Safety
/// `seed_ptr` points at 32 bytes from [`sceyt_alloc`] that the caller wrote.
#[no_mangle]
pub unsafe extern "C" fn sceyt_generate_rsa(bits: u32, seed_ptr: *const u8) -> u32 {
    // SAFETY: the caller's contract.
    let seed = unsafe { seed(seed_ptr) };
    set_out(crate::generate_rsa(bits as usize, seed).map(|k| k.to_vec()))
}

/// 1 and the Ed25519 public key of the 32-byte seed at `seed_ptr` as the result, or 0.
///
/// # Safety
/// `seed_ptr` points at 32 bytes from [`sceyt_alloc`] that the caller wrote.
#[no_mangle]
pub unsafe extern "C" fn sceyt_ed25519_public(seed_ptr: *const u8) -> u32 {
    // SAFETY: the caller's contract.
    let seed = Zeroizing::new(unsafe { seed(seed_ptr) });
    set_out(crate::ed25519_public(&seed).map(|pk| pk.to_vec()))
}

/// Where the last result starts.
#[no_mangle]
pub extern "C" fn sceyt_out_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

/// How long the last result is.
#[no_mangle]
pub extern "C" fn sceyt_out_len() -> usize {
    OUT.with(|o| o.borrow().len())
}

/// Zeroes and drops the last result.
#[no_mangle]
pub extern "C" fn sceyt_out_clear() {
    OUT.with(|o| *o.borrow_mut() = Zeroizing::new(Vec::new()));
}
