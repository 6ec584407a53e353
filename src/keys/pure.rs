//! The pure-Rust primitive over bytes (`crate::primitive::Pure`): the key parsed from the bytes
//! an import produced, then the family's arithmetic. Bytes that do not load answer `false`.

use std::cell::RefCell;
use std::sync::Arc;

use super::material::PublicKey;
use super::{family, parse, KeyForm, KeyKind, SignInput, VerifyInput};
use crate::error::{Error, ErrorCode, Result};

/// How many parsed public keys a thread keeps (most recent first).
const PARSED_KEYS: usize = 8;

/// SPKI bytes and the public key parsed from them.
type ParsedSpki = (Vec<u8>, Arc<dyn PublicKey>);

thread_local! {
    /// Public keys parsed from their SPKI bytes, keyed by the whole bytes (never by an address or
    /// an index a later key could reuse): the same bytes are the same key. Public keys only: no
    /// secret outlives the key object that held it.
    static PARSED: RefCell<Vec<ParsedSpki>> = const { RefCell::new(Vec::new()) };
}

/// The public key of these SPKI bytes, parsed once per thread while it stays among the last
/// [`PARSED_KEYS`] used.
fn public_from_spki(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let hit = PARSED.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|(d, _)| d.as_slice() == der)?;
        let entry = p.remove(i);
        let key = entry.1.clone();
        p.insert(0, entry);
        Some(key)
    });
    if let Some(key) = hit {
        return Ok(key);
    }
    let key = parse::public_from_spki(der)?;
    PARSED.with(|p| {
        let mut p = p.borrow_mut();
        p.insert(0, (der.to_vec(), key.clone()));
        p.truncate(PARSED_KEYS);
    });
    Ok(key)
}

/// The pure-Rust verify primitive over bytes (`crate::primitive::Pure`): the key parsed from its
/// bytes, then the family's shape check and arithmetic. Bytes that do not load answer `false`.
pub(crate) fn verify_bytes(input: &VerifyInput<'_>) -> bool {
    let der = input.key.der;
    let public = match input.key.form {
        KeyForm::Spki => public_from_spki(der),
        KeyForm::Pkcs8 => parse::private_from_pkcs8(der).map(|p| p.1),
        KeyForm::Secret => {
            return input.alg.key_kind() == KeyKind::Hmac
                && family::hmac::verify_raw(der, input.alg, input.message, input.signature)
        }
    };
    public.is_ok_and(|k| {
        k.kind() == input.alg.key_kind()
            && k.signature_shape_ok(input.alg, input.signature)
            && k.verify(input.alg, input.message, input.signature)
    })
}

/// The pure-Rust sign primitive over bytes: the private key parsed from its bytes, then signed.
pub(crate) fn sign_bytes(input: &SignInput<'_>) -> Result<Vec<u8>> {
    let der = input.key.der;
    let (secret, _) = match input.key.form {
        KeyForm::Pkcs8 => parse::private_from_pkcs8(der)?,
        KeyForm::Secret => return family::hmac::sign_raw(der, input.alg, input.message),
        KeyForm::Spki => return Err(Error::new(ErrorCode::KeyUsage, "a public key cannot sign")),
    };
    secret.sign(input.alg, input.message)
}
