//! Errors: one type for every phase, each carrying a stable [`ErrorCode`].
//!
//! The JavaScript API exposes one `code` union (see the README), so the core uses one error
//! type whose `code` is that union, rather than one enum per phase; the phase is evident from
//! the code (`ERR_KEY_*` for key import, `ERR_TOKEN_*` for parsing, and so on).
//! Messages never contain key material: whatever they quote of their input goes through
//! [`quote_label`] or [`quote_name`], the one rule for excerpts (see below).

use core::fmt;

/// Stable machine-readable error codes, shared by Rust and JavaScript callers.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A caller-supplied argument has the wrong type or value.
    InvalidArgument,
    /// Key material could not be decoded or is inconsistent.
    KeyInvalid,
    /// The key type, curve or format is not supported.
    KeyUnsupported,
    /// The key is too short for its algorithm.
    KeyTooWeak,
    /// The key is not meant for this operation (`use`, `key_ops`, public key given for signing).
    KeyUsage,
    /// No key of a key set matches the token.
    KeyNotFound,
    /// The token lifetime (`exp - iat`) is outside the policy window.
    LifetimeOutOfRange,
    /// The token is not a well-formed compact JWS / JWT.
    TokenMalformed,
    /// The token is longer than the configured maximum.
    TokenTooLarge,
    /// The token's `alg` is not allowed for the key.
    AlgNotAllowed,
    /// The signature does not verify.
    SignatureInvalid,
    /// The token has expired.
    TokenExpired,
    /// The token is not valid yet (`nbf`).
    TokenNotYetValid,
    /// A claim is missing, of the wrong type, or has a wrong value.
    ClaimInvalid,
    /// The `aid` claim does not match the expected application id.
    ApplicationMismatch,
    /// The runtime lacks something required (e.g. a random source).
    RuntimeUnsupported,
    /// The WebAssembly module was used before it was initialised, or a call needed the crypto
    /// module (the pure-wasm RSA, ECDSA and Ed25519 arithmetic) before it was loaded (JS only).
    NotInitialized,
    /// A remote key set (`KeySet.fetch`) has no usable keys because its key server could not be
    /// reached or did not answer with a JWKS: retry later, the token itself may be fine (JS only).
    KeysUnavailable,
    /// The `iss` claim is none of the expected issuers (`issuer`).
    IssuerMismatch,
    /// The `aud` claim holds none of the expected audiences (`audience`).
    AudienceMismatch,
    /// The `azp` (or `client_id`) claim is none of the expected clients (`clientId`).
    ClientMismatch,
    /// The header's `typ` is none of the expected types (`typ`).
    TypeMismatch,
    /// The token was issued longer ago than `maxTokenAge`.
    TokenTooOld,
    /// The `sub` claim differs from the expected subject (`subject`).
    SubjectMismatch,
    // The codes below are never thrown by the package: the example servers and the example worker
    // answer them over HTTP (`{ error: { code } }`) or log them, through the package's `ErrorCode`, so
    // that every code of the project has this one source.
    /// The request lacks what the answer needs (HTTP 400 of the example servers and worker; never thrown by the package).
    BadRequest,
    /// The caller's session is missing or does not verify (HTTP 401 of the examples; never thrown by the package).
    Unauthenticated,
    /// No such route (HTTP 404 of the examples; never thrown by the package).
    NotFound,
    /// The route does not take this method (HTTP 405 of the examples; never thrown by the package).
    MethodNotAllowed,
    /// The request body is over the example worker's limit (HTTP 413; never thrown by the package).
    BodyTooLarge,
    /// A setting of the example worker is missing or unusable (HTTP 500; never thrown by the package).
    NotConfigured,
    /// An unexpected failure in an example server (HTTP 500; never thrown by the package).
    Internal,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the setting is not set (example worker).
    Missing,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the setting is not JSON (example worker).
    Json,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the JSON is not a JWKS (example worker).
    NotAJwks,
    /// Logged reason of `ERR_NOT_CONFIGURED`: a key of the JWKS is not an object (example worker).
    NotAJwk,
    /// Logged reason of `ERR_NOT_CONFIGURED`: a key to publish has a private member (example worker).
    PrivateKey,
    /// Logged reason of `ERR_NOT_CONFIGURED`: a key to publish is of no public key type (example worker).
    KeyType,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the setting is not text (example worker).
    NotAString,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the setting is not a usable claim name (example worker).
    ClaimName,
    /// Logged reason of `ERR_NOT_CONFIGURED`: the setting failed with something other than a `TokenError` (example worker).
    Unexpected,
}

