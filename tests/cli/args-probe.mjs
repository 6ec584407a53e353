// Runs pkg/bin/args.mjs's parseArgs (over node:util parseArgs) on every case of args.test.mjs in
// whatever runtime loads it (Node, Deno, Bun) and prints the results as one JSON array.
import { UsageError, parseArgs } from "../../pkg/bin/args.mjs";
import { CASES, SPEC } from "./args-cases.mjs";

const results = CASES.map(([argv]) => {
  try {
    const { options, positionals } = parseArgs(argv, SPEC, "test");
    return { options, positionals, proto: Object.getPrototypeOf(options) === Object.prototype };
  } catch (e) {
    return { error: e instanceof UsageError ? e.message : `not a UsageError: ${e}` };
  }
});
console.log(JSON.stringify(results));
