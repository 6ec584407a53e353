// The report of the debugger: the verdict banner, the list of checks, the per-part decoding errors,
// and the claims and header tables with what each member means for SCEYT (and the relative times in
// them). It renders an `inspectToken()` report and nothing else: no package calls but `formatDuration`, no timeline
// (timeline.js), no inputs (debugger.js). The banner and the checks are redrawn only when they change,
// so the once-a-second refresh does not disturb screen readers.
import { formatDuration } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, h, errorContent } from "./dom.js";
import { localDateTime } from "./format.js";

// What each claim and header member means for SCEYT.
const CLAIMS = {
  iat: ["Issued at", "When the token was created. The lifetime policy (10 min … 24 h) is measured from here."],
  nbf: ["Not before", "SCEYT rejects the token before this time. Equal to iat unless the issuer delays it."],
  exp: ["Expires", "SCEYT rejects the token from this time on; the client SDK fires onTokenWillExpire shortly before, so your app can call updateToken()."],
  sub: ["User id", "The SCEYT user the client connects as."],
  aid: ["Application id", "The SCEYT application the token is for; it must match your application's id."],
  iss: ["Issuer", "Who issued the token (another provider's tokens): compared exactly with the expected issuer."],
  aud: ["Audience", "Who the token is for: a string or a list; it must hold the expected audience."],
  azp: ["Authorized party", "The client the token was issued to; checked against the expected client id."],
  client_id: ["Client id", "The client the token was issued to (access tokens without azp)."],
};
const HEADER = {
  alg: "Signature algorithm. SCEYT tokens are RS256; only the verifying key's own algorithm is accepted and \"none\" never is.",
  typ: "Media type of the token: JWT (SCEYT); providers' access tokens may say at+jwt. Checked against the expected type, case-insensitively.",
  kid: "Key id: selects the verifying key from a JWKS (RFC 7638 thumbprint by default).",
};
const CHECK_LABELS = {
  structure: "Structure",
  algorithm: "Algorithm",
  signature: "Signature",
  exp: "Expiry (exp)",
  nbf: "Not before (nbf)",
  iat: "Issued at (iat)",
  lifetime: "Lifetime policy",
  aid: "Application (aid)",
  sub: "User id (sub)",
  typ: "Type (typ)",
  age: "Token age (iat)",
  iss: "Issuer (iss)",
  aud: "Audience (aud)",
  client: "Client (azp / client_id)",
};
const STATUS_ICON = { pass: "✓", fail: "✗", skip: "–", warn: "!" };
const VERDICT_WORD = {
  valid: "Valid",
  invalid: "Invalid",
  expired: "Expired",
  not_yet_valid: "Not yet valid",
  unverified: "Signature not checked",
};

const shown = { checks: "", banner: "" };

/** The banner and the checks of a report (redrawn only when they changed). */
export function renderVerdict(report) {
  renderBanner(report.verdict, VERDICT_WORD[report.verdict] ?? report.verdict, report.summary, report.code);
  renderChecks(report.checks);
}

/** The banner for a token `inspectToken` refused outright. */
export function renderRefused(err) {
  renderBanner("invalid", "Invalid", errorContent(err));
}

/** The part errors and the two tables: drawn when the token changed (they hold focusable text). */
export function renderDetails(report) {
  renderPartErrors(report.parts);
  renderTable($("claims"), report.claims, (name) => CLAIMS[name], true, report);
  renderTable($("header"), report.header, (name) => (HEADER[name] ? ["", HEADER[name]] : undefined), false, report);
}

/** No token: the banner, checks, part errors and tables say so. */
export function renderEmptyReport() {
  renderBanner("empty", "No token", "Paste a token to see its verdict.");
  shown.checks = "";
  $("checks").replaceChildren(h("li", { class: "empty" }, "No token yet."));
  $("claims").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, "No token yet.")));
  $("header").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, "No token yet.")));
  $("part-errors").replaceChildren();
}

