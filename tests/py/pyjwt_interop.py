"""PyJWT (an independent implementation) verifies the tokens this package issues.

Reads the JSON from make_tokens.mjs on stdin; prints unittest-style results; exits non-zero on
any failure."""
import json
import sys
import time

import jwt  # PyJWT

cases = json.load(sys.stdin)
passed = failed = 0
for c in cases:
    try:
        claims = jwt.decode(c["token"], c["key"], algorithms=[c["alg"]], options={"require": ["exp", "iat", "nbf", "sub"]})
        header = jwt.get_unverified_header(c["token"])
        assert header["alg"] == c["alg"], header
        assert header.get("kid") == c["kid"], header
        assert claims["sub"] == "user-42" and claims["aid"] == "dqev1ml4ld", claims
        assert claims["exp"] - claims["iat"] == 6 * 3600, claims
        assert abs(claims["iat"] - time.time()) < 120, claims
        # A tampered token is refused.
        h, p, s = c["token"].split(".")
        bad = h + "." + p[:-2] + ("AA" if p[-2:] != "AA" else "BB") + "." + s
        try:
            jwt.decode(bad, c["key"], algorithms=[c["alg"]])
            raise AssertionError("tampered token accepted")
        except jwt.exceptions.InvalidTokenError:
            pass
        passed += 1
        print(f"ok - PyJWT verifies {c['alg']}")
    except Exception as e:  # noqa: BLE001
        failed += 1
        print(f"FAIL - PyJWT {c['alg']}: {e!r}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
