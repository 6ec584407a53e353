// SCEYT token endpoint on Deno: deno run --allow-net=127.0.0.1 --allow-env --allow-read server.mjs
import { ErrorCode, SigningKey, TokenError, TokenIssuer, TokenVerifier, VerifyingKey, decodeToken } from "sceyt-token";

const env = (name) => Deno.env.get(name);
const key = SigningKey.fromPem(env("SCEYT_PRIVATE_KEY")); // parsed once, at startup
const issuer = new TokenIssuer(key, { applicationId: env("SCEYT_APP_ID") });
// Your app's own sessions (HS256): their aud must be APP_SESSION_AUDIENCE (required), so that a token
// your app signs with the same secret for another purpose (a password reset) is refused; their iss
// must be APP_SESSION_ISSUER when it is set.
if (!env("APP_SESSION_AUDIENCE")) throw new Error("APP_SESSION_AUDIENCE is required: the aud your app's sessions carry");
const sessions = new TokenVerifier(VerifyingKey.fromSecret(env("APP_SESSION_SECRET")), {
  anyApplication: true,
  lifetimePolicy: false,
  audience: env("APP_SESSION_AUDIENCE"),
  ...(env("APP_SESSION_ISSUER") ? { issuer: env("APP_SESSION_ISSUER") } : {}),
});
const dev = env("SCEYT_DEV_MODE") === "1"; // development only: also accept ?sub=
const json = (status, body) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
const fail = (status, code, message) => json(status, { error: { code, message } });

Deno.serve({ hostname: "127.0.0.1", port: Number(env("PORT") ?? 8000) }, async (req) => {
  const url = new URL(req.url);
  if (req.method !== "GET") return fail(405, ErrorCode.MethodNotAllowed, `${req.method} is not allowed`);
  if (url.pathname === "/.well-known/jwks.json") return json(200, { keys: [key.toPublicJwk()] });
  if (url.pathname !== "/token") return fail(404, ErrorCode.NotFound, "not found");
  let sub = dev ? url.searchParams.get("sub") : null;
  const bearer = /^Bearer (\S+)$/.exec(req.headers.get("Authorization") ?? "")?.[1];
  if (!sub && !bearer) return fail(401, ErrorCode.Unauthenticated, "send Authorization: Bearer <app session>");
  try {
    sub ??= (await sessions.verify(bearer)).claims.sub;
    if (sub.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(sub)) return fail(400, ErrorCode.BadRequest, "bad sub");
    const token = await issuer.issue(sub);
    const { exp } = decodeToken(token).claims;
    return json(200, { token, expiresAt: new Date(exp * 1000).toISOString(), expiresIn: exp - Math.floor(Date.now() / 1000) });
  } catch (err) {
    if (err instanceof TokenError) return fail(bearer ? 401 : 400, err.code, err.message);
    throw err;
  }
});
