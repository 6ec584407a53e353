//! Errors: one type for every phase, each carrying a stable [`ErrorCode`].
//!
//! The JavaScript API exposes one `code` union (see the README), so the core uses one error
//! type whose `code` is that union, rather than one enum per phase; the phase is evident from
//! the code (`ERR_KEY_*` for key import, `ERR_TOKEN_*` for parsing, and so on).
//! Messages never contain key material.

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
    /// The WebAssembly module was used before it was initialised (JS only).
    NotInitialized,
}

impl ErrorCode {
    /// The stable string form, e.g. `ERR_TOKEN_EXPIRED`.
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
        }
    }

    /// Every code, in declaration order (used by tests and the TypeScript union).
    pub const ALL: [ErrorCode; 17] = [
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
    /// A new error with a code and a human-readable message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            claim: None,
            reason: None,
        }
    }

    /// An error about one claim: `reason` is a short stable word
    /// (`missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range`, `reserved`).
    pub fn claim(
        code: ErrorCode,
        claim: &str,
        reason: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
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
    pub(crate) fn key_invalid(message: impl Into<String>) -> Self {
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

/// Shorthand result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;
