// The issuer form: the private key field (pasted PEM or JWK, or a generated development key, held
// as one SigningKey and freed when replaced), issuing with the package's TokenIssuer, errors shown
// at the field they belong to, the issued token and public key with their copy buttons, handing the
// token to the debugger, and automatic re-issue with `scheduleRefresh` (the SCEYT SDK's
// onTokenWillExpire → updateToken() flow). Durations typed here (lifetime, not before) are passed
// to the package as typed: its one duration grammar reads them.
import { ErrorCode, SigningKey, TokenIssuer, TokenError, describeKeyText, formatDuration, tokenExpiresIn, scheduleRefresh } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, setFieldMessage, errorContent, nativeCrypto, copyFrom } from "./dom.js";
import { localDateTime } from "./format.js";
import { showToken, showIssued } from "./debugger.js";
import { resetJwks } from "./jwks.js";

const state = {
  signing: null, // { text, key } : the SigningKey matching the private-key field
  refresh: null, // { cancel() } from scheduleRefresh
  lastIssue: null, // { issuer, sub, options } of the last issued token, for re-issuing
};

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

function signingKeyFromField() {
  const text = $("private-key").value;
  if (state.signing && state.signing.text === text) return state.signing.key;
  if (state.signing) state.signing.key.free();
  state.signing = null;
  const t = text.trim();
  if (!t) {
    throw new TokenError(ErrorCode.InvalidArgument, "paste a private key or press \u201cGenerate a development key pair\u201d");
  }
  // The package's one reader says what the text is; a JWK is passed as text, as pasted.
  const key = describeKeyText(t).format === "pem" ? SigningKey.fromPem(t, {}) : SigningKey.fromJwk(t, {});
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
  if (err && err.code === ErrorCode.LifetimeOutOfRange) return "lifetime";
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
  if (lifetimeText) options.lifetime = lifetimeText;
  if (nbfText) options.notBefore = nbfText;
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
  showOutput(token, key, aid);
  $("auto-refresh-status").textContent = "";
  if ($("auto-refresh").checked) startRefresh(token);
}

/** The issued token and public key, and the token in the debugger, verified with that key. */
function showOutput(token, key, aid) {
  $("issued-token").value = token;
  $("public-key-out").value = key.publicKey.toPem();
  $("copy-status").textContent = "";
  $("copy-public-status").textContent = "";
  $("issued").hidden = false;
  resetJwks();
  showIssued(token, key.toPublicPem(), aid);
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
        $("issued-token").value = next;
        showToken(next);
        status.textContent = `Re-issued at ${localDateTime(Date.now() / 1000)}; the next one is due 1 minute before it expires.`;
      },
      onError: (err) => {
        status.replaceChildren("Re-issue failed: ", ...errorContent(err), " (retrying in 10 s)");
      },
    });
    status.textContent = `A new token will be issued ${formatDuration(tokenExpiresIn(token, {}) - 60, { relative: true })}, 1 minute before this one expires.`;
  } catch (err) {
    status.replaceChildren(...errorContent(err));
  }
}

function stopRefresh(checked) {
  if (state.refresh) state.refresh.cancel();
  state.refresh = null;
  $("auto-refresh-status").textContent = checked ? "" : "Automatic re-issue is off.";
}

export function wireIssuer() {
  $("generate").addEventListener("click", generateKey);
  $("issue-form").addEventListener("submit", issueToken);
  $("copy-token").addEventListener("click", (e) => copyFrom("issued-token", "copy-status", e.currentTarget));
  $("copy-public").addEventListener("click", (e) => copyFrom("public-key-out", "copy-public-status", e.currentTarget));
  $("auto-refresh").addEventListener("change", (e) => {
    if (e.currentTarget.checked && $("issued-token").value) startRefresh($("issued-token").value);
    else stopRefresh(e.currentTarget.checked);
  });
}
