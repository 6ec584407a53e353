//! The pure-Rust primitive over bytes (`crate::primitive::Pure`): the key parsed from the bytes
//! an import produced, then the family's arithmetic. Bytes that do not load answer `false`.

use super::{family, parse, KeyForm, KeyKind, SignInput, VerifyInput};
use crate::error::{Error, ErrorCode, Result};

/// The pure-Rust verify primitive over bytes (`crate::primitive::Pure`): the key parsed from its
/// bytes, then the family's shape check and arithmetic. Bytes that do not load answer `false`.
pub(crate) fn verify_bytes(input: &VerifyInput<'_>) -> bool {
    let der = input.key.der;
    let public = match input.key.form {
        KeyForm::Spki => parse::public_from_spki(der),
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
