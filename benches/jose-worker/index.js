// The example worker's GET /token and JWKS, written with jose instead of sceyt-token: the baseline
// of the load test (tests/runtimes/load.mjs). Same contract: HS256 app session in
// `Authorization: Bearer`, RS256 token with kid (RFC 7638 thumbprint), sub, aid, iat, nbf, exp.
import { SignJWT, calculateJwkThumbprint, exportJWK, importPKCS8, jwtVerify } from "jose";

const LIFETIME = 6 * 3600;
let state; // per isolate: the imported keys

async function getState(env) {
  if (state) return state;
  const pem = env.SCEYT_PRIVATE_KEY.replace(/\\n/g, "\n");
  const privateKey = await importPKCS8(pem, "RS256", { extractable: true });
  const { kty, n, e } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, n, e });
  state = {
    privateKey,
    kid,
    jwks: { keys: [{ kty, n, e, kid, alg: "RS256", use: "sig" }] },
    session: new TextEncoder().encode(env.APP_SESSION_SECRET),
  };
  return state;
}

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const s = await getState(env);
    if (pathname === "/.well-known/jwks.json") return json(200, s.jwks);
    if (pathname !== "/token" || request.method !== "GET") return json(404, { error: { code: "ERR_NOT_FOUND" } });
    const auth = /^Bearer +(\S+)$/i.exec(request.headers.get("Authorization") ?? "");
    let sub;
    try {
      ({ payload: { sub } } = await jwtVerify(auth?.[1] ?? "", s.session, { algorithms: ["HS256"], requiredClaims: ["sub", "exp"] }));
    } catch (err) {
      return json(401, { error: { code: "ERR_UNAUTHENTICATED", message: err.message } });
    }
    if (typeof sub !== "string" || !sub || [...sub].length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(sub)) {
      return json(401, { error: { code: "ERR_UNAUTHENTICATED", message: "bad sub" } });
    }
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ aid: env.SCEYT_APP_ID })
      .setProtectedHeader({ alg: "RS256", kid: s.kid, typ: "JWT" })
      .setSubject(sub)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + LIFETIME)
      .sign(s.privateKey);
    return json(200, { token, expiresAt: new Date((iat + LIFETIME) * 1000).toISOString(), expiresIn: LIFETIME });
  },
};
