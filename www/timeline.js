// The timeline box of the debugger, three jobs over one report's `times` (nbf, iat, now, exp,
// lifetime): the countdown line (through the package's `tokenExpiresIn`, an unverified read of
// exp), the list of times, and the nbf → iat → now → exp bar with its markers and its spoken
// description. The bar's scale is computed once (`barScale`) and shared by its segments, markers and
// the "now" marker.
import { formatDuration, tokenExpiresIn } from "./vendor/sceyt-token/entries/browser.mjs";
import { $, h } from "./dom.js";
import { localDateTime, clock } from "./format.js";

const RELATIVE = { relative: true }; // formatDuration: "in 29 min 59 s", "3 d 4 h ago", "now"

/** The countdown, the times list and the bar for `report` (of `token`). */
export function renderTimeline(report, token) {
  const left = renderCountdown(report.times, token);
  renderTimes(report.times);
  renderBar(report.times, left);
}

/** No token: the box says so. */
export function clearTimeline() {
  $("countdown").className = "countdown";
  $("countdown").textContent = "No token yet.";
  $("timeline").replaceChildren();
  $("timeline").setAttribute("aria-label", "No token");
  $("times").replaceChildren();
}

/** "Expires in 05:59:59", "Valid in …", "Expired …". Returns the seconds left (null: no exp). */
function renderCountdown({ now, nbf, exp }, token) {
  const countdown = $("countdown");
  const n = now.value;
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
    countdown.replaceChildren(h("span", { class: "big" }, "Expired"), ` ${formatDuration(left, RELATIVE)} (${formatDuration(left)})`);
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
  return left;
}

/** The list: iat, nbf, now, exp (local time and relative), and the lifetime. */
function renderTimes({ now, iat, nbf, exp, lifetime }) {
  const n = now.value;
  const rows = [
    ["Issued (iat)", iat],
    ["Not before (nbf)", nbf],
    ["Now", now],
    ["Expires (exp)", exp],
  ];
  $("times").replaceChildren(
    ...rows.flatMap(([label, t]) => [
      h("dt", {}, label),
      h("dd", {}, t ? [h("span", { class: "when" }, localDateTime(t.value)), label === "Now" ? null : h("span", { class: "rel" }, formatDuration(t.value - n, RELATIVE))] : h("span", { class: "muted" }, "not set")),
    ]),
    ...(lifetime !== null && lifetime !== undefined ? [h("dt", {}, "Lifetime"), h("dd", {}, formatDuration(lifetime), h("span", { class: "rel" }, "exp − iat"))] : []),
  );
}

/** The bar: segments (pending, valid, expired), elapsed time, markers, "now", and its label. */
function renderBar(times, left) {
  const bar = $("timeline");
  bar.replaceChildren();
  if (!times.exp) {
    bar.setAttribute("aria-label", "No timeline: the token has no exp claim");
    return;
  }
  const scale = barScale(times);
  const track = h("div", { class: "tl-track" });
  track.append(...segments(times, scale), ...markers(times, scale, bar.clientWidth || 600), nowMarker(scale));
  bar.append(track);
  bar.setAttribute("aria-label", barLabel(times, left));
}

/**
 * The visible window [lo, hi] around the token's span (start = earliest of iat, nbf, exp; end =
 * exp) with 6 % of margin, widened to show "now" when it is within one span of the token; farther
 * away, "now" is pinned to an edge (`nowOff` -1: before the token, +1: after). `pos(v)` is a CSS
 * percentage; `elapsedEnd` where the elapsed bar and the "now" marker stop.
 */
function barScale({ now, iat, nbf, exp }) {
  const n = now.value;
  const start = Math.min(...[iat, nbf].filter(Boolean).map((t) => t.value), exp.value);
  const end = exp.value;
  const span = Math.max(end - start, 1);
  let lo = start - span * 0.06;
  let hi = end + span * 0.06;
  let nowOff = 0;
  if (n < lo) {
    if (start - n <= span) lo = n - span * 0.04;
    else nowOff = -1;
  } else if (n > hi) {
    if (n - end <= span) hi = n + span * 0.04;
    else nowOff = 1;
  }
  const pos = (v) => `${(((v - lo) / (hi - lo)) * 100).toFixed(3)}%`;
  const elapsedEnd = nowOff === 1 ? "100%" : nowOff === -1 ? "0%" : pos(n);
  return { n, start, end, lo, hi, nowOff, pos, elapsedEnd };
}