impl ErrorCode {
    /// The stable string form, e.g. `ERR_TOKEN_EXPIRED`: `ERR_` and the variant's name in
    /// SCREAMING_SNAKE_CASE (a test holds every variant to it), so that the package's `ErrorCode`
    /// object, generated from these strings, is keyed by the variant's name
    /// (`ErrorCode.TokenExpired === "ERR_TOKEN_EXPIRED"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArgument => "ERR_INVALID_ARGUMENT",
            Self::KeyInvalid => "ERR_KEY_INVALID",
            Self::KeyUnsupported => "ERR_KEY_UNSUPPORTED",
            Self::KeyTooWeak => "ERR_KEY_TOO_WEAK",
            Self::KeyUsage => "ERR_KEY_USAGE",
            Self::KeyNotFound => "ERR_KEY_NOT_FOUND",
            Self::LifetimeOutOfRange => "ERR_LIFETIME_OUT_OF_RANGE",
            Self::TokenMalformed => "ERR_TOKEN_MALFORMED",
            Self::TokenTooLarge => "ERR_TOKEN_TOO_LARGE",
            Self::AlgNotAllowed => "ERR_ALG_NOT_ALLOWED",
            Self::SignatureInvalid => "ERR_SIGNATURE_INVALID",
            Self::TokenExpired => "ERR_TOKEN_EXPIRED",
            Self::TokenNotYetValid => "ERR_TOKEN_NOT_YET_VALID",
            Self::ClaimInvalid => "ERR_CLAIM_INVALID",
            Self::ApplicationMismatch => "ERR_APPLICATION_MISMATCH",
            Self::RuntimeUnsupported => "ERR_RUNTIME_UNSUPPORTED",
            Self::NotInitialized => "ERR_NOT_INITIALIZED",
            Self::KeysUnavailable => "ERR_KEYS_UNAVAILABLE",
            Self::IssuerMismatch => "ERR_ISSUER_MISMATCH",
            Self::AudienceMismatch => "ERR_AUDIENCE_MISMATCH",
            Self::ClientMismatch => "ERR_CLIENT_MISMATCH",
            Self::TypeMismatch => "ERR_TYPE_MISMATCH",
            Self::TokenTooOld => "ERR_TOKEN_TOO_OLD",
            Self::SubjectMismatch => "ERR_SUBJECT_MISMATCH",
            Self::BadRequest => "ERR_BAD_REQUEST",
            Self::Unauthenticated => "ERR_UNAUTHENTICATED",
            Self::NotFound => "ERR_NOT_FOUND",
            Self::MethodNotAllowed => "ERR_METHOD_NOT_ALLOWED",
            Self::BodyTooLarge => "ERR_BODY_TOO_LARGE",
            Self::NotConfigured => "ERR_NOT_CONFIGURED",
            Self::Internal => "ERR_INTERNAL",
            Self::Missing => "ERR_MISSING",
            Self::Json => "ERR_JSON",
            Self::NotAJwks => "ERR_NOT_A_JWKS",
            Self::NotAJwk => "ERR_NOT_A_JWK",
            Self::PrivateKey => "ERR_PRIVATE_KEY",
            Self::KeyType => "ERR_KEY_TYPE",
            Self::NotAString => "ERR_NOT_A_STRING",
            Self::ClaimName => "ERR_CLAIM_NAME",
            Self::Unexpected => "ERR_UNEXPECTED",
        }
    }

    /// Every code, in declaration order: the package's `ErrorCode` object, `errorCodes()` and the
    /// TypeScript union are generated from this list at build time (scripts/types.mjs).
    pub const ALL: [ErrorCode; 40] = [
        Self::InvalidArgument,
        Self::KeyInvalid,
        Self::KeyUnsupported,
        Self::KeyTooWeak,
        Self::KeyUsage,
        Self::KeyNotFound,
        Self::LifetimeOutOfRange,
        Self::TokenMalformed,
        Self::TokenTooLarge,
        Self::AlgNotAllowed,
        Self::SignatureInvalid,
        Self::TokenExpired,
        Self::TokenNotYetValid,
        Self::ClaimInvalid,
        Self::ApplicationMismatch,
        Self::RuntimeUnsupported,
        Self::NotInitialized,
        Self::KeysUnavailable,
        Self::IssuerMismatch,
        Self::AudienceMismatch,
        Self::ClientMismatch,
        Self::TypeMismatch,
        Self::TokenTooOld,
        Self::SubjectMismatch,
        Self::BadRequest,
        Self::Unauthenticated,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::BodyTooLarge,
        Self::NotConfigured,
        Self::Internal,
        Self::Missing,
        Self::Json,
        Self::NotAJwks,
        Self::NotAJwk,
        Self::PrivateKey,
        Self::KeyType,
        Self::NotAString,
        Self::ClaimName,
        Self::Unexpected,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from any phase: key import, issuing, parsing or verification.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    claim: Option<String>,
    reason: Option<&'static str>,
}

