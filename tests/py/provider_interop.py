"""PyJWT's verdicts for the provider checks (issue 19): issuer, audience and subject.

Reads JSON on stdin: {now, secret, rsaPrivate, rsaPublic, tokens: [{id, alg, token}], cases: [{id,
issuer?, audience?, subject?}]}. Makes its own tokens with PyJWT (aud as lists, strings, [], a
number), then decides every token (the given ones and its own) under every case with
jwt.decode(..., issuer=, audience=, subject=). Prints JSON {tokens: [{id, alg, token}], verdicts:
{token id: {case id: "ok" | the PyJWT exception's name}}}; tests/js/provider-interop.test.mjs
compares them with sceyt-token's and jose's."""
import json
import sys

import jwt  # PyJWT

inp = json.load(sys.stdin)
now = inp["now"]
keys = {
    "HS256": (inp["secret"], inp["secret"]),
    "RS256": (inp["rsaPrivate"], inp["rsaPublic"]),
}
ISS = "https://auth.example.com/"

own = []
variants = [
    ("py-aud-list", {"aud": ["api", "chat"]}),
    ("py-aud-string", {"aud": "chat"}),
    ("py-aud-other", {"aud": ["api", "admin"]}),
    ("py-aud-empty", {"aud": []}),
    ("py-aud-number", {"aud": 5}),
    ("py-aud-mixed", {"aud": ["chat", 5]}),
    ("py-iss-noslash", {"iss": ISS.rstrip("/")}),
    ("py-iss-other", {"iss": "https://evil.example/"}),
    ("py-iss-missing", {"iss": None}),
    ("py-sub-other", {"sub": "mallory"}),
]
for alg, (priv, _) in keys.items():
    for name, over in variants:
        claims = {"iss": ISS, "aud": ["api", "chat"], "sub": "user-42", "iat": now - 60, "exp": now + 3600}
        for k, v in over.items():
            if v is None:
                claims.pop(k)
            else:
                claims[k] = v
        token = jwt.encode(claims, priv, algorithm=alg, headers={"typ": "at+jwt"})
        own.append({"id": f"{name} {alg}", "alg": alg, "token": token})

verdicts = {}
for t in inp["tokens"] + own:
    pub = keys[t["alg"]][1]
    row = {}
    for c in inp["cases"]:
        try:
            jwt.decode(
                t["token"],
                pub,
                algorithms=[t["alg"]],
                issuer=c.get("issuer"),
                audience=c.get("audience"),
                subject=c.get("subject"),
                options={"verify_aud": "audience" in c, "require": ["exp", "iat", "sub"]},
            )
            row[c["id"]] = "ok"
        except jwt.exceptions.PyJWTError as e:
            row[c["id"]] = type(e).__name__
    verdicts[t["id"]] = row
json.dump({"tokens": own, "verdicts": verdicts}, sys.stdout)
