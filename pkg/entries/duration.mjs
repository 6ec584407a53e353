// A duration option of the JS helpers (scheduleRefresh, KeySet.fetch / RemoteKeySet), read with
// the package's one duration grammar in wasm (`__sceytDuration`, src/js/duration.rs).
import { wasm } from "./glue.mjs";

const { __sceytDuration } = wasm;

/** Seconds from a duration option (a number of seconds or a string like "10m"); `fallback` if unset. */
export function seconds(options, name, fallback) {
  return options[name] === undefined ? fallback : __sceytDuration(options[name], name);
}
