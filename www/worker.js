// "Get a token from this worker": shown only when the example worker serves this page in
// development mode (`make demo`, `npm run dev`), which it says with a <meta name="sceyt-worker">
// in the page. Then the JWKS URL field holds the worker's own /.well-known/jwks.json, and the
// button asks the worker (same origin) for a token for the user id typed, puts it in the debugger,
// fetches the worker's keys and sets the expected application id: the token is verified at once.
// Opening the page with #get-token (the URL make demo prints) presses the button on load. Served any
// other way (make site, a static server, production), the page has no such meta, shows nothing of
// this and makes no request.
import { $, setFieldMessage } from "./dom.js";

function workerInfo() {
  const meta = document.querySelector('meta[name="sceyt-worker"]');
  if (!meta) return null;
  try {
    const info = JSON.parse(meta.content);
    return info && info.mode === "development" ? info : null;
  } catch {
    return null;
  }
}

async function getToken(info, event) {
  event?.preventDefault();
  const sub = $("worker-sub").value.trim() || "demo-user";
  const button = $("worker-get");
  button.disabled = true;
  setFieldMessage("worker-msg", `Asking this worker for a token for ${sub}…`);
  try {
    const res = await fetch(`${info.token}?sub=${encodeURIComponent(sub)}`, { cache: "no-store", credentials: "omit" });
    const body = await res.json().catch(() => ({}));
    if (!res.ok || typeof body.token !== "string") {
      throw new Error(body?.error ? `${res.status} ${body.error.code}: ${body.error.message}` : `the worker answered ${res.status}`);
    }
    const token = $("token");
    token.value = body.token;
    token.dispatchEvent(new Event("input", { bubbles: true }));
    if (info.appId) {
      $("expected-aid").value = info.appId;
      $("expected-aid").dispatchEvent(new Event("input", { bubbles: true }));
    }
    $("jwks-url").value = new URL(info.jwks, location.href).href;
    $("jwks-form").requestSubmit();
    setFieldMessage("worker-msg", `Token for ${sub} from GET ${info.token} (expires in ${body.expiresIn} s), verified with the worker's keys below.`, "ok");
  } catch (err) {
    setFieldMessage("worker-msg", `Could not get a token: ${err && err.message ? err.message : err}`, "error");
  } finally {
    button.disabled = false;
  }
}

/** Shows the panel and fills the JWKS URL when a development worker serves the page. */
export function wireWorker() {
  const info = workerInfo();
  if (!info) return;
  $("worker-panel").hidden = false;
  const jwks = $("jwks-url");
  if (!jwks.value) jwks.value = new URL(info.jwks, location.href).href;
  $("worker-form").addEventListener("submit", (e) => getToken(info, e));
  return info;
}

/** After the wasm is loaded: `#get-token` in the address asks for a token at once. */
export function startWorker(info) {
  if (info && location.hash === "#get-token") getToken(info);
}
