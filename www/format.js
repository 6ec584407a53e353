// Time and text formatting for the demo page (no dependencies, no DOM).

const UNITS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "in 29 minutes", "3 years ago", "now". `seconds` is signed: positive is in the future. */
export function relative(seconds) {
  if (Math.abs(seconds) < 1) return "now";
  const abs = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === "second") {
      const n = Math.floor(abs / size);
      return rtf.format(seconds < 0 ? -n : n, unit);
    }
  }
  return "";
}

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

/** "30 min", "6 h", "1 h 30 min", "45 s". */
export function duration(seconds) {
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const parts = [];
  for (const [label, size] of [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]]) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${label}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
