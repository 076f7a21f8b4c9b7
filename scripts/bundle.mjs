#!/usr/bin/env node
// Builds the single-file bundle of the CLI (CommonJS, Node >= 20, no dependencies, the grammar embedded):
//   node scripts/bundle.mjs [--out FILE]        default: action/dist/maprace.cjs, the file the Action runs
// The same file is the script of the standalone executable (scripts/sea.mjs). esbuild's output depends only on
// the sources and the locked dependencies, so the committed bundle can be compared with a fresh one (test/package.test.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = path.join(REPO, 'action', 'dist', 'maprace.cjs');

/** Swaps src/assets.ts (files read from the installation) for scripts/assets-bundled.ts (embedded). */
const embedAssets = {
  name: 'embed-assets',
  setup(b) {
    b.onResolve({ filter: /\/assets\.js$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.join(REPO, 'src', 'assets.js') ? { path: path.join(REPO, 'scripts', 'assets-bundled.ts') } : undefined);
  },
};

export async function bundle(outfile = DEFAULT_OUT) {
  const require = createRequire(import.meta.url);
  const runtimeVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'package.json'), 'utf8')).version;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: ['src/cli/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    // Worker threads need a script file of their own: the bundle analyses on the main thread.
    external: ['piscina'],
    loader: { '.wasm': 'binary' },
    // Dependencies' ES modules (fdir) call createRequire(import.meta.url): give them the bundle's own URL.
    define: { MAPRACE_RUNTIME_VERSION: JSON.stringify(runtimeVersion), 'import.meta.url': '__maprace_bundle_url' },
    plugins: [embedAssets],
    banner: { js: '// maprace: single-file bundle built by scripts/bundle.mjs from the sources in this repository; do not edit.\nvar __maprace_bundle_url = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });
  if (result.warnings.length) throw new Error(`esbuild: ${result.warnings.length} warning(s)`);
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = await bundle(i > 0 ? path.resolve(process.argv[i + 1]) : DEFAULT_OUT);
  console.log(`bundle: ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
}
