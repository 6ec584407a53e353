//! The lifetime policy: a token lives `exp - iat` seconds, inside a window (10 min … 24 h by
//! default). Both ends are inclusive.

use crate::error::{Error, ErrorCode, Result};
use crate::time::{human_duration, MAX_DURATION};

/// Default shortest lifetime: 10 minutes.
pub const DEFAULT_MIN_LIFETIME: i64 = 10 * 60;
/// Default longest lifetime: 24 hours.
pub const DEFAULT_MAX_LIFETIME: i64 = 24 * 3600;
/// Default lifetime of issued tokens: 6 hours.
pub const DEFAULT_LIFETIME: i64 = 6 * 3600;

/// An inclusive window of allowed lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifetimePolicy {
    min: i64,
    max: i64,
}

impl Default for LifetimePolicy {
    fn default() -> Self {
        Self {
            min: DEFAULT_MIN_LIFETIME,
            max: DEFAULT_MAX_LIFETIME,
        }
    }
}

impl LifetimePolicy {
    /// A window `min ..= max` (seconds). `min` must be at least 1 and not above `max`.
    pub fn new(min: i64, max: i64) -> Result<Self> {
        if min < 1 || max > MAX_DURATION || min > max {
            return Err(Error::invalid_arg(format!(
                "the lifetime window {} … {} is not valid: minLifetime must be at least 1 s and not above maxLifetime",
                human_duration(min),
                human_duration(max)
            )));
        }
        Ok(Self { min, max })
    }

    /// Shortest lifetime.
    pub fn min(&self) -> i64 {
        self.min
    }
    /// Longest lifetime.
    pub fn max(&self) -> i64 {
        self.max
    }

    /// Checks a lifetime against the window.
    pub fn check(&self, lifetime: i64) -> Result<()> {
        if lifetime < self.min || lifetime > self.max {
            return Err(Error::claim(
                ErrorCode::LifetimeOutOfRange,
                "exp",
                "range",
                format!(
                    "lifetime (exp - iat) is {}{} ({lifetime} s), outside the allowed window {} … {} ({} … {} s)",
                    if lifetime < 0 { "-" } else { "" },
                    human_duration(lifetime),
                    human_duration(self.min),
                    human_duration(self.max),
                    self.min,
                    self.max
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges() {
        let p = LifetimePolicy::default();
        assert!(p.check(600).is_ok());
        assert!(p.check(86_400).is_ok());
        assert_eq!(
            p.check(599).unwrap_err().code(),
            ErrorCode::LifetimeOutOfRange
        );
        assert_eq!(
            p.check(86_401).unwrap_err().code(),
            ErrorCode::LifetimeOutOfRange
        );
        assert!(LifetimePolicy::new(0, 10).is_err());
        assert!(LifetimePolicy::new(20, 10).is_err());
        assert!(LifetimePolicy::new(60, 60).is_ok());
    }
}
