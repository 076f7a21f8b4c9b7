// Runs every Go fixture module (src/checks/*/testdata/**/go.mod and examples/*/go.mod) through the engine
// with every check enabled and compares the findings with the `// want` comments, strictly both ways; each
// module twice: with the types of its dependencies read from the module cache / vendor (the universe), and
// with none (built-in summaries only, as on a machine where `go mod download` never ran).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { loadFiles } from '../src/go/load.js';
import { compare, formatMismatch, readWants } from '../src/testing/analysistest.js';
import { REPO } from './paths.js';

function findModules(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findModules(p, out);
    else if (e.name === 'go.mod') out.push(path.dirname(p));
  }
  return out;
}

const modules = [...findModules(path.join(REPO, 'src', 'checks')), ...findModules(path.join(REPO, 'examples'))].sort();

test('fixture modules exist', () => {
  assert.ok(modules.length >= 4, `found ${modules.length} fixture modules`);
});

for (const mod of modules) {
  for (const dependencyTypes of [true, false]) {
    test(`fixtures: ${path.relative(REPO, mod)} (${dependencyTypes ? 'dependency types' : 'no module cache'})`, async () => {
      const loaded = await loadFiles(['./...'], { cwd: mod });
      const result = await analyze({ root: mod, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), dependencyTypes });
      assert.deepEqual(result.errors, []);
      const wants = await readWants(mod, loaded.files);
      const mismatch = compare(result.diagnostics, wants);
      assert.ok(mismatch.unexpected.length === 0 && mismatch.unmatched.length === 0, `\n${formatMismatch(mismatch)}`);
    });
  }
}
