// The inspect report as text: ANSI colours by hand when `color` is true, plain text otherwise.
// Every value from the token or the key goes through printable() (control characters escaped)
// before it is coloured, the raw segments included.
import { formatDuration } from "../entries/node.mjs";
import { oneLine as safeLine, printable } from "./printable.mjs";

const CODES = {
  reset: "\x1b[0m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  red: "\x1b[31m",
  green: "\x1b[32m",
  yellow: "\x1b[33m",
  blue: "\x1b[34m",
  magenta: "\x1b[35m",
  cyan: "\x1b[36m",
  onRed: "\x1b[41m\x1b[97m",
  onGreen: "\x1b[42m\x1b[30m",
  onYellow: "\x1b[43m\x1b[30m",
};

/** `paint(color)("text", "bold", "red")`: wraps text in ANSI codes when colours are on. */
export function paint(color) {
  return (text, ...styles) =>
    color && styles.length ? styles.map((s) => CODES[s]).join("") + text + CODES.reset : String(text);
}

/** Whether to colour output written to `stream` (a TTY, unless NO_COLOR; FORCE_COLOR forces it). */
export function wantColor(stream, env) {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return Boolean(stream && stream.isTTY);
}

/** "in 5 h 59 min", "3 min ago", "now": the package's one wording (formatDuration, src/time.rs). */
const relative = (fromNow) => formatDuration(fromNow, { relative: true });

const pad2 = (n) => String(n).padStart(2, "0");

/** Local time with its UTC offset: "2026-11-28 11:03:00 +01:00". */
export function localTime(seconds) {
  const d = new Date(seconds * 1000);
  if (!Number.isFinite(d.getTime())) return "(out of range)";
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const a = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ` +
    `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`
  );
}

const VERDICT = {
  valid: { label: "VALID", style: "onGreen", fg: "green" },
  invalid: { label: "INVALID", style: "onRed", fg: "red" },
  expired: { label: "EXPIRED", style: "onRed", fg: "red" },
  not_yet_valid: { label: "NOT YET VALID", style: "onYellow", fg: "yellow" },
  unverified: { label: "UNVERIFIED", style: "onYellow", fg: "yellow" },
};

const STATUS = {
  pass: { label: "PASS", style: "green" },
  fail: { label: "FAIL", style: "red" },
  warn: { label: "WARN", style: "yellow" },
  skip: { label: "SKIP", style: "dim" },
};

const CLAIM_NOTES = {
  sub: "user id",
  aid: "SCEYT application id",
  iat: "issued at",
  nbf: "not before",
  exp: "expires",
};

/** One line of JSON, shortened for display. */
function compactJson(value, max = 200) {
  let s;
  try {
    s = JSON.stringify(value);
  } catch {
    s = String(value);
  }
  if (s === undefined) s = String(value);
  // JSON.stringify escapes C0 but leaves DEL, C1 and the bidi controls: printable() escapes
  // those the JSON way, so the line is still the same JSON.
  return safeLine(s, max);
}

const oneLine = (text, max = 300) => safeLine(text, max);

/**
 * What a report was checked against, for its "Checked against" lines.
 * @typedef {{ key?: string | null, applicationId?: string, at?: boolean, issuer?: string | string[], audience?: string | string[], clientId?: string | string[], typ?: string | string[] }} RenderContext
 */

/**
 * Renders an `InspectReport` (from `inspectToken`) for a person. `context` says what the token was
 * checked against: `{ key: "file rsa.pem" | null, applicationId, at: boolean }`.
 * @param {import("../entries/shared.mjs").InspectReport} report
 * @param {{ color?: boolean, context?: RenderContext }} [options]
 */
export function renderReport(report, { color = false, context = {} } = {}) {
  const c = paint(color);
  const out = [];
  const head = (title) => out.push("", c(title, "bold"));
  const now = report.times.now;

  // The token, coloured by part (header, payload, signature).
  const { header, payload, signature } = report.parts;
  if (header.raw || payload.raw || signature.raw) {
    const raw = `${c(printable(header.raw), "red")}${c(".", "dim")}${c(printable(payload.raw), "magenta")}${c(".", "dim")}${c(printable(signature.raw), "cyan")}`;
    out.push(c("Token", "bold"), raw);
  } else {
    out.push(c("Token", "bold"), c("(not three dot-separated parts)", "red"));
  }

  head("Parts");
  const partLine = (name, style, part, describe) => {
    const detail = part.error ? c(oneLine(part.error), "red") : describe(part);
    out.push(`  ${c(name.padEnd(9), style)}  ${detail}`);
  };
  partLine("header", "red", header, (p) => (p.json !== undefined ? compactJson(p.json) : c("(not decoded)", "dim")));
  partLine("payload", "magenta", payload, (p) => (p.json !== undefined ? compactJson(p.json) : c("(not decoded)", "dim")));
  partLine("signature", "cyan", signature, (p) => (p.length !== undefined ? `${p.length} bytes` : c("(not decoded)", "dim")));

  if (report.claims) {
    head("Claims");
    const names = Object.keys(report.claims);
    const order = ["sub", "aid", "iat", "nbf", "exp"];
    names.sort((a, b) => {
      const ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    });
    const width = Math.min(12, Math.max(8, ...names.map((n) => n.length)));
    for (const name of names) {
      const value = report.claims[name];
      const label = c(oneLine(name, 40).padEnd(width), "bold");
      const t = ["iat", "nbf", "exp"].includes(name) ? report.times[name] : null;
      let line;
      if (t) {
        const rel = relative(t.fromNow);
        line = `${printable(t.value).padEnd(11)} ${printable(t.iso)}  ${c(localTime(t.value), "blue")}  ${c(`(${rel})`, t.fromNow < 0 && name === "exp" ? "red" : "dim")}`;
      } else {
        line = compactJson(value);
      }
      const note = CLAIM_NOTES[name] ? `  ${c(CLAIM_NOTES[name], "dim")}` : "";
      out.push(`  ${label}  ${line}${t ? "" : note}`);
    }
    if (report.times.lifetime !== null && report.times.lifetime !== undefined) {
      out.push(`  ${c("lifetime".padEnd(width), "dim")}  ${formatDuration(report.times.lifetime)} (exp - iat)`);
    }
  }

  head("Checked against");
  const at = context.at ? "pinned with --at" : "this machine's clock";
  out.push(`  ${c("time", "dim")}      ${printable(now.iso)}  ${c(localTime(now.value), "blue")}  ${c(`(${at})`, "dim")}`);
  out.push(`  ${c("key", "dim")}       ${context.key ? oneLine(context.key, 120) : c("none given: the signature is not checked", "yellow")}`);
  if (context.applicationId) out.push(`  ${c("app id", "dim")}    ${oneLine(context.applicationId, 120)}`);
  // The provider options (issue 19), one line each when given.
  /** @type {[string, string | string[] | undefined][]} */
  const provider = [["issuer", context.issuer], ["audience", context.audience], ["client id", context.clientId], ["typ", context.typ]];
  for (const [label, value] of provider) {
    if (value !== undefined) out.push(`  ${c(label.padEnd(9), "dim")} ${oneLine([value].flat().join(", "), 120)}`);
  }
  head("Checks");
  for (const check of report.checks) {
    const s = STATUS[check.status] ?? { label: String(check.status).toUpperCase(), style: "bold" };
    const code = check.code ? c(oneLine(check.code, 60), "bold") : "";
    out.push(`  ${c(oneLine(s.label, 20), s.style)}  ${oneLine(check.check, 20).padEnd(10)}${code ? `${code} ` : ""}${oneLine(check.message)}`);
  }

  const v = VERDICT[report.verdict] ?? { label: String(report.verdict).toUpperCase(), style: "bold", fg: "bold" };
  out.push("");
  const verdict = oneLine(v.label, 20);
  out.push(`${c("Verdict", "bold")}  ${color ? c(` ${verdict} `, v.style, "bold") : verdict}  ${oneLine(report.summary)}`);
  if (report.code) out.push(`${c("Code", "bold")}     ${c(oneLine(report.code, 60), v.fg, "bold")}`);
  return out.join("\n") + "\n";
}
