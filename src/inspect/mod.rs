//! The debugging report: the verdict of the one verification decision (`decision/`), and a
//! line for every check explaining each part of the token, with messages a person can act on.
//! Never fails for a bad token. `report` holds its types, `checks` the explanation line by
//! line (`claims` its claim checks), `verdict` the decision and what the report concludes from it.

mod checks;
mod claims;
mod report;
mod verdict;

pub use report::{Check, CheckName, Part, Parts, Report, Status, TimeInfo, Times, Verdict};

use crate::decision::Keys;
use crate::time::NumericDate;
use crate::verify::VerifyOptions;

/// What to check the token against: the verifier's own options, so that the report's verdict
/// and code are, by construction, the ones a verifier with these options gives.
#[derive(Debug, Clone, Default)]
pub struct InspectOptions<'a> {
    /// The key (optional: without it the signature is skipped and the verdict is at best
    /// `unverified`).
    pub keys: Option<Keys<'a>>,
    /// Why the key the caller gave could not be loaded (then `keys` is `None`): the report shows
    /// it as the `key` check and the signature as not checked because of it, instead of failing.
    pub key_error: Option<crate::error::Error>,
    /// Every verifier option (allow-list, `aid`, tolerance, lifetime policy, required claims,
    /// maximum length).
    pub verify: VerifyOptions,
}

/// Inspects a token at `now`. The verdict, code and summary come from the one verification
/// decision (`decision/`) under `opts`; the checks around it explain every part of the token,
/// also the parts the decision did not reach.
pub fn inspect(token: &str, now: NumericDate, opts: &InspectOptions<'_>) -> Report {
    let decision = verdict::decide(token, now, opts);
    let explained = checks::explain(token, now, opts, &decision);
    verdict::build(explained, opts, decision)
}
