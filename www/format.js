// Time formatting for the demo page (no DOM): local date-times and the countdown clock. Durations
// and relative times ("5 h 59 min", "in 29 min 59 s", "3 d 4 h ago") are the package's own
// wording, `formatDuration`, used directly by timeline.js, report.js and issuer.js.

const dateFmt = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
});

/** Local date-time of a NumericDate (seconds since the epoch). */
export function localDateTime(value) {
  const d = new Date(value * 1000);
  if (Number.isNaN(d.getTime())) return "not a valid date";
  return dateFmt.format(d);
}

/** "1 d 02:03:04", "00:29:43". */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hms = [h, m, sec].map((n) => String(n).padStart(2, "0")).join(":");
  return d > 0 ? `${d} d ${hms}` : hms;
}
