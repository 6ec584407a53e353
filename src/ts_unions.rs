//! Keeps the TypeScript union `Algorithm` (written in `src/js/types.rs`, which only compiles for
//! wasm32) equal to the Rust list `Algorithm::ALL` (the list `supportedAlgorithms()` and
//! `Algorithm::from_name` read): a member added on one side only fails `cargo test`, naming it.
//! (`ErrorCode` needs no such check: scripts/types.mjs generates its declarations from
//! `ErrorCode::ALL`.)

use std::collections::BTreeSet;

use crate::keys::Algorithm;

const TYPES_TS: &str = include_str!("js/types.rs");

/// The string members of `export type <name> = "a" | "b" ...;` in the TypeScript section.
fn union(name: &str) -> Vec<String> {
    let start = format!("export type {name} =");
    let at = TYPES_TS
        .find(&start)
        .unwrap_or_else(|| panic!("src/js/types.rs has no `{start}`"));
    let body = &TYPES_TS[at + start.len()..];
    let body = &body[..body.find(';').expect("the union ends with `;`")];
    body.split('|')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| {
            assert!(
                m.len() > 2 && m.starts_with('"') && m.ends_with('"'),
                "{name}: {m:?} is not a string literal"
            );
            m[1..m.len() - 1].to_owned()
        })
        .collect()
}

fn same_members(name: &str, ts: Vec<String>, rust: Vec<&str>) {
    let ts_set: BTreeSet<&str> = ts.iter().map(String::as_str).collect();
    let rust_set: BTreeSet<&str> = rust.iter().copied().collect();
    assert_eq!(
        ts_set.len(),
        ts.len(),
        "{name}: the TypeScript union repeats a member"
    );
    assert_eq!(
        rust_set.len(),
        rust.len(),
        "{name}: the Rust list repeats a member"
    );
    let only_ts: Vec<_> = ts_set.difference(&rust_set).collect();
    let only_rust: Vec<_> = rust_set.difference(&ts_set).collect();
    assert!(
        only_ts.is_empty() && only_rust.is_empty(),
        "{name}: only in src/js/types.rs: {only_ts:?}; only in the Rust list: {only_rust:?}"
    );
}

#[test]
fn algorithm_union_is_the_rust_list() {
    let rust = Algorithm::ALL.iter().map(|a| a.name()).collect();
    same_members("Algorithm", union("Algorithm"), rust);
}
