// The debugger's inputs and its refresh loop: the token field (its colour-coded backdrop, the
// "Bearer " prefix, `#token=` in the address), the verification key field (PEM, JWK or JWKS, held as
// a VerifyingKey or KeySet and freed when replaced), the expected application id, the "other
// provider's token" fields (issuer, audience, client id, typ), and `update()`,
// which runs `inspectToken` and hands the report to report.js and timeline.js — in full when the
// token changed, and once a second only what time changes.
import { VerifyingKey, KeySet, describeKeyText, inspectToken } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, h, setFieldMessage, errorContent } from "./dom.js";
import { renderVerdict, renderRefused, renderDetails, renderEmptyReport, refreshRelativeTimes } from "./report.js";
import { renderTimeline, clearTimeline } from "./timeline.js";

const state = {
  ready: false, // the wasm is loaded
  verifyKey: null, // VerifyingKey | KeySet | null
  token: "", // the token last inspected
};

const tokenField = $("token");

/** The token in the field, without surrounding whitespace or a "Bearer " prefix. */
function currentToken() {
  return tokenField.value.trim().replace(/^Bearer\s+/i, "");
}

/** Colours the three parts behind the (transparent-text) token field. */
export function paintBackdrop() {
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

/** Puts `token` in the token field and inspects it. */
export function showToken(token) {
  tokenField.value = token;
  paintBackdrop();
  update();
}

/** An issued token in the debugger, with its public key and application id to verify it. */
export function showIssued(token, publicPem, aid) {
  tokenField.value = token;
  $("verify-key").value = publicPem;
  $("expected-aid").value = aid;
  paintBackdrop();
  updateVerifyKey();
  update();
}

/**
 * Reads the verification key field with the package's one reader: what the text is
 * (`describeKeyText`), then a KeySet for a JWKS, else a VerifyingKey (a private key's public half).
 * Pasted by the user and never sent anywhere: trusted local text (a JWKS fetched from a URL is
 * checked for private members by jwks.js before it lands here).
 */
function parseVerifyKey(text) {
  const info = describeKeyText(text);
  return { key: info.format === "jwks" ? KeySet.from(text) : VerifyingKey.from(text), info };
}

/** Reads the verification key field into a key (or none) and says what it holds. */
export function updateVerifyKey() {
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
    const { key, info } = parseVerifyKey(text);
    state.verifyKey = key;
    if (key instanceof KeySet) {
      const skipped = key.skipped.length ? ` (${key.skipped.length} skipped: ${key.skipped.join("; ")})` : "";
      setFieldMessage(
        "verify-key-msg",
        `JWKS with ${key.size} usable key${key.size === 1 ? "" : "s"}: ${key.keyIds.join(", ") || "no kid"}${skipped}`,
        key.size ? "ok" : "warn",
      );
    } else {
      const priv = info.private;
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

/** The "other provider's token" fields: option name → field id. */
const PROVIDER_FIELDS = { issuer: "expected-iss", audience: "expected-aud", clientId: "expected-client", typ: "expected-typ" };

/** A field's values: comma-separated, trimmed; one value as a string, several as a list. */
function listValue(id) {
  const values = $(id).value.split(",").map((v) => v.trim()).filter(Boolean);
  return values.length > 1 ? values : values[0];
}

function inspectOptions() {
  const opts = {};
  if (state.verifyKey) opts.key = state.verifyKey;
  const aid = $("expected-aid").value.trim();
  if (aid) opts.applicationId = aid;
  let provider = false;
  for (const [name, id] of Object.entries(PROVIDER_FIELDS)) {
    const v = listValue(id);
    if (v !== undefined) {
      opts[name] = v;
      provider = true;
    }
  }
  // Another provider's token: SCEYT's lifetime window does not apply (as the CLI's inspect).
  if (provider && !aid) opts.lifetimePolicy = false;
  return opts;
}

/** Re-inspects the token. `tick` is true for the once-a-second refresh of times and checks. */
export function update(tick = false) {
  if (!state.ready) return;
  const token = currentToken();
  const changed = token !== state.token;
  state.token = token;
  if (!token) {
    renderEmptyReport();
    clearTimeline();
    return;
  }
  let report;
  try {
    report = inspectToken(token, inspectOptions());
  } catch (err) {
    renderRefused(err);
    return;
  }
  renderVerdict(report);
  renderTimeline(report, token);
  if (changed || !tick) renderDetails(report);
  else refreshRelativeTimes(report.times.now.value);
}

/** A `#token=…` in the address: shown and inspected. */
export function readHash() {
  const hash = location.hash.startsWith("#") ? location.hash.slice(1) : "";
  if (!hash) return;
  const token = new URLSearchParams(hash).get("token");
  if (token) showToken(token);
}

/** Listens to the debugger's fields, the address and the window; refreshes once a second. */
export function wireDebugger() {
  tokenField.addEventListener("input", () => {
    paintBackdrop();
    update();
  });
  $("verify-key").addEventListener("input", () => {
    updateVerifyKey();
    update();
  });
  $("expected-aid").addEventListener("input", () => update());
  for (const id of Object.values(PROVIDER_FIELDS)) $(id).addEventListener("input", () => update());
  window.addEventListener("hashchange", readHash);
  window.addEventListener("resize", () => paintBackdrop());
  setInterval(() => {
    if (state.token) update(true);
  }, 1000);
}

/** Inspects what the fields hold once the wasm is loaded: the address's token, or the field's. */
export function startDebugger() {
  state.ready = true;
  if (location.hash) readHash();
  else if (tokenField.value) {
    paintBackdrop();
    update();
  }
  updateVerifyKey();
  update();
}