impl Error {
    /// A new error with a code and a human-readable message (cut by [`clip`] to
    /// [`MAX_MESSAGE`] characters).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: limit_message(message.into()),
            claim: None,
            reason: None,
        }
    }

    /// An error about one claim: `reason` is a short stable word
    /// (`missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range`, `reserved`,
    /// `too_old`).
    pub fn claim(
        code: ErrorCode,
        claim: &str,
        reason: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: limit_message(message.into()),
            claim: Some(claim.to_owned()),
            reason: Some(reason),
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The claim concerned, for claim errors.
    pub fn claim_name(&self) -> Option<&str> {
        self.claim.as_deref()
    }
    /// The reason word, for claim errors.
    pub fn reason(&self) -> Option<&'static str> {
        self.reason
    }

    pub(crate) fn invalid_arg(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }
    pub(crate) fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TokenMalformed, message)
    }
    /// `ERR_KEY_INVALID` with `message`.
    pub fn key_invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::KeyInvalid, message)
    }
    pub(crate) fn key_unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::KeyUnsupported, message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

// ---------------------------------------------------------------------------------------------
// The size rule for messages
//
// One rule shortens text for a message, wherever it comes from: [`clip`] keeps the first `max`
// characters and marks the cut with `…`. Every message is clipped to [`MAX_MESSAGE`] when the
// error is made (so a message carried over from JS, such as a key-set holder's `TokenError`, is
// held to the same size as the core's own), and an identifier quoted inside a message (`kid`,
// `aid`, `sub`) to [`MAX_ID_EXCERPT`], an unknown `alg` to [`MAX_ALG_EXCERPT`]. Text that might
// be key material is never clipped but described (the quoting rule below).

/// Longest message an error carries, in characters (then `…`).
pub(crate) const MAX_MESSAGE: usize = 300;
/// Longest excerpt of an identifier (`kid`, `aid`, `sub`) quoted in a message (then `…`).
pub(crate) const MAX_ID_EXCERPT: usize = 64;
/// Longest excerpt of an unsupported `alg` quoted in a message (then `…`).
pub(crate) const MAX_ALG_EXCERPT: usize = 20;

/// `s` with at most `max` characters: longer text keeps its first `max` and ends with `…`.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.len() <= max || s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

fn limit_message(message: String) -> String {
    // Bytes bound characters: a message of at most MAX_MESSAGE bytes needs no count.
    if message.len() <= MAX_MESSAGE {
        message
    } else {
        clip(&message, MAX_MESSAGE)
    }
}

// ---------------------------------------------------------------------------------------------
// Quoting input in messages
//
// A message may quote what it refers to only when that text is short and made of the characters
// such a name is made of; anything else is described (its kind, its length), never copied. A
// key's body, a base64 or hex run of it, or a secret therefore cannot reach a message, a
// `Display` or a `Debug`: a PEM label is at most 40 characters from `[A-Z0-9 ]` in words of at
// most 15, and any other name is at most 15 characters: no space-free run of 16 characters (the
// runs the leak test looks for, and more than any real label word or name needs) gets through.

