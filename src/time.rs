//! Time: RFC 7519 NumericDate seconds, the injected clock, and duration parsing.
//!
//! Time enters the crate in exactly one place: callers pass `now` (seconds since the epoch)
//! to [`crate::Issuer::issue`] and [`crate::Verifier::verify`], and the JavaScript layer reads it
//! from the configured clock or `Date.now()`. The core never reads the system clock (it would
//! panic on `wasm32-unknown-unknown`).

use crate::error::{Error, Result};

/// Seconds since 1970-01-01T00:00:00Z, as in RFC 7519 `NumericDate` (integers only here).
pub type NumericDate = i64;

/// The largest integer JavaScript represents exactly: 2^53 - 1.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Largest duration accepted anywhere: 100 years, in seconds.
pub const MAX_DURATION: i64 = 100 * 366 * 86_400;

/// Converts milliseconds from a JS clock to whole NumericDate seconds (floor).
pub fn millis_to_seconds(ms: f64) -> Result<NumericDate> {
    if !ms.is_finite() {
        return Err(Error::invalid_arg(
            "the clock returned a value that is not a finite number of milliseconds",
        ));
    }
    let secs = (ms / 1000.0).floor();
    if secs.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(Error::invalid_arg(
            "the clock returned a time outside the representable range",
        ));
    }
    Ok(secs as i64)
}

/// Parses a duration: `"90"`, `"90s"`, `"10m"`, `"6h"`, `"1d"`, `"1w"`, combinations such as
/// `"1h30m"`, and long unit names (`"2 hours"`, `"30 minutes"`). Returns whole seconds.
pub fn parse_duration(input: &str) -> Result<i64> {
    let bad = || {
        Error::invalid_arg(format!(
            "duration {} is not understood; use seconds or a string like \"90s\", \"10m\", \"6h\", \"1d\"",
            crate::error::quote_name(input.trim())
        ))
    };
    let s = input.trim();
    if s.is_empty() || s.len() > 64 {
        return Err(bad());
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total: i64 = 0;
    let mut parts = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(bad());
        }
        let n: i64 = s[start..i].parse().map_err(|_| bad())?;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let ustart = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[ustart..i];
        let mult = match unit.to_ascii_lowercase().as_str() {
            "" if parts == 0 && i == bytes.len() => 1,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 604_800,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(mult)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        parts += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
    }
    if total > MAX_DURATION {
        return Err(Error::invalid_arg(format!(
            "duration {} is longer than 100 years",
            crate::error::quote_name(s)
        )));
    }
    Ok(total)
}

/// Checks a duration given as a number of seconds.
pub fn seconds_from_number(value: f64, what: &str) -> Result<i64> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(Error::invalid_arg(format!(
            "{what} must be a whole number of seconds, got {value}"
        )));
    }
    if value.abs() > MAX_DURATION as f64 {
        return Err(Error::invalid_arg(format!(
            "{what} must be at most 100 years, got {value} seconds"
        )));
    }
    Ok(value as i64)
}

/// Human-readable duration for messages: `3 min 20 s`, `5 h 59 min`, `2 d 3 h`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60, s % 60);
    // Up to two days, hours read better ("24 h", "36 h").
    let (d, h) = if s < 2 * 86_400 {
        (0, d * 24 + h)
    } else {
        (d, h)
    };
    if d > 0 {
        if h > 0 {
            format!("{d} d {h} h")
        } else {
            format!("{d} d")
        }
    } else if h > 0 {
        if m > 0 {
            format!("{h} h {m} min")
        } else {
            format!("{h} h")
        }
    } else if m > 0 {
        if sec > 0 {
            format!("{m} min {sec} s")
        } else {
            format!("{m} min")
        }
    } else {
        format!("{sec} s")
    }
}

/// Formats a NumericDate as an RFC 3339 UTC string (`2026-11-28T10:03:00Z`).
pub fn iso8601(t: NumericDate) -> String {
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), 90);
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("10m").unwrap(), 600);
        assert_eq!(parse_duration("6h").unwrap(), 21_600);
        assert_eq!(parse_duration("1d").unwrap(), 86_400);
        assert_eq!(parse_duration("1h30m").unwrap(), 5_400);
        assert_eq!(parse_duration(" 2 hours ").unwrap(), 7_200);
        for bad in [
            "",
            "h",
            "-5m",
            "5x",
            "1.5h",
            "10 m m",
            "9999999999999999999999s",
            "5 5",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn iso() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_795_860_180), "2026-11-28T10:03:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn human() {
        assert_eq!(human_duration(200), "3 min 20 s");
        assert_eq!(human_duration(-21_540), "5 h 59 min");
        assert_eq!(human_duration(59), "59 s");
    }
}
