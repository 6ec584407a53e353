// The SCEYT token debugger and issuer: the page's entry module. Everything runs in this tab: the
// package's WebAssembly build decodes, verifies and signs; the only network request is the JWKS URL
// the user asks for. This file only starts the page: it wires the modules' event listeners, loads
// the wasm (`init({ crypto: true })`: the core and the crypto module, since the debugger verifies
// with the synchronous `inspectToken`, which has no native primitive in a browser), says which crypto the page uses, and hands over to the debugger. The parts:
// dom.js (DOM helpers), format.js (times and durations as text), debugger.js (token and key inputs,
// `update()`), report.js (verdict, checks, tables), timeline.js (countdown, times, bar), jwks.js
// (the JWKS URL), issuer.js (issuing, re-issuing, copying), worker.js (a token from the example
// worker that serves the page in development mode).
import { init } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, nativeCrypto } from "./dom.js";
import { paintBackdrop, wireDebugger, startDebugger } from "./debugger.js";
import { wireJwks } from "./jwks.js";
import { wireIssuer } from "./issuer.js";
import { startWorker, wireWorker } from "./worker.js";

async function start() {
  wireDebugger();
  wireJwks();
  wireIssuer();
  const worker = wireWorker();
  paintBackdrop();
  const runtime = $("runtime");
  try {
    await init({ crypto: true });
  } catch (err) {
    runtime.textContent = `Could not load the WebAssembly module: ${err && err.message ? err.message : err}`;
    runtime.classList.add("error");
    return;
  }
  runtime.dataset.crypto = nativeCrypto() ? "native" : "wasm";
  runtime.textContent = nativeCrypto()
    ? "Ready. RSA keys and signatures use the browser's WebCrypto."
    : "Ready. No crypto.subtle here (plain http from a LAN address?): everything runs in pure WebAssembly, and generating a key takes a few seconds.";
  startDebugger();
  startWorker(worker);
}

start();
