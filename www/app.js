// The SCEYT token debugger and issuer. Everything runs in this tab: the package's WebAssembly build
// decodes, verifies and signs; the only network request is the JWKS URL the user asks for.
import {
  init,
  SigningKey,
  VerifyingKey,
  KeySet,
  TokenIssuer,
  TokenError,
  inspectToken,
  tokenExpiresIn,
  scheduleRefresh,
} from "./vendor/sceyt-token/entries/browser.mjs";
import { relative, localDateTime, clock, duration } from "./format.js";

const $ = (id) => document.getElementById(id);

/** Creates an element: h("li", { class: "x" }, "text", child). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const nativeCrypto = () => Boolean(globalThis.crypto && globalThis.crypto.subtle);

// ---------------------------------------------------------------------------------------------
// What each claim and header member means for SCEYT.

const CLAIMS = {
  iat: ["Issued at", "When the token was created. The lifetime policy (10 min … 24 h) is measured from here."],
  nbf: ["Not before", "SCEYT rejects the token before this time. Equal to iat unless the issuer delays it."],
  exp: ["Expires", "SCEYT rejects the token from this time on; the client SDK fires onTokenWillExpire shortly before, so your app can call updateToken()."],
  sub: ["User id", "The SCEYT user the client connects as."],
  aid: ["Application id", "The SCEYT application the token is for; it must match your application's id."],
};
const HEADER = {
  alg: "Signature algorithm. SCEYT tokens are RS256; only the verifying key's own algorithm is accepted and \"none\" never is.",
  typ: "Media type of the token: JWT.",
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
};
const STATUS_ICON = { pass: "✓", fail: "✗", skip: "–", warn: "!" };
const VERDICT_WORD = {
  valid: "Valid",
  invalid: "Invalid",
  expired: "Expired",
  not_yet_valid: "Not yet valid",
  unverified: "Signature not checked",
};

const state = {
  ready: false,
  verifyKey: null, // VerifyingKey | KeySet | null
  token: "",
  checksShown: "",
  bannerShown: "",
  signing: null, // { text, key } : the SigningKey matching the private-key field
  refresh: null, // { cancel() } from scheduleRefresh
  lastIssue: null, // { issuer, sub, options } of the last issued token, for re-issuing
};

// ---------------------------------------------------------------------------------------------
// Debugger

const tokenField = $("token");

/** The token in the field, without surrounding whitespace or a "Bearer " prefix. */
function currentToken() {
  return tokenField.value.trim().replace(/^Bearer\s+/i, "");
}

/** Colours the three parts behind the (transparent-text) token field. */
function paintBackdrop() {
  const text = tokenField.value;
  const backdrop = $("token-backdrop");
  backdrop.replaceChildren();
  const classes = ["part-header", "part-payload", "part-signature"];
  let part = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ".") {
      const cls = part < 3 ? classes[part] : "part-extra";
      if (i > start) backdrop.append(h("span", { class: cls }, text.slice(start, i)));
      if (i < text.length) backdrop.append(h("span", { class: "dot" }, "."));
      part++;
      start = i + 1;
    }
  }
  backdrop.append(" "); // keeps a trailing newline's height in step with the textarea
  tokenField.style.height = "auto";
  tokenField.style.height = `${tokenField.scrollHeight}px`;
}

function setFieldMessage(id, content, kind) {
  const el = $(id);
  el.replaceChildren(...(Array.isArray(content) ? content : [content]));
  el.classList.toggle("error", kind === "error");
  el.classList.toggle("ok", kind === "ok");
  el.classList.toggle("warn", kind === "warn");
}

function errorContent(err) {
  if (err instanceof TokenError || (err && typeof err.code === "string")) {
    return [h("code", { class: "err-code" }, err.code), " ", err.message];
  }
  return [String(err && err.message ? err.message : err)];
}

/** Parses the verification key field: PEM, JWK or JWKS (JSON). */
function parseVerifyKey(text) {
  const t = text.trim();
  if (!t) return null;
  if (t.startsWith("{")) {
    let obj;
    try {
      obj = JSON.parse(t);
    } catch (e) {
      throw new TokenError("ERR_KEY_INVALID", `the key is not valid JSON (${e.message})`);
    }
    if (obj && Array.isArray(obj.keys)) return KeySet.fromJwks(obj);
    return VerifyingKey.fromJwk(obj, {});
  }
  return VerifyingKey.fromPem(t, {});
}

