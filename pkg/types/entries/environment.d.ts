// What the package's types need from the environment, declared so that they check with
// `skipLibCheck: false` under any lib: ES2022 alone, with the DOM, with @cloudflare/workers-types
// or @types/node (tests/types/matrix.mjs). Hand-written: the one declaration file that is not
// generated (the entries' JSDoc names these types; scripts/entry-types.mjs copies this file next
// to the declarations it generates).

/*
 * Explicit resource management (`using key = await SigningKey.generate()`): every class has
 * `[Symbol.dispose]()` (the same as `free()`). Declared here as @types/node does, so that it
 * checks on TypeScript >= 5.2 without the esnext libs; the declarations merge with the libs' own
 * where those are loaded.
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}

/*
 * Types that only some environments declare (the DOM lib, @cloudflare/workers-types, @types/node):
 * the environment's own type where it has one, else the shape the package needs.
 */
type Globals = typeof globalThis;
/** A compiled `WebAssembly.Module` (any object where the environment does not declare WebAssembly). */
export type WasmModule = Globals extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;
/** The wasm's bytes: an `ArrayBuffer` or a view of one (the DOM's `BufferSource`). */
export type WasmBytes = ArrayBuffer | ArrayBufferView;
/** A `URL` where the environment declares one, else anything with an `href`. */
export type UrlLike = Globals extends { URL: { prototype: infer U } } ? U : { readonly href: string };
/** A `Request` where the environment declares one. */
export type RequestLike = Globals extends { Request: { prototype: infer R } } ? R : never;
/** A `Response` where the environment declares one. */
export type ResponseLike = Globals extends { Response: { prototype: infer R } } ? R : never;
/** The `fetch` function: the environment's own type, or the call `KeySet.fetch` makes. */
export type FetchFunction = Globals extends { fetch: infer F }
  ? F
  : (url: string, init: { signal?: unknown; headers: Record<string, string>; redirect: "follow" }) => Promise<{
      readonly ok: boolean;
      readonly status: number;
      readonly url?: string;
      readonly headers?: { get(name: string): string | null };
      readonly body?: unknown;
      text(): Promise<string>;
    }>;
/** What `init()` loads the wasm from: its URL, a `Request` or `Response` for it, its bytes or the compiled module. */
export type InitInput = string | UrlLike | RequestLike | ResponseLike | WasmBytes | WasmModule;