/// Longest PEM label quoted (the longest real one, `ENCRYPTED PRIVATE KEY`, has 21).
pub(crate) const MAX_QUOTED_LABEL: usize = 40;
/// Longest other name quoted (an `alg`, `kty`, `crv`, `use`, a JSON member name).
pub(crate) const MAX_QUOTED_NAME: usize = 15;

/// A PEM label as a message shows it: `"PRIVATE KEY"`, or `an unrecognised label` (unless it
/// has at most 40 characters from `[A-Z0-9 ]` in words of at most 15).
pub(crate) fn quote_label(label: &str) -> String {
    let ok = !label.is_empty()
        && label.len() <= MAX_QUOTED_LABEL
        && label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
        && label.split(' ').all(|word| word.len() <= MAX_QUOTED_NAME);
    if ok {
        format!("\"{label}\"")
    } else {
        "an unrecognised label".to_owned()
    }
}

/// A short name from input (an algorithm, key type, curve, `use`, a member name, a duration) as a message
/// shows it: quoted when it has at most 15 characters from `[A-Za-z0-9_.:+- ]`, otherwise
/// `a value of N characters`.
pub fn quote_name(name: &str) -> String {
    let ok = !name.is_empty()
        && name.len() <= MAX_QUOTED_NAME
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'+' | b'-' | b' ')
        });
    if ok {
        format!("\"{name}\"")
    } else {
        format!("a value of {} characters", name.chars().count())
    }
}

/// Shorthand result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_rule() {
        assert_eq!(quote_label("RSA PRIVATE KEY"), "\"RSA PRIVATE KEY\"");
        assert_eq!(quote_label("private key"), "an unrecognised label");
        assert_eq!(quote_label("PRIVATE KEY\nMIIE"), "an unrecognised label");
        assert_eq!(quote_label(&"A".repeat(41)), "an unrecognised label");
        assert_eq!(quote_label(&"A".repeat(16)), "an unrecognised label");
        assert_eq!(
            quote_label("ENCRYPTED PRIVATE KEY"),
            "\"ENCRYPTED PRIVATE KEY\""
        );
        assert_eq!(quote_name("P-256"), "\"P-256\"");
        assert_eq!(quote_name("RSA-OAEP-256"), "\"RSA-OAEP-256\"");
        assert_eq!(quote_name("abcdefghijklmnop"), "a value of 16 characters");
        assert_eq!(quote_name("a\"b"), "a value of 3 characters");
        assert_eq!(quote_name(""), "a value of 0 characters");
    }

    #[test]
    fn size_rule() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        // Characters, not bytes: a cut never splits one.
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(clip("ééé", 3), "ééé");
        let at_limit = "m".repeat(MAX_MESSAGE);
        assert_eq!(
            Error::new(ErrorCode::KeyInvalid, at_limit.clone()).message(),
            at_limit
        );
        let long = format!("{}{}", "é".repeat(MAX_MESSAGE), "tail");
        for e in [
            Error::new(ErrorCode::KeyNotFound, long.clone()),
            Error::claim(ErrorCode::ClaimInvalid, "x", "missing", long.clone()),
        ] {
            assert_eq!(e.message().chars().count(), MAX_MESSAGE + 1);
            assert!(e.message().ends_with("é…"), "{}", e.message());
        }
    }
}

#[cfg(test)]
mod code_names {
    use super::ErrorCode;

    /// scripts/types.mjs keys the package's `ErrorCode` object by the name it reads back from each
    /// code (`ERR_TOKEN_EXPIRED` → `TokenExpired`): that must be the variant's name.
    #[test]
    fn every_code_is_err_and_the_variant_name() {
        for code in ErrorCode::ALL {
            let name = format!("{code:?}");
            let mut screaming = String::from("ERR_");
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    screaming.push('_');
                }
                screaming.push(c.to_ascii_uppercase());
            }
            assert_eq!(code.as_str(), screaming, "{name}");
        }
    }
}