function updateVerifyKey() {
  if (state.verifyKey) state.verifyKey.free();
  state.verifyKey = null;
  const field = $("verify-key");
  const text = field.value;
  field.removeAttribute("aria-invalid");
  if (!text.trim()) {
    setFieldMessage("verify-key-msg", "Without a key the signature is not checked.");
    return;
  }
  try {
    const key = parseVerifyKey(text);
    state.verifyKey = key;
    if (key instanceof KeySet) {
      const skipped = key.skipped.length ? ` (${key.skipped.length} skipped: ${key.skipped.join("; ")})` : "";
      setFieldMessage(
        "verify-key-msg",
        `JWKS with ${key.size} usable key${key.size === 1 ? "" : "s"}: ${key.keyIds.join(", ") || "no kid"}${skipped}`,
        key.size ? "ok" : "warn",
      );
    } else {
      const priv = /PRIVATE KEY/.test(text) || /"d"\s*:/.test(text);
      setFieldMessage(
        "verify-key-msg",
        `${key.algorithm} public key${key.keyId ? `, kid ${key.keyId}` : ""}` +
          (priv ? ". This is a private key: only its public half is used; never share it." : ""),
        priv ? "warn" : "ok",
      );
    }
  } catch (err) {
    field.setAttribute("aria-invalid", "true");
    setFieldMessage("verify-key-msg", errorContent(err), "error");
  }
}

function inspectOptions() {
  const opts = {};
  if (state.verifyKey) opts.key = state.verifyKey;
  const aid = $("expected-aid").value.trim();
  if (aid) opts.applicationId = aid;
  return opts;
}

/** Re-inspects the token. `tick` is true for the once-a-second refresh of times and checks. */
function update(tick = false) {
  if (!state.ready) return;
  const token = currentToken();
  const changed = token !== state.token;
  state.token = token;
  if (!token) {
    renderEmpty();
    return;
  }
  let report;
  try {
    report = inspectToken(token, inspectOptions());
  } catch (err) {
    renderBanner("invalid", "Invalid", errorContent(err));
    return;
  }
  renderBanner(report.verdict, VERDICT_WORD[report.verdict] ?? report.verdict, report.summary, report.code);
  renderChecks(report.checks);
  renderTimeline(report, token);
  if (changed || !tick) {
    renderPartErrors(report.parts);
    renderTable($("claims"), report.claims, (name) => CLAIMS[name], true, report);
    renderTable($("header"), report.header, (name) => (HEADER[name] ? ["", HEADER[name]] : undefined), false, report);
  } else {
    refreshRelativeTimes(report.times.now.value);
  }
}

function renderEmpty() {
  renderBanner("empty", "No token", "Paste a token to see its verdict.");
  state.checksShown = "";
  $("checks").replaceChildren(h("li", { class: "empty" }, "No token yet."));
  $("claims").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, "No token yet.")));
  $("header").replaceChildren(h("tr", {}, h("td", { colspan: 3, class: "empty" }, "No token yet.")));
  $("part-errors").replaceChildren();
  $("countdown").className = "countdown";
  $("countdown").textContent = "No token yet.";
  $("timeline").replaceChildren();
  $("timeline").setAttribute("aria-label", "No token");
  $("times").replaceChildren();
}

function renderBanner(verdict, word, summary, code) {
  const key = JSON.stringify([verdict, word, typeof summary === "string" ? summary : summary.map(String), code]);
  if (key === state.bannerShown) return;
  state.bannerShown = key;
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
  if (key === state.checksShown) return;
  state.checksShown = key;
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
    cell.append(h("code", {}, typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value)));
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

function refreshRelativeTimes(now) {
  for (const el of document.querySelectorAll("[data-at]")) {
    el.textContent = relative(Number(el.dataset.at) - now);
  }
}

