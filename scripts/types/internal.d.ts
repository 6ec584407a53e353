// For type-checking the entries only (scripts/types/tsconfig.json), never published: the glue's
// internal exports, which wasm-bindgen's declarations leave out (`skip_typescript`, or added by
// scripts/patch-glue.mjs), and the .wasm module the workerd entry imports.
import type { KeySet } from "../../pkg/web/sceyt_token.js";

declare module "../../pkg/web/sceyt_token.js" {
  export function __setErrorClass(errorClass: Function): void;
  export function __setCryptoBridge(bridge: object): void;
  export function __sceytStats(): { [counter: string]: number };
  export function __sceytConfigure(options: { errorClass?: Function; loader?: (() => void) | null }): void;
  export function __sceytIsReady(): boolean;
  export function __sceytDuration(value: unknown, name: string): number;
  export function __wasmMemoryBytes(): number;
  interface KeySet {
    __sceytHandle(): unknown;
  }
}

declare module "*.wasm" {
  const module: object;
  export default module;
}
