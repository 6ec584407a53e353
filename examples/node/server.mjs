// SCEYT token endpoint on Node (node:http): node server.mjs
import { createServer } from "node:http";
import { ErrorCode, SigningKey, TokenError, TokenIssuer, TokenVerifier, VerifyingKey, decodeToken } from "sceyt-token";

const env = process.env;
const key = SigningKey.fromPem(env.SCEYT_PRIVATE_KEY); // parsed once, at startup
const issuer = new TokenIssuer(key, { applicationId: env.SCEYT_APP_ID });
// Your app's own sessions (HS256): their aud must be APP_SESSION_AUDIENCE (required), so that a token
// your app signs with the same secret for another purpose (a password reset) is refused; their iss
// must be APP_SESSION_ISSUER when it is set.
if (!env.APP_SESSION_AUDIENCE) throw new Error("APP_SESSION_AUDIENCE is required: the aud your app's sessions carry");
const sessions = new TokenVerifier(VerifyingKey.fromSecret(env.APP_SESSION_SECRET), {
  anyApplication: true,
  lifetimePolicy: false,
  audience: env.APP_SESSION_AUDIENCE,
  ...(env.APP_SESSION_ISSUER ? { issuer: env.APP_SESSION_ISSUER } : {}),
});
const dev = env.SCEYT_DEV_MODE === "1"; // development only: also accept ?sub=

async function handle(req) {
  const url = new URL(req.url, "http://localhost");
  if (req.method !== "GET") return [405, { error: { code: ErrorCode.MethodNotAllowed, message: `${req.method} is not allowed` } }];
  if (url.pathname === "/.well-known/jwks.json") return [200, { keys: [key.toPublicJwk()] }];
  if (url.pathname !== "/token") return [404, { error: { code: ErrorCode.NotFound, message: "not found" } }];
  let sub = dev ? url.searchParams.get("sub") : null;
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!sub && !bearer) return [401, { error: { code: ErrorCode.Unauthenticated, message: "send Authorization: Bearer <app session>" } }];
  try {
    sub ??= (await sessions.verify(bearer)).claims.sub;
    if (sub.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(sub)) return [400, { error: { code: ErrorCode.BadRequest, message: "bad sub" } }];
    const token = await issuer.issue(sub);
    const { exp } = decodeToken(token).claims;
    return [200, { token, expiresAt: new Date(exp * 1000).toISOString(), expiresIn: exp - Math.floor(Date.now() / 1000) }];
  } catch (err) {
    if (err instanceof TokenError) return [bearer ? 401 : 400, { error: { code: err.code, message: err.message } }];
    throw err;
  }
}

createServer(async (req, res) => {
  const [status, body] = await handle(req).catch(() => [500, { error: { code: ErrorCode.Internal, message: "internal error" } }]);
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(body));
}).listen(Number(env.PORT ?? 8000), "127.0.0.1");
