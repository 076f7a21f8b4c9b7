// src/assets.ts for the single-file bundle and the standalone executable (scripts/bundle.mjs swaps it in):
// the versions, the two WASM files and the configuration schema are embedded, nothing is read from disk.
import { version } from '../package.json';
import { version as grammarVersion } from 'tree-sitter-go/package.json';
import runtimeBytes from 'web-tree-sitter/tree-sitter.wasm';
import grammarBytes from 'tree-sitter-go/tree-sitter-go.wasm';
import schema from '../schemas/maprace-config.schema.json';

declare const MAPRACE_RUNTIME_VERSION: string;

export const VERSION: string = version;
export const GRAMMAR_VERSION: string = grammarVersion;
export const RUNTIME_VERSION: string = MAPRACE_RUNTIME_VERSION;

export function grammarWasm(): string | Uint8Array {
  return grammarBytes as Uint8Array;
}

export function runtimeWasm(): Uint8Array | undefined {
  return runtimeBytes as Uint8Array;
}

export function configSchema(): object {
  return schema as object;
}

export const WORKER_URL: string | undefined = undefined;
