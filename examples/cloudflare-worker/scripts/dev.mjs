// `npm run dev`: `wrangler dev` in development mode (GET /token?sub=<anyone> without a session), on
// loopback only. Development mode is switched on here, on wrangler's command line
// (--var SCEYT_DEV_MODE:1), never in wrangler.toml; and it is refused with any listening address
// other than loopback (--ip 0.0.0.0, --ip 192.168.1.5…) or with --remote (Cloudflare's network):
// from inside, the worker cannot tell who calls it (the client sets Host and, under wrangler dev,
// CF-Connecting-IP), so this launcher is what keeps other machines out. Other arguments are passed
// to wrangler as they are (e.g. `npm run dev -- --port 8788`).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

/** 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}

let ip = "127.0.0.1";
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--ip" || a === "--host") ip = args[++i] ?? "";
  else if (a.startsWith("--ip=") || a.startsWith("--host=")) ip = a.slice(a.indexOf("=") + 1);
  else if (a === "--remote" || a === "-r" || a.startsWith("--remote=")) {
    console.error("npm run dev: refused: development mode never runs on Cloudflare's network (--remote); use `npx wrangler dev --remote` without it");
    process.exit(2);
  } else if (a === "--var" && /^SCEYT_DEV_MODE[:=]/.test(args[i + 1] ?? "")) i++;
  else rest.push(a);
}
if (!isLoopback(ip)) {
  console.error(
    `npm run dev: refused: development mode listens on loopback only (127.0.0.1, ::1, localhost), not on ${ip}: any machine that reaches it would get a token for any user. Run \`npx wrangler dev --ip ${ip}\` without development mode (sessions then need Authorization: Bearer).`,
  );
  process.exit(2);
}
const wrangler = join(here, "../node_modules/.bin/wrangler");
const child = spawn(wrangler, ["dev", "--ip", ip, "--var", "SCEYT_DEV_MODE:1", ...rest], { stdio: "inherit", cwd: join(here, "..") });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
