//! Time: RFC 7519 NumericDate seconds, the injected clock, the package's one duration grammar
//! (the Rust options, and through `src/js/duration.rs` the JavaScript helpers, parse here) and its
//! one duration wording ([`human_duration`], [`human_relative`]: the messages, and through
//! `formatDuration` the CLI and the demo page).
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

/// A number as a message shows it, without the float formatter of `core` (14 KB of wasm): a
/// whole number as an integer, any other finite number as serde_json writes it (the shortest text
/// that reads back the same), and the non-finite ones by their JavaScript names.
pub fn show_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_owned();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        return (v as i64).to_string();
    }
    serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string())
}

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

// ---------------------------------------------------------------------------------------------
// Durations: the one grammar of the package. The Rust options (`lifetime`, `notBefore`,
// `clockTolerance`, `minLifetime`, `maxLifetime`) and the JavaScript helpers (`scheduleRefresh`'s
// `margin`/`retryAfter`, `KeySet.fetch`'s `maxAge`/`cooldown`/`timeout`/`maxStale`, through
// `__sceytDuration` in `src/js/duration.rs`) all parse here.
//
// - A number is seconds, everywhere. It must be finite, not negative, at most 100 years.
// - A string is one or more `<digits><unit>` parts, optionally separated by spaces: `"90s"`,
//   `"10m"`, `"6h"`, `"1d"`, `"1w"`, `"1h30m"`, `"500ms"`, `"2 hours"`. Units (case-insensitive):
//   `ms` (`msec`, `millisecond(s)`), `s` (`sec`, `second(s)`), `m` (`min`, `minute(s)`), `h` (`hr`,
//   `hour(s)`), `d` (`day(s)`), `w` (`week(s)`). A string of digits alone is seconds (`"90"`). No
//   signs, no fractions (`"1.5h"`: write `"1h30m"`), at most 64 characters, at most 100 years.
// - Where the value becomes a token time (the Rust options above: NumericDates are whole seconds)
//   it must be a whole number of seconds; timers (the JavaScript helpers) take fractions of a
//   second (`0.3`, `"300ms"`).
// - Every error names the option (`option "retryAfter": duration "5x" is not understood; …`).

/// A duration as a caller gives it: a number of seconds, or a string in the grammar above.
#[derive(Clone, Copy, Debug)]
pub enum DurationArg<'a> {
    /// A number of seconds.
    Seconds(f64),
    /// A string such as `"10m"`, `"1h30m"`, `"500ms"`.
    Text(&'a str),
}

/// Which durations an option accepts beyond the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Whole seconds only: the value becomes a NumericDate difference in a token.
    WholeSeconds,
    /// Fractions of a second too (timers): numbers as given, strings to the millisecond.
    Fractional,
}

/// Parses a duration option. `what` names it in every error (`option "margin"`). Returns seconds:
/// a whole number with [`Resolution::WholeSeconds`].
pub fn duration_seconds(arg: DurationArg<'_>, what: &str, resolution: Resolution) -> Result<f64> {
    match arg {
        DurationArg::Seconds(n) => {
            if n < 0.0 {
                return Err(Error::invalid_arg(format!(
                    "{what} must not be negative, got {}",
                    show_number(n)
                )));
            }
            if resolution == Resolution::WholeSeconds {
                return seconds_from_number(n, what).map(|s| s as f64);
            }
            if !n.is_finite() {
                return Err(Error::invalid_arg(format!(
                    "{what} must be a finite number of seconds, got {}",
                    show_number(n)
                )));
            }
            if n > MAX_DURATION as f64 {
                return Err(Error::invalid_arg(format!(
                    "{what} must be at most 100 years, got {} seconds",
                    show_number(n)
                )));
            }
            Ok(n)
        }
        DurationArg::Text(s) => {
            let ms = parse_millis(s, Some(what))?;
            if resolution == Resolution::WholeSeconds {
                return whole_seconds(ms, s, Some(what)).map(|s| s as f64);
            }
            Ok(ms as f64 / 1000.0)
        }
    }
}

/// Parses a duration string (the grammar above) into whole seconds. Its errors say "duration …";
/// [`duration_seconds`] names the option instead.
pub fn parse_duration(input: &str) -> Result<i64> {
    let ms = parse_millis(input, None)?;
    whole_seconds(ms, input, None)
}

/// The message of a duration string error: `option "x": duration "5x" is …` (or `duration "5x" is …`).
fn text_error(what: Option<&str>, input: &str, problem: &str) -> Error {
    let prefix = what.map(|w| format!("{w}: ")).unwrap_or_default();
    Error::invalid_arg(format!(
        "{prefix}duration {} {problem}",
        crate::error::quote_name(input.trim())
    ))
}

fn whole_seconds(ms: i64, input: &str, what: Option<&str>) -> Result<i64> {
    if ms % 1000 != 0 {
        return Err(text_error(what, input, "is not a whole number of seconds"));
    }
    Ok(ms / 1000)
}