/** A positioned element: `left` and, as given, `width` or `right`. */
function placed(el, props) {
  for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v);
  return el;
}

function segments({ iat, nbf }, { start, end, pos, elapsedEnd }) {
  const validFrom = nbf ? nbf.value : iat ? iat.value : start;
  const out = [];
  if (validFrom > start) {
    const seg = h("div", { class: "tl-seg tl-pending", title: "issued, not yet valid" });
    out.push(placed(seg, { left: pos(start), width: `calc(${pos(validFrom)} - ${pos(start)})` }));
  }
  const from = Math.min(validFrom, end);
  out.push(placed(h("div", { class: "tl-seg tl-valid", title: "valid" }), { left: pos(from), width: `calc(${pos(end)} - ${pos(from)})` }));
  out.push(placed(h("div", { class: "tl-seg tl-expired", title: "expired" }), { left: pos(end), right: "0" }));
  out.push(placed(h("div", { class: "tl-elapsed" }), { width: elapsedEnd }));
  return out;
}

/**
 * The iat, nbf and exp markers above the bar. When iat and nbf are too close for two labels (under
 * 64 px apart on a bar `width` px wide), one label names both (each keeps its own tick; the list
 * below gives the exact times).
 */
function markers({ iat, nbf, exp }, { lo, hi, pos }, width) {
  const marks = [];
  const px = width / (hi - lo);
  if (iat && nbf && Math.abs(nbf.value - iat.value) * px < 64) {
    marks.push(["iat · nbf", Math.min(iat.value, nbf.value), "start"]);
    if (nbf.value !== iat.value) marks.push(["", Math.max(iat.value, nbf.value), "mid"]);
  } else {
    if (iat) marks.push(["iat", iat.value, "start"]);
    if (nbf) marks.push(["nbf", nbf.value, nbf.value > (iat ? iat.value : -Infinity) ? "mid" : "start"]);
  }
  marks.push(["exp", exp.value, "end"]);
  return marks.map(([label, v, kind]) => placed(h("div", { class: `tl-mark tl-mark-${kind}` }, label ? h("span", {}, label) : null), { left: pos(v) }));
}

/** "now", or "now → 3 d after exp" / "← now, 2 h before" when pinned to an edge. */
function nowMarker({ n, start, end, lo, hi, nowOff, elapsedEnd }) {
  const text = nowOff === 1 ? `now → ${formatDuration(n - end)} after exp` : nowOff === -1 ? `← now, ${formatDuration(start - n)} before` : "now";
  const mark = placed(h("div", { class: `tl-now${nowOff ? " tl-now-off" : ""}` }, h("span", {}, text)), { left: elapsedEnd });
  const at = (n - lo) / (hi - lo);
  if (nowOff === 1 || (!nowOff && at > 0.8)) mark.classList.add("tl-now-right");
  if (nowOff === -1 || (!nowOff && at < 0.2)) mark.classList.add("tl-now-left");
  return mark;
}

/** What the bar shows, for screen readers. */
function barLabel({ now, iat, nbf, exp }, left) {
  const n = now.value;
  const phase = left !== null && left <= 0 ? `expired ${formatDuration(left, RELATIVE)}` : nbf && nbf.value > n ? `not valid until ${formatDuration(nbf.value - n, RELATIVE)}` : `valid, expires ${formatDuration(left, RELATIVE)}`;
  return `Timeline: ${iat ? `issued ${localDateTime(iat.value)}, ` : ""}${nbf ? `valid from ${localDateTime(nbf.value)}, ` : ""}expires ${localDateTime(exp.value)}. Now the token is ${phase}.`;
}
