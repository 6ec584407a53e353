// The demo page (www/) in Debian chromium through playwright-core, served on 127.0.0.1 by the
// example worker in workerd, started by the same code as `make demo` (scripts/lib/demo.mjs) —
// and, through tests/page/static.test.mjs (SCEYT_PAGE_SERVER=static), as the folder `make site`
// writes, served by a plain static file server.
// Needs the package installed by scripts/pack.sh.
// Run: node --test tests/page/     Screenshots: test-artifacts/page/*.png (static-*.png for the site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as jose from "jose";
import { startDemo } from "../../scripts/lib/demo.mjs";
import { serveStatic } from "../../scripts/lib/static-site.mjs";
import { fixture } from "../common/fixtures.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const www = join(root, "www");
const artifacts = join(root, "test-artifacts", "page");
/** "worker" (the example worker, as `make demo` serves the page) or "static" (the `make site` folder). */
const SERVER = process.env.SCEYT_PAGE_SERVER || "worker";
const PRIVATE_PEM = fixture("rsa2048.pkcs8.pem");
const PUBLIC_PEM = fixture("rsa2048.spki.pem");
const OTHER_PUBLIC_PEM = fixture("rsa2048b.spki.pem");
const LAN_HOST = "lan.sceyt.test"; // mapped to 127.0.0.1 by --host-resolver-rules: a plain-http, non-local origin

// 1. Nothing is staged by hand: step 3 starts the demo exactly as `make demo` does.

// 2. The package itself, in Node, to build frozen inputs (imported from the installed tarball).
const sceyt = await import("sceyt-token");
const signingKey = sceyt.SigningKey.fromPem(PRIVATE_PEM, {});
const FROZEN = Date.parse("2024-03-01T12:00:00Z");
/** A token issued 2024-03-01 with a 1 h lifetime: long expired. */
const expiredToken = new sceyt.TokenIssuer(signingKey, { applicationId: "demo-app", clock: () => FROZEN }).issueSync(
  "user-expired",
  { lifetime: "1h" },
);
/** A token valid now for 6 h (issued at test time: time-dependent by nature). */
const freshToken = () => new sceyt.TokenIssuer(signingKey, { applicationId: "demo-app" }).issueSync("user-7", {});
function tamper(token, claims) {
  const [h, p, s] = token.split(".");
  const payload = { ...JSON.parse(Buffer.from(p, "base64url").toString()), ...claims };
  return [h, Buffer.from(JSON.stringify(payload)).toString("base64url"), s].join(".");
}
const jwks = { keys: [signingKey.toPublicJwk()] };

// 3. The page as `make demo` serves it: the example worker in workerd, its ASSETS the site that
//    scripts/lib/demo.mjs stages from www/ and the installed package (the code `make demo` runs),
//    with the fixture key as SCEYT_PRIVATE_KEY so the worker's JWKS is `jwks`.
assert.ok(!existsSync(join(www, "vendor")), "www/vendor must not exist: nothing may depend on an earlier staging");
// SCEYT_PAGE_PORT: the worker's port (the static server takes the next one), for sessions that
// share the machine; else a port from the pid.
const port = process.env.SCEYT_PAGE_PORT
  ? Number(process.env.SCEYT_PAGE_PORT) + (SERVER === "static" ? 1 : 0)
  : (SERVER === "static" ? 18700 : 18650) + (process.pid % 40);
let demo;
if (SERVER === "static") {
  // The folder `make site` writes (SCEYT_SITE_DIR, else target/site), served as files only; the
  // JWKS test needs a JWKS on the same origin, so the served copy gets the fixture's as a file.
  const site = process.env.SCEYT_SITE_DIR || join(root, "target/site");
  assert.ok(existsSync(join(site, "index.html")), `${site} has no index.html: run make site first`);
  assert.ok(existsSync(join(site, "vendor/sceyt-token/web/sceyt_token_bg.wasm")), `${site} lacks the package's browser files`);
  demo = await serveStatic({ site, port, dir: join(root, "target/page-static"), extra: { ".well-known/jwks.json": JSON.stringify(jwks) } });
} else {
  demo = await startDemo({
    port,
    privateKey: PRIVATE_PEM,
    appId: "demo-app",
    dir: join(root, "target/page-demo"),
    stdio: "ignore",
  });
}
const origin = demo.base;
assert.deepEqual(await (await fetch(`${origin}/.well-known/jwks.json`)).json(), jwks, "the server publishes the fixture key");

