// Dead code of an application is not a witness (issue 12, class 7): an exported method that nothing in a module
// with a `main` package calls never runs, so its unlocked read of a map is no race; the same method in a library
// module is the API other modules call, and the inconsistent locking is reported. Two fixture modules under
// test/fixtures/deadcode, each checked against its `// want` comments with the whole-program pass on.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { loadFiles } from '../src/go/load.js';
import { compare, findModules, formatMismatch, readWants } from '../src/testing/analysistest.js';
import { REPO } from './paths.js';

for (const mod of findModules(path.join(REPO, 'test', 'fixtures', 'deadcode'))) {
  test(`dead code: ${path.basename(mod)} reports exactly its want lines`, async () => {
    const loaded = await loadFiles(['./...'], { cwd: mod, tests: true });
    const result = await analyze({ root: mod, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), wholeProgram: true });
    assert.deepEqual(result.errors, []);
    const wants = await readWants(mod, loaded.files);
    assert.equal(formatMismatch(compare(result.diagnostics, wants)), '');
  });
}