function renderBanner(verdict, word, summary, code) {
  const key = JSON.stringify([verdict, word, typeof summary === "string" ? summary : summary.map(String), code]);
  if (key === shown.banner) return;
  shown.banner = key;
  const banner = $("verdict");
  banner.className = `verdict verdict-${verdict}`;
  banner.dataset.verdict = verdict;
  $("verdict-word").textContent = word;
  const s = $("verdict-summary");
  s.replaceChildren(...(Array.isArray(summary) ? summary : [summary]));
  if (code && !Array.isArray(summary)) s.append(" ", h("code", { class: "err-code" }, code));
}

function renderPartErrors(parts) {
  const list = $("part-errors");
  list.replaceChildren();
  for (const name of ["header", "payload", "signature"]) {
    const p = parts[name];
    if (p && p.error) list.append(h("li", { class: `part-${name}-text` }, h("strong", {}, `${name}: `), p.error));
  }
}

function renderChecks(checks) {
  const key = JSON.stringify(checks);
  if (key === shown.checks) return;
  shown.checks = key;
  $("checks").replaceChildren(
    ...checks.map((c) =>
      h(
        "li",
        { class: `check check-${c.status}`, dataset: { check: c.check, status: c.status } },
        h("span", { class: "badge", "aria-hidden": "true" }, STATUS_ICON[c.status] ?? "?"),
        h("span", { class: "check-name" }, CHECK_LABELS[c.check] ?? c.check),
        h("span", { class: "check-status" }, c.status),
        h("span", { class: "check-msg" }, c.message, c.code ? [" ", h("code", { class: "err-code" }, c.code)] : []),
      ),
    ),
  );
}

function valueCell(name, value, isClaims) {
  const cell = h("td", { class: "value" });
  if (isClaims && ["iat", "nbf", "exp"].includes(name) && typeof value === "number") {
    cell.append(
      h("code", {}, String(value)),
      h("span", { class: "when" }, localDateTime(value)),
      h("span", { class: "rel", dataset: { at: String(value) } }, ""),
    );
  } else {
    cell.append(h("code", {}, JSON.stringify(value)));
  }
  return cell;
}

function renderTable(tbody, obj, describe, isClaims, report) {
  tbody.replaceChildren();
  if (!obj) {
    tbody.append(h("tr", {}, h("td", { colspan: 3, class: "empty" }, "Could not be decoded.")));
    return;
  }
  const names = Object.keys(obj);
  if (isClaims) {
    const order = ["sub", "aid", "iat", "nbf", "exp"];
    names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  }
  for (const name of names) {
    const d = describe(name);
    const meaning = d
      ? h("td", { class: "meaning" }, d[0] ? h("strong", {}, `${d[0]}. `) : null, d[1])
      : h("td", { class: "meaning muted" }, isClaims ? "Custom claim: SCEYT ignores it." : "Not used by SCEYT.");
    tbody.append(h("tr", {}, h("th", { scope: "row" }, h("code", {}, name)), valueCell(name, obj[name], isClaims), meaning));
  }
  if (isClaims) {
    for (const name of ["sub", "aid", "iat", "exp"]) {
      if (!(name in obj)) {
        const d = CLAIMS[name];
        tbody.append(
          h("tr", { class: "missing" }, h("th", { scope: "row" }, h("code", {}, name)), h("td", { class: "value" }, "missing"), h("td", { class: "meaning" }, h("strong", {}, `${d[0]}. `), d[1])),
        );
      }
    }
  }
  refreshRelativeTimes(report.times.now.value);
}

/** Updates every "in 29 min 59 s" of the tables to `now` (NumericDate seconds). */
export function refreshRelativeTimes(now) {
  for (const el of document.querySelectorAll("[data-at]")) {
    el.textContent = formatDuration(Number(el.dataset.at) - now, { relative: true });
  }
}