let browser;
before(async () => {
  mkdirSync(artifacts, { recursive: true });
  // playwright-core gives each launch a fresh temporary profile (it refuses --user-data-dir here).
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`,
    ],
  });
});
after(async () => {
  await browser?.close();
  await demo.stop();
});

/** A fresh page, with every console error and page error collected. */
async function open(t, { url = `${origin}/`, colorScheme = "light", init, viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, locale: "en-US", timezoneId: "UTC" });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.locator("#runtime[data-crypto]").waitFor({ timeout: 15000 });
  return { page, errors, context };
}

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${SERVER === "static" ? "static-" : ""}${name}.png`), fullPage: true });
const text = (page, sel) => page.locator(sel).innerText();
const check = (page, name) => page.locator(`#checks li[data-check="${name}"]`);

async function expectVerdict(page, verdict) {
  await page.locator(`#verdict[data-verdict="${verdict}"]`).waitFor({ timeout: 20000 });
}

async function issueWithGeneratedKey(page, { sub = "user-42", aid = "my-app", lifetime = "30m" } = {}) {
  await page.click("#generate");
  await page.locator("#private-key-msg.ok").waitFor({ timeout: 60000 });
  const generated = await text(page, "#private-key-msg");
  assert.match(generated, /^Generated a development RS256 private key, kid [A-Za-z0-9_-]{43}/);
  assert.match(await page.inputValue("#private-key"), /^-----BEGIN PRIVATE KEY-----\n/);
  await page.fill("#sub", sub);
  await page.fill("#aid", aid);
  await page.fill("#lifetime", lifetime);
  await page.click("#issue-button");
  await page.locator("#issued:not([hidden])").waitFor();
  return { token: await page.inputValue("#issued-token"), generated };
}

/** Verifies `token` in Node with jose (an independent implementation) against the page's public key. */
async function verifyWithJose(token, publicPem, aid) {
  const key = await jose.importSPKI(publicPem, "RS256");
  const { payload, protectedHeader } = await jose.jwtVerify(token, key, { algorithms: ["RS256"] });
  assert.equal(protectedHeader.alg, "RS256");
  assert.equal(payload.aid, aid);
  return payload;
}

