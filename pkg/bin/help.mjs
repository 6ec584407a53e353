// The --help texts, each with an example.

export const MAIN = `sceyt-token — issue and inspect SCEYT chat access tokens (RS256 JWTs)

Usage: sceyt-token <command> [options]

Commands:
  inspect [TOKEN|-]   decode and check a token: parts, claims, every check, the verdict
  issue               sign a token for a user with the app's private key
  keygen              write a development key pair (private PEM, public PEM, public JWK)
  jwks FILE...        print a JWKS of the public halves of keys

Options for every command:
  -h, --help          help for the command (sceyt-token <command> --help)
  --debug             show stack traces of unexpected errors
  --version           the package version

Examples:
  sceyt-token keygen --out .dev
  sceyt-token issue --key .dev/sceyt-private.pem --sub user-42 --app-id dqev1ml4ld
  sceyt-token inspect "$TOKEN" --key .dev/sceyt-public.pem --app-id dqev1ml4ld

Exit status (inspect has its own: sceyt-token inspect --help):
  0  done
  1  could not do it: a key that does not load or cannot sign, keygen refusing to overwrite
     existing files (without --force), an HMAC secret given to jwks
  2  bad usage, a file that cannot be read

Colours only on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on.
`;

export const INSPECT = `Usage: sceyt-token inspect [TOKEN|-] [options]

Decodes and checks a token with the package's inspectToken(): its parts, its claims with local
and relative times, each check with its status, the verdict and the error code. The token comes
from the argument, or from stdin with "-" or when stdin is piped (surrounding whitespace is
ignored). Without a key only the structure and the claims are checked.

Options:
  --key FILE          the verifying key: public or private PEM, certificate, JWK or JWKS ("-": stdin)
  --jwks URL          fetch the JWKS from URL (https:, or http: on a loopback host)
  --jwks-file FILE    a JWKS file
  --app-id ID         the expected SCEYT application id (the "aid" claim)
  --at TIME           check as of TIME instead of now: ISO 8601 (2026-11-28T10:03:00Z) or epoch seconds
  --clock-tolerance D allowed clock skew, like "30s" (default 0)
  --issuer ISS        the expected issuer ("iss"), exactly (a trailing slash counts); repeat for several
  --audience AUD      an expected audience: "aud" must hold one; repeat for several
  --client-id ID      an expected client: "azp", or "client_id" when there is no "azp"; repeat for several
  --typ TYP           an expected header "typ" (case-insensitive; "at+jwt" = "application/at+jwt")
                      (with any of these four and no --app-id the token is another provider's:
                      SCEYT's lifetime window is not checked)
  --json              print the report object (as inspectToken returns it) instead of text

Exit status:
  0  valid
  1  invalid, expired or not yet valid
  2  bad usage
  3  unverified: structure and claims pass, but no key was given
  4  could not check: the key could not be loaded (a JWKS URL that failed, an invalid key);
     the report printed is the unverified one

Examples:
  sceyt-token inspect "$TOKEN" --key public.pem --app-id dqev1ml4ld
  sceyt-token inspect "$ID_TOKEN" --jwks https://auth.example.com/.well-known/jwks.json \\
      --issuer https://auth.example.com/ --audience my-api --typ at+jwt
  curl -s localhost:8787/token?sub=u1 | jq -r .token | sceyt-token inspect --jwks http://127.0.0.1:8787/.well-known/jwks.json
  sceyt-token inspect "$TOKEN" --at 2026-11-28T10:03:00Z --json | jq .verdict
`;

export const ISSUE = `Usage: sceyt-token issue --key FILE --sub USER --app-id ID [options]

Signs a SCEYT access token (claims iat, nbf, exp, sub, aid) with the app's private key and
prints it. The key is read from a file, from stdin ("--key -") or from an environment variable
(--key-env NAME); never give the key itself on the command line.

Options:
  --key FILE          private key file: PEM (PKCS#8, PKCS#1, SEC1) or private JWK; "-" reads stdin
  --key-env NAME      read the private key from the environment variable NAME (e.g. SCEYT_PRIVATE_KEY)
  --sub USER          the user id (the "sub" claim)
  --app-id ID         the SCEYT application id (the "aid" claim)
  --lifetime D        exp - iat, like "6h" (default), "30m", "1d"; 10 min to 24 h
  --not-before D      nbf as a delay after iat, like "0s" (default) or "4s"
  --claim k=v         an extra claim; v is JSON when it parses as JSON (n=3, flag=true,
                      tags=["a"]), else a string; repeatable
  --claim-str k=v     an extra claim whose value is always a string
  --alg ALG           another algorithm of the key's family (RSA: RS256 default, RS384, RS512,
                      PS256, PS384, PS512)
  --kid ID            the "kid" header (default: the key's RFC 7638 thumbprint)
  --json              print { token, header, claims, expiresAt, expiresIn }

Reserved claims (iat, nbf, exp, sub, aid) cannot be set with --claim.

Examples:
  sceyt-token issue --key .dev/sceyt-private.pem --sub user-42 --app-id dqev1ml4ld
  SCEYT_PRIVATE_KEY="$(cat key.pem)" sceyt-token issue --key-env SCEYT_PRIVATE_KEY --sub u1 --app-id dqev1ml4ld --lifetime 30m --claim role=admin
`;

export const KEYGEN = `Usage: sceyt-token keygen [--alg ALG] [--out DIR] [--force]

Generates a development key pair and writes three files into DIR (default: the current folder):
  sceyt-private.pem       the private key, PKCS#8 PEM, created with mode 0600
  sceyt-public.pem        the public key, SPKI PEM
  sceyt-public.jwk.json   the public JWK, with "kid", "alg" and "use"
The three are written all or none: under temporary names first, then renamed; on any failure
the folder is left as it was. Existing files are never overwritten unless --force is given, and
a symbolic link or a folder in a file's place is never replaced. For production use the key from
the SCEYT dashboard.

Options:
  --alg ALG           RS256 (default), RS384, RS512, PS256, PS384, PS512, ES256 or EdDSA
                      (HMAC algorithms are refused: a shared secret is not a key pair)
  --out DIR           where to write the files (created if missing)
  --kid ID            the key id (default: the RFC 7638 thumbprint)
  --force             replace existing files (regular files only)
  --json              print { alg, kid, files, jwk }

Exit status:
  0  the three files were written
  1  nothing was written: a file exists (without --force), a link or a folder is in the way,
     or writing failed
  2  bad usage

Example:
  sceyt-token keygen --alg ES256 --out .dev
`;

export const JWKS = `Usage: sceyt-token jwks FILE...

Prints a JWKS ({"keys": [...]}) of the public halves of the given keys, to publish at
/.well-known/jwks.json. Each FILE is a PEM (private or public key, certificate), a JWK or a
JWKS; "-" reads stdin. Private members never appear in the output; HMAC secrets are refused.

Example:
  sceyt-token jwks .dev/sceyt-private.pem old-public.pem > jwks.json
`;
