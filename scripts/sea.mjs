#!/usr/bin/env node
// Builds the standalone Linux executable: a Node single executable application whose script is the
// single-file bundle. It needs no Node.js, npm or node_modules on the machine it runs on.
//   node scripts/sea.mjs [--out FILE]           default: build/maprace
// Steps (https://nodejs.org/api/single-executable-applications.html): bundle, write the preparation blob with
// `node --experimental-sea-config`, copy this node binary, inject the blob with postject.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { bundle } from './bundle.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function buildExecutable(out = path.join(REPO, 'build', 'maprace')) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-sea-'));
  try {
    const script = await bundle(path.join(work, 'maprace.cjs'));
    const blob = path.join(work, 'maprace.blob');
    const config = path.join(work, 'sea-config.json');
    fs.writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.rmSync(out, { force: true });
    fs.copyFileSync(process.execPath, out);
    fs.chmodSync(out, 0o755);
    await inject(out, 'NODE_SEA_BLOB', fs.readFileSync(blob), { sentinelFuse: FUSE });
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = await buildExecutable(i > 0 ? path.resolve(process.argv[i + 1]) : undefined);
  console.log(`executable: ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
}
