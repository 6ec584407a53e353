//! The debugging report: the verdict of the one verification decision (`decision/`), and a
//! line for every check explaining each part of the token, with messages a person can act on.
//! Never fails for a bad token. `report` holds its types, `checks` the explanation line by
//! line (`claim_checks` its claim checks), `verdict` the decision and what the report concludes from it.

mod checks;
mod claim_checks;
mod report;
mod verdict;

pub use report::{
    Check, CheckName, InspectOptions, Part, Parts, Report, Status, TimeInfo, Times, Verdict,
};

use crate::primitive::{Primitive, Pure};
use crate::time::NumericDate;

/// Inspects a token at `now`, signatures checked by the pure-Rust primitive. The verdict, code
/// and summary come from the one verification decision (`decision/`) under `opts`; the checks
/// around it explain every part of the token, also the parts the decision did not reach.
pub fn inspect(token: &str, now: NumericDate, opts: &InspectOptions<'_>) -> Report {
    inspect_with(token, now, opts, &Pure)
}

/// [`inspect`], signatures checked by `leaf` (the binding layer's: `node:crypto` where the
/// runtime has it, so that a report needs no crypto module there).
pub fn inspect_with(
    token: &str,
    now: NumericDate,
    opts: &InspectOptions<'_>,
    leaf: &impl Primitive<()>,
) -> Report {
    let decision = verdict::decide(token, now, opts, leaf);
    let explained = checks::explain(token, now, opts, &decision);
    verdict::build(explained, opts, decision)
}
