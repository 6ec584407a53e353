// The JWKS URL form: the one network request of the page, made only when the user asks. It fetches
// without credentials or referrer, checks the answer is a usable JWKS (`KeySet.fromJwks`) before it
// replaces the verification key field, and says why a fetch failed (HTTP status, network or CORS,
// or the key set's own error).
import { KeySet, TokenError } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, setFieldMessage, errorContent } from "./dom.js";
import { updateVerifyKey, update } from "./debugger.js";

const HINT = "The only request this page ever makes.";

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

/** Back to the hint (the verification key was replaced by other means). */
export function resetJwks() {
  setFieldMessage("jwks-msg", HINT);
  $("jwks-url").removeAttribute("aria-invalid");
}

export function wireJwks() {
  $("jwks-form").addEventListener("submit", fetchJwks);
}
