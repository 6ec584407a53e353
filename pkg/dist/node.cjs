var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// pkg/entries/node.mjs
var node_exports = {};
__export(node_exports, {
  KeySet: () => KeySet2,
  RemoteKeySet: () => RemoteKeySet,
  SigningKey: () => SigningKey,
  TokenError: () => TokenError,
  TokenIssuer: () => TokenIssuer,
  TokenVerifier: () => TokenVerifier,
  VerifyingKey: () => VerifyingKey,
  __wasmMemoryBytes: () => __wasmMemoryBytes,
  configure: () => configure,
  decodeToken: () => decodeToken,
  errorCodes: () => errorCodes,
  init: () => init,
  initSync: () => initSync2,
  inspectToken: () => inspectToken,
  isInitialized: () => isInitialized,
  scheduleRefresh: () => scheduleRefresh,
  supportedAlgorithms: () => supportedAlgorithms,
  tokenExpiresIn: () => tokenExpiresIn,
  verifyCompact: () => verifyCompact,
  verifyCompactSync: () => verifyCompactSync
});
module.exports = __toCommonJS(node_exports);
var import_node_fs = require("node:fs");

// pkg/web/sceyt_token.js
var import_meta = {};
var KeyHandle = class _KeyHandle {
  static __wrap(ptr) {
    const obj = Object.create(_KeyHandle.prototype);
    obj.__wbg_ptr = ptr;
    KeyHandleFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  static __unwrap(jsValue) {
    if (!(jsValue instanceof _KeyHandle)) {
      return 0;
    }
    return jsValue.__destroy_into_raw();
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    KeyHandleFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_keyhandle_free(ptr, 0);
  }
};
if (Symbol.dispose) KeyHandle.prototype[Symbol.dispose] = KeyHandle.prototype.free;
var KeySet = class _KeySet {
  static __wrap(ptr) {
    const obj = Object.create(_KeySet.prototype);
    obj.__wbg_ptr = ptr;
    KeySetFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    KeySetFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_keyset_free(ptr, 0);
  }
  /**
   * @returns {KeyHandle}
   */
  __sceytHandle() {
    const ret = wasm.keyset___sceytHandle(this.__wbg_ptr);
    return KeyHandle.__wrap(ret);
  }
  /**
   * Parses `{ keys: [...] }` (object or JSON text). Encryption keys and unsupported key types
   * are skipped; a malformed key is an error.
   * @param {{ keys: JsonWebKey[] } | string} jwks
   * @returns {KeySet}
   */
  static fromJwks(jwks) {
    const ret = wasm.keyset_fromJwks(jwks);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _KeySet.__wrap(ret[0]);
  }
  /**
   * The key ids of the usable keys.
   * @returns {string[]}
   */
  get keyIds() {
    const ret = wasm.keyset_keyIds(this.__wbg_ptr);
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
  }
  /**
   * Number of usable keys.
   * @returns {number}
   */
  get size() {
    const ret = wasm.keyset_size(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * Why some keys of the JWKS were skipped.
   * @returns {string[]}
   */
  get skipped() {
    const ret = wasm.keyset_skipped(this.__wbg_ptr);
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
  }
};
if (Symbol.dispose) KeySet.prototype[Symbol.dispose] = KeySet.prototype.free;
var SigningKey = class _SigningKey {
  static __wrap(ptr) {
    const obj = Object.create(_SigningKey.prototype);
    obj.__wbg_ptr = ptr;
    SigningKeyFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    SigningKeyFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_signingkey_free(ptr, 0);
  }
  /**
   * @returns {KeyHandle}
   */
  __sceytHandle() {
    const ret = wasm.signingkey___sceytHandle(this.__wbg_ptr);
    return KeyHandle.__wrap(ret);
  }
  /**
   * The algorithm this key signs with (`RS256`, `ES256`, …).
   * @returns {Algorithm}
   */
  get algorithm() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.signingkey_algorithm(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Imports a private JWK (object or JSON text).
   * @param {JsonWebKey | string} jwk
   * @param {KeyOptions} [options]
   * @returns {SigningKey}
   */
  static fromJwk(jwk, options) {
    const ret = wasm.signingkey_fromJwk(jwk, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _SigningKey.__wrap(ret[0]);
  }
  /**
   * Imports a private key PEM: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`).
   * Escaped `\n`, CRLF, surrounding whitespace and quotes are tolerated.
   * @param {string} pem
   * @param {KeyOptions} [options]
   * @returns {SigningKey}
   */
  static fromPem(pem, options) {
    const ret = wasm.signingkey_fromPem(pem, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _SigningKey.__wrap(ret[0]);
  }
  /**
   * An HMAC secret (HS256 by default): a string is its UTF-8 bytes, a Uint8Array its raw bytes.
   * @param {string | Uint8Array} secret
   * @param {KeyOptions} [options]
   * @returns {SigningKey}
   */
  static fromSecret(secret, options) {
    const ret = wasm.signingkey_fromSecret(secret, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _SigningKey.__wrap(ret[0]);
  }
  /**
   * Generates a key (RS256 by default) for development and tests. RSA and P-256 keys come
   * from the runtime's native crypto where it exists.
   * @param {Algorithm} [algorithm]
   * @param {{ keyId?: string }} [options]
   * @returns {Promise<SigningKey>}
   */
  static generate(algorithm, options) {
    const ret = wasm.signingkey_generate(algorithm, options);
    return ret;
  }
  /**
   * The key id written as `kid` (RFC 7638 thumbprint by default; none for HMAC unless given).
   * @returns {string | undefined}
   */
  get keyId() {
    const ret = wasm.signingkey_keyId(this.__wbg_ptr);
    let v1;
    if (ret[0] !== 0) {
      v1 = getStringFromWasm0(ret[0], ret[1]);
      wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
    }
    return v1;
  }
  /**
   * The public half as a `VerifyingKey` (for HMAC: the same secret).
   * @returns {VerifyingKey}
   */
  get publicKey() {
    const ret = wasm.signingkey_publicKey(this.__wbg_ptr);
    return VerifyingKey.__wrap(ret);
  }
  /**
   * The private key as PKCS#8 PEM. Handle with care.
   * @returns {string}
   */
  toPem() {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.signingkey_toPem(this.__wbg_ptr);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * The public key as a JWK with `kid`, `alg` and `use: "sig"`.
   * @returns {JsonWebKey}
   */
  toPublicJwk() {
    const ret = wasm.signingkey_toPublicJwk(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * The public key as SPKI PEM.
   * @returns {string}
   */
  toPublicPem() {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.signingkey_toPublicPem(this.__wbg_ptr);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
};
if (Symbol.dispose) SigningKey.prototype[Symbol.dispose] = SigningKey.prototype.free;
var TokenIssuer = class {
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    TokenIssuerFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_tokenissuer_free(ptr, 0);
  }
  /**
   * The application id written as `aid`.
   * @returns {string}
   */
  get applicationId() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.tokenissuer_applicationId(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Issues a token with the pure-wasm signer (synchronous).
   * @param {string} subject
   * @param {IssueOptions} [options]
   * @returns {string}
   */
  issueSync(subject, options) {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.tokenissuer_issueSync(this.__wbg_ptr, subject, options);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * Issues a token, signing with the runtime's native crypto where that is faster (RSA,
   * ECDSA) and falling back to the pure-wasm signer.
   * @param {string} subject
   * @param {IssueOptions} [options]
   * @returns {Promise<string>}
   */
  issue(subject, options) {
    const ret = wasm.tokenissuer_issue(this.__wbg_ptr, subject, options);
    return ret;
  }
  /**
   * The default lifetime in seconds.
   * @returns {number}
   */
  get lifetime() {
    const ret = wasm.tokenissuer_lifetime(this.__wbg_ptr);
    return ret;
  }
  /**
   * `new TokenIssuer(key, { applicationId, lifetime?, minLifetime?, maxLifetime?, claims?, clock? })`.
   * @param {SigningKey} key
   * @param {IssuerOptions} options
   */
  constructor(key, options) {
    const ret = wasm.tokenissuer_new(key, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    TokenIssuerFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
};
if (Symbol.dispose) TokenIssuer.prototype[Symbol.dispose] = TokenIssuer.prototype.free;
var TokenVerifier = class {
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    TokenVerifierFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_tokenverifier_free(ptr, 0);
  }
  /**
   * `new TokenVerifier(keyOrSet, options?)`.
   * @param {VerifyingKey | KeySet | SigningKey | { __sceytKeysFor(kid?: string): Promise<KeySet> }} key
   * @param {VerifierOptions} [options]
   */
  constructor(key, options) {
    const ret = wasm.tokenverifier_new(key, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    this.__wbg_ptr = ret[0];
    TokenVerifierFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Verifies with the pure-wasm path. Returns `{ header, claims }`; throws `TokenError`.
   * @param {string} token
   * @returns {VerifiedToken}
   */
  verifySync(token) {
    const ret = wasm.tokenverifier_verifySync(this.__wbg_ptr, token);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Verifies, checking the signature with native crypto where that is faster.
   * @param {string} token
   * @returns {Promise<VerifiedToken>}
   */
  verify(token) {
    const ret = wasm.tokenverifier_verify(this.__wbg_ptr, token);
    return ret;
  }
};
if (Symbol.dispose) TokenVerifier.prototype[Symbol.dispose] = TokenVerifier.prototype.free;
var VerifyingKey = class _VerifyingKey {
  static __wrap(ptr) {
    const obj = Object.create(_VerifyingKey.prototype);
    obj.__wbg_ptr = ptr;
    VerifyingKeyFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    VerifyingKeyFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_verifyingkey_free(ptr, 0);
  }
  /**
   * @returns {KeyHandle}
   */
  __sceytHandle() {
    const ret = wasm.verifyingkey___sceytHandle(this.__wbg_ptr);
    return KeyHandle.__wrap(ret);
  }
  /**
   * The algorithm this key verifies by default.
   * @returns {Algorithm}
   */
  get algorithm() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.verifyingkey_algorithm(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Imports a JWK (RSA, EC P-256, OKP Ed25519, oct), honouring `alg`, `use` and `key_ops`.
   * @param {JsonWebKey | string} jwk
   * @param {KeyOptions} [options]
   * @returns {VerifyingKey}
   */
  static fromJwk(jwk, options) {
    const ret = wasm.verifyingkey_fromJwk(jwk, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _VerifyingKey.__wrap(ret[0]);
  }
  /**
   * Imports a public key PEM: SPKI, PKCS#1 (`RSA PUBLIC KEY`), or an X.509 certificate. A
   * private key PEM gives its public half.
   * @param {string} pem
   * @param {KeyOptions} [options]
   * @returns {VerifyingKey}
   */
  static fromPem(pem, options) {
    const ret = wasm.verifyingkey_fromPem(pem, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _VerifyingKey.__wrap(ret[0]);
  }
  /**
   * An HMAC secret for verification.
   * @param {string | Uint8Array} secret
   * @param {KeyOptions} [options]
   * @returns {VerifyingKey}
   */
  static fromSecret(secret, options) {
    const ret = wasm.verifyingkey_fromSecret(secret, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _VerifyingKey.__wrap(ret[0]);
  }
  /**
   * The key id.
   * @returns {string | undefined}
   */
  get keyId() {
    const ret = wasm.verifyingkey_keyId(this.__wbg_ptr);
    let v1;
    if (ret[0] !== 0) {
      v1 = getStringFromWasm0(ret[0], ret[1]);
      wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
    }
    return v1;
  }
  /**
   * Public JWK with `kid`, `alg`, `use: "sig"`.
   * @returns {JsonWebKey}
   */
  toJwk() {
    const ret = wasm.verifyingkey_toJwk(this.__wbg_ptr);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * SPKI PEM.
   * @returns {string}
   */
  toPem() {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.verifyingkey_toPem(this.__wbg_ptr);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
};
if (Symbol.dispose) VerifyingKey.prototype[Symbol.dispose] = VerifyingKey.prototype.free;
function __setErrorClass(_class) {
  wasm.__setErrorClass(_class);
}
function __wasmMemoryBytes() {
  const ret = wasm.__wasmMemoryBytes();
  return ret;
}
function decodeToken(token) {
  const ret = wasm.decodeToken(token);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function errorCodes() {
  const ret = wasm.errorCodes();
  var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
  wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
  return v1;
}
function inspectToken(token, options) {
  const ret = wasm.inspectToken(token, options);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function supportedAlgorithms() {
  const ret = wasm.supportedAlgorithms();
  var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
  wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
  return v1;
}
function tokenExpiresIn(token, options) {
  const ret = wasm.tokenExpiresIn(token, options);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return ret[0];
}
function verifyCompact(jws, key, options) {
  const ret = wasm.verifyCompact(jws, key, options);
  return ret;
}
function verifyCompactSync(jws, key, options) {
  const ret = wasm.verifyCompactSync(jws, key, options);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_String_8564e559799eccda: function(arg0, arg1) {
      const ret = String(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    },
    __wbg___wbindgen_is_bigint_5fa10641e039d3ef: function(arg0) {
      const ret = typeof arg0 === "bigint";
      return ret;
    },
    __wbg___wbindgen_is_function_741ff2bb612836f5: function(arg0) {
      const ret = typeof arg0 === "function";
      return ret;
    },
    __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
      const ret = arg0 === null;
      return ret;
    },
    __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    },
    __wbg___wbindgen_is_string_fc456fee5d3317de: function(arg0) {
      const ret = typeof arg0 === "string";
      return ret;
    },
    __wbg___wbindgen_is_symbol_f846131a047725ea: function(arg0) {
      const ret = typeof arg0 === "symbol";
      return ret;
    },
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    },
    __wbg___wbindgen_number_get_934b640d0889af78: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    },
    __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    __wbg__wbg_cb_unref_09736879a3f67559: function(arg0) {
      arg0._wbg_cb_unref();
    },
    __wbg_apply_bfe2b07b146427e2: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.apply(arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_call_40b008ba32f73991: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg0.call(arg1);
        return ret;
      }, arguments);
    },
    __wbg_call_a410eb4b59ed5965: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.call(arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_construct_8670bb4c2b062969: function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.construct(arg0, arg1);
        return ret;
      }, arguments);
    },
    __wbg_crypto_23f565a907d30078: function(arg0) {
      const ret = arg0.crypto;
      return ret;
    },
    __wbg_fill_6ab2ffab47cad7ab: function(arg0, arg1, arg2, arg3) {
      const ret = arg0.fill(arg1, arg2 >>> 0, arg3 >>> 0);
      return ret;
    },
    __wbg_getPrototypeOf_684ea783c7170e41: function(arg0) {
      const ret = Object.getPrototypeOf(arg0);
      return ret;
    },
    __wbg_getRandomValues_d2908e0b99612b91: function() {
      return handleError(function(arg0, arg1) {
        arg0.getRandomValues(arg1);
      }, arguments);
    },
    __wbg_getTime_edc91481cbc4cd78: function(arg0) {
      const ret = arg0.getTime();
      return ret;
    },
    __wbg_get_2080c49015e35254: function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    },
    __wbg_get_unchecked_e6325ad374eff861: function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    },
    __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: function(arg0) {
      let result;
      try {
        result = arg0 instanceof ArrayBuffer;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Date_99b6a345bf39e8f4: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Date;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Object_97e16a01fd368661: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Object;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Promise_59148c6049d0e3a0: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Promise;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint8Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_isArray_bcf1376d0d732d08: function(arg0) {
      const ret = Array.isArray(arg0);
      return ret;
    },
    __wbg_is_2248ff2b575d60c7: function(arg0, arg1) {
      const ret = Object.is(arg0, arg1);
      return ret;
    },
    __wbg_keyhandle_unwrap: function(arg0) {
      const ret = KeyHandle.__unwrap(arg0);
      return ret;
    },
    __wbg_keys_105f5c0857898f84: function(arg0) {
      const ret = Object.keys(arg0);
      return ret;
    },
    __wbg_length_186163212ffe79c3: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_length_b03a0fabb109b1e9: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_length_e83e819f48c774e4: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_msCrypto_d5f06fad6bf1409b: function(arg0) {
      const ret = arg0.msCrypto;
      return ret;
    },
    __wbg_new_13de428334042d26: function(arg0) {
      const ret = new Uint8Array(arg0);
      return ret;
    },
    __wbg_new_37eb45aaf5eeb820: function() {
      const ret = new Array();
      return ret;
    },
    __wbg_new_7075786089b89c5e: function() {
      const ret = /* @__PURE__ */ new Map();
      return ret;
    },
    __wbg_new_787b9fb330d55d78: function(arg0, arg1) {
      const ret = new Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_new_cd4348290afae586: function() {
      const ret = new Object();
      return ret;
    },
    __wbg_new_from_slice_b8daf545a41c6aa0: function(arg0, arg1) {
      const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_new_typed_e09da9dae6ee5935: function(arg0, arg1) {
      try {
        var state0 = { a: arg0, b: arg1 };
        var cb0 = (arg02, arg12) => {
          const a = state0.a;
          state0.a = 0;
          try {
            return wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(a, state0.b, arg02, arg12);
          } finally {
            state0.a = a;
          }
        };
        const ret = new Promise(cb0);
        return ret;
      } finally {
        state0.a = 0;
      }
    },
    __wbg_new_with_length_01b143a7e5dd5a3e: function(arg0) {
      const ret = new Uint8Array(arg0 >>> 0);
      return ret;
    },
    __wbg_node_86166ff8ce1f2002: function(arg0) {
      const ret = arg0.node;
      return ret;
    },
    __wbg_now_463ac581d2fc7ea3: function() {
      const ret = Date.now();
      return ret;
    },
    __wbg_of_027eb15371aac932: function(arg0) {
      const ret = Array.of(arg0);
      return ret;
    },
    __wbg_of_41bbc931cc6fa107: function(arg0, arg1, arg2, arg3) {
      const ret = Array.of(arg0, arg1, arg2, arg3);
      return ret;
    },
    __wbg_of_4cc373bef1f715a4: function(arg0, arg1, arg2) {
      const ret = Array.of(arg0, arg1, arg2);
      return ret;
    },
    __wbg_of_c39e96925d701310: function(arg0, arg1, arg2, arg3, arg4) {
      const ret = Array.of(arg0, arg1, arg2, arg3, arg4);
      return ret;
    },
    __wbg_of_e7ea0fcd535c1444: function(arg0, arg1) {
      const ret = Array.of(arg0, arg1);
      return ret;
    },
    __wbg_parse_c3f72b5a24f83c01: function() {
      return handleError(function(arg0, arg1) {
        const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
        return ret;
      }, arguments);
    },
    __wbg_process_91f425a63f58e399: function(arg0) {
      const ret = arg0.process;
      return ret;
    },
    __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    },
    __wbg_queueMicrotask_1e8503a8a690f0a3: function(arg0) {
      const ret = arg0.queueMicrotask;
      return ret;
    },
    __wbg_queueMicrotask_4a1a4d8dd332373b: function(arg0) {
      queueMicrotask(arg0);
    },
    __wbg_randomFillSync_34b023059e3363de: function() {
      return handleError(function(arg0, arg1) {
        arg0.randomFillSync(arg1);
      }, arguments);
    },
    __wbg_require_9a7d8cc2e1d275c0: function() {
      return handleError(function() {
        const ret = module.require;
        return ret;
      }, arguments);
    },
    __wbg_resolve_dbf78ab4942478b0: function(arg0) {
      const ret = Promise.resolve(arg0);
      return ret;
    },
    __wbg_set_2793479888329cb6: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = Reflect.set(arg0, arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_set_8282f7e0d2d01336: function(arg0, arg1, arg2) {
      const ret = arg0.set(arg1, arg2);
      return ret;
    },
    __wbg_set_d2d33b52458e984a: function(arg0, arg1, arg2) {
      arg0[arg1 >>> 0] = arg2;
    },
    __wbg_set_e4b9a833d288759a: function(arg0, arg1, arg2) {
      arg0[arg1] = arg2;
    },
    __wbg_set_name_822e3903f3184979: function(arg0, arg1, arg2) {
      arg0.name = getStringFromWasm0(arg1, arg2);
    },
    __wbg_signingkey_new: function(arg0) {
      const ret = SigningKey.__wrap(arg0);
      return ret;
    },
    __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: function() {
      const ret = typeof globalThis === "undefined" ? void 0 : globalThis;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: function() {
      const ret = typeof global === "undefined" ? void 0 : global;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_SELF_53bb20457401453d: function() {
      const ret = typeof self === "undefined" ? void 0 : self;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: function() {
      const ret = typeof window === "undefined" ? void 0 : window;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_stringify_0a0fbf2ef722380a: function() {
      return handleError(function(arg0) {
        const ret = JSON.stringify(arg0);
        return ret;
      }, arguments);
    },
    __wbg_subarray_58f388a9247ac0bb: function(arg0, arg1, arg2) {
      const ret = arg0.subarray(arg1 >>> 0, arg2 >>> 0);
      return ret;
    },
    __wbg_then_656f253a5dd7d8ea: function(arg0, arg1, arg2) {
      const ret = arg0.then(arg1, arg2);
      return ret;
    },
    __wbg_then_e3f7f2d365708be8: function(arg0, arg1) {
      const ret = arg0.then(arg1);
      return ret;
    },
    __wbg_versions_6e128a981b0df859: function(arg0) {
      const ret = arg0.versions;
      return ret;
    },
    __wbindgen_generic_0000000000000001: function(arg0, arg1) {
      const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h60702a48838d1764);
      return ret;
    },
    __wbindgen_generic_0000000000000002: function(arg0) {
      const ret = arg0;
      return ret;
    },
    __wbindgen_generic_0000000000000003: function(arg0) {
      const ret = arg0;
      return ret;
    },
    __wbindgen_generic_0000000000000004: function(arg0, arg1) {
      const ret = getArrayU8FromWasm0(arg0, arg1);
      return ret;
    },
    __wbindgen_generic_0000000000000005: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    __wbindgen_generic_0000000000000006: function(arg0) {
      const ret = BigInt.asUintN(64, arg0);
      return ret;
    },
    __wbindgen_init_externref_table: function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "./sceyt_token_bg.js": import0
  };
}
function wasm_bindgen__convert__closures_____invoke__h60702a48838d1764(arg0, arg1, arg2) {
  const ret = wasm.wasm_bindgen__convert__closures_____invoke__h60702a48838d1764(arg0, arg1, arg2);
  if (ret[1]) {
    throw takeFromExternrefTable0(ret[0]);
  }
}
function wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(arg0, arg1, arg2, arg3) {
  wasm.wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(arg0, arg1, arg2, arg3);
}
var KeyHandleFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_keyhandle_free(ptr, 1));
var KeySetFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_keyset_free(ptr, 1));
var SigningKeyFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_signingkey_free(ptr, 1));
var TokenIssuerFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_tokenissuer_free(ptr, 1));
var TokenVerifierFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_tokenverifier_free(ptr, 1));
var VerifyingKeyFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_verifyingkey_free(ptr, 1));
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
var CLOSURE_DTORS = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((state) => wasm.__wbindgen_destroy_closure(state.a, state.b));
function getArrayJsValueFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  const mem = getDataViewMemory0();
  const result = [];
  for (let i = ptr; i < ptr + 4 * len; i += 4) {
    result.push(wasm.__wbindgen_externrefs.get(mem.getUint32(i, true)));
  }
  wasm.__externref_drop_slice(ptr, len);
  return result;
}
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
}
function isLikeNone(x) {
  return x === void 0 || x === null;
}
function makeMutClosure(arg0, arg1, f) {
  const state = { a: arg0, b: arg1, cnt: 1 };
  const real = (...args) => {
    state.cnt++;
    const a = state.a;
    state.a = 0;
    try {
      return f(a, state.b, ...args);
    } finally {
      state.a = a;
      real._wbg_cb_unref();
    }
  };
  real._wbg_cb_unref = () => {
    if (--state.cnt === 0) {
      wasm.__wbindgen_destroy_closure(state.a, state.b);
      state.a = 0;
      CLOSURE_DTORS.unregister(state);
    }
  };
  CLOSURE_DTORS.register(real, state, state);
  return real;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
  return value;
}
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var __sceytLoader = null;
var __sceytReady = false;
var __sceytErrorClass = null;
function __sceytLoad() {
  if (__sceytLoader) {
    const l = __sceytLoader;
    __sceytLoader = null;
    l();
    if (__sceytReady) return wasm;
  }
  const message = "sceyt-token is not initialised: await init() (or call initSync({ module })) before using it";
  if (__sceytErrorClass) throw new __sceytErrorClass("ERR_NOT_INITIALIZED", message);
  const e = new Error(message);
  e.name = "TokenError";
  e.code = "ERR_NOT_INITIALIZED";
  throw e;
}
var __sceytLazyWasm = new Proxy({}, { get(_, p) {
  return __sceytLoad()[p];
} });
var wasm = __sceytLazyWasm;
function __sceytConfigure({ loader, errorClass }) {
  if (errorClass) __sceytErrorClass = errorClass;
  if (loader && !__sceytReady) __sceytLoader = loader;
}
function __sceytIsReady() {
  return __sceytReady;
}
function __wbg_finalize_init(instance, module2) {
  wasmInstance = instance;
  wasm = instance.exports;
  __sceytReady = true;
  wasmModule = module2;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
  return wasm;
}
async function __wbg_load(module2, imports) {
  if (typeof Response === "function" && module2 instanceof Response) {
    if (!module2.ok) {
      throw new Error(`failed to fetch Wasm: ${module2.status} ${module2.statusText} fetching '${module2.url}'`);
    }
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(module2, imports);
      } catch (e) {
        const validResponse = expectedResponseType(module2.type);
        if (validResponse && module2.headers.get("Content-Type") !== "application/wasm") {
          console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);
        } else {
          throw e;
        }
      }
    }
    const bytes = await module2.arrayBuffer();
    return await WebAssembly.instantiate(bytes, imports);
  } else {
    const instance = await WebAssembly.instantiate(module2, imports);
    if (instance instanceof WebAssembly.Instance) {
      return { instance, module: module2 };
    } else {
      return instance;
    }
  }
  function expectedResponseType(type) {
    switch (type) {
      case "basic":
      case "cors":
      case "default":
        return true;
    }
    return false;
  }
}
function initSync(module2) {
  if (__sceytReady) return wasm;
  if (module2 !== void 0) {
    if (Object.getPrototypeOf(module2) === Object.prototype) {
      ({ module: module2 } = module2);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module2 instanceof WebAssembly.Module)) {
    module2 = new WebAssembly.Module(module2);
  }
  const instance = new WebAssembly.Instance(module2, imports);
  return __wbg_finalize_init(instance, module2);
}
var __wbg_init_promise;
async function __wbg_init(module_or_path) {
  if (__sceytReady) return wasm;
  if (__wbg_init_promise === void 0) {
    __wbg_init_promise = __wbg_init_once(module_or_path);
    __wbg_init_promise.catch(() => {
      __wbg_init_promise = void 0;
    });
  }
  return __wbg_init_promise;
}
async function __wbg_init_once(module_or_path) {
  if (module_or_path !== void 0) {
    if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
      ({ module_or_path } = module_or_path);
    } else {
      console.warn("using deprecated parameters for the initialization function; pass a single object instead");
    }
  }
  if (module_or_path === void 0) {
    module_or_path = new URL("sceyt_token_bg.wasm", import_meta.url);
  }
  const imports = __wbg_get_imports();
  if (typeof module_or_path === "string" || typeof Request === "function" && module_or_path instanceof Request || typeof URL === "function" && module_or_path instanceof URL) {
    module_or_path = fetch(module_or_path);
  }
  const { instance, module: module2 } = await __wbg_load(await module_or_path, imports);
  return __wbg_finalize_init(instance, module2);
}

// pkg/entries/error.mjs
var TokenError = class extends Error {
  constructor(code, message, claim, reason) {
    super(message);
    this.name = "TokenError";
    this.code = code;
    if (claim !== void 0) this.claim = claim;
    if (reason !== void 0) this.reason = reason;
  }
};

// pkg/entries/remote.mjs
function seconds(value, name, fallback) {
  if (value === void 0) return fallback;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string") {
    const m = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (m) return Number(m[1]) * { ms: 1e-3, s: 1, m: 60, h: 3600 }[m[2] || "s"];
  }
  throw new TokenError("ERR_INVALID_ARGUMENT", `option "${name}" must be seconds or a string like "10m", not ${JSON.stringify(value)}`);
}
function cacheSeconds(header) {
  if (!header) return void 0;
  const h = header.toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(h)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(h);
  return m ? Number(m[2]) : void 0;
}
var RemoteKeySet = class {
  #url;
  #maxAge;
  #cooldown;
  #timeout;
  #fetch;
  #now;
  #set = null;
  #fetchedAt = 0;
  #expiresAt = 0;
  #lastUnknownKidFetch = -Infinity;
  #inflight = null;
  constructor(url, options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TokenError("ERR_INVALID_ARGUMENT", "options must be an object");
    }
    for (const k of Object.keys(options)) {
      if (!["maxAge", "cooldown", "timeout", "fetch", "clock"].includes(k)) {
        throw new TokenError("ERR_INVALID_ARGUMENT", `unknown option "${k}" (known: maxAge, cooldown, timeout, fetch, clock)`);
      }
    }
    try {
      this.#url = new URL(String(url));
    } catch {
      throw new TokenError("ERR_INVALID_ARGUMENT", `the JWKS URL ${JSON.stringify(String(url)).slice(0, 100)} is not a valid URL`);
    }
    if (!["https:", "http:"].includes(this.#url.protocol)) {
      throw new TokenError("ERR_INVALID_ARGUMENT", `the JWKS URL must be http(s), not ${this.#url.protocol}`);
    }
    this.#maxAge = seconds(options.maxAge, "maxAge", 600);
    this.#cooldown = seconds(options.cooldown, "cooldown", 30);
    this.#timeout = seconds(options.timeout, "timeout", 5);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.clock ?? (() => Date.now());
    if (typeof this.#fetch !== "function") {
      throw new TokenError("ERR_RUNTIME_UNSUPPORTED", "this runtime has no fetch(); pass options.fetch");
    }
  }
  /** The URL. */
  get url() {
    return this.#url.href;
  }
  /** The current key ids. */
  get keyIds() {
    return this.#set ? this.#set.keyIds : [];
  }
  /** Number of usable keys. */
  get size() {
    return this.#set ? this.#set.size : 0;
  }
  /** When the current keys were fetched / stop being fresh (ms since the epoch). */
  get fetchedAt() {
    return this.#fetchedAt;
  }
  get expiresAt() {
    return this.#expiresAt;
  }
  /** Fetches the JWKS now (concurrent callers share one request). */
  refresh() {
    if (!this.#inflight) {
      this.#inflight = this.#load().finally(() => {
        this.#inflight = null;
      });
    }
    return this.#inflight;
  }
  async #load() {
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        ctrl?.abort();
        reject(new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} timed out after ${this.#timeout} s`));
      }, this.#timeout * 1e3);
    });
    let res, text;
    try {
      res = await Promise.race([this.#fetch.call(globalThis, this.#url.href, { signal: ctrl?.signal, headers: { accept: "application/json" } }), timeout]);
      if (!res.ok) throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} failed: HTTP ${res.status}`);
      text = await Promise.race([res.text(), timeout]);
    } catch (e) {
      if (e instanceof TokenError) throw e;
      throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} failed: ${e && e.message ? e.message : e}`);
    } finally {
      clearTimeout(timer);
    }
    if (text.length > 1024 * 1024) throw new TokenError("ERR_KEY_INVALID", `the JWKS at ${this.#url.href} is larger than 1 MiB`);
    let set;
    try {
      set = KeySet.fromJwks(text);
    } catch (e) {
      throw new TokenError(e.code ?? "ERR_KEY_INVALID", `the JWKS at ${this.#url.href}: ${e.message}`);
    }
    const now = this.#now();
    const ttl = Math.min(this.#maxAge, cacheSeconds(res.headers.get("cache-control")) ?? this.#maxAge);
    this.#set?.free();
    this.#set = set;
    this.#fetchedAt = now;
    this.#expiresAt = now + ttl * 1e3;
    return this;
  }
  /** @internal Used by TokenVerifier: the current keys, refreshed when stale or when `kid` is new. */
  async __sceytKeysFor(kid) {
    const now = this.#now();
    if (!this.#set || now >= this.#expiresAt) {
      await this.refresh();
    } else if (typeof kid === "string" && !this.#set.keyIds.includes(kid) && now - this.#lastUnknownKidFetch >= this.#cooldown * 1e3) {
      this.#lastUnknownKidFetch = now;
      await this.refresh();
    }
    return this.#set;
  }
  /** @internal The current keys, for synchronous use. */
  __sceytHandle() {
    if (!this.#set) throw new TokenError("ERR_KEY_NOT_FOUND", "the JWKS has not been fetched yet");
    return this.#set.__sceytHandle();
  }
};
var KeySet2 = class extends KeySet {
  static async fetch(url, options) {
    const remote = new RemoteKeySet(url, options);
    await remote.refresh();
    return remote;
  }
};

// pkg/entries/lifecycle.mjs
function marginSeconds(margin) {
  if (margin === void 0) return 60;
  if (typeof margin === "number" && Number.isFinite(margin) && margin >= 0) return margin;
  if (typeof margin === "string") {
    const m = /^\s*(\d+)\s*(s|m|h)?\s*$/.exec(margin);
    if (m) return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] || "s"];
  }
  throw new TokenError("ERR_INVALID_ARGUMENT", `margin must be seconds or a string like "1m", not ${JSON.stringify(margin)}`);
}
function scheduleRefresh(token, fetchToken, options = {}) {
  if (typeof fetchToken !== "function") {
    throw new TokenError("ERR_INVALID_ARGUMENT", "fetchToken must be a function returning a token or a Promise of one");
  }
  if (options === null || typeof options !== "object") {
    throw new TokenError("ERR_INVALID_ARGUMENT", "options must be an object");
  }
  const margin = marginSeconds(options.margin);
  const retryAfter = options.retryAfter === void 0 ? 10 : marginSeconds(options.retryAfter);
  const clock = options.clock ?? (() => Date.now());
  const setTimer = options.setTimeout ?? globalThis.setTimeout;
  const clearTimer = options.clearTimeout ?? globalThis.clearTimeout;
  let timer = null;
  let cancelled = false;
  const plan = (current, delaySeconds) => {
    if (cancelled) return;
    timer = setTimer(() => refresh(current), Math.max(0, delaySeconds) * 1e3);
  };
  const refresh = async (current) => {
    if (cancelled) return;
    try {
      const next = await fetchToken(current);
      if (cancelled) return;
      if (typeof next !== "string") {
        throw new TokenError("ERR_INVALID_ARGUMENT", "fetchToken must resolve to a token string");
      }
      options.onToken?.(next);
      schedule(next);
    } catch (err) {
      options.onError?.(err);
      plan(current, retryAfter);
    }
  };
  const schedule = (t) => {
    const left = tokenExpiresIn(t, { clock });
    plan(t, left - margin);
  };
  schedule(token);
  return {
    cancel() {
      cancelled = true;
      if (timer !== null) clearTimer(timer);
    }
  };
}

// pkg/entries/shared.mjs
function registered() {
  __setErrorClass(TokenError);
}
function configure(loader) {
  __sceytConfigure({
    errorClass: TokenError,
    loader: loader && (() => {
      loader(initSync);
      registered();
    })
  });
}
async function init(input) {
  __sceytConfigure({ errorClass: TokenError });
  if (__sceytIsReady()) return;
  await __wbg_init(input === void 0 ? void 0 : { module_or_path: input });
  registered();
}
function initSync2(input) {
  __sceytConfigure({ errorClass: TokenError });
  if (__sceytIsReady()) return;
  if (input === void 0 || input === null) {
    throw new TokenError("ERR_INVALID_ARGUMENT", "initSync needs the wasm: { module } or bytes");
  }
  initSync({ module: input && input.module !== void 0 ? input.module : input });
  registered();
}
function isInitialized() {
  return __sceytIsReady();
}

// pkg/entries/node.mjs
var import_meta2 = {};
configure((initSync3) => {
  const path = typeof __dirname === "string" ? `${__dirname}/../web/sceyt_token_bg.wasm` : new URL("../web/sceyt_token_bg.wasm", import_meta2.url);
  initSync3({ module: (0, import_node_fs.readFileSync)(path) });
});
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  KeySet,
  RemoteKeySet,
  SigningKey,
  TokenError,
  TokenIssuer,
  TokenVerifier,
  VerifyingKey,
  __wasmMemoryBytes,
  configure,
  decodeToken,
  errorCodes,
  init,
  initSync,
  inspectToken,
  isInitialized,
  scheduleRefresh,
  supportedAlgorithms,
  tokenExpiresIn,
  verifyCompact,
  verifyCompactSync
});
