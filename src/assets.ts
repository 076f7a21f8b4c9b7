// What maprace reads from its own installation: its version, the tree-sitter runtime and Go grammar, the
// configuration schema, and the worker-thread script. The npm package reads them from its files and
// node_modules; the single-file bundle and the standalone executable (scripts/bundle.mjs) replace this module
// with scripts/assets-bundled.ts, which embeds them, so that nothing is read from disk there.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function readJson(file: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

/** The package version, from package.json two levels above dist/src/ (or one above src/). */
export const VERSION: string = (() => {
  for (const up of ['../..', '..']) {
    const pkg = readJson(fileURLToPath(new URL(`${up}/package.json`, import.meta.url)));
    if (pkg?.name === 'maprace' && pkg.version) return pkg.version;
  }
  return '0.0.0';
})();

// `npm run build` copies the grammar to dist/grammar/ (scripts/grammar.mjs).
const grammarFile = fileURLToPath(new URL('../grammar/tree-sitter-go.wasm', import.meta.url));

/** Versions of the Go grammar (tree-sitter-go) and of the tree-sitter runtime (web-tree-sitter). */
export const GRAMMAR_VERSION: string = readJson(grammarFile.replace(/\.wasm$/, '.json'))?.version ?? 'unknown';
export const RUNTIME_VERSION: string = readJson(path.join(path.dirname(createRequire(import.meta.url).resolve('web-tree-sitter')), 'package.json'))?.version ?? 'unknown';

/** The Go grammar's WASM: a path here, the bytes in the bundle. */
export function grammarWasm(): string | Uint8Array {
  return grammarFile;
}

/** The tree-sitter runtime's WASM bytes, when they are embedded (web-tree-sitter finds its own file otherwise). */
export function runtimeWasm(): Uint8Array | undefined {
  return undefined;
}

/** The JSON schema of .maprace.yaml. */
export function configSchema(): object {
  return JSON.parse(fs.readFileSync(new URL('../../schemas/maprace-config.schema.json', import.meta.url), 'utf8')) as object;
}

/** The script of the analysis worker threads; undefined in the bundle, which analyses on the main thread. */
export const WORKER_URL: string | undefined = new URL('./analysis/worker.js', import.meta.url).href;