describe(`demo page (${SERVER === "static" ? "static site, plain file server" : "example worker"})`, () => {
  test("issues a token with a generated key and the debugger says valid", async (t) => {
    const { page, errors } = await open(t);
    assert.equal(await page.getAttribute("#runtime", "data-crypto"), "native");
    const { token, generated } = await issueWithGeneratedKey(page, { sub: "user-42", aid: "my-app", lifetime: "30m" });
    assert.match(generated, /WebCrypto\)/);
    await expectVerdict(page, "valid");
    assert.equal(await text(page, "#verdict-word"), "VALID");
    assert.equal(await page.getAttribute("#verdict", "role"), "status");
    // The debugger shows the issued token, verified with the key's public half.
    assert.equal(await page.inputValue("#token"), token);
    assert.equal(await check(page, "signature").getAttribute("data-status"), "pass");
    assert.match(await check(page, "signature").innerText(), /RS256 signature verifies/);
    assert.equal(await check(page, "aid").getAttribute("data-status"), "pass");
    assert.match(await check(page, "lifetime").innerText(), /lifetime 30 min is inside the window 10 min … 24 h/);
    // Colour-coded parts equal the token's segments.
    const [h, p, s] = token.split(".");
    assert.equal(await page.locator("#token-backdrop .part-header").innerText(), h);
    assert.equal(await page.locator("#token-backdrop .part-payload").innerText(), p);
    assert.equal(await page.locator("#token-backdrop .part-signature").innerText(), s);
    // Claims explained; times as local date-time and relative time; countdown near 30 min.
    const claims = await text(page, "#claims");
    assert.match(claims, /sub\s+"user-42"\s+User id\./);
    assert.match(claims, /aid\s+"my-app"\s+Application id\./);
    assert.match(claims, /exp\s+\d{10}\s+\w{3} \d{1,2}, \d{4}, \d\d:\d\d:\d\d [AP]M UTC\s+in (29 min \d\d? s|30 min)\s+Expires\./);
    assert.match(await text(page, "#countdown"), /^Expires in 00:(29|30):\d\d$/);
    const before = await text(page, "#countdown-clock");
    await page.waitForFunction((b) => document.querySelector("#countdown-clock").textContent !== b, before, { timeout: 3000 });
    assert.match(await page.getAttribute("#timeline", "aria-label"), /Now the token is valid, expires in (29 min \d\d? s|30 min)\b/);
    for (const label of ["iat · nbf", "exp", "now"]) {
      assert.ok((await page.locator("#timeline").innerText()).includes(label), `timeline shows ${label}`);
    }
    // An independent verifier accepts what the page issued.
    const payload = await verifyWithJose(token, await page.inputValue("#public-key-out"), "my-app");
    assert.equal(payload.sub, "user-42");
    assert.equal(payload.exp - payload.iat, 1800);
    await shot(page, "01-issued-valid");
    assert.deepEqual(errors, []);
  });

  test("a lifetime outside the policy window shows the error code and message at the field", async (t) => {
    const { page, errors } = await open(t);
    await page.fill("#private-key", PRIVATE_PEM);
    await page.fill("#lifetime", "2d");
    await page.click("#issue-button");
    await page.locator("#lifetime-msg.error").waitFor();
    const msg = await text(page, "#lifetime-msg");
    assert.match(msg, /^ERR_LIFETIME_OUT_OF_RANGE lifetime \(exp - iat\) is 2 d \(172800 s\), outside the allowed window 10 min … 24 h/);
    assert.equal(await page.getAttribute("#lifetime", "aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "lifetime");
    assert.match(await text(page, "#issue-error"), /Token not issued: Lifetime\. ERR_LIFETIME_OUT_OF_RANGE/);
    assert.equal(await page.isVisible("#issued"), false);
    await shot(page, "02-lifetime-error");
    // Fixing the field clears the error and issues.
    await page.fill("#lifetime", "10m");
    await page.click("#issue-button");
    await expectVerdict(page, "valid");
    assert.equal(await page.getAttribute("#lifetime", "aria-invalid"), null);
    assert.equal(await page.isVisible("#issue-error"), false);
    assert.deepEqual(errors, [], "no console errors");
  });

  test("an expired token gets the expired verdict and the expiry message", async (t) => {
    const { page, errors } = await open(t);
    await page.fill("#verify-key", PUBLIC_PEM);
    await page.fill("#expected-aid", "demo-app");
    await page.fill("#token", expiredToken);
    await expectVerdict(page, "expired");
    assert.equal(await text(page, "#verdict-word"), "EXPIRED");
    assert.match(await text(page, "#verdict-summary"), /^token expired .* ago at 2024-03-01T13:00:00Z ERR_TOKEN_EXPIRED$/);
    assert.equal(await check(page, "exp").getAttribute("data-status"), "fail");
    assert.match(await check(page, "exp").innerText(), /token expired .* ago at 2024-03-01T13:00:00Z\s+ERR_TOKEN_EXPIRED/);
    assert.equal(await check(page, "signature").getAttribute("data-status"), "pass");
    assert.match(await text(page, "#countdown"), /^Expired \d+ d( \d+ h)? ago \(\d+ d( \d+ h)?\)$/);
    assert.match(await text(page, "#times"), /Expires \(exp\)\s+Mar 1, 2024, 01:00:00 PM UTC/);
    assert.match(await text(page, "#timeline"), /now → .* after exp/);
    await shot(page, "03-expired");
    assert.deepEqual(errors, []);
  });

  test("a tampered payload with the public key fails the signature check", async (t) => {
    const { page, errors } = await open(t);
    const token = freshToken();
    await page.fill("#verify-key", PUBLIC_PEM);
    assert.match(await text(page, "#verify-key-msg"), /^RS256 public key, kid /);
    await page.fill("#token", token);
    await expectVerdict(page, "valid"); // control: the untouched token verifies
    await page.fill("#token", tamper(token, { sub: "admin" }));
    await expectVerdict(page, "invalid");
    assert.equal(await text(page, "#verdict-word"), "INVALID");
    assert.match(await text(page, "#verdict-summary"), /RS256 signature does not verify: the token was altered or signed with another key ERR_SIGNATURE_INVALID/);
    assert.equal(await check(page, "signature").getAttribute("data-status"), "fail");
    assert.match(await check(page, "signature").innerText(), /ERR_SIGNATURE_INVALID/);
    assert.match(await text(page, "#claims"), /sub\s+"admin"/);
    await shot(page, "04-tampered");
    // The right token with the wrong key fails the same way.
    await page.fill("#token", token);
    await page.fill("#verify-key", OTHER_PUBLIC_PEM);
    await expectVerdict(page, "invalid");
    assert.equal(await check(page, "signature").getAttribute("data-status"), "fail");
    // A key that does not parse is reported at the key field.
    await page.fill("#verify-key", "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----");
    assert.match(await text(page, "#verify-key-msg"), /^ERR_KEY_INVALID /);
    assert.equal(await page.getAttribute("#verify-key", "aria-invalid"), "true");
    assert.deepEqual(errors, []);
  });

  test("another provider's token: the collapsed section checks iss, aud, azp and typ", async (t) => {
    const { page, errors } = await open(t);
    // A foreign session token (an OIDC access token): typ at+jwt, iss, aud list, azp; no aid.
    const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: "RS256", typ: "at+jwt" })}.${b64({ iss: "https://auth.example.com/", aud: ["api", "chat"], azp: "web", sub: "u1", iat: now - 30, exp: now + 120 })}`;
    const { sign } = await import("node:crypto");
    const token = `${input}.${sign("sha256", Buffer.from(input), PRIVATE_PEM).toString("base64url")}`;
    assert.equal(await page.getAttribute("#provider", "open"), null, "collapsed by default");
    assert.equal(await page.isVisible("#expected-iss"), false);
    await page.fill("#verify-key", PUBLIC_PEM);
    await page.fill("#token", token);
    await page.click("#provider summary");
    assert.equal(await page.isVisible("#expected-iss"), true);
    await page.fill("#expected-iss", "https://auth.example.com/");
    await page.fill("#expected-aud", "x, chat");
    await page.fill("#expected-client", "web");
    await page.fill("#expected-typ", "APPLICATION/AT+JWT");
    await expectVerdict(page, "valid"); // the 2-min lifetime passes: the SCEYT window is off for a foreign token
    for (const name of ["typ", "iss", "aud", "client"]) assert.equal(await check(page, name).getAttribute("data-status"), "pass", name);
    await page.fill("#expected-iss", "https://auth.example.com");
    await expectVerdict(page, "invalid");
    assert.match(await text(page, "#verdict-summary"), /iss is "https:\/\/auth\.example\.com\/", expected "https:\/\/auth\.example\.com" ERR_ISSUER_MISMATCH/);
    await page.fill("#expected-aud", "admin");
    assert.equal(await check(page, "aud").getAttribute("data-status"), "fail");
    assert.equal(await check(page, "iss").getAttribute("data-status"), "fail");
    await page.fill("#expected-typ", "JWT");
    await expectVerdict(page, "invalid");
    assert.match(await text(page, "#verdict-summary"), /ERR_TYPE_MISMATCH/);
    await shot(page, "05b-provider");
    assert.deepEqual(errors, []);
  });

  test("opens a #token= URL", async (t) => {
    const token = freshToken();
    const { page, errors } = await open(t, { url: `${origin}/#token=${token}` });
    assert.equal(await page.inputValue("#token"), token);
    await expectVerdict(page, "unverified"); // no key: the claims pass but the signature is unchecked
    assert.equal(await check(page, "signature").getAttribute("data-status"), "skip");
    assert.match(await check(page, "signature").innerText(), /no key given: the signature was not checked/);
    assert.match(await text(page, "#claims"), /sub\s+"user-7"/);
    assert.match(await text(page, "#countdown"), /^Expires in 0[56]:\d\d:\d\d$/);
    await shot(page, "05-hash-token");
    // A later fragment change is picked up too.
    await page.evaluate((t) => (location.hash = `token=${t}`), expiredToken);
    await expectVerdict(page, "expired");
    assert.deepEqual(errors, []);
  });

  test("works with crypto.subtle removed (pure-wasm path)", async (t) => {
    const { page, errors } = await open(t, {
      init: () => {
        Object.defineProperty(Crypto.prototype, "subtle", { get: () => undefined, configurable: true });
      },
    });
    assert.equal(await page.evaluate(() => typeof crypto.subtle), "undefined");
    assert.equal(await page.getAttribute("#runtime", "data-crypto"), "wasm");
    assert.match(await text(page, "#runtime"), /No crypto\.subtle here/);
    await page.fill("#private-key", PRIVATE_PEM);
    await page.fill("#aid", "wasm-app");
    await page.fill("#lifetime", "1h");
    await page.click("#issue-button");
    await expectVerdict(page, "valid");
    assert.equal(await check(page, "signature").getAttribute("data-status"), "pass");
    const token = await page.inputValue("#issued-token");
    await verifyWithJose(token, PUBLIC_PEM, "wasm-app");
    await shot(page, "06-no-subtle");
    assert.deepEqual(errors, []);
  });

  test("works over plain http from a LAN address: no secure context, key generated in wasm", async (t) => {
    const { page, errors } = await open(t, { url: `http://${LAN_HOST}:${port}/` });
    assert.deepEqual(await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle]), [false, "undefined"]);
    assert.equal(await page.getAttribute("#runtime", "data-crypto"), "wasm");
    const { token, generated } = await issueWithGeneratedKey(page, { sub: "lan-user", aid: "lan-app", lifetime: "15m" });
    assert.match(generated, /pure WebAssembly\)/);
    await expectVerdict(page, "valid");
    const payload = await verifyWithJose(token, await page.inputValue("#public-key-out"), "lan-app");
    assert.equal(payload.sub, "lan-user");
    await shot(page, "07-lan-http");
    assert.deepEqual(errors, []);
  });

  test("verifies with a JWKS URL and makes no request outside its own origin", async (t) => {
    const requests = [];
    const { page, errors, context } = await open(t);
    context.on("request", (r) => requests.push(r.url()));
    // Requests before the listener: the page load itself, checked through the server log.
    const token = freshToken();
    await page.fill("#token", token);
    await expectVerdict(page, "unverified");
    await page.fill("#jwks-url", `${origin}/.well-known/jwks.json`);
    await page.press("#jwks-url", "Enter");
    await page.locator("#jwks-msg.ok").waitFor();
    assert.match(await text(page, "#jwks-msg"), /^Fetched 1 usable key from /);
    assert.match(await text(page, "#verify-key-msg"), /^JWKS with 1 usable key: /);
    await expectVerdict(page, "valid");
    await page.click("#generate");
    await page.locator("#private-key-msg.ok").waitFor({ timeout: 60000 });
    await page.click("#issue-button");
    await expectVerdict(page, "valid");
    await page.click("#copy-token");
    await page.locator("#copy-status:not(:empty)").waitFor();
    await shot(page, "08-jwks");
    assert.deepEqual(requests, [`${origin}/.well-known/jwks.json`], "the JWKS fetch is the only request after load");
    assert.deepEqual(errors, []);
  });

  test("served by the development worker: #get-token shows a token from this worker, verified with its keys (issue 21)", async (t) => {
    const { page, errors } = await open(t, { url: `${origin}/#get-token` });
    if (SERVER === "static") {
      // make site's folder has no worker: no panel, no request.
      assert.equal(await page.locator("#worker-panel").isHidden(), true);
      return;
    }
    assert.equal(await page.locator("#worker-panel").isVisible(), true);
    assert.equal(await page.inputValue("#jwks-url"), `${origin}/.well-known/jwks.json`, "the JWKS URL is the worker's own");
    await page.locator("#worker-msg.ok").waitFor({ timeout: 20000 });
    await expectVerdict(page, "valid");
    assert.equal(await page.inputValue("#expected-aid"), "demo-app");
    const token = await page.inputValue("#token");
    const { payload } = await jose.jwtVerify(token, jose.createLocalJWKSet(jwks), { algorithms: ["RS256"] });
    assert.equal(payload.sub, "demo-user");
    assert.equal(payload.aid, "demo-app");
    // Another user id through the button.
    await page.fill("#worker-sub", "bob");
    await page.click("#worker-get");
    await page.locator("#worker-msg.ok", { hasText: "for bob" }).waitFor({ timeout: 20000 });
    await expectVerdict(page, "valid");
    assert.equal(jose.decodeJwt(await page.inputValue("#token")).sub, "bob");
    await shot(page, "09-worker-token");
    assert.deepEqual(errors, []);
  });

  test("the page loads only from its own origin", async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    const requests = [];
    const served = new Map();
    page.on("request", (r) => requests.push(r.url()));
    page.on("response", (r) => served.set(r.url(), r.status()));
    await page.goto(`${origin}/#token=${expiredToken}`);
    await page.locator("#verdict[data-verdict=expired]").waitFor();
    assert.ok(requests.length >= 6, `requests seen: ${requests.join(", ")}`);
    // Every module of www/ is staged, served and imported by the page (none left out, none extra).
    const modules = readdirSync(www).filter((f) => f.endsWith(".js")).sort();
    const loaded = requests.map((u) => new URL(u).pathname.slice(1)).filter((p) => /^[^/]+\.js$/.test(p)).sort();
    assert.deepEqual(loaded, modules, "the page's own modules");
    for (const m of modules) assert.equal(served.get(`${origin}/${m}`), 200, `GET /${m}`);
    for (const url of requests) assert.equal(new URL(url).origin, origin, `request to ${url}`);
    assert.ok(requests.some((u) => u.endsWith("/vendor/sceyt-token/web/sceyt_token_bg.wasm")), "the wasm comes from the staged vendor folder");
    assert.ok(requests.every((u) => !u.includes("token=")), "the #token fragment is never sent");
  });

  test("labels on every field; keyboard alone issues a token; visible focus", async (t) => {
    const { page, errors } = await open(t);
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll("input, textarea, select")]
        .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.id || el.outerHTML),
    );
    assert.deepEqual(unlabeled, []);
    const unnamedButtons = await page.evaluate(() => [...document.querySelectorAll("button")].filter((b) => !b.textContent.trim()).length);
    assert.equal(unnamedButtons, 0);
    // Tab from the top of the page to the generate button, then use only the keyboard.
    const tabTo = async (id) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        if ((await page.evaluate(() => document.activeElement.id)) === id) return;
      }
      assert.fail(`Tab never reached #${id}`);
    };
    await tabTo("generate");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focused button shows an outline");
    await page.keyboard.press("Enter");
    await page.locator("#private-key-msg.ok").waitFor({ timeout: 60000 });
    await tabTo("sub");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("keyboard-user");
    await tabTo("issue-button");
    await page.keyboard.press("Enter");
    await expectVerdict(page, "valid");
    assert.match(await text(page, "#claims"), /sub\s+"keyboard-user"/);
    await tabTo("copy-token");
    await shot(page, "09-keyboard-focus");
    assert.deepEqual(errors, []);
  });

  test("re-issues before expiry with scheduleRefresh (page clock fast-forwarded)", async (t) => {
    const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC" });
    t.after(() => context.close());
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.clock.install();
    // Paused, so that a slow machine cannot let a second pass between issuing and reading the
    // status line; time then moves only through runFor().
    await page.clock.pauseAt(Date.now() + 1000);
    await page.goto(`${origin}/`);
    await page.locator("#runtime[data-crypto]").waitFor();
    await page.fill("#private-key", PRIVATE_PEM);
    await page.fill("#lifetime", "10m");
    await page.click("#issue-button");
    await expectVerdict(page, "valid");
    const first = await page.inputValue("#issued-token");
    await page.check("#auto-refresh");
    assert.match(await text(page, "#auto-refresh-status"), /^A new token will be issued in 9 min, 1 minute before this one expires\.$/);
    await page.clock.runFor("08:30"); // not yet: the refresh is due at 9 min
    assert.equal(await page.inputValue("#issued-token"), first);
    await page.clock.runFor("00:35");
    await page.locator("#auto-refresh-status", { hasText: "Re-issued at" }).waitFor();
    const second = await page.inputValue("#issued-token");
    assert.notEqual(second, first);
    const iat = (tok) => JSON.parse(Buffer.from(tok.split(".")[1], "base64url")).iat;
    assert.equal(iat(second) - iat(first), 540, "re-issued 9 minutes later, 1 minute before exp");
    assert.equal(await page.inputValue("#token"), second, "the debugger shows the new token");
    await expectVerdict(page, "valid");
    assert.deepEqual(errors, []);
  });

  test("readable in the dark colour scheme", async (t) => {
    const { page, errors } = await open(t, { colorScheme: "dark", url: `${origin}/#token=${expiredToken}` });
    await page.fill("#verify-key", PUBLIC_PEM);
    await expectVerdict(page, "expired");
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const [bg, fg] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    assert.ok(lum(bg) < 0.15 && lum(fg) > 0.8, `dark background ${bg}, light text ${fg}`);
    await shot(page, "10-dark-expired");
    await page.fill("#private-key", PRIVATE_PEM);
    await page.click("#issue-button");
    await expectVerdict(page, "valid");
    await shot(page, "11-dark-valid");
    assert.deepEqual(errors, []);
  });
});
