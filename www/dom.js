// DOM helpers of the demo page: finding and creating elements, the message line under a field, how
// an error is shown (its stable code, then its message), copying a field to the clipboard, and
// whether this page has WebCrypto. No page state lives here; every other module builds on these.
import { TokenError } from "./vendor/sceyt-token/entries/browser.mjs";

export const $ = (id) => document.getElementById(id);

/** Creates an element: h("li", { class: "x" }, "text", child). */
export function h(tag, attrs = {}, ...children) {
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

/** Whether the browser gives this page WebCrypto (not on plain http from a LAN address). */
export const nativeCrypto = () => Boolean(globalThis.crypto && globalThis.crypto.subtle);

/** Replaces the message under a field; `kind` is "error", "ok", "warn" or nothing. */
export function setFieldMessage(id, content, kind) {
  const el = $(id);
  el.replaceChildren(...(Array.isArray(content) ? content : [content]));
  el.classList.toggle("error", kind === "error");
  el.classList.toggle("ok", kind === "ok");
  el.classList.toggle("warn", kind === "warn");
}

/** An error as nodes: its `code` (for a TokenError), then its message. */
export function errorContent(err) {
  if (err instanceof TokenError || (err && typeof err.code === "string")) {
    return [h("code", { class: "err-code" }, err.code), " ", err.message];
  }
  return [String(err && err.message ? err.message : err)];
}

/** Copies a textarea's text; `statusId` says whether it worked. */
export async function copyFrom(textareaId, statusId, button) {
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