/** The nbf → iat → now → exp bar, the countdown and the list of times. */
function renderTimeline(report, token) {
  const { now, iat, nbf, exp, lifetime } = report.times;
  const bar = $("timeline");
  const times = $("times");
  const countdown = $("countdown");
  const n = now.value;

  // Countdown, through the package's lifecycle helper (an unverified read of exp).
  let left = null;
  try {
    left = tokenExpiresIn(token, {});
  } catch {
    left = null;
  }
  countdown.className = "countdown";
  if (left === null || !exp) {
    countdown.textContent = "No expiry (exp) to count down to.";
    countdown.classList.add("bad");
  } else if (left <= 0) {
    countdown.replaceChildren(h("span", { class: "big" }, "Expired"), ` ${relative(left)} (${duration(left)})`);
    countdown.classList.add("bad");
  } else if (nbf && nbf.value > n) {
    countdown.replaceChildren(
      h("span", { class: "big" }, `Valid in ${clock(nbf.value - n)}`),
      ` then expires in ${clock(left)}`,
    );
    countdown.classList.add("pending");
  } else {
    countdown.replaceChildren("Expires in ", h("span", { class: "big", id: "countdown-clock" }, clock(left)));
    countdown.classList.add(left < 60 ? "warn" : "good");
  }

  // Times list.
  const rows = [
    ["Issued (iat)", iat],
    ["Not before (nbf)", nbf],
    ["Now", now],
    ["Expires (exp)", exp],
  ];
  times.replaceChildren(
    ...rows.flatMap(([label, t]) => [
      h("dt", {}, label),
      h("dd", {}, t ? [h("span", { class: "when" }, localDateTime(t.value)), label === "Now" ? null : h("span", { class: "rel" }, relative(t.value - n))] : h("span", { class: "muted" }, "not set")),
    ]),
    ...(lifetime !== null && lifetime !== undefined ? [h("dt", {}, "Lifetime"), h("dd", {}, duration(lifetime), h("span", { class: "rel" }, "exp − iat"))] : []),
  );

  // Bar.
  bar.replaceChildren();
  if (!exp) {
    bar.setAttribute("aria-label", "No timeline: the token has no exp claim");
    return;
  }
  const start = Math.min(...[iat, nbf].filter(Boolean).map((t) => t.value), exp.value);
  const end = exp.value;
  const span = Math.max(end - start, 1);
  let lo = start - span * 0.06;
  let hi = end + span * 0.06;
  let nowOff = 0; // -1: far before the token, +1: far after
  if (n < lo) {
    if (start - n <= span) lo = n - span * 0.04;
    else nowOff = -1;
  } else if (n > hi) {
    if (n - end <= span) hi = n + span * 0.04;
    else nowOff = 1;
  }
  const pos = (v) => `${(((v - lo) / (hi - lo)) * 100).toFixed(3)}%`;
  const validFrom = nbf ? nbf.value : iat ? iat.value : start;
  const track = h("div", { class: "tl-track" });
  if (validFrom > start) {
    const seg = h("div", { class: "tl-seg tl-pending", title: "issued, not yet valid" });
    seg.style.setProperty("left", pos(start));
    seg.style.setProperty("width", `calc(${pos(validFrom)} - ${pos(start)})`);
    track.append(seg);
  }
  const valid = h("div", { class: "tl-seg tl-valid", title: "valid" });
  valid.style.setProperty("left", pos(Math.min(validFrom, end)));
  valid.style.setProperty("width", `calc(${pos(end)} - ${pos(Math.min(validFrom, end))})`);
  track.append(valid);
  const after = h("div", { class: "tl-seg tl-expired", title: "expired" });
  after.style.setProperty("left", pos(end));
  after.style.setProperty("right", "0");
  track.append(after);

  const elapsedEnd = nowOff === 1 ? "100%" : nowOff === -1 ? "0%" : pos(n);
  const elapsed = h("div", { class: "tl-elapsed" });
  elapsed.style.setProperty("width", elapsedEnd);
  track.append(elapsed);

  // Markers above the bar. When iat and nbf are too close for two labels, one label names both
  // (each keeps its own tick; the list below gives the exact times).
  const marks = [];
  const px = (bar.clientWidth || 600) / (hi - lo);
  if (iat && nbf && Math.abs(nbf.value - iat.value) * px < 64) {
    marks.push(["iat · nbf", Math.min(iat.value, nbf.value), "start"]);
    if (nbf.value !== iat.value) marks.push(["", Math.max(iat.value, nbf.value), "mid"]);
  } else {
    if (iat) marks.push(["iat", iat.value, "start"]);
    if (nbf) marks.push(["nbf", nbf.value, nbf.value > (iat ? iat.value : -Infinity) ? "mid" : "start"]);
  }
  marks.push(["exp", exp.value, "end"]);
  for (const [label, v, kind] of marks) {
    const m = h("div", { class: `tl-mark tl-mark-${kind}` }, label ? h("span", {}, label) : null);
    m.style.setProperty("left", pos(v));
    track.append(m);
  }
  const nowMark = h(
    "div",
    { class: `tl-now${nowOff ? " tl-now-off" : ""}` },
    h("span", {}, nowOff === 1 ? `now → ${duration(n - end)} after exp` : nowOff === -1 ? `← now, ${duration(start - n)} before` : "now"),
  );
  nowMark.style.setProperty("left", elapsedEnd);
  if (nowOff === 1 || (!nowOff && (n - lo) / (hi - lo) > 0.8)) nowMark.classList.add("tl-now-right");
  if (nowOff === -1 || (!nowOff && (n - lo) / (hi - lo) < 0.2)) nowMark.classList.add("tl-now-left");
  track.append(nowMark);
  bar.append(track);

  const phase = left !== null && left <= 0 ? `expired ${relative(left)}` : nbf && nbf.value > n ? `not valid until ${relative(nbf.value - n)}` : `valid, expires ${relative(left)}`;
  bar.setAttribute(
    "aria-label",
    `Timeline: ${iat ? `issued ${localDateTime(iat.value)}, ` : ""}${nbf ? `valid from ${localDateTime(nbf.value)}, ` : ""}expires ${localDateTime(exp.value)}. Now the token is ${phase}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// JWKS URL: the one network request of the page, and only on demand.

async function fetchJwks(event) {
  event.preventDefault();
  const input = $("jwks-url");
  const url = input.value.trim();
  input.removeAttribute("aria-invalid");
  if (!url) {
    input.setAttribute("aria-invalid", "true");
    setFieldMessage("jwks-msg", "Type the URL of a JWKS, e.g. http://localhost:8787/.well-known/jwks.json", "error");
    return;
  }
  const button = $("jwks-fetch");
  button.disabled = true;
  setFieldMessage("jwks-msg", `Fetching ${url}…`);
  try {
    const res = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText}`.trim());
    const jwks = await res.json();
    const set = KeySet.fromJwks(jwks); // validates before it replaces the key field
    const n = set.size;
    set.free();
    $("verify-key").value = JSON.stringify(jwks, null, 2);
    updateVerifyKey();
    setFieldMessage("jwks-msg", `Fetched ${n} usable key${n === 1 ? "" : "s"} from ${url}.`, "ok");
    update();
  } catch (err) {
    input.setAttribute("aria-invalid", "true");
    const msg = err instanceof TypeError ? `could not fetch ${url} (network error or CORS: the worker must allow this origin)` : err.message;
    setFieldMessage("jwks-msg", err instanceof TokenError ? errorContent(err) : msg, "error");
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Issuer

const FIELD_IDS = ["private-key", "sub", "aid", "lifetime", "nbf"];

function clearIssueErrors() {
  for (const id of FIELD_IDS) {
    const input = $(id);
    input.removeAttribute("aria-invalid");
    const msg = $(`${id}-msg`);
    if (msg.dataset.hint !== undefined && msg.classList.contains("error")) {
      msg.innerHTML = msg.dataset.hint;
      msg.classList.remove("error");
    }
  }
  const formError = $("issue-error");
  formError.hidden = true;
  formError.replaceChildren();
}

function showIssueError(fieldId, err) {
  const input = $(fieldId);
  const msg = $(`${fieldId}-msg`);
  if (msg.dataset.hint === undefined) msg.dataset.hint = msg.innerHTML;
  input.setAttribute("aria-invalid", "true");
  msg.replaceChildren(...errorContent(err));
  msg.classList.add("error");
  msg.classList.remove("ok", "warn");
  const formError = $("issue-error");
  const label = document.querySelector(`label[for="${fieldId}"]`);
  formError.replaceChildren(`Token not issued: ${label ? label.textContent : fieldId}. `, ...errorContent(err));
  formError.hidden = false;
  input.focus();
}

/** A pure number is seconds; otherwise the package parses "30m", "6h", "1h30m". */
function durationValue(text) {
  const t = text.trim();
  if (!t) return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

function signingKeyFromField() {
  const text = $("private-key").value;
  if (state.signing && state.signing.text === text) return state.signing.key;
  if (state.signing) state.signing.key.free();
  state.signing = null;
  const t = text.trim();
  if (!t) {
    throw new TokenError("ERR_INVALID_ARGUMENT", "paste a private key or press \u201cGenerate a development key pair\u201d");
  }
  let key;
  if (t.startsWith("{")) {
    let jwk;
    try {
      jwk = JSON.parse(t);
    } catch (e) {
      throw new TokenError("ERR_KEY_INVALID", `the key is not valid JSON (${e.message})`);
    }
    key = SigningKey.fromJwk(jwk, {});
  } else {
    key = SigningKey.fromPem(t, {});
  }
  state.signing = { text, key };
  return key;
}

function describeSigningKey(key) {
  return `${key.algorithm} private key${key.keyId ? `, kid ${key.keyId}` : ""}.`;
}

const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function generateKey() {
  const button = $("generate");
  clearIssueErrors();
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const msgId = "private-key-msg";
  setFieldMessage(
    msgId,
    nativeCrypto()
      ? "Generating an RSA 2048 key with the browser's WebCrypto…"
      : "Generating an RSA 2048 key in WebAssembly (this page has no crypto.subtle): this takes a few seconds, the page pauses meanwhile…",
  );
  await nextPaint();
  const t0 = performance.now();
  try {
    const key = await SigningKey.generate("RS256", {});
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (state.signing) state.signing.key.free();
    $("private-key").value = key.toPem();
    state.signing = { text: $("private-key").value, key };
    $(msgId).dataset.hint = "Paste a key, or generate one.";
    setFieldMessage(
      msgId,
      `Generated a development ${describeSigningKey(key)} (${seconds} s, ${nativeCrypto() ? "WebCrypto" : "pure WebAssembly"}). For tests only.`,
      "ok",
    );
  } catch (err) {
    showIssueError("private-key", err);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** Which field an issuing error belongs to. */
function fieldFor(err, lifetimeText, nbfText) {
  const m = String(err && err.message);
  if (err && err.code === "ERR_LIFETIME_OUT_OF_RANGE") return "lifetime";
  if (lifetimeText && m.includes(`"${lifetimeText}"`)) return "lifetime";
  if (nbfText && (m.includes(`"${nbfText}"`) || /notBefore/i.test(m))) return "nbf";
  if (/^sub\b/.test(m)) return "sub";
  if (/applicationId|\baid\b/.test(m)) return "aid";
  return "lifetime";
}

async function issueToken(event) {
  event.preventDefault();
  clearIssueErrors();
  if (state.refresh) state.refresh.cancel();
  state.refresh = null;
  let key;
  const cached = state.signing && state.signing.text === $("private-key").value;
  try {
    key = signingKeyFromField();
  } catch (err) {
    showIssueError("private-key", err);
    return;
  }
  if (!cached) setFieldMessage("private-key-msg", describeSigningKey(key), "ok");
  const aid = $("aid").value.trim();
  let issuer;
  try {
    issuer = new TokenIssuer(key, { applicationId: aid });
  } catch (err) {
    showIssueError("aid", err);
    return;
  }
  const lifetimeText = $("lifetime").value.trim();
  const nbfText = $("nbf").value.trim();
  const options = {};
  if (lifetimeText) options.lifetime = durationValue(lifetimeText);
  if (nbfText) options.notBefore = durationValue(nbfText);
  const sub = $("sub").value.trim();
  const button = $("issue-button");
  button.disabled = true;
  let token;
  try {
    token = await issuer.issue(sub, options);
  } catch (err) {
    showIssueError(fieldFor(err, lifetimeText, nbfText), err);
    issuer.free();
    return;
  } finally {
    button.disabled = false;
  }
  if (state.lastIssue) state.lastIssue.issuer.free();
  state.lastIssue = { issuer, sub, options };

  $("issued-token").value = token;
  $("public-key-out").value = key.publicKey.toPem();
  $("copy-status").textContent = "";
  $("copy-public-status").textContent = "";
  $("issued").hidden = false;

  // Show it in the debugger at once, verified with the key's public half.
  tokenField.value = token;
  $("verify-key").value = key.toPublicPem();
  $("expected-aid").value = aid;
  setFieldMessage("jwks-msg", "The only request this page ever makes.");
  $("jwks-url").removeAttribute("aria-invalid");
  paintBackdrop();
  updateVerifyKey();
  update();
  $("auto-refresh-status").textContent = "";
  if ($("auto-refresh").checked) startRefresh(token);
}

/** Shows a (re-)issued token in the output and the debugger. */
function showToken(token) {
  $("issued-token").value = token;
  tokenField.value = token;
  paintBackdrop();
  update();
}

/**
 * The client SDK flow, run against this page's own issuer: scheduleRefresh calls the issuer one
 * minute before the token expires, as your app does in onTokenWillExpire → client.updateToken().
 */
function startRefresh(token) {
  if (state.refresh) state.refresh.cancel();
  state.refresh = null;
  const last = state.lastIssue;
  if (!last) return;
  const status = $("auto-refresh-status");
  try {
    state.refresh = scheduleRefresh(token, () => last.issuer.issue(last.sub, last.options), {
      margin: "1m",
      onToken: (next) => {
        showToken(next);
        status.textContent = `Re-issued at ${localDateTime(Date.now() / 1000)}; the next one is due 1 minute before it expires.`;
      },
      onError: (err) => {
        status.replaceChildren("Re-issue failed: ", ...errorContent(err), " (retrying in 10 s)");
      },
    });
    status.textContent = `A new token will be issued ${relative(tokenExpiresIn(token, {}) - 60)}, 1 minute before this one expires.`;
  } catch (err) {
    status.replaceChildren(...errorContent(err));
  }
}

async function copyFrom(textareaId, statusId, button) {
  const area = $(textareaId);
  const text = area.value;
  let ok = false;
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    // Plain http (LAN address): no async clipboard API; copy the selection instead.
    area.focus();
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    button.focus();
  }
  $(statusId).textContent = ok ? "Copied to the clipboard." : "Could not copy: select the text and press Ctrl+C.";
}

// ---------------------------------------------------------------------------------------------
// Start

function readHash() {
  const hash = location.hash.startsWith("#") ? location.hash.slice(1) : "";
  if (!hash) return;
  const token = new URLSearchParams(hash).get("token");
  if (token) {
    tokenField.value = token;
    paintBackdrop();
    update();
  }
}

function wire() {
  tokenField.addEventListener("input", () => {
    paintBackdrop();
    update();
  });
  $("verify-key").addEventListener("input", () => {
    updateVerifyKey();
    update();
  });
  $("expected-aid").addEventListener("input", () => update());
  $("jwks-form").addEventListener("submit", fetchJwks);
  $("generate").addEventListener("click", generateKey);
  $("issue-form").addEventListener("submit", issueToken);
  $("copy-token").addEventListener("click", (e) => copyFrom("issued-token", "copy-status", e.currentTarget));
  $("copy-public").addEventListener("click", (e) => copyFrom("public-key-out", "copy-public-status", e.currentTarget));
  $("auto-refresh").addEventListener("change", (e) => {
    if (e.currentTarget.checked && $("issued-token").value) startRefresh($("issued-token").value);
    else {
      if (state.refresh) state.refresh.cancel();
      state.refresh = null;
      $("auto-refresh-status").textContent = e.currentTarget.checked ? "" : "Automatic re-issue is off.";
    }
  });
  window.addEventListener("hashchange", readHash);
  window.addEventListener("resize", () => paintBackdrop());
  setInterval(() => {
    if (state.token) update(true);
  }, 1000);
}

async function start() {
  wire();
  paintBackdrop();
  try {
    await init();
  } catch (err) {
    $("runtime").textContent = `Could not load the WebAssembly module: ${err && err.message ? err.message : err}`;
    $("runtime").classList.add("error");
    return;
  }
  state.ready = true;
  const runtime = $("runtime");
  runtime.dataset.crypto = nativeCrypto() ? "native" : "wasm";
  runtime.textContent = nativeCrypto()
    ? "Ready. RSA keys and signatures use the browser's WebCrypto."
    : "Ready. No crypto.subtle here (plain http from a LAN address?): everything runs in pure WebAssembly, and generating a key takes a few seconds.";
  if (location.hash) readHash();
  else if (tokenField.value) {
    paintBackdrop();
    update();
  }
  updateVerifyKey();
  update();
}

start();
