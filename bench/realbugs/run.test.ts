// The benchmarks' population: races of the program itself, not of its tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ofTests } from './run.js';
import type { JsonFinding } from './score.js';

const at = (file: string) => ({ location: { file } });
const finding = (file: string, sides: { root?: string; path?: string[]; access: string }[]): JsonFinding => ({
  check: 'MR1002', message: '', location: { file, line: 1 }, related: [], fingerprint: { function: '', map: '', kinds: '', hash: '' },
  witness: { sides: sides.map((s) => ({ root: s.root ? { start: at(s.root) } : {}, path: (s.path ?? []).map(at), access: at(s.access) })) },
});

test('findings of the tests are left out of the benchmarks\' population; the program\'s are kept', () => {
  assert.equal(ofTests(finding('store.go', [{ root: 'main.go', access: 'store.go' }, { root: 'store.go', access: 'store.go' }])), false);
  assert.equal(ofTests(finding('store.go', [])), false, 'no witness: decided by the location');
  assert.equal(ofTests(finding('store_test.go', [])), true, 'reported in a test file');
  assert.equal(ofTests(finding('store.go', [{ root: 'store_test.go', access: 'store.go' }, { root: 'store.go', access: 'store.go' }])), true, 'a goroutine a test starts');
  assert.equal(ofTests(finding('store.go', [{ root: 'store.go', path: ['store_test.go', 'store.go'], access: 'store.go' }, { access: 'store.go' }])), true, 'called through a test');
});
