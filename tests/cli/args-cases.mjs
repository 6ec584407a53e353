// The command lines args.test.mjs parses, with what pkg/bin/args.mjs must make of each: the
// options and positionals, or the one-line UsageError.
export const SPEC = {
  help: { type: "boolean" },
  json: { type: "boolean" },
  key: { type: "string", hint: "a key file" },
  claim: { type: "list", hint: "name=value" },
};

const none = { claim: [] }; // (unset options are undefined: absent once printed as JSON)
const ok = (options, positionals = []) => ({ options: { ...none, ...options }, positionals, proto: true });
const err = (error) => ({ error });

export const CASES = [
  [[], ok({})],
  [["tok", "--json"], ok({ json: true }, ["tok"])],
  [["-h"], ok({ help: true })],
  [["--key", "k.pem", "--claim", "a=1", "--claim=b=2"], ok({ key: "k.pem", claim: ["a=1", "b=2"] })],
  [["--key", "-"], ok({ key: "-" })], // `-` is stdin, a value
  [["-"], ok({}, ["-"])],
  [["--key=-x"], ok({ key: "-x" })],
  [["--claim", "-5"], ok({ claim: ["-5"] })], // a value may start with one dash
  [["--", "--json", "-h"], ok({}, ["--json", "-h"])],
  [["--claim", "__proto__={\"admin\":true}"], ok({ claim: ['__proto__={"admin":true}'] })],
  [["--bogus"], err("sceyt-token test: unknown option --bogus (see sceyt-token test --help)")],
  [["--__proto__"], err("sceyt-token test: unknown option --__proto__ (see sceyt-token test --help)")],
  [["--constructor=1"], err("sceyt-token test: unknown option --constructor (see sceyt-token test --help)")],
  [["--toString"], err("sceyt-token test: unknown option --toString (see sceyt-token test --help)")],
  [["-x"], err("sceyt-token test: unknown option -x (see sceyt-token test --help)")],
  [["-hx"], err("sceyt-token test: unknown option -hx (see sceyt-token test --help)")],
  [["-5"], err("sceyt-token test: unknown option -5 (see sceyt-token test --help)")],
  [["--key"], err("sceyt-token test: option --key needs a value (a key file)")],
  [["--key", "--json"], err("sceyt-token test: option --key needs a value (a key file)")],
  [["--key="], err("sceyt-token test: option --key needs a non-empty value (a key file)")],
  [["--claim", ""], err("sceyt-token test: option --claim needs a non-empty value (name=value)")],
  [["--json=1"], err("sceyt-token test: option --json takes no value")],
  [["--key", "a", "--key", "b"], err("sceyt-token test: option --key is given twice")],
  [["--key", "-----BEGIN PRIVATE KEY-----", "--bogus"], err("sceyt-token test: unknown option --bogus (see sceyt-token test --help)")],
  // The old hand-written parser said "unknown option --" here; the option as typed is clearer.
  [["--=x"], err("sceyt-token test: unknown option --=x (see sceyt-token test --help)")],
];