/// The grammar: milliseconds, at most 100 years.
fn parse_millis(input: &str, what: Option<&str>) -> Result<i64> {
    let bad = || {
        text_error(
            what,
            input,
            "is not understood; use seconds or a string like \"90s\", \"10m\", \"6h\", \"1d\"",
        )
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
        let mult: i64 = match unit.to_ascii_lowercase().as_str() {
            "" if parts == 0 && i == bytes.len() => 1_000,
            "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1,
            "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
            "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000,
            "d" | "day" | "days" => 86_400_000,
            "w" | "week" | "weeks" => 604_800_000,
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
    if total > MAX_DURATION * 1000 {
        return Err(text_error(what, s, "is longer than 100 years"));
    }
    Ok(total)
}

/// Checks a duration given as a number of seconds.
pub fn seconds_from_number(value: f64, what: &str) -> Result<i64> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(Error::invalid_arg(format!(
            "{what} must be a whole number of seconds, got {}",
            show_number(value)
        )));
    }
    if value.abs() > MAX_DURATION as f64 {
        return Err(Error::invalid_arg(format!(
            "{what} must be at most 100 years, got {} seconds",
            show_number(value)
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

/// A signed distance from now in the words of [`human_duration`]: `in 5 h 59 min` (ahead),
/// `3 min 20 s ago` (behind), `now` (zero).
pub fn human_relative(secs: i64) -> String {
    match secs {
        0 => "now".to_owned(),
        s if s > 0 => format!("in {}", human_duration(s)),
        s => format!("{} ago", human_duration(s)),
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
    fn milliseconds() {
        assert_eq!(parse_duration("600000ms").unwrap(), 600);
        assert_eq!(parse_duration("1m30000ms").unwrap(), 90);
        assert_eq!(
            parse_duration("1s 2 ms").unwrap_err().message(),
            "duration \"1s 2 ms\" is not a whole number of seconds"
        );
        let e = parse_duration("1500ms").unwrap_err();
        assert_eq!(
            e.message(),
            "duration \"1500ms\" is not a whole number of seconds"
        );
        let t = |s| {
            duration_seconds(
                DurationArg::Text(s),
                "option \"timeout\"",
                Resolution::Fractional,
            )
        };
        assert_eq!(t("500ms").unwrap(), 0.5);
        assert_eq!(t("1s 1ms").unwrap(), 1.001);
        assert_eq!(t("2 msecs").unwrap(), 0.002);
        assert_eq!(t("1m").unwrap(), 60.0, "m is minutes, ms milliseconds");
        assert_eq!(t("90").unwrap(), 90.0, "digits alone are seconds");
    }

    #[test]
    fn named_errors() {
        let what = "option \"retryAfter\"";
        let frac = |a| duration_seconds(a, what, Resolution::Fractional);
        let whole = |a| duration_seconds(a, what, Resolution::WholeSeconds);
        let msg = |r: Result<f64>| {
            let e = r.unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::InvalidArgument);
            e.message().to_owned()
        };
        assert_eq!(
            msg(frac(DurationArg::Text("5x"))),
            "option \"retryAfter\": duration \"5x\" is not understood; use seconds or a string like \"90s\", \"10m\", \"6h\", \"1d\""
        );
        assert_eq!(
            msg(frac(DurationArg::Text("5300w"))),
            "option \"retryAfter\": duration \"5300w\" is longer than 100 years"
        );
        assert_eq!(
            msg(whole(DurationArg::Text("1500ms"))),
            "option \"retryAfter\": duration \"1500ms\" is not a whole number of seconds"
        );
        assert_eq!(
            msg(frac(DurationArg::Seconds(-1.0))),
            "option \"retryAfter\" must not be negative, got -1"
        );
        assert_eq!(
            msg(whole(DurationArg::Seconds(-1.0))),
            "option \"retryAfter\" must not be negative, got -1"
        );
        assert_eq!(
            msg(frac(DurationArg::Seconds(f64::NAN))),
            "option \"retryAfter\" must be a finite number of seconds, got NaN"
        );
        assert_eq!(
            msg(frac(DurationArg::Seconds(f64::INFINITY))),
            "option \"retryAfter\" must be a finite number of seconds, got Infinity"
        );
        for (v, shown) in [
            (1.5, "1.5"),
            (-0.0, "0"),
            (4e9, "4000000000"),
            (1e300, "1e+300"),
            (-2.5e-7, "-2.5e-7"),
            (9.5e18, "9.5e+18"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(super::show_number(v), shown, "{v:e}");
        }
        assert_eq!(
            msg(frac(DurationArg::Seconds(4e9))),
            "option \"retryAfter\" must be at most 100 years, got 4000000000 seconds"
        );
        assert_eq!(
            msg(whole(DurationArg::Seconds(1.5))),
            "option \"retryAfter\" must be a whole number of seconds, got 1.5"
        );
        assert_eq!(frac(DurationArg::Seconds(0.3)).unwrap(), 0.3);
        assert_eq!(whole(DurationArg::Seconds(600.0)).unwrap(), 600.0);
        assert_eq!(whole(DurationArg::Text("10m")).unwrap(), 600.0);
        assert_eq!(
            frac(DurationArg::Seconds(MAX_DURATION as f64)).unwrap(),
            MAX_DURATION as f64
        );
        assert_eq!(
            parse_duration("5226w").unwrap(),
            5226 * 604_800,
            "100 years is the limit"
        );
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
        assert_eq!(human_duration(36 * 3_600), "36 h", "hours up to two days");
        assert_eq!(human_duration(2 * 86_400 + 7_200), "2 d 2 h");
        assert_eq!(human_duration(3 * 86_400 + 59), "3 d");
        assert_eq!(human_relative(0), "now");
        assert_eq!(human_relative(540), "in 9 min");
        assert_eq!(human_relative(-200), "3 min 20 s ago");
    }
}
