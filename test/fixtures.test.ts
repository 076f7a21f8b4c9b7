// The integration test: runs every Go fixture module (src/checks/*/testdata/**/go.mod and examples/*/go.mod)
// through the engine with every check enabled, as `maprace check ./...` at the module root runs it (whole program) (each check alone: src/checks/*/index.test.ts) and compares the
// findings with the `// want` comments, strictly both ways; each module twice: with the types of its dependencies read from the module cache / vendor (the universe), and
// with none (built-in summaries only, as on a machine where `go mod download` never ran).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { loadFiles } from '../src/go/load.js';
import { compare, findModules, formatMismatch, readWants } from '../src/testing/analysistest.js';
import { REPO } from './paths.js';

const modules = [...findModules(path.join(REPO, 'src', 'checks')), ...findModules(path.join(REPO, 'examples'))].sort();

test('fixture modules exist', () => {
  assert.ok(modules.length >= 4, `found ${modules.length} fixture modules`);
});

for (const mod of modules) {
  for (const dependencyTypes of [true, false]) {
    test(`fixtures: ${path.relative(REPO, mod)} (${dependencyTypes ? 'dependency types' : 'no module cache'})`, async () => {
      const loaded = await loadFiles(['./...'], { cwd: mod });
      const result = await analyze({ root: mod, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), dependencyTypes, wholeProgram: true });
      assert.deepEqual(result.errors, []);
      const wants = await readWants(mod, loaded.files);
      const mismatch = compare(result.diagnostics, wants);
      assert.ok(mismatch.unexpected.length === 0 && mismatch.unmatched.length === 0, `\n${formatMismatch(mismatch)}`);
    });
  }
}
